"""Text-similarity suggestions a trainer confirms: skill tags for resources, crosswalk links.

Both suggesters are estimator-like (scikit-learn style): configure in ``__init__``, learn
in ``fit``, read learned state from attributes ending in ``_``. Nothing here is ever applied
without a person accepting it; scores are for ranking, not probabilities.

Text is turned into TF-IDF vectors of two kinds, joined and L2-normalised: word uni- and
bigrams (sublinear term frequency, English stop words removed) and character 3–5-grams
within word boundaries, which match inflections and compound tool names ("snakefiles" ~
"snakemake"). Similarity is the cosine, found with :class:`sklearn.neighbors.NearestNeighbors`.

:class:`SkillTagSuggester` scores a skill for a resource by mixing two signals:

* **skill text** – similarity of the resource to the skill's document (its name, repeated
  ``name_weight`` times, its description, the names of its area, the tools and languages
  the framework links to it as synonyms, and the names of related skills);
* **neighbours** – if tagged resources were given to ``fit``, the skills of the
  ``n_neighbors`` most similar tagged resources, each vote weighted by that similarity.

``neighbour_weight`` sets the mix. :func:`skill_documents` and :func:`resource_text` build the
texts from :mod:`recommender.model` objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import normalize

from .errors import InvalidInputError
from .model import Framework, Resource, skill_key

__all__ = [
    "SkillTagSuggester",
    "CrosswalkSuggester",
    "TextVectorizer",
    "skill_documents",
    "resource_text",
    "url_words",
]

_URL_NOISE = frozenset(
    [
        "http",
        "https",
        "www",
        "com",
        "org",
        "net",
        "io",
        "html",
        "htm",
        "php",
        "en",
        "index",
        "github",
        "gitlab",
        "edu",
        "ac",
        "uk",
        "de",
        "nl",
        "readthedocs",
        "docs",
        "main",
        "master",
        "blob",
        "tree",
    ]
)


def url_words(url: str) -> str:
    """Return the words of a URL (host and path), dropping scheme and common noise.

    Examples
    --------
    >>> url_words("https://swcarpentry.github.io/git-novice/")
    'swcarpentry git novice'
    """
    words = re.split(r"[^A-Za-z0-9]+", url.lower())
    return " ".join(w for w in words if w and w not in _URL_NOISE and not w.isdigit())


def resource_text(resource: Resource) -> str:
    """The text a resource is matched on: title, description, outcomes, keywords, URL words.

    Examples
    --------
    >>> r = Resource(id="x", title="Git basics", kind="course", keywords=("version control",))
    >>> resource_text(r)
    'Git basics\\nversion control'
    """
    parts = [resource.title, resource.description, *resource.outcomes, *resource.keywords]
    if resource.url:
        parts.append(url_words(resource.url))
    return "\n".join(p for p in parts if p)


def skill_documents(
    framework: Framework,
    *,
    name_weight: int = 3,
    with_tools: bool = True,
    with_related: bool = True,
    with_area: bool = True,
) -> dict[str, str]:
    """Return ``{skill key: text}`` for every skill of a framework.

    Parameters
    ----------
    framework
        The framework.
    name_weight
        How many times the skill's name is repeated (names are the strongest evidence).
    with_tools
        Add the names of the tools, languages and methods the framework links to the skill.
    with_related
        Add the names of related skills.
    with_area
        Add the name of the enclosing area.

    Examples
    --------
    >>> from recommender.model import Area, Level, Skill
    >>> git = Skill("git", "Version control", "Tracking code", path=("a",))
    >>> fw = Framework("f", "F", "1", "", "", "", "", (Level("0", "n", "", 0),),
    ...     (Area("a", "Software", skills=(git,)),))
    >>> skill_documents(fw, name_weight=2)
    {'f:git': 'Version control\\nVersion control\\nTracking code\\nSoftware'}
    """
    tools = {tool.id: tool.name for tool in framework.tools}
    names = {skill.id: skill.name for skill in framework.iter_skills()}
    areas = {area.id: area.name for area in framework.iter_areas()}
    docs = {}
    for skill in framework.iter_skills():
        parts = [skill.name] * name_weight + [skill.description]
        if with_area and skill.path:
            parts.append(areas.get(skill.path[-1], ""))
        if with_tools and skill.tools:
            parts.append(" ".join(tools.get(t, t) for t in skill.tools))
        if with_related:
            parts.extend(names[r] for r in skill.related if r != skill.id and r in names)
        docs[skill_key(framework.id, skill.id)] = "\n".join(p for p in parts if p)
    return docs


class TextVectorizer:
    """Word 1–2-gram and character 3–5-gram TF-IDF, joined and L2-normalised.

    Parameters
    ----------
    char_weight
        Weight of the character block against the word block (0 turns it off).
    """

    def __init__(self, *, char_weight: float = 0.5) -> None:
        self.char_weight = char_weight

    def fit(self, texts: Sequence[str]) -> TextVectorizer:
        self.word_ = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, stop_words="english", min_df=1
        ).fit(texts)
        self.char_ = (
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit(texts)
            if self.char_weight > 0
            else None
        )
        return self

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        blocks = [self.word_.transform(texts)]
        if self.char_ is not None:
            blocks.append(self.char_.transform(texts) * self.char_weight)
        return normalize(sparse.hstack(blocks).tocsr())


class SkillTagSuggester:
    """Suggest skill tags for resources from text similarity.

    Parameters
    ----------
    n_neighbors
        How many similar tagged resources vote (when tagged examples are given to ``fit``).
    neighbour_weight
        Share of the score from neighbours' tags (0–1); the rest is skill-text similarity.
    char_weight
        See :class:`TextVectorizer`.
    random_state
        Seeds the tie-breaking jitter between equal scores, so rankings are reproducible.

    Attributes
    ----------
    skill_keys_ : list of str
        The skills, in the order of ``fit``'s input.
    vectorizer_ : TextVectorizer
        Fitted on skill documents and example texts.
    skill_index_ : NearestNeighbors
        Cosine index over the skill documents.
    example_index_ : NearestNeighbors or None
        Cosine index over the tagged examples.
    example_tags_ : list of tuple of str
        The tags of each example.

    Examples
    --------
    >>> s = SkillTagSuggester(random_state=0).fit(
    ...     {"d:git": "Version control with Git", "d:stats": "Statistics and data analysis"})
    >>> [key for key, _ in s.suggest(["An introduction to Git branches"], k=1)[0]]
    ['d:git']
    """

    def __init__(
        self,
        *,
        n_neighbors: int = 10,
        neighbour_weight: float = 0.4,
        char_weight: float = 0.5,
        random_state: int | None = None,
    ) -> None:
        self.n_neighbors = n_neighbors
        self.neighbour_weight = neighbour_weight
        self.char_weight = char_weight
        self.random_state = random_state

    def fit(
        self,
        skills: Mapping[str, str],
        examples: Iterable[tuple[str, Sequence[str]]] = (),
    ) -> SkillTagSuggester:
        """Learn from skill documents and, optionally, already tagged resources.

        Parameters
        ----------
        skills
            ``{skill key: text}``, e.g. from :func:`skill_documents`.
        examples
            ``(resource text, skill keys)`` pairs of resources tagged by people; tags that
            are not in ``skills`` are ignored.

        Raises
        ------
        InvalidInputError
            If there are no skills.
        """
        if not skills:
            raise InvalidInputError("SkillTagSuggester.fit needs at least one skill")
        self.skill_keys_ = list(skills)
        known = set(self.skill_keys_)
        pairs = [(text, tuple(t for t in tags if t in known)) for text, tags in examples]
        pairs = [(text, tags) for text, tags in pairs if tags]
        skill_texts = [skills[key] for key in self.skill_keys_]
        self.vectorizer_ = TextVectorizer(char_weight=self.char_weight).fit(
            skill_texts + [text for text, _ in pairs]
        )
        self.skill_matrix_ = self.vectorizer_.transform(skill_texts)
        self.skill_index_ = NearestNeighbors(metric="cosine", algorithm="brute").fit(
            self.skill_matrix_
        )
        self.example_tags_ = [tags for _, tags in pairs]
        self.example_index_ = None
        if pairs:
            self.example_index_ = NearestNeighbors(metric="cosine", algorithm="brute").fit(
                self.vectorizer_.transform([text for text, _ in pairs])
            )
        return self

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Return a ``(len(texts), n_skills)`` array of scores in 0–1."""
        vectors = self.vectorizer_.transform(list(texts))
        n_skills = len(self.skill_keys_)
        distances, indices = self.skill_index_.kneighbors(vectors, n_neighbors=n_skills)
        text_scores = np.zeros((len(texts), n_skills))
        rows = np.arange(len(texts))[:, None]
        text_scores[rows, indices] = 1.0 - distances
        if self.example_index_ is None or self.neighbour_weight == 0:
            return text_scores
        position = {key: i for i, key in enumerate(self.skill_keys_)}
        n = min(self.n_neighbors, len(self.example_tags_))
        distances, indices = self.example_index_.kneighbors(vectors, n_neighbors=n)
        votes = np.zeros((len(texts), n_skills))
        for row, (dist, idx) in enumerate(zip(distances, indices, strict=True)):
            for d, i in zip(dist, idx, strict=True):
                for tag in self.example_tags_[i]:
                    votes[row, position[tag]] += 1.0 - d
        totals = votes.max(axis=1, keepdims=True)
        votes = np.divide(votes, totals, out=np.zeros_like(votes), where=totals > 0)
        # Scale votes to the similarity range so neither signal swamps the other.
        top_text = text_scores.max(axis=1, keepdims=True)
        w = self.neighbour_weight
        return (1 - w) * text_scores + w * votes * top_text

    def suggest(self, texts: Sequence[str], k: int = 5) -> list[list[tuple[str, float]]]:
        """Return the ``k`` best ``(skill key, score)`` for each text, best first.

        Raises
        ------
        InvalidInputError
            If ``k`` is not positive.
        """
        if k < 1:
            raise InvalidInputError(f"k must be at least 1, got {k}")
        if isinstance(texts, str):
            raise InvalidInputError("suggest takes a list of texts, not one string")
        if not texts:
            return []
        scores = self.scores(texts)
        rng = np.random.default_rng(self.random_state)
        jitter = rng.uniform(0, 1e-9, size=scores.shape)
        order = np.argsort(-(scores + jitter), axis=1)[:, :k]
        return [
            [(self.skill_keys_[j], round(float(scores[i, j]), 4)) for j in row]
            for i, row in enumerate(order)
        ]


