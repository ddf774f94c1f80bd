"""Goal-text similarity of candidate pairs, phrase by phrase.

Each text is cut into phrases (:mod:`mentorpair.text.phrases`); each distinct
phrase of the whole cohort is encoded once (:class:`PhraseIndex`); a pair's
similarity is read from the matrix of cosines between the mentee's goal
phrases and the mentor's offer phrases.

The score
---------
With ``C[i, j]`` the cosine of goal phrase ``i`` (of ``m``) and offer phrase
``j`` (of ``n``)::

    goal_side  = (1/m) * sum_i max_j C[i, j]   # how well each goal is answered
    offer_side = (1/n) * sum_j max_i C[i, j]   # how much of the offer is wanted
    similarity = GOAL_WEIGHT * goal_side + (1 - GOAL_WEIGHT) * offer_side

the best-match average ("BMA") of the two directions, weighted toward the
mentee's goals: the programmes put the mentee's wishes first, and a mentor
who also offers things the mentee did not ask for should lose little. When
both texts are a single phrase this is just their cosine. The weight is
``GOAL_WEIGHT = 0.75``, chosen on the benchmark (docs/encoders.md). An empty
text on either side gives 0 and no best match. Values are rounded to 6
decimals so float noise between BLAS builds cannot change a score.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .encoders import Encoder
from .phrases import split_phrases
from .terms import TermIndex

__all__ = [
    "GOAL_WEIGHT",
    "PairTextSimilarity",
    "PhraseIndex",
    "pair_text_similarity",
    "phrase_similarity",
    "text_similarity_matrix",
]

#: weight of the goal side in the best-match average (the offer side gets the rest)
GOAL_WEIGHT = 0.75
#: what the share of words the two texts name (mentorpair.text.terms, in [0, 1]) adds to the cosines' average.
#: 0 by measurement (``python -m benchmarks.lexical``, docs/encoders.md): where goal and offer share a specific
#: term, e5 already pairs them (16 of 16 in one language at every weight), and where they share none, the
#: words shared by accident cost assignments (the harder set's mean 0.61 -> 0.57 at 0.3). The shared words
#: still go into the explanations (:meth:`PhraseIndex.shared_words`).
LEXICAL_WEIGHT = 0.0
# Cells of the largest intermediate array: bounds memory on large cohorts.
_BLOCK_CELLS = 8_000_000

Match = tuple[str, str, float]


class PhraseIndex:
    """The phrases of a set of texts, each distinct phrase encoded once.

    Build it once per cohort with every goal and offer text, then ask for the
    similarity of any (goal text, offer text) pairs among them, as often as
    needed, without encoding again.

    Parameters
    ----------
    encoder
        Gives unit vectors. Called once, in the constructor, with every
        distinct phrase in sorted order (so the call does not depend on the
        order of the texts).
    texts
        Every text that will be compared (duplicates and empty texts are fine).
    lists
        Also split list items inside sentences (see
        :func:`mentorpair.text.phrases.split_phrases`); off by default, as it
        measured worse (it cuts Finnish subordinate clauses apart).

    Examples
    --------
    >>> index = PhraseIndex(encoder, [p.goals for p in people] + [p.offers for p in people])  # doctest: +SKIP
    >>> index.similarity(["goal text of A"], ["offer text of M"])  # doctest: +SKIP
    >>> index.best_match("goal text of A", "offer text of M")  # doctest: +SKIP
    """

    def __init__(self, encoder: Encoder, texts: Iterable[str], *, lists: bool = False) -> None:
        distinct = sorted(set(texts))
        self.encoder_id = encoder.id
        self._phrases = {t: split_phrases(t, lists=lists) for t in distinct}
        vocabulary = sorted({p for ps in self._phrases.values() for p in ps})
        self._vectors = _encode(encoder, vocabulary)
        row = {p: i for i, p in enumerate(vocabulary)}
        self._rows = {t: np.array([row[p] for p in ps], dtype=np.int64) for t, ps in self._phrases.items()}
        self._texts = distinct
        self._term_index: TermIndex | None = None  # built when first asked: explanations only, by default

    def __len__(self) -> int:
        """Number of distinct phrases encoded."""
        return int(self._vectors.shape[0])

    def __contains__(self, text: object) -> bool:
        return text in self._phrases

    def phrases(self, text: str) -> tuple[str, ...]:
        """The phrases of one of the indexed texts."""
        return self._phrases[self._known(text)]

    def _known(self, text: str) -> str:
        if text not in self._phrases:
            # The text itself stays out of the message: sign-up text is personal and messages get logged.
            raise KeyError("a text that is not in this PhraseIndex; build the index with every text to compare")
        return text

    def matrix(
        self, goal_texts: Sequence[str], offer_texts: Sequence[str], *, goal_weight: float = GOAL_WEIGHT
    ) -> np.ndarray:
        """Similarity of every goal text (rows) against every offer text (columns), float32."""
        _check_weight(goal_weight)
        goal_texts, offer_texts = list(goal_texts), list(offer_texts)
        goals, offers = sorted(set(goal_texts)), sorted(set(offer_texts))
        table = self._table(goals, offers, goal_weight)
        g = {t: i for i, t in enumerate(goals)}
        o = {t: i for i, t in enumerate(offers)}
        return table[np.ix_([g[t] for t in goal_texts], [o[t] for t in offer_texts])]

    def similarity(
        self, goals: Sequence[str], offers: Sequence[str], *, goal_weight: float = GOAL_WEIGHT
    ) -> np.ndarray:
        """Similarity of ``goals[i]`` and ``offers[i]`` for every ``i``: float32, one per pair."""
        if len(goals) != len(offers):
            raise ValueError(f"got {len(goals)} goal texts and {len(offers)} offer texts; they pair up one to one")
        _check_weight(goal_weight)
        if not len(goals):
            return np.zeros(0, np.float32)
        g_texts, gi = np.unique(np.asarray(list(goals), dtype=object), return_inverse=True)
        o_texts, oi = np.unique(np.asarray(list(offers), dtype=object), return_inverse=True)
        table = self._table([str(t) for t in g_texts], [str(t) for t in o_texts], goal_weight)
        return table[gi.ravel(), oi.ravel()]

    def pairs(
        self, goals: Sequence[str], offers: Sequence[str], *, goal_weight: float = GOAL_WEIGHT
    ) -> PairTextSimilarity:
        """:meth:`similarity`, together with each pair's phrases for explanations."""
        similarity = self.similarity(goals, offers, goal_weight=goal_weight)
        return PairTextSimilarity(similarity, tuple(goals), tuple(offers), self)

    def best_match(self, goal: str, offer: str) -> Match | None:
        """The goal phrase and offer phrase that are most alike, and their cosine.

        Returns
        -------
        (goal_phrase, offer_phrase, cosine) or None
            ``None`` when either text is empty. Ties go to the earliest goal
            phrase, then the earliest offer phrase. The phrases are verbatim
            slices of the two texts.
        """
        matches = self.best_matches(goal, offer)
        return max(matches, key=lambda m: m[2]) if matches else None  # max() keeps the first of equals

    def best_matches(self, goal: str, offer: str) -> list[Match]:
        """For each goal phrase in order: its best offer phrase and their cosine."""
        g, o = self._rows[self._known(goal)], self._rows[self._known(offer)]
        if not len(g) or not len(o):
            return []
        c = self._vectors[g].astype(np.float64) @ self._vectors[o].astype(np.float64).T
        best = np.argmax(c, axis=1)
        goals, offers = self._phrases[goal], self._phrases[offer]
        return [(goals[r], offers[int(best[r])], round(float(c[r, best[r]]), 6)) for r in range(len(goals))]

    def shared_words(self, goal: str, offer: str) -> list[tuple[str, str]]:
        """The goal's words the offer also names (:meth:`mentorpair.text.terms.TermIndex.shared_words`)."""
        return self._term_index_of().shared_words(self._known(goal), self._known(offer))

    def _term_index_of(self) -> TermIndex:
        if self._term_index is None:
            self._term_index = TermIndex(self._texts)
        return self._term_index

    def _table(self, goals: list[str], offers: list[str], goal_weight: float) -> np.ndarray:
        table = _text_table(self._vectors, [self._rows[self._known(t)] for t in goals],
                            [self._rows[self._known(t)] for t in offers], goal_weight).astype(np.float64)
        if LEXICAL_WEIGHT:
            table = np.clip(table + LEXICAL_WEIGHT * self._term_index_of().matrix(goals, offers, goal_weight), -1.0, 1.0)
        return np.round(table, 6).astype(np.float32)


