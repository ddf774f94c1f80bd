"""Blocking pairs: two people, not paired together, who would both be better off with each other.

The stable-matching question asked of a matching made by an optimiser. A
matching that maximises the programme's objective (coverage, the weakest pair,
the total) can still leave two people who both score each other higher than
what they have: the optimiser traded their gain for someone else's. This
module lists them, so a coordinator can see where and by how much.

The definition, for an allowed arc between two people (an arc of the score
table whose hard rules pass, ``ScoreTable.feasible``):

- The two are not already together in any pair of the matching.
- Each one's **current** score is the score (as ``Matching.pairs`` shows it,
  a group member's share of its cohesion included) of the pair they would
  have to leave to take this one, or nothing (``NaN``) when they would leave none:

  * as the mentee of the arc (or either peer of a peer arc), the pair they
    are in as a mentee or peer; someone who only mentors now, and may not both
    mentor and be mentored, would leave all their mentees: the best of those;
  * as the mentor of an individual arc, nothing while they have a free place
    (fewer mentees than ``Programme.capacity_of``); with every place taken,
    the weakest of their mentees, whom they would let go; a mentor who leads
    a group now would leave the whole group (a mentor runs a group or
    individual pairs, not both): the best of its members; one who may not both
    mentor and be mentored leaves their own mentor: that pair;
  * as the mentor of a group arc, nothing while their group has room (fewer
    members than ``Programme.group_limits_of``'s largest); with it full, its
    weakest member; a mentor with individual mentees would leave them all (the
    best of them) and one who leads no group now would start one, which the
    smallest group size (2 or more) does not allow two people alone: a group
    arc blocks only with a mentor who leads a group now.

  A pair fixed by ``Programme.fixed_pairs`` is never left: a full mentor lets
  go of their weakest mentee who is not fixed, and a person who would have to
  leave a fixed pair does not block. A mentee who may not share a group with
  one of its members (a clash) does not block with that group's mentor.
- Each one's **margin** is the arc's score minus their current score, and
  nothing counts as 0: someone unmatched, or a mentor with a free place, gains
  the whole score of the arc. The two **block** when both margins are more than
  ``delta``: for a person with nothing to leave, when the arc's score is more
  than ``delta``. ``delta`` is what a change must be worth to bother the two;
  an arc worth at most ``delta`` is not worth pairing for.
- The arc's score is its score in the table; a group arc's is without
  cohesion, which depends on who else would be in the group.
- Where the two have several arcs (a mentor and mentee either way, a group
  arc beside an individual one, a peer arc), each is checked, and the row
  shows the best-scoring arc on which they block (ties: the larger smaller
  margin, then the kind).

What is not asked: whether the matching the two leave behind keeps every other
hard rule (the partner let go may be left unmatched under ``require_all``, or a
hard wish unmet), and, for a cohort so large that the score table holds only
each person's best pairs (``ScoreTable.complete`` false), the arcs outside it.

Everything is computed over arrays of the whole table at once, and the reasons
are worded only for the blocking pairs found: the optimal matching of a
1,000-person cohort with 173,000 allowed arcs answers in about 25 ms, a random
matching of 1,000 people with 100,000 allowed arcs (43,000 blocking pairs to
word) in about 0.4 s, on a shared 2-core machine.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..model.participant import Participant
from ..model.programme import Programme
from ..model.stability_delta import margin_units
from ..model.vocab import KIND_GROUP, KIND_PEER, SCALE
from ..scoring.table import ScoreTable
from .words.common import KIND_WORDS, Language

__all__ = ["BLOCKING_COLUMNS", "blocking_pairs"]

#: the columns of ``Matching.blocking_pairs``: the ids, names and e-mail addresses as in ``Matching.pairs``
#: (for peers, the two peers in input order), then the arc's score, each one's current score and margin
BLOCKING_COLUMNS = ("kind", "mentor_id", "mentee_id", "mentor_name", "mentor_email", "mentee_name", "mentee_email",
                    "score", "mentor_current", "mentee_current", "mentor_margin", "mentee_margin", "reason")

# What a person would leave to take an arc, as a code for the reason's words.
_NOTHING, _ROOM, _WEAKEST, _PAIR, _ALL = 0, 1, 2, 3, 4
_KIND_ORDER = {"traditional": 0, "reverse": 1, "group": 2, "peer": 3}
_INF = math.inf


class _Held:
    """What each person has now, by index of person: one array per quantity, filled from the chosen arcs."""

    def __init__(self, n: int) -> None:
        self.receives = np.full(n, np.nan)  # the pair they are in as a mentee or peer
        self.receives_fixed = np.zeros(n, dtype=bool)
        self.gives = np.zeros(n, dtype=np.int64)  # individual mentees
        self.gives_weakest = np.full(n, _INF)  # the weakest who is not fixed
        self.gives_best = np.full(n, -_INF)  # +inf when one is fixed: they cannot all be left
        self.leads = np.zeros(n, dtype=np.int64)  # group members
        self.leads_weakest = np.full(n, _INF)
        self.leads_best = np.full(n, -_INF)


def _held(table: ScoreTable, chosen: Sequence[tuple[int, int]], fixed: frozenset[frozenset[str]]) -> _Held:
    """Each person's pairs in the matching (``chosen``: arc and its shown score in units)."""
    people = table.participants
    held = _Held(len(people))
    for arc, units in chosen:
        g, r, kind = int(table.giver[arc]), int(table.receiver[arc]), str(table.kind[arc])
        is_fixed = frozenset((people[g].id, people[r].id)) in fixed
        for p in ((g, r) if kind == KIND_PEER else (r,)):
            held.receives[p] = units
            held.receives_fixed[p] = is_fixed
        if kind == KIND_PEER:
            continue
        count, weakest, best = ((held.leads, held.leads_weakest, held.leads_best) if kind == KIND_GROUP else
                                (held.gives, held.gives_weakest, held.gives_best))
        count[g] += 1
        if not is_fixed:
            weakest[g] = min(weakest[g], units)
        best[g] = _INF if is_fixed else max(best[g], units)
    return held


