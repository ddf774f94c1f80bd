"""Every candidate pair, its named score components, and whether the hard rules allow it.

A pair's score is the sum of its weighted components. Components are kept as
integers in units of 1/SCALE, so that the float score a person reads, the
parts an explanation lists, and the integer objective CP-SAT optimises are the
same numbers and add up exactly.

Candidates come in three kinds of arc: individual (a mentor and a mentee;
kind "traditional" or "reverse"), group (the same two people, but inside a
mentor's group; kind "group") and peer (two peers, kind "peer", symmetric).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from ..model.cohort import Cohort
from ..model.participant import Participant
from ..model.programme import Programme
from ..model.vocab import (
    COMPONENTS,
    KIND_GROUP,
    KIND_PEER,
    KIND_REVERSE,
    KIND_TRADITIONAL,
    SCALE,
)
from ..text.encoders import Encoder
from ..text.infer import infer_many
from ..text.similarity import Match, PhraseIndex
from .blocks import DEFAULT_K, select_pairs, top_k_per
from .organisation import organisation_of
from .parts import (
    co_mentees_clash,
    cohesion_split,
    jaccard,
    largest_cohesion_shares,
    score_of_units,
    weighted_units,
)
from .scorer import PairScorer, TextSimilarity
from .vectorised import PeopleArrays, individual_verdicts, pair_parts

__all__ = ["DENSE_PAIR_LIMIT", "ScoreTable", "build_score_table"]


@dataclass(frozen=True, eq=False)
class ScoreTable:
    """Parallel arrays over every candidate arc.

    ``giver``/``receiver`` index ``participants`` (for a peer arc, the two peers
    in input order); ``kind`` is "traditional", "reverse", "group" or "peer";
    ``similarity`` is the phrase-level goal-text similarity in [-1, 1]
    (:mod:`mentorpair.text.similarity`; for a peer arc the mean of both directions);
    ``raw[c]`` is component ``c`` before weighting (for explanations);
    ``units[c]`` after weighting, in units of ``1/SCALE``; ``score`` is the sum
    of ``units``; ``blocked`` names the hard rule that rules the arc out, or is
    empty. ``cohesion`` lists ``(group arc, group arc, units)`` for co-mentees
    of one mentor's group whose goals fit each other. ``text_index`` holds
    every goal and offer phrase, so explanations can quote the ones that
    meet; ``inferred_areas`` names the participants whose goal areas were
    left empty and inferred from their text (their ``participants`` entry
    carries the inferred areas); ``organisations`` each participant's
    organisation as ``programme.organisation_key`` compares it
    (:func:`~mentorpair.scoring.organisation.organisation_of`; ``""`` for none).
    """

    participants: tuple[Participant, ...]
    giver: np.ndarray
    receiver: np.ndarray
    kind: np.ndarray
    similarity: np.ndarray
    raw: dict[str, np.ndarray]
    units: dict[str, np.ndarray]
    score: np.ndarray
    blocked: np.ndarray
    encoder_id: str
    cohesion: tuple[tuple[int, int, int], ...] = ()
    clashes: tuple[tuple[int, int], ...] = ()
    cohesion_similarity: dict[tuple[int, int], float] = field(default_factory=dict)
    text_index: PhraseIndex | None = field(default=None, repr=False)
    inferred_areas: frozenset[str] = frozenset()
    organisations: tuple[str, ...] = ()
    # Set when only each person's best pairs are in the table (large cohorts): how to score the
    # others, who has any allowed pair at all, and each person's best allowed score.
    scorer: PairScorer | None = field(default=None, repr=False)
    reachable: np.ndarray | None = field(default=None, repr=False)
    best_score: np.ndarray | None = field(default=None, repr=False)
    _lookup: dict[tuple[str, str, str], int] = field(default_factory=dict, repr=False)

    @property
    def complete(self) -> bool:
        """Every candidate pair of the cohort is in the table (not only each person's best)."""
        return self.scorer is None

    @property
    def feasible(self) -> np.ndarray:
        return np.asarray(self.blocked == "", dtype=bool)

    def __len__(self) -> int:
        return int(self.giver.shape[0])

    def index_of(self, giver_id: str, receiver_id: str, kind: str | None = None) -> int | None:
        """Position of an arc, or ``None`` if there is none.

        Without ``kind``: the individual arc (traditional or reverse) if there is one,
        else the peer arc (in either order), else the group arc.
        """
        if not self._lookup:
            ids = [p.id for p in self.participants]
            for i, (g, r, k) in enumerate(zip(self.giver.tolist(), self.receiver.tolist(), self.kind.tolist())):
                self._lookup[(ids[g], ids[r], k)] = i
                if k == KIND_PEER:
                    self._lookup[(ids[r], ids[g], k)] = i
        kinds = [kind] if kind is not None else [KIND_TRADITIONAL, KIND_REVERSE, KIND_PEER, KIND_GROUP]
        for k in kinds:
            found = self._lookup.get((giver_id, receiver_id, k))
            if found is not None:
                return found
        return None

    def phrase_matches(self, arc: int) -> list[tuple[str, str, Match]]:
        """``(goal owner id, offer owner id, (goal phrase, offer phrase, cosine))`` behind an arc's goal text.

        One entry for a mentor's arc (the receiver's goals against the giver's
        offer), one per direction for a peer arc; none where a text is empty.
        """
        if self.text_index is None:
            return []
        found = []
        for wants, offers in self._text_directions(arc):
            best = self.text_index.best_match(wants.goals, offers.offers)
            if best is not None:
                found.append((wants.id, offers.id, best))
        return found

    def _text_directions(self, arc: int) -> list[tuple[Participant, Participant]]:
        """``(whose goals, whose offer)`` behind an arc's goal text: one for a mentor's arc, two for a peer arc."""
        giver, receiver = self.participants[int(self.giver[arc])], self.participants[int(self.receiver[arc])]
        return [(receiver, giver)] + ([(giver, receiver)] if self.kind[arc] == KIND_PEER else [])

    def shared_words(self, arc: int) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """``(goal owner id, offer owner id, [(goal word, offer word), ...])``: the rare words both texts
        of an arc's goal text name (:meth:`mentorpair.text.similarity.PhraseIndex.shared_words`), in the
        directions of :meth:`phrase_matches`; none where a text is empty or no word is shared."""
        if self.text_index is None:
            return []
        found = []
        for wants, offers in self._text_directions(arc):
            words = self.text_index.shared_words(wants.goals, offers.offers)
            if words:
                found.append((wants.id, offers.id, words))
        return found

    def cohesion_shares(self, chosen: tuple[int, ...]) -> dict[int, int]:
        """Each chosen group arc's share of its group's cohesion, in units.

        A co-mentee pair's cohesion is split between its two members (the first
        in input order takes the odd unit), so the shares add up to the group's
        cohesion exactly.
        """
        picked = set(chosen)
        shares = {a: 0 for a in chosen}
        for a, b, units in self.cohesion:
            if a in picked and b in picked:
                share_a, share_b = cohesion_split(units, int(self.receiver[a]) < int(self.receiver[b]))
                shares[a] += share_a
                shares[b] += share_b
        return shares

    def shown_score_bound(self) -> np.ndarray:
        """Per arc, the most its shown score can be: its score plus every cohesion share it may get."""
        return np.asarray(self.score + largest_cohesion_shares(self.receiver, self.cohesion), dtype=np.int64)


#: beyond this many candidate pairs the table is not built densely: each person's best pairs
#: are found in blocks (mentorpair.scoring.candidates) and only those are kept (about 0.6 KB a pair)
DENSE_PAIR_LIMIT = 1_000_000


def build_score_table(cohort: Cohort, programme: Programme, encoder: Encoder) -> ScoreTable:
    """Score every arc the programme's forms allow between the cohort's participants.

    On a cohort with more than :data:`DENSE_PAIR_LIMIT` candidate pairs (and
    ``candidates_per_person`` not 0), only each person's best pairs are kept,
    found block by block so that no pair-by-pair array of the whole cohort is
    ever built; the table then says ``complete=False`` and carries a
    :class:`PairScorer` to price the pairs left out.
    """
    people, inferred = _with_inferred_areas(cohort.participants, encoder)
    arrays = PeopleArrays.of(people, programme)
    text = TextSimilarity(people, encoder)
    individual = bool(set(programme.forms) & {"traditional", "reverse", "group"})
    n_pairs = _count_pairs(people, individual, "peer" in programme.forms)
    if n_pairs > DENSE_PAIR_LIMIT and programme.candidates_per_person != 0:
        scorer = PairScorer(people, programme, arrays, text)
        chosen = select_pairs(scorer, programme.candidates_per_person or DEFAULT_K)
        return _table_from_pairs(people, programme, arrays, text, chosen.individual, chosen.peer, inferred,
                                 encoder.id, scorer=scorer, reachable=chosen.reachable, best=chosen.best)
    g_idx, r_idx = _directed_pairs(people) if individual else _empty_pairs()
    a_idx, b_idx = _peer_pairs(people) if "peer" in programme.forms else _empty_pairs()
    return _table_from_pairs(people, programme, arrays, text, (g_idx, r_idx), (a_idx, b_idx), inferred, encoder.id)


def _count_pairs(people: Sequence[Participant], individual: bool, peer: bool) -> int:
    givers = sum(p.role.can_give for p in people)
    receivers = sum(p.role.can_receive for p in people)
    peers = sum(p.role.value in ("peer", "any") for p in people)
    return (givers * receivers if individual else 0) + (peers * (peers - 1) // 2 if peer else 0)


def _table_from_pairs(
    people: tuple[Participant, ...], programme: Programme, arrays: PeopleArrays, vectors: TextSimilarity,
    individual: tuple[np.ndarray, np.ndarray], peer: tuple[np.ndarray, np.ndarray], inferred: frozenset[str],
    encoder_id: str, *, scorer: PairScorer | None = None, reachable: np.ndarray | None = None,
    best: np.ndarray | None = None,
) -> ScoreTable:
    """The table over the given (giver, receiver) and (peer, peer) pairs, with group arcs drawn from the first."""
    forms = programme.forms
    g_idx, r_idx = individual
    kinds, blocked, individual_blocked = individual_verdicts(arrays, g_idx, r_idx, programme)
    goals, offers = [people[r].goals for r in r_idx.tolist()], [people[g].offers for g in g_idx.tolist()]
    sim = vectors.similarity(goals, offers)
    directed = pair_parts(arrays, g_idx, r_idx, kinds, vectors.part(goals, offers, sim), programme)
    parts = [(g_idx, r_idx, kinds, sim, directed, individual_blocked)]

    if "group" in forms:
        group = _group_arcs(people, programme, g_idx, r_idx, kinds, blocked, directed)
        parts.append((g_idx[group], r_idx[group], np.full(len(group), KIND_GROUP, dtype=object), sim[group],
                      {c: v[group] for c, v in directed.items()}, blocked[group]))
    if "peer" in forms:
        a_idx, b_idx = peer
        # Each direction (one's goals against the other's offer) on the encoder's scale, then their mean.
        b_goals, a_offers = [people[b].goals for b in b_idx.tolist()], [people[a].offers for a in a_idx.tolist()]
        a_goals, b_offers = [people[a].goals for a in a_idx.tolist()], [people[b].offers for b in b_idx.tolist()]
        ba, ab = vectors.similarity(b_goals, a_offers), vectors.similarity(a_goals, b_offers)
        peer_sim = (ba + ab) / 2
        peer_part = (vectors.part(b_goals, a_offers, ba) + vectors.part(a_goals, b_offers, ab)) / 2
        peer_kinds = np.full(len(a_idx), KIND_PEER, dtype=object)
        parts.append((a_idx, b_idx, peer_kinds, peer_sim.astype(np.float32),
                      pair_parts(arrays, a_idx, b_idx, peer_kinds, peer_part, programme),
                      arrays.blocked(a_idx, b_idx, programme)))

    giver = np.concatenate([p[0] for p in parts]).astype(np.int64)
    receiver = np.concatenate([p[1] for p in parts]).astype(np.int64)
    kind = np.concatenate([p[2] for p in parts]).astype(str) if len(giver) else np.zeros(0, dtype=str)
    similarity = np.concatenate([p[3] for p in parts]).astype(np.float32)
    raw = {c: np.concatenate([p[4][c] for p in parts]).astype(np.float64) for c in COMPONENTS}
    units = weighted_units(raw, programme)
    score = score_of_units(units)
    blocked_all = np.concatenate([p[5] for p in parts]).astype(str) if len(giver) else np.zeros(0, dtype=str)
    cohesion, clashes, cohesion_sim = _co_mentee_terms(people, programme, giver, receiver, kind, blocked_all, vectors)
    return ScoreTable(
        participants=people, giver=giver, receiver=receiver, kind=kind, similarity=similarity, raw=raw,
        units=units, score=score, blocked=blocked_all, encoder_id=encoder_id, cohesion=cohesion,
        clashes=clashes, cohesion_similarity=cohesion_sim, text_index=vectors.index, inferred_areas=inferred,
        organisations=tuple(organisation_of(p, programme) for p in people), scorer=scorer, reachable=reachable, best_score=best,
    )


def _with_inferred_areas(
    people: Sequence[Participant], encoder: Encoder
) -> tuple[tuple[Participant, ...], frozenset[str]]:
    """Participants whose goal areas are empty get areas inferred from their own text.

    The text is what the role is matched on: a mentee's goals, a mentor's offer,
    both for peers and ``any``. Returns the participants (inferred ones replaced)
    and the ids whose areas were inferred, so explanations can say so.
    """

    def text(p: Participant) -> str:
        peer = p.role.value == "peer"
        sides = ([p.goals] if p.role.can_receive or peer else []) + ([p.offers] if p.role.can_give or peer else [])
        return " ".join(s.strip() for s in sides if s.strip())

    empty = [i for i, p in enumerate(people) if not p.goal_areas and text(p)]
    if not empty:
        return tuple(people), frozenset()
    areas = infer_many([text(people[i]) for i in empty], encoder=encoder)
    out = list(people)
    inferred = set()
    for i, found in zip(empty, areas):
        if found:
            out[i] = replace(people[i], goal_areas=tuple(found))
            inferred.add(people[i].id)
    return tuple(out), frozenset(inferred)


def _empty_pairs() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0, np.int64), np.zeros(0, np.int64)


def _directed_pairs(people: Sequence[Participant]) -> tuple[np.ndarray, np.ndarray]:
    givers = [i for i, p in enumerate(people) if p.role.can_give]
    receivers = [i for i, p in enumerate(people) if p.role.can_receive]
    if not givers or not receivers:
        return _empty_pairs()
    g = np.repeat(np.array(givers, np.int64), len(receivers))
    r = np.tile(np.array(receivers, np.int64), len(givers))
    keep = g != r  # nobody mentors themself
    return g[keep], r[keep]


def _peer_pairs(people: Sequence[Participant]) -> tuple[np.ndarray, np.ndarray]:
    peers = [i for i, p in enumerate(people) if p.role.value in ("peer", "any")]
    pairs = [(a, b) for k, a in enumerate(peers) for b in peers[k + 1:]]
    if not pairs:
        return _empty_pairs()
    arr = np.array(pairs, dtype=np.int64)
    return arr[:, 0], arr[:, 1]


def _group_arcs(
    people: Sequence[Participant], programme: Programme, g_idx: np.ndarray, r_idx: np.ndarray,
    kinds: np.ndarray, blocked: np.ndarray, directed: dict[str, np.ndarray],
) -> np.ndarray:
    """Positions (into the individual arcs) of each group-capable mentor's best candidates."""
    score = score_of_units(weighted_units(directed, programme)) if len(g_idx) else np.zeros(0, np.int64)
    allowed = (blocked == "") & ((kinds != KIND_REVERSE) | ("reverse" in programme.forms))
    leads = np.array([programme.group_limits_of(p) is not None for p in people], dtype=bool)
    mine = np.flatnonzero(allowed & leads[g_idx]) if len(g_idx) else np.zeros(0, np.int64)
    # Best first; ties by input order so the candidate set is reproducible.
    return np.asarray(mine[top_k_per(g_idx[mine], score[mine], r_idx[mine], programme.group_candidates)],
                      dtype=np.int64)


def _co_mentee_terms(
    people: Sequence[Participant], programme: Programme, giver: np.ndarray, receiver: np.ndarray, kind: np.ndarray,
    blocked: np.ndarray, vectors: TextSimilarity,
) -> tuple[tuple[tuple[int, int, int], ...], tuple[tuple[int, int], ...], dict[tuple[int, int], float]]:
    """For each two candidates of one mentor's group: the cohesion of their goals
    (units) or, when they may not share a group, a clash."""
    if "group" not in programme.forms:
        return (), (), {}
    clashes: list[tuple[int, int]] = []
    fits: list[tuple[int, int, tuple[int, int]]] = []
    # Co-mentees of one group meet each other: the coordinator's exclusions and earlier rounds' pairs keep them apart.
    banned = {frozenset(p) for p in programme.exclusions} | (set(programme.past_pairs) if programme.repeat == "forbid"
                                                             else set())
    group = np.flatnonzero((kind == KIND_GROUP) & (blocked == ""))
    group = group[np.argsort(giver[group], kind="stable")]  # each mentor's arcs together, in input order
    starts = np.flatnonzero(np.r_[True, giver[group][1:] != giver[group][:-1]]) if len(group) else group
    for arcs in np.split(group, starts[1:]) if len(group) else []:
        arcs = arcs.tolist()
        for k, a in enumerate(arcs):
            for b in arcs[k + 1:]:
                i, j = int(receiver[a]), int(receiver[b])
                if co_mentees_clash(people[i], people[j]) or frozenset((people[i].id, people[j].id)) in banned:
                    clashes.append((a, b))
                else:
                    fits.append((a, b, (min(i, j), max(i, j))))
    keys = sorted({key for _, _, key in fits})
    # One call for every co-mentee pair: symmetric similarity of their goals.
    values = vectors.mutual_many([people[i].goals for i, _ in keys], [people[j].goals for _, j in keys])
    sims = {key: float(v) for key, v in zip(keys, values.tolist())}
    terms: list[tuple[int, int, int]] = []
    for a, b, key in fits:
        i, j = key
        raw = 0.5 * max(sims[key], 0.0) + 0.5 * jaccard(people[i].goal_areas, people[j].goal_areas)
        units = int(round(raw * programme.group_cohesion_weight * SCALE))
        if units > 0:
            terms.append((a, b, units))
    return tuple(terms), tuple(clashes), sims