@dataclass(frozen=True, eq=False)
class PairTextSimilarity:
    """Similarity of each candidate pair, and the phrases behind it.

    Attributes
    ----------
    similarity
        float32, one value per pair, in the order the pairs were given.
    goals, offers
        Each pair's two texts.
    index
        The :class:`PhraseIndex` that holds their phrases and vectors.
    """

    similarity: np.ndarray
    goals: tuple[str, ...]
    offers: tuple[str, ...]
    index: PhraseIndex = field(repr=False)

    def __len__(self) -> int:
        return int(self.similarity.shape[0])

    def best_match(self, i: int) -> Match | None:
        """Pair ``i``'s most alike goal phrase and offer phrase: see :meth:`PhraseIndex.best_match`."""
        return self.index.best_match(self.goals[i], self.offers[i])

    def best_matches(self, i: int) -> list[Match]:
        """For each goal phrase of pair ``i``: its best offer phrase and their cosine."""
        return self.index.best_matches(self.goals[i], self.offers[i])

    def shared_words(self, i: int) -> list[tuple[str, str]]:
        """Pair ``i``'s goal words that its offer also names, with the offer's word for each."""
        return self.index.shared_words(self.goals[i], self.offers[i])

    def goal_phrases(self, i: int) -> tuple[str, ...]:
        return self.index.phrases(self.goals[i])

    def offer_phrases(self, i: int) -> tuple[str, ...]:
        return self.index.phrases(self.offers[i])