def _leave(held: _Held, table: ScoreTable, programme: Programme) -> tuple[np.ndarray, ...]:
    """Per person, what they would leave (units, NaN for nothing, inf for what they may not) and its code:
    as a receiver or peer, as the mentor of an individual arc, as the mentor of a group arc."""
    people = table.participants
    n = len(people)
    exclusive = np.array([not (programme.dual_roles and p.role.value == "any") for p in people], dtype=bool)
    capacity = np.array([programme.capacity_of(p) for p in people], dtype=np.int64)
    limits = [programme.group_limits_of(p) or (0, 0) for p in people]
    group_min = np.array([lo for lo, _ in limits], dtype=np.int64)
    group_max = np.array([hi for _, hi in limits], dtype=np.int64)
    receiving = ~np.isnan(held.receives)
    receives = np.where(held.receives_fixed, _INF, held.receives)
    mentoring = (held.gives > 0) | (held.leads > 0)
    mentoring_best = np.maximum(held.gives_best, held.leads_best)

    # As a mentee or a peer: their own pair, or (one who may not do both) everyone they mentor.
    as_receiver = np.where(receiving, receives, np.where(exclusive & mentoring, mentoring_best, np.nan))
    receiver_code = np.where(receiving, _PAIR, np.where(exclusive & mentoring, _ALL, _NOTHING))

    # As the mentor of an individual arc.
    full = held.gives >= capacity
    as_mentor = np.full(n, np.nan)
    mentor_code = np.full(n, _NOTHING)
    own_pair = exclusive & receiving
    as_mentor[own_pair], mentor_code[own_pair] = receives[own_pair], _PAIR
    with_mentees = (held.gives > 0) & ~full
    mentor_code[with_mentees] = _ROOM
    as_mentor[full] = np.where(held.gives[full] > 0, held.gives_weakest[full], _INF)  # no places at all: never
    mentor_code[full] = _WEAKEST
    leading = held.leads > 0
    as_mentor[leading], mentor_code[leading] = held.leads_best[leading], _ALL

    # As the mentor of a group arc.
    as_lead = np.full(n, np.nan)
    lead_code = np.full(n, _NOTHING)
    as_lead[own_pair], lead_code[own_pair] = receives[own_pair], _PAIR
    giving = held.gives > 0
    as_lead[giving], lead_code[giving] = held.gives_best[giving], _ALL
    # A new group of the two alone must be big enough.
    as_lead[~leading & (group_min > 1)] = _INF
    room = leading & (held.leads < group_max)
    lead_code[room] = _ROOM
    as_lead[room] = np.nan
    group_full = leading & ~room
    as_lead[group_full], lead_code[group_full] = held.leads_weakest[group_full], _WEAKEST
    as_lead[group_max == 0] = _INF
    return as_receiver, receiver_code, as_mentor, mentor_code, as_lead, lead_code


