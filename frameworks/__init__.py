"""Competency frameworks and role profiles: bundled data files and their readers.

``frameworks/data/<id>.yaml`` holds one framework each and ``frameworks/profiles/<id>.yaml``
one role profile each, in the formats of ``docs/data-formats.md``. The readers for
published formats (:mod:`frameworks.direct`, :mod:`frameworks.profiles`) and for
Pathfinder's YAML (:mod:`frameworks.yaml_io`) all produce :mod:`recommender.model` objects.
"""

from __future__ import annotations

from pathlib import Path

from recommender.model import Framework, RoleProfile

__all__ = [
    "DATA_DIR",
    "PROFILES_DIR",
    "bundled_framework_paths",
    "load_bundled_frameworks",
    "load_bundled_profiles",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
PROFILES_DIR = Path(__file__).resolve().parent / "profiles"


def bundled_framework_paths() -> list[Path]:
    """Return the bundled framework files, sorted by name.

    Examples
    --------
    >>> "direct.yaml" in [path.name for path in bundled_framework_paths()]
    True
    """
    return sorted(DATA_DIR.glob("*.yaml"))


def load_bundled_frameworks() -> list[Framework]:
    """Load and check every bundled framework.

    Raises
    ------
    frameworks.errors.FrameworkError
        If a bundled file is broken (naming the file and line).

    Examples
    --------
    >>> [fw.version for fw in load_bundled_frameworks() if fw.id == "direct"]
    ['2.0.0']
    """
    from .yaml_io import load_framework

    return [load_framework(path) for path in bundled_framework_paths()]


def load_bundled_profiles(frameworks: list[Framework] | None = None) -> list[RoleProfile]:
    """Load every bundled role profile, checked against its bundled framework.

    Parameters
    ----------
    frameworks
        The frameworks to check against; by default :func:`load_bundled_frameworks`.

    Raises
    ------
    frameworks.errors.FrameworkError
        If a profile is broken, names an unknown framework or an unknown skill.

    Examples
    --------
    >>> ids = [profile.id for profile in load_bundled_profiles()]
    >>> "research-software-engineer" in ids
    True
    """
    from .errors import FrameworkIntegrityError
    from .profiles import load_role_profile

    by_id = {fw.id: fw for fw in frameworks or load_bundled_frameworks()}
    profiles = []
    for path in sorted(PROFILES_DIR.glob("*.yaml")):
        profile = load_role_profile(path)
        if profile.framework_id not in by_id:
            raise FrameworkIntegrityError(
                [f"{path.name}: unknown framework {profile.framework_id!r}"]
            )
        profiles.append(load_role_profile(path, by_id[profile.framework_id]))
    return profiles