def pair_text_similarity(
    encoder: Encoder,
    goals: Sequence[str],
    offers: Sequence[str],
    *,
    goal_weight: float = GOAL_WEIGHT,
    lists: bool = False,
) -> PairTextSimilarity:
    """Phrase-level similarity of ``goals[i]`` (a mentee's) and ``offers[i]`` (a mentor's) for every pair ``i``.

    Parameters
    ----------
    encoder
        Gives unit vectors; called once with every distinct phrase.
    goals, offers
        The two texts of each candidate pair. Many pairs share texts; each
        distinct text is split and each distinct phrase encoded only once.
    goal_weight
        Weight of the goal side of the best-match average, in [0, 1].
    lists
        Also split list items inside sentences (off by default).

    Returns
    -------
    PairTextSimilarity
        ``.similarity`` (float32 per pair, rounded to 6 decimals) and
        ``.best_match(i)`` for explanations.
    """
    if len(goals) != len(offers):
        raise ValueError(f"got {len(goals)} goal texts and {len(offers)} offer texts; they pair up one to one")
    _check_weight(goal_weight)
    index = PhraseIndex(encoder, [*goals, *offers], lists=lists)
    return index.pairs(goals, offers, goal_weight=goal_weight)


def text_similarity_matrix(
    encoder: Encoder,
    goal_texts: Sequence[str],
    offer_texts: Sequence[str],
    *,
    goal_weight: float = GOAL_WEIGHT,
    lists: bool = False,
) -> np.ndarray:
    """The phrase-level similarity of every goal text against every offer text.

    The same numbers as :func:`pair_text_similarity`, as a
    ``(len(goal_texts), len(offer_texts))`` float32 matrix: the cheaper form
    for a large cohort, where the pairs are all combinations.
    """
    _check_weight(goal_weight)
    index = PhraseIndex(encoder, [*goal_texts, *offer_texts], lists=lists)
    return index.matrix(goal_texts, offer_texts, goal_weight=goal_weight)


def phrase_similarity(encoder: Encoder, goal: str, offer: str, *, goal_weight: float = GOAL_WEIGHT) -> float:
    """The phrase-level similarity of one goal text and one offer text."""
    return float(pair_text_similarity(encoder, [goal], [offer], goal_weight=goal_weight).similarity[0])