def blocking_pairs(table: ScoreTable, programme: Programme, chosen: Sequence[tuple[int, int]], *,
                   delta: float = 0.05, language: Language = "en") -> pd.DataFrame:
    """The blocking pairs of a matching (see the module's docstring for the definition).

    ``chosen`` holds each pair of the matching as its arc in ``table`` and its
    score in units as ``Matching.pairs`` shows it. One row per two people, with
    :data:`BLOCKING_COLUMNS`: ``score`` the arc's, ``*_current`` the score of
    what each would leave (NaN for nothing), ``*_margin`` what each gains, and
    ``reason`` a sentence for the coordinator in ``language``. Sorted by the
    smaller margin, largest first, then by the two ids.
    """
    if language not in ("en", "fi"):
        raise ValueError(f"language must be 'en' or 'fi', got {language!r}")
    if not isinstance(delta, (int, float)) or isinstance(delta, bool) or not math.isfinite(delta) or delta < 0:
        raise ValueError(f"delta must be a number of score units, 0 or more, got {delta!r}")
    people = table.participants
    n = len(people)
    fixed = frozenset(frozenset(p) for p in programme.fixed_pairs)
    held = _held(table, chosen, fixed)
    as_receiver, receiver_code, as_mentor, mentor_code, as_lead, lead_code = _leave(held, table, programme)

    giver, receiver, kind = table.giver, table.receiver, table.kind
    peer, group = kind == KIND_PEER, kind == KIND_GROUP
    pair_key = np.minimum(giver, receiver) * max(n, 1) + np.maximum(giver, receiver)
    chosen_arcs = np.array([a for a, _ in chosen], dtype=np.int64)
    together = np.isin(pair_key, pair_key[chosen_arcs])
    candidate = table.feasible & ~together & ~_clashing(table, chosen_arcs)

    score = table.score.astype(np.float64)
    giver_left = np.where(peer, as_receiver[giver], np.where(group, as_lead[giver], as_mentor[giver]))
    giver_code = np.where(peer, receiver_code[giver], np.where(group, lead_code[giver], mentor_code[giver]))
    receiver_left = as_receiver[receiver]
    with np.errstate(invalid="ignore"):  # inf - inf never arises: a score is finite
        giver_margin = score - np.nan_to_num(giver_left, nan=0.0, posinf=_INF)
        receiver_margin = score - np.nan_to_num(receiver_left, nan=0.0, posinf=_INF)
    least = margin_units(delta, SCALE)  # the model's own bound (Programme.stability_delta): a gain of delta does not block
    blocks = np.flatnonzero(candidate & (giver_margin > least) & (receiver_margin > least))

    smaller = np.minimum(giver_margin[blocks], receiver_margin[blocks])
    kind_rank = np.select([kind[blocks] == k for k in _KIND_ORDER], list(_KIND_ORDER.values()), len(_KIND_ORDER))
    # Per two people the best-scoring blocking arc: sorted by pair, then best first, and the first kept.
    order = np.lexsort((blocks, kind_rank, -smaller, -score[blocks], pair_key[blocks]))
    ranked = blocks[order]
    first = np.r_[True, pair_key[ranked][1:] != pair_key[ranked][:-1]] if len(ranked) else np.zeros(0, dtype=bool)
    best = ranked[first]
    ids = np.array([p.id for p in people] or [""], dtype=str)
    g_idx, r_idx = giver[best], receiver[best]
    # The smaller margin (exact, in units) largest first, then the two ids.
    best = best[np.lexsort((ids[r_idx], ids[g_idx], -np.minimum(giver_margin[best], receiver_margin[best])))]
    g_idx, r_idx = giver[best], receiver[best]

    names = np.array([p.name for p in people] or [""], dtype=object)
    emails = np.array([p.email for p in people] or [""], dtype=object)
    shown = {"score": score[best], "mentor_current": giver_left[best], "mentee_current": receiver_left[best],
             "mentor_margin": giver_margin[best], "mentee_margin": receiver_margin[best]}
    codes = (giver_code[best], receiver_code[r_idx])
    columns: dict[str, object] = {
        "kind": kind[best].astype(object), "mentor_id": ids[g_idx].astype(object),
        "mentee_id": ids[r_idx].astype(object), "mentor_name": names[g_idx], "mentor_email": emails[g_idx],
        "mentee_name": names[r_idx], "mentee_email": emails[r_idx],
        **{name: np.asarray(values, dtype=np.float64) / SCALE for name, values in shown.items()},
        "reason": np.array(_reasons(people, g_idx, r_idx, kind[best], shown, codes, language), dtype=object),
    }
    return pd.DataFrame(columns, columns=list(BLOCKING_COLUMNS))


def _clashing(table: ScoreTable, chosen_arcs: np.ndarray) -> np.ndarray:
    """Group arcs whose mentee may not share the group with one of its members now."""
    out = np.zeros(len(table), dtype=bool)
    if not table.clashes:
        return out
    picked = set(chosen_arcs.tolist())
    for a, b in table.clashes:
        if b in picked:
            out[a] = True
        if a in picked:
            out[b] = True
    return out