class CrosswalkSuggester:
    """Suggest skill-to-skill links between two frameworks by text similarity.

    Parameters
    ----------
    k
        How many target skills to suggest per source skill.
    min_score
        Suggestions below this cosine similarity are dropped.
    char_weight
        See :class:`TextVectorizer`.

    Attributes
    ----------
    source_keys_, target_keys_ : list of str
    vectorizer_ : TextVectorizer
        Fitted on both frameworks' skill documents.
    target_index_ : NearestNeighbors

    Examples
    --------
    >>> cw = CrosswalkSuggester(k=1).fit(
    ...     {"a:vc": "Version control with Git", "a:hpc": "Parallel programming with MPI"},
    ...     {"b:mpi": "MPI message passing", "b:git": "Using Git for version control"})
    >>> [(s, t) for s, t, _ in cw.suggest()]
    [('a:vc', 'b:git'), ('a:hpc', 'b:mpi')]
    """

    def __init__(self, *, k: int = 3, min_score: float = 0.1, char_weight: float = 0.5) -> None:
        self.k = k
        self.min_score = min_score
        self.char_weight = char_weight

    def fit(self, source: Mapping[str, str], target: Mapping[str, str]) -> CrosswalkSuggester:
        """Learn from the skill documents of two frameworks (``{skill key: text}``)."""
        if not source or not target:
            raise InvalidInputError("CrosswalkSuggester.fit needs skills on both sides")
        self.source_keys_ = list(source)
        self.target_keys_ = list(target)
        self.source_texts_ = [source[key] for key in self.source_keys_]
        target_texts = [target[key] for key in self.target_keys_]
        self.vectorizer_ = TextVectorizer(char_weight=self.char_weight).fit(
            self.source_texts_ + target_texts
        )
        self.target_index_ = NearestNeighbors(metric="cosine", algorithm="brute").fit(
            self.vectorizer_.transform(target_texts)
        )
        return self

    def suggest(self, source_keys: Sequence[str] | None = None) -> list[tuple[str, str, float]]:
        """Return ``(source key, target key, score)`` triples, best first per source skill."""
        keys = list(source_keys) if source_keys is not None else self.source_keys_
        position = {key: i for i, key in enumerate(self.source_keys_)}
        unknown = [key for key in keys if key not in position]
        if unknown:
            raise InvalidInputError(f"unknown source skill(s): {', '.join(unknown)}")
        if not keys:
            return []
        vectors = self.vectorizer_.transform([self.source_texts_[position[k]] for k in keys])
        n = min(self.k, len(self.target_keys_))
        distances, indices = self.target_index_.kneighbors(vectors, n_neighbors=n)
        out = []
        for key, dist, idx in zip(keys, distances, indices, strict=True):
            for d, i in zip(dist, idx, strict=True):
                score = round(float(1.0 - d), 4)
                if score >= self.min_score:
                    out.append((key, self.target_keys_[i], score))
        return out