def _check_weight(goal_weight: float) -> None:
    if not 0.0 <= goal_weight <= 1.0:
        raise ValueError(f"goal_weight must be in [0, 1], got {goal_weight!r}")


def _encode(encoder: Encoder, phrases: list[str]) -> np.ndarray:
    if not phrases:
        return np.zeros((0, 1), dtype=np.float32)
    vectors = np.asarray(encoder.encode(phrases), dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != len(phrases):
        raise ValueError(f"encoder {encoder.id!r} returned shape {vectors.shape} for {len(phrases)} texts")
    return vectors


def _text_table(
    vectors: np.ndarray, goal_rows: list[np.ndarray], offer_rows: list[np.ndarray], goal_weight: float
) -> np.ndarray:
    """The similarity of every distinct goal text against every distinct offer text.

    Each offer text's phrases are laid out one after another (its "layout"), so
    a max or a mean over one text's phrases is a ``reduceat`` over a
    contiguous run. Cosines are computed once per distinct phrase pair (real
    cohorts repeat phrases; synthetic ones a lot), in float64 so that a
    rounded score cannot depend on how the work was blocked, and goal texts
    are processed in blocks that bound memory.
    """
    n_goal, n_offer = len(goal_rows), len(offer_rows)
    table = np.zeros((n_goal, n_offer), dtype=np.float32)
    g_texts = np.array([t for t in range(n_goal) if len(goal_rows[t])], dtype=np.int64)
    o_texts = np.array([t for t in range(n_offer) if len(offer_rows[t])], dtype=np.int64)
    if not len(g_texts) or not len(o_texts):
        return table
    o_lengths = np.array([len(offer_rows[t]) for t in o_texts], dtype=np.int64)
    o_starts = np.concatenate([[0], np.cumsum(o_lengths)[:-1]])
    o_phrases, o_layout = np.unique(np.concatenate([offer_rows[t] for t in o_texts]), return_inverse=True)
    offer_vectors = vectors[o_phrases].astype(np.float64)
    width = max(len(o_layout), len(o_phrases), len(o_texts))
    # When every distinct goal phrase against every distinct offer phrase fits the budget (cohorts
    # that repeat phrases), compute those cosines once rather than once per block.
    all_goal_phrases = np.unique(np.concatenate([goal_rows[t] for t in g_texts]))
    shared_cos = None
    if len(all_goal_phrases) * len(o_phrases) <= _BLOCK_CELLS:
        shared_cos = vectors[all_goal_phrases].astype(np.float64) @ offer_vectors.T
    start = 0
    while start < len(g_texts):
        # Grow the block while (its goal phrases) x (the widest offer-side array) fits the budget.
        stop, rows = start, 0
        while stop < len(g_texts) and (stop == start or (rows + len(goal_rows[g_texts[stop]])) * width <= _BLOCK_CELLS):
            rows += len(goal_rows[g_texts[stop]])
            stop += 1
        block = g_texts[start:stop]
        g_lengths = np.array([len(goal_rows[t]) for t in block], dtype=np.int64)
        g_starts = np.concatenate([[0], np.cumsum(g_lengths)[:-1]])
        g_phrases, g_layout = np.unique(np.concatenate([goal_rows[t] for t in block]), return_inverse=True)
        if shared_cos is not None:
            cos = shared_cos[np.searchsorted(all_goal_phrases, g_phrases)]
        else:
            cos = vectors[g_phrases].astype(np.float64) @ offer_vectors.T  # distinct goal x distinct offer phrases
        # Goal side: each goal phrase's best phrase within each offer text, averaged over the goal text.
        best_in_offer = np.maximum.reduceat(cos[:, o_layout], o_starts, axis=1)
        goal_side = np.add.reduceat(best_in_offer[g_layout], g_starts, axis=0) / g_lengths[:, None]
        # Offer side: each offer phrase's best phrase within each goal text, averaged over the offer text.
        best_in_goal = np.maximum.reduceat(cos[g_layout], g_starts, axis=0)
        offer_side = np.add.reduceat(best_in_goal[:, o_layout], o_starts, axis=1) / o_lengths[None, :]
        table[np.ix_(block, o_texts)] = goal_weight * goal_side + (1.0 - goal_weight) * offer_side
        start = stop
    return table
