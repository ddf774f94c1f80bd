"""Scores and hard-rule verdicts of any pairs of one cohort, without a table of every pair.

The block passes of large cohorts (:mod:`mentorpair.scoring.blocks`) and the
score table share this arithmetic, so a pair scores the same in both.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..model.participant import Participant
from ..model.programme import Programme
from ..model.vocab import KIND_PEER
from ..text.calibration import text_scale
from ..text.encoders import Encoder
from ..text.similarity import PhraseIndex
from .parts import goal_text_part, has_words, score_of_units, weighted_units
from .vectorised import PeopleArrays, individual_verdicts, pair_parts

__all__ = ["PairScorer", "TextSimilarity"]


class PairScorer:
    """Scores and hard-rule verdicts of any pairs of one cohort, in blocks, without a table.

    The same arithmetic as the table (the goal-text similarity is read from a
    table of distinct goal texts against distinct offer texts, computed per
    block), so a pair scores the same here as in a :class:`ScoreTable`.
    """

    def __init__(self, people: Sequence[Participant], programme: Programme, arrays: PeopleArrays,
                 text: TextSimilarity) -> None:
        self.people, self.programme, self.arrays, self.text = people, programme, arrays, text
        self.n = len(people)
        goals = sorted({p.goals for p in people})
        offers = sorted({p.offers for p in people})
        self._goals, self._offers = goals, offers
        goal_row, offer_row = {t: i for i, t in enumerate(goals)}, {t: i for i, t in enumerate(offers)}
        self.goal_id = np.array([goal_row[p.goals] for p in people], dtype=np.int64)
        self.offer_id = np.array([offer_row[p.offers] for p in people], dtype=np.int64)
        self.goal_empty = np.array([not has_words(p.goals) for p in people], dtype=bool)
        self.offer_empty = np.array([not has_words(p.offers) for p in people], dtype=bool)
        self.givers = np.array([i for i, p in enumerate(people) if p.role.can_give], dtype=np.int64)
        self.receivers = np.array([i for i, p in enumerate(people) if p.role.can_receive], dtype=np.int64)
        self.peers = np.array([i for i, p in enumerate(people) if p.role.value in ("peer", "any")], dtype=np.int64)
        self.individual_forms = bool(set(programme.forms) & {"traditional", "reverse", "group"})

    def similarity(self, wants: np.ndarray, offers: np.ndarray) -> np.ndarray:
        """Goal-text similarity of ``wants[i]``'s goals against ``offers[i]``'s offer."""
        if not len(wants):
            return np.zeros(0, np.float32)
        ug, gi = np.unique(self.goal_id[wants], return_inverse=True)
        uo, oi = np.unique(self.offer_id[offers], return_inverse=True)
        table = self.text.index.matrix([self._goals[i] for i in ug], [self._offers[j] for j in uo])
        return np.asarray(table[gi.ravel(), oi.ravel()], dtype=np.float32)

    def individual(self, g: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(score units, allowed)`` of mentor ``g[i]`` with mentee ``r[i]`` as an individual pair."""
        kinds, _, verdict = individual_verdicts(self.arrays, g, r, self.programme)
        part = self.text.part_of(self.similarity(r, g), self.goal_empty[r] | self.offer_empty[g])
        raw = pair_parts(self.arrays, g, r, kinds, part, self.programme)
        return self._score(raw), np.asarray(verdict == "", dtype=bool)

    def peer(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(score units, allowed)`` of peers ``a[i]`` and ``b[i]``."""
        kinds = np.full(len(a), KIND_PEER, dtype=object)
        # Each direction read on the scale, then their mean, as the table does.
        part = (self.text.part_of(self.similarity(b, a), self.goal_empty[b] | self.offer_empty[a])
                + self.text.part_of(self.similarity(a, b), self.goal_empty[a] | self.offer_empty[b])) / 2
        raw = pair_parts(self.arrays, a, b, kinds, part, self.programme)
        return self._score(raw), np.asarray(self.arrays.blocked(a, b, self.programme) == "", dtype=bool)

    def _score(self, raw: dict[str, np.ndarray]) -> np.ndarray:
        return score_of_units(weighted_units({c: v.astype(np.float64) for c, v in raw.items()}, self.programme))


class TextSimilarity:
    """Every goal and offer phrase of the cohort encoded once; pair similarities by lookup."""

    def __init__(self, people: Sequence[Participant], encoder: Encoder) -> None:
        self.index = PhraseIndex(encoder, [p.goals for p in people] + [p.offers for p in people])
        self.scale = text_scale(encoder)

    def part_of(self, similarity: np.ndarray, empty: np.ndarray) -> np.ndarray:
        """The goal-text part of pairs with this ``similarity`` (``empty``: a goal or offer text is empty)."""
        return goal_text_part(similarity, self.scale, empty)

    def part(self, goals: Sequence[str], offers: Sequence[str], similarity: np.ndarray) -> np.ndarray:
        """The goal-text part of ``goals[i]`` against ``offers[i]``, whose similarity is given."""
        return self.part_of(similarity, np.array([not has_words(g) or not has_words(o) for g, o in zip(goals, offers)],
                                                 dtype=bool))

    def similarity(self, goals: Sequence[str], offers: Sequence[str]) -> np.ndarray:
        """Best-match average of goal phrases against offer phrases (:mod:`mentorpair.text.similarity`)."""
        return self.index.similarity(goals, offers)

    def mutual_many(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """Symmetric similarity of ``a[i]`` and ``b[i]``: both directions weighted alike."""
        return self.index.similarity(a, b, goal_weight=0.5)
