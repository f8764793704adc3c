"""Read and write frameworks as 1EdTech CASE 1.0 JSON (a ``CFPackage``).

How a :class:`~recommender.model.Framework` maps onto CASE:

===============================  ===========================================================
Pathfinder                       CASE
===============================  ===========================================================
framework                        ``CFDocument`` (title, version, description,
                                 ``officialSourceURL``, licence as a ``CFLicense`` whose
                                 ``licenseText`` is the attribution)
area / skill                     ``CFItem``: ``humanCodingScheme`` is our id,
                                 ``abbreviatedStatement`` the name, ``fullStatement`` the
                                 description (the name when there is none), ``CFItemType``
                                 ``Area`` or ``Skill``
tree                             ``isChildOf`` associations (child → parent item, or → the
                                 document for top-level areas), ``sequenceNumber`` = order
prerequisites                    ``precedes`` (prerequisite → skill)
related                          ``isRelatedTo`` (skill → related skill)
level scale                      one ``CFRubric`` with one criterion whose
                                 ``CFRubricCriterionLevels`` are the levels: ``quality`` is
                                 the label, ``description`` the description, ``score`` the
                                 common 0–4 value, ``position`` the order
===============================  ===========================================================

What CASE has no field for (framework id, retrieval date, level ids, skill rank,
``experiential``, tools) travels in ``extensions`` objects (``{"pathfinder": {...}}``) on the
document, items and rubric levels. CASE readers ignore properties they do not know, and our
reader falls back to sensible values when they are absent (ids from ``humanCodingScheme``
made id-safe, else from the item's ``identifier``; the framework id from the title; level
ids from positions), so files from other CASE publishers import too. Identifiers are
UUIDs derived from the framework id, version and our ids (:func:`uuid.uuid5`), so an export
is reproducible.

Reading checks the whole package before anything is built and raises
:class:`CaseFormatError` listing every problem, each naming the item (by
``humanCodingScheme`` or identifier) or association it is about.

:mod:`frameworks.case.writing` holds Framework → CASE, :mod:`frameworks.case.reading`
CASE → Framework; both are imported from here.
"""

from __future__ import annotations

from .reading import NAME_LIMIT as NAME_LIMIT
from .reading import CaseFormatError, framework_from_case, load_case
from .reading import short_name as short_name
from .writing import BASE_URI as BASE_URI
from .writing import dump_case, framework_to_case

__all__ = ["CaseFormatError", "framework_to_case", "dump_case", "framework_from_case", "load_case"]