# --------------------------------------------------------------------------- words

_ROLE = {  # (English, Finnish nominative, allative, adessive, genitive)
    "mentor": ("mentor", "mentori", "mentorille", "mentorilla", "mentorin"),
    "mentee": ("mentee", "aktori", "aktorille", "aktorilla", "aktorin"),
    "peer": ("peer", "vertainen", "vertaiselle", "vertaisella", "vertaisen"),
}


def _decimals(units: np.ndarray, language: Language) -> list[str]:
    """Each value in units as :func:`~mentorpair.result.words.common.decimal` writes it; "" where not finite."""
    out = [f"{v:.2f}" if math.isfinite(v) else "" for v in (np.asarray(units, dtype=np.float64) / SCALE).tolist()]
    out = ["0.00" if t == "-0.00" else t for t in out]
    return [t.replace(".", ",") for t in out] if language == "fi" else out


def _reasons(people: Sequence[Participant], g_idx: np.ndarray, r_idx: np.ndarray, kinds: np.ndarray,
             shown: dict[str, np.ndarray], codes: tuple[np.ndarray, np.ndarray], language: Language) -> list[str]:
    """One sentence per row for the coordinator: the two people, the arc, and what each would gain over what.

    Numbers are written for all rows at once: a poor matching of a large cohort has tens of thousands.
    """
    named = [f"{p.id} ({p.name.strip()})" if p.name.strip() else p.id for p in people]
    total, now_g, now_r, gain_g, gain_r = (_decimals(shown[c], language) for c in (
        "score", "mentor_current", "mentee_current", "mentor_margin", "mentee_margin"))
    out = []
    for i, (g, r, kind, code_g, code_r) in enumerate(zip(g_idx.tolist(), r_idx.tolist(), kinds.tolist(),
                                                         codes[0].tolist(), codes[1].tolist())):
        peer = kind == KIND_PEER
        roles = ("peer", "peer") if peer else ("mentor", "mentee")
        first = _side(people[g].id, roles[0], kind, code_g, now_g[i], gain_g[i], language)
        second = _side(people[r].id, roles[1], kind, code_r, now_r[i], gain_r[i], language)
        if language == "en":
            head = f"Peers {named[g]} and {named[r]}" if peer else f"Mentor {named[g]} and mentee {named[r]}"
            out.append(f"{head} would both be better off as a pair ({KIND_WORDS['en'][kind]}, score {total[i]}): "
                       f"{first}; {second}.")
        else:
            head = f"Vertaiset {named[g]} ja {named[r]}" if peer else f"Mentori {named[g]} ja aktori {named[r]}"
            out.append(f"{head} hyötyisivät kumpikin siitä, että olisivat pari ({KIND_WORDS['fi'][kind]}, "
                       f"pisteet {total[i]}): {first}; {second}.")
    return out


def _side(pid: str, role: str, kind: str, code: int, now: str, gain: str, language: Language) -> str:
    """What one of the two would gain, over what (an id stands after a noun that carries the Finnish case)."""
    _, nom, allative, adessive, genitive = _ROLE[role]
    if language == "en":
        if code == _NOTHING:
            return f"{pid} has no pair now"
        if code == _ROOM:
            return (f"{pid}'s group has room for one more" if kind == KIND_GROUP else
                    f"{pid} has room for another mentee")
        if code == _WEAKEST:
            what = "the weakest member of their group" if kind == KIND_GROUP else "their weakest mentee"
            return f"{pid} gains {gain} over {what} now ({now})"
        if code == _PAIR:
            return f"{pid} gains {gain} over their current pair ({now})"
        return f"{pid} gains {gain} over the best of their current pairs, all of which they would leave ({now})"
    if code == _NOTHING:
        return f"{nom} {pid} on nyt ilman paria"
    if code == _ROOM:
        return (f"{genitive} {pid} ryhmässä on vielä tilaa" if kind == KIND_GROUP else
                f"{adessive} {pid} on vielä tilaa yhdelle aktorille")
    if code == _WEAKEST:
        what = "ryhmän heikoimman nykyisen jäsenen" if kind == KIND_GROUP else "heikoimman nykyisen aktorin"
        return f"{allative} {pid} tämä pari on {gain} parempi kuin pari {what} kanssa ({now})"
    if code == _PAIR:
        return f"{allative} {pid} tämä pari on {gain} parempi kuin nykyinen pari ({now})"
    return f"{allative} {pid} tämä pari on {gain} parempi kuin paras nykyisistä pareista, joista kaikista hän luopuisi ({now})"
