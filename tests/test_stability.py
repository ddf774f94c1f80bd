"""Matching.blocking_pairs: two people not paired together who would both be better off with each other.

Hand-made score tables whose blocking pairs are known, an optimal matching that still has one,
and a brute force over every allowed arc of small generated cohorts that follows the definition
in mentorpair.result.stability's docstring with plain loops.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mentorpair as mp
import mentorpair.result.matching as matching_module
from mentorpair.model.vocab import COMPONENTS, KIND_GROUP, KIND_PEER, SCALE
from mentorpair.pipeline import solve_scored
from mentorpair.result.stability import BLOCKING_COLUMNS, blocking_pairs
from mentorpair.result.words.common import decimal
from mentorpair.scoring.table import ScoreTable
from tests.strategies import cases

P, R = mp.Participant, mp.Role
INF = math.inf


def table_of(people: Sequence[mp.Participant], arcs: Sequence[tuple[str, str, str, float] | tuple[str, str, str, float, str]]
             ) -> ScoreTable:
    """A score table with exactly these arcs: (giver id, receiver id, kind, score[, the rule that blocks it])."""
    index = {p.id: i for i, p in enumerate(people)}
    units = np.array([round(a[3] * SCALE) for a in arcs], dtype=np.int64)
    parts = {c: (units if c == "goal_text" else np.zeros(len(arcs), np.int64)) for c in COMPONENTS}
    return ScoreTable(
        participants=tuple(people),
        giver=np.array([index[a[0]] for a in arcs], dtype=np.int64),
        receiver=np.array([index[a[1]] for a in arcs], dtype=np.int64),
        kind=np.array([a[2] for a in arcs], dtype=str),
        similarity=np.zeros(len(arcs), np.float32),
        raw={c: v / SCALE for c, v in parts.items()},
        units=parts,
        score=units.copy(),
        blocked=np.array([a[4] if len(a) > 4 else "" for a in arcs], dtype=object).astype(str),
        encoder_id="hand-made",
    )


def chosen_of(table: ScoreTable, pairs: Sequence[tuple[str, str, str]]) -> list[tuple[int, int]]:
    """The matching's pairs as (arc, shown units): here no cohesion, so the arc's own score."""
    out = []
    for g, r, kind in pairs:
        arc = table.index_of(g, r, kind)
        assert arc is not None
        out.append((arc, int(table.score[arc])))
    return out


def found(frame: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(zip(frame["mentor_id"], frame["mentee_id"], frame["kind"]))


TRADITIONAL = mp.Programme(forms=("traditional",), objective=("total",))


# --------------------------------------------------------------------------- known cases


def test_an_optimal_matching_can_have_a_blocking_pair() -> None:
    """Total-maximising 1-to-1: M1-A1 + M2-A2 = 1.0 beats M1-A2 + M2-A1 = 0.95, yet M1 and A2 both gain 0.4."""
    people = [P("M1", R.MENTOR, name="Maija Mentor"), P("M2", R.MENTOR), P("A1", R.MENTEE),
              P("A2", R.MENTEE, name="Aino Aktori", email="aino@example.fi")]
    table = table_of(people, [("M1", "A1", "traditional", 0.5), ("M1", "A2", "traditional", 0.9),
                              ("M2", "A1", "traditional", 0.05), ("M2", "A2", "traditional", 0.5)])
    matching = solve_scored(mp.Cohort(tuple(people)), TRADITIONAL, table)
    assert matching.status is mp.Status.OPTIMAL
    assert set(zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"])) == {("M1", "A1"), ("M2", "A2")}
    frame = matching.blocking_pairs()
    assert list(frame.columns) == list(BLOCKING_COLUMNS)
    assert frame.shape[0] == 1
    row = frame.iloc[0]
    assert (row["mentor_id"], row["mentee_id"], row["kind"]) == ("M1", "A2", "traditional")
    assert (row["mentor_name"], row["mentee_name"], row["mentee_email"]) == ("Maija Mentor", "Aino Aktori",
                                                                             "aino@example.fi")
    assert row["score"] == pytest.approx(0.9)
    assert (row["mentor_current"], row["mentee_current"]) == (pytest.approx(0.5), pytest.approx(0.5))
    assert (row["mentor_margin"], row["mentee_margin"]) == (pytest.approx(0.4), pytest.approx(0.4))
    assert row["reason"] == ("Mentor M1 (Maija Mentor) and mentee A2 (Aino Aktori) would both be better off as a pair "
                             "(traditional, score 0.90): M1 gains 0.40 over their weakest mentee now (0.50); "
                             "A2 gains 0.40 over their current pair (0.50).")
    fi = matching.blocking_pairs(language="fi")["reason"].iloc[0]
    assert fi == ("Mentori M1 (Maija Mentor) ja aktori A2 (Aino Aktori) hyötyisivät kumpikin siitä, että olisivat pari "
                  "(perinteinen mentorointi, pisteet 0,90): mentorille M1 tämä pari on 0,40 parempi kuin pari heikoimman "
                  "nykyisen aktorin kanssa (0,50); aktorille A2 tämä pari on 0,40 parempi kuin nykyinen pari (0,50).")
    # Both margins must be more than delta: 0.4 is not more than 0.4.
    assert len(matching.blocking_pairs(delta=0.39)) == 1
    assert matching.blocking_pairs(delta=0.4).empty


def test_an_unmatched_person_has_nothing_and_gains_the_whole_score() -> None:
    people = [P("M1", R.MENTOR), P("A1", R.MENTEE), P("A2", R.MENTEE)]
    for score, blocks in ((0.6, True), (0.52, False)):
        table = table_of(people, [("M1", "A1", "traditional", 0.5), ("M1", "A2", "traditional", score)])
        frame = blocking_pairs(table, TRADITIONAL, chosen_of(table, [("M1", "A1", "traditional")]))
        assert (not frame.empty) is blocks
        if blocks:
            row = frame.iloc[0]
            assert math.isnan(row["mentee_current"]) and row["mentee_margin"] == pytest.approx(score)
            assert "A2 has no pair now" in row["reason"]
            fi = blocking_pairs(table, TRADITIONAL, chosen_of(table, [("M1", "A1", "traditional")]),
                                language="fi")["reason"].iloc[0]
            assert "aktori A2 on nyt ilman paria" in fi
    # Two unmatched people: any allowed pair scoring more than delta, and only those.
    table = table_of(people, [("M1", "A1", "traditional", 0.05), ("M1", "A2", "traditional", 0.06)])
    assert found(blocking_pairs(table, TRADITIONAL, [])) == {("M1", "A2", "traditional")}
    assert found(blocking_pairs(table, TRADITIONAL, [], delta=0.0)) == {("M1", "A1", "traditional"),
                                                                        ("M1", "A2", "traditional")}


def test_a_mentor_with_a_free_place_leaves_nobody() -> None:
    people = [P("M1", R.MENTOR, capacity=2), P("M2", R.MENTOR), P("A1", R.MENTEE), P("A2", R.MENTEE)]
    arcs = [("M1", "A1", "traditional", 0.5), ("M2", "A2", "traditional", 0.3), ("M1", "A2", "traditional", 0.4)]
    table = table_of(people, arcs)
    now = [("M1", "A1", "traditional"), ("M2", "A2", "traditional")]
    two = mp.Programme(forms=("traditional",), max_mentees_per_mentor=2)
    frame = blocking_pairs(table, two, chosen_of(table, now))
    assert found(frame) == {("M1", "A2", "traditional")}
    row = frame.iloc[0]
    assert math.isnan(row["mentor_current"]) and row["mentor_margin"] == pytest.approx(0.4)
    assert row["mentee_current"] == pytest.approx(0.3) and row["mentee_margin"] == pytest.approx(0.1)
    assert "M1 has room for another mentee" in row["reason"]
    assert "mentorilla M1 on vielä tilaa yhdelle aktorille" in blocking_pairs(
        table, two, chosen_of(table, now), language="fi")["reason"].iloc[0]
    # With one place, M1 would have to let A1 (0.5) go for A2 (0.4): not better off.
    one = mp.Programme(forms=("traditional",), max_mentees_per_mentor=1)
    assert blocking_pairs(table, one, chosen_of(table, now)).empty


def test_a_full_mentor_compares_with_their_weakest_mentee() -> None:
    people = [P("M1", R.MENTOR, capacity=2), P("M2", R.MENTOR), P("A1", R.MENTEE), P("A2", R.MENTEE),
              P("A3", R.MENTEE)]
    arcs = [("M1", "A1", "traditional", 0.8), ("M1", "A2", "traditional", 0.3), ("M2", "A3", "traditional", 0.2),
            ("M1", "A3", "traditional", 0.5)]
    table = table_of(people, arcs)
    two = mp.Programme(forms=("traditional",), max_mentees_per_mentor=2)
    chosen = chosen_of(table, [("M1", "A1", "traditional"), ("M1", "A2", "traditional"),
                               ("M2", "A3", "traditional")])
    row = blocking_pairs(table, two, chosen).iloc[0]
    assert (row["mentor_id"], row["mentee_id"]) == ("M1", "A3")
    assert row["mentor_current"] == pytest.approx(0.3) and row["mentor_margin"] == pytest.approx(0.2)
    # A fixed weakest mentee is not let go: the next weakest (0.8) is what M1 would lose.
    fixed = mp.Programme(forms=("traditional",), max_mentees_per_mentor=2, fixed_pairs=(("M1", "A2"),))
    assert blocking_pairs(table, fixed, chosen).empty
    # Nor is a fixed pair of the mentee's left.
    fixed_mentee = mp.Programme(forms=("traditional",), max_mentees_per_mentor=2, fixed_pairs=(("M2", "A3"),))
    assert blocking_pairs(table, fixed_mentee, chosen).empty


def test_two_people_with_several_arcs_are_one_row_with_their_best_blocking_arc() -> None:
    people = [P("X", R.ANY), P("Y", R.ANY)]
    programme = mp.Programme(forms=("traditional", "peer"))
    table = table_of(people, [("X", "Y", "traditional", 0.3), ("Y", "X", "traditional", 0.4),
                              ("X", "Y", "peer", 0.6)])
    frame = blocking_pairs(table, programme, [])
    assert found(frame) == {("X", "Y", "peer")}
    assert frame["reason"].iloc[0].startswith("Peers X and Y would both be better off as a pair (peer, score 0.60)")
    # A hard rule rules the peer arc out: the best arc left.
    table = table_of(people, [("X", "Y", "traditional", 0.3), ("Y", "X", "traditional", 0.4),
                              ("X", "Y", "peer", 0.6, "exclusion")])
    assert found(blocking_pairs(table, programme, [])) == {("Y", "X", "traditional")}


def test_people_paired_together_and_forbidden_arcs_never_block() -> None:
    people = [P("X", R.ANY), P("Y", R.ANY), P("A1", R.MENTEE)]
    programme = mp.Programme(forms=("traditional", "peer"))
    table = table_of(people, [("X", "Y", "peer", 0.2), ("X", "Y", "traditional", 0.9),
                              ("X", "A1", "traditional", 0.9, "language")])
    assert blocking_pairs(table, programme, chosen_of(table, [("X", "Y", "peer")])).empty


def test_groups_have_room_until_full_and_two_alone_cannot_start_one() -> None:
    people = [P("M1", R.MENTOR, capacity=3), P("M2", R.MENTOR, capacity=3), P("A1", R.MENTEE), P("A2", R.MENTEE),
              P("A3", R.MENTEE)]
    arcs = [("M1", "A1", "group", 0.5), ("M1", "A2", "group", 0.5), ("M1", "A3", "group", 0.6),
            ("M2", "A3", "group", 0.9)]
    table = table_of(people, arcs)
    now = chosen_of(table, [("M1", "A1", "group"), ("M1", "A2", "group")])
    roomy = mp.Programme(forms=("group",), group_size=(2, 3), max_mentees_per_mentor=None)
    row = blocking_pairs(table, roomy, now).iloc[0]
    assert (row["mentor_id"], row["mentee_id"], row["kind"]) == ("M1", "A3", "group")
    assert math.isnan(row["mentor_current"]) and "M1's group has room for one more" in row["reason"]
    assert "mentorin M1 ryhmässä on vielä tilaa" in blocking_pairs(table, roomy, now, language="fi")["reason"].iloc[0]
    # M2 leads no group and the smallest is 2: M2 and A3 alone cannot make one.
    assert ("M2", "A3", "group") not in found(blocking_pairs(table, roomy, now))
    # A full group: M1 would let the weakest member (0.5) go for A3 (0.6).
    full = mp.Programme(forms=("group",), group_size=(2, 2), max_mentees_per_mentor=None)
    row = blocking_pairs(table, full, now).iloc[0]
    assert row["mentor_current"] == pytest.approx(0.5) and row["mentor_margin"] == pytest.approx(0.1)
    assert "the weakest member of their group" in row["reason"]
    assert "mentorille M1 tämä pari on 0,10 parempi kuin pari ryhmän heikoimman nykyisen jäsenen kanssa (0,50)" in (
        blocking_pairs(table, full, now, language="fi")["reason"].iloc[0])


def test_rows_are_sorted_by_the_smaller_margin_then_ids() -> None:
    people = [P(f"M{i}", R.MENTOR) for i in range(1, 4)] + [P(f"A{i}", R.MENTEE) for i in range(1, 4)]
    arcs = [("M1", "A1", "traditional", 0.3), ("M2", "A2", "traditional", 0.3), ("M3", "A3", "traditional", 0.3),
            ("M3", "A1", "traditional", 0.5), ("M2", "A1", "traditional", 0.5), ("M1", "A2", "traditional", 0.7)]
    table = table_of(people, arcs)
    now = chosen_of(table, [(f"M{i}", f"A{i}", "traditional") for i in range(1, 4)])
    frame = blocking_pairs(table, TRADITIONAL, now)
    assert list(zip(frame["mentor_id"], frame["mentee_id"])) == [("M1", "A2"), ("M2", "A1"), ("M3", "A1")]


def test_no_pairs_no_rows_with_every_column() -> None:
    for people in ([], [P("M1", R.MENTOR)]):
        frame = blocking_pairs(table_of(people, []), TRADITIONAL, [], language="fi")
        assert frame.empty and list(frame.columns) == list(BLOCKING_COLUMNS)
        assert frame["reason"].dtype == object and frame["score"].dtype == float


def test_bad_arguments_are_refused() -> None:
    table = table_of([P("M1", R.MENTOR), P("A1", R.MENTEE)], [("M1", "A1", "traditional", 0.5)])
    for delta in (-0.1, math.nan, "0.05"):
        with pytest.raises(ValueError, match="delta"):
            blocking_pairs(table, TRADITIONAL, [], delta=delta)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="language"):
        blocking_pairs(table, TRADITIONAL, [], language="sv")  # type: ignore[arg-type]
    with pytest.raises(mp.MentorPairError):
        mp.assign(pd.DataFrame({"mentor": ["m"], "mentee": ["a"], "score": [0.5]})).blocking_pairs()


# --------------------------------------------------------------------------- brute force


def brute_force(table: ScoreTable, programme: mp.Programme, chosen: Sequence[tuple[int, int]], delta: float
                ) -> dict[frozenset[str], dict[str, object]]:
    """The definition with plain loops over every allowed arc; ``chosen`` the matching's (arc, shown units)."""
    people = {p.id: p for p in table.participants}
    ids = [p.id for p in table.participants]
    fixed = {frozenset(p) for p in programme.fixed_pairs}
    receives: dict[str, tuple[int, bool]] = {}
    gives: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    leads: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    together = set()
    group_arcs: dict[str, list[int]] = defaultdict(list)
    for arc, units in chosen:
        g, r, kind = ids[int(table.giver[arc])], ids[int(table.receiver[arc])], str(table.kind[arc])
        held = (units, frozenset((g, r)) in fixed)
        together.add(frozenset((g, r)))
        receives[r] = held
        if kind == KIND_PEER:
            receives[g] = held
        elif kind == KIND_GROUP:
            leads[g].append(held)
            group_arcs[g].append(arc)
        else:
            gives[g].append(held)

    def exclusive(pid: str) -> bool:
        return not (programme.dual_roles and people[pid].role.value == "any")

    def all_of(held: list[tuple[int, bool]]) -> float:
        return INF if any(f for _, f in held) else max(u for u, _ in held)

    def weakest(held: list[tuple[int, bool]]) -> float:
        return min((u for u, f in held if not f), default=INF)

    def own(pid: str) -> float:
        units, is_fixed = receives[pid]
        return INF if is_fixed else units

    def as_receiver(pid: str) -> float | None:
        if pid in receives:
            return own(pid)
        if exclusive(pid) and (gives[pid] or leads[pid]):
            return all_of(gives[pid] + leads[pid])
        return None

    def as_mentor(pid: str) -> float | None:
        if leads[pid]:
            return all_of(leads[pid])
        if len(gives[pid]) >= programme.capacity_of(people[pid]):
            return weakest(gives[pid])
        if exclusive(pid) and pid in receives and not gives[pid]:
            return own(pid)
        return None

    def as_lead(pid: str) -> float | None:
        smallest, largest = programme.group_limits_of(people[pid]) or (0, 0)
        if largest == 0:
            return INF
        if leads[pid]:
            return None if len(leads[pid]) < largest else weakest(leads[pid])
        if smallest > 1:
            return INF
        if gives[pid]:
            return all_of(gives[pid])
        if exclusive(pid) and pid in receives:
            return own(pid)
        return None

    clashes = {frozenset(c) for c in table.clashes}
    best: dict[frozenset[str], dict[str, object]] = {}
    for a in range(len(table)):
        if table.blocked[a]:
            continue
        g, r, kind, score = ids[int(table.giver[a])], ids[int(table.receiver[a])], str(table.kind[a]), int(table.score[a])
        if frozenset((g, r)) in together:
            continue
        if kind == KIND_GROUP and any(frozenset((a, b)) in clashes for b in group_arcs[g]):
            continue
        left_g = as_receiver(g) if kind == KIND_PEER else as_lead(g) if kind == KIND_GROUP else as_mentor(g)
        left_r = as_receiver(r)
        margin_g = score - (0 if left_g is None else left_g)
        margin_r = score - (0 if left_r is None else left_r)
        if not (margin_g > delta * SCALE and margin_r > delta * SCALE):
            continue
        rank = ["traditional", "reverse", "group", "peer"].index(kind)
        key = (score, min(margin_g, margin_r), -rank)
        old = best.get(frozenset((g, r)))
        if old is None or key > old["key"]:  # type: ignore[operator]
            best[frozenset((g, r))] = {"kind": kind, "mentor_id": g, "mentee_id": r, "score": score, "key": key,
                                       "current": (left_g, left_r), "margin": (margin_g, margin_r)}
    return best


def as_units(value: float) -> float | None:
    return None if math.isnan(value) else round(value * SCALE)


def check_against_brute_force(frame: pd.DataFrame, expected: dict[frozenset[str], dict[str, object]],
                              delta: float) -> None:
    assert len(frame) == len(expected)
    for row in frame.itertuples(index=False):
        want = expected[frozenset((row.mentor_id, row.mentee_id))]
        assert (row.kind, row.mentor_id, row.mentee_id) == (want["kind"], want["mentor_id"], want["mentee_id"])
        assert round(row.score * SCALE) == want["score"]
        assert (as_units(row.mentor_current), as_units(row.mentee_current)) == want["current"]
        assert (round(row.mentor_margin * SCALE), round(row.mentee_margin * SCALE)) == want["margin"]
        assert min(row.mentor_margin, row.mentee_margin) > delta
    smaller = np.minimum(frame["mentor_margin"], frame["mentee_margin"]).to_numpy()
    assert (np.diff(smaller) <= 1e-12).all()


def shown_pairs(matching: mp.Matching) -> list[tuple[int, int]]:
    """The matching's pairs as (arc, units), read from ``pairs`` as shown."""
    _, table = matching._explainable()
    out = []
    for kind, g, r, score in zip(matching.pairs["kind"], matching.pairs["mentor_id"], matching.pairs["mentee_id"],
                                 matching.pairs["score"]):
        arc = table.index_of(g, r, kind)
        assert arc is not None
        out.append((arc, round(score * SCALE)))
    return out


@given(case=cases(max_size=7, dual_max_size=5), delta=st.sampled_from([0.0, 0.01, 0.05, 0.2]),
       total_only=st.booleans())
def test_the_solved_matching_agrees_with_the_brute_force(solve, case: tuple[mp.Cohort, mp.Programme], delta: float,  # type: ignore[no-untyped-def]
                                                         total_only: bool) -> None:
    """An optimal matching may have blocking pairs or not: only the definition is checked."""
    cohort, programme = case
    if total_only:
        programme = replace(programme, objective=("total",))
    matching = solve(cohort, programme)
    _, table = matching._explainable()
    check_against_brute_force(matching.blocking_pairs(delta), brute_force(table, programme, shown_pairs(matching),
                                                                          delta), delta)


def some_matching(table: ScoreTable, programme: mp.Programme, order: Sequence[int]) -> list[tuple[int, int]]:
    """Allowed arcs taken in ``order`` while the programme's limits let them in (group sizes kept below
    the largest only: the definition reads any matching). No cohesion: each arc's own score."""
    people = table.participants
    receives: set[int] = set()
    gives: dict[int, int] = defaultdict(int)
    leads: dict[int, list[int]] = defaultdict(list)
    pairs: set[frozenset[int]] = set()
    clashes = {frozenset(c) for c in table.clashes}

    def exclusive(p: int) -> bool:
        return not (programme.dual_roles and people[p].role.value == "any")

    chosen = []
    for a in order:
        g, r, kind = int(table.giver[a]), int(table.receiver[a]), str(table.kind[a])
        receivers = (g, r) if kind == KIND_PEER else (r,)
        if table.blocked[a] or frozenset((g, r)) in pairs or any(p in receives for p in receivers):
            continue
        # Nobody both gives and receives unless dual roles let them.
        if any(exclusive(p) and (gives[p] or leads[p]) for p in receivers):
            continue
        if kind != KIND_PEER and exclusive(g) and g in receives:
            continue
        if kind == KIND_GROUP:
            limits = programme.group_limits_of(people[g])
            if gives[g] or limits is None or len(leads[g]) >= limits[1]:
                continue
            if any(frozenset((a, b)) in clashes for b in leads[g]):
                continue
            leads[g].append(a)
        elif kind != KIND_PEER:
            if leads[g] or gives[g] >= programme.capacity_of(people[g]):
                continue
            gives[g] += 1
        receives.update(receivers)
        pairs.add(frozenset((g, r)))
        chosen.append((a, int(table.score[a])))
    return chosen


FORMS = (("traditional",), ("traditional", "peer"), ("traditional", "reverse"), ("group",), ("traditional", "group"),
         ("peer",), ("traditional", "reverse", "group", "peer"))


@st.composite
def scored_cases(draw: st.DrawFn) -> tuple[ScoreTable, mp.Programme, list[tuple[int, int]]]:
    """A hand-scored table (scores drawn, some arcs ruled out, some group arcs clashing), its programme,
    and some matching of it taken in a drawn order, a pair or two of it fixed."""
    n = draw(st.integers(2, 8))
    people = [P(f"P{i}", R(draw(st.sampled_from(["mentor", "mentee", "any", "any", "peer"]))), name=f"Name{i}",
                capacity=draw(st.one_of(st.none(), st.integers(1, 3)))) for i in range(n)]
    forms = draw(st.sampled_from(FORMS))
    smallest = draw(st.integers(2, 3))
    programme = mp.Programme(forms=forms, max_mentees_per_mentor=draw(st.sampled_from([None, 3])),
                             group_size=(smallest, smallest + draw(st.integers(0, 1))), dual_roles=draw(st.booleans()))
    score = st.integers(-2000, SCALE).map(lambda u: u / SCALE)
    blocked = st.sampled_from(["", "", "", "language"])
    individual = [k for k in ("traditional", "reverse") if k in forms]
    arcs: list[tuple[str, str, str, float, str]] = []
    for g in people:
        for r in people:
            if g is r or not (g.role.can_give and r.role.can_receive):
                continue
            if individual:
                arcs.append((g.id, r.id, draw(st.sampled_from(individual)), draw(score), draw(blocked)))
            if "group" in forms:
                arcs.append((g.id, r.id, "group", draw(score), draw(blocked)))
    if "peer" in forms:
        peers = [p for p in people if p.role.value in ("peer", "any")]
        arcs += [(a.id, b.id, "peer", draw(score), draw(blocked)) for k, a in enumerate(peers) for b in peers[k + 1:]]
    table = table_of(people, arcs)
    group = [a for a in range(len(table)) if table.kind[a] == KIND_GROUP]
    same = [(a, b) for a in group for b in group if a < b and table.giver[a] == table.giver[b]]
    clashes = tuple(c for c in same if draw(st.integers(0, 3)) == 0)
    table = replace(table, clashes=clashes)
    chosen = some_matching(table, programme, draw(st.permutations(range(len(table)))))
    ids = [p.id for p in people]
    kept = draw(st.lists(st.sampled_from(chosen), max_size=2, unique=True)) if chosen else []
    fixed = tuple((ids[int(table.giver[a])], ids[int(table.receiver[a])]) for a, _ in kept)
    return table, replace(programme, fixed_pairs=fixed), chosen


@given(case=scored_cases(), delta=st.sampled_from([0.0, 0.01, 0.05, 0.3]))
def test_any_matching_agrees_with_the_brute_force(case: tuple[ScoreTable, mp.Programme, list[tuple[int, int]]],
                                                  delta: float) -> None:
    """Matchings taken in a random order: full mentors, groups with room, fixed pairs, dual roles, clashes."""
    table, programme, chosen = case
    check_against_brute_force(blocking_pairs(table, programme, chosen, delta=delta),
                              brute_force(table, programme, chosen, delta), delta)


@given(case=scored_cases())
def test_a_larger_delta_never_gives_more_pairs(case: tuple[ScoreTable, mp.Programme, list[tuple[int, int]]]) -> None:
    table, programme, chosen = case
    previous: set[frozenset[str]] | None = None
    for delta in (0.0, 0.02, 0.05, 0.1, 0.3, 1.0, 1.5):
        frame = blocking_pairs(table, programme, chosen, delta=delta)
        now = {frozenset(p) for p in zip(frame["mentor_id"], frame["mentee_id"])}
        assert previous is None or now <= previous
        previous = now
    assert not previous  # no margin is more than 1.2: scores run from -0.2 to 1


@given(case=scored_cases())
def test_reasons_name_the_two_and_nobody_else(case: tuple[ScoreTable, mp.Programme, list[tuple[int, int]]]) -> None:
    table, programme, chosen = case
    for language, word in (("en", "score "), ("fi", "pisteet ")):
        frame = blocking_pairs(table, programme, chosen, delta=0.0, language=language)
        for row in frame.itertuples(index=False):
            reason = row.reason
            assert set(re.findall(r"\bP\d+\b", reason)) == {row.mentor_id, row.mentee_id}, reason
            assert set(re.findall(r"\bName\d+\b", reason)) == {row.mentor_name, row.mentee_name}, reason
            assert f"{word}{decimal(row.score, language)}" in reason, reason
            for margin, now in ((row.mentor_margin, row.mentor_current), (row.mentee_margin, row.mentee_current)):
                if not math.isnan(now):
                    assert f" {decimal(margin, language)} " in reason, reason
                    assert f"({decimal(now, language)})" in reason, reason
            if language == "fi":
                assert not re.search(r"\d\.\d", reason), reason
                assert "hyötyisivät kumpikin" in reason
            else:
                assert "would both be better off" in reason


def test_a_thousand_people_stable_greedy_and_random_matchings() -> None:
    """1,000 people, 100,000 allowed arcs of 210,000: a best-first greedy matching has no blocking pair, a
    random one many. (Its time, about 30 ms here, is measured outside the tests: docs/decisions.md.)"""
    rng = np.random.default_rng(1)
    people = [P(f"M{i:03d}", R.MENTOR, capacity=int(rng.integers(1, 4))) for i in range(300)]
    people += [P(f"A{i:03d}", R.MENTEE) for i in range(700)]
    arcs = [(f"M{g:03d}", f"A{r:03d}", "traditional", float(rng.random()),
             "" if rng.random() < 0.48 else "language") for g in range(300) for r in range(700)]
    table = table_of(people, arcs)
    programme = mp.Programme(forms=("traditional",), max_mentees_per_mentor=3)
    allowed = np.flatnonzero(table.feasible)
    assert 95_000 < len(allowed) < 110_000

    def greedy(order: np.ndarray) -> list[tuple[int, int]]:
        """Arcs taken in this order while the mentee is free and the mentor has a place."""
        places = {p.id: programme.capacity_of(p) for p in people[:300]}
        chosen, taken = [], set()
        for a in order.tolist():
            g, r = people[int(table.giver[a])].id, people[int(table.receiver[a])].id
            if r not in taken and places[g]:
                places[g] -= 1
                taken.add(r)
                chosen.append((a, int(table.score[a])))
        return chosen

    # Best arc first: both sides rank by the one score, so nobody blocks (the greedy matching is stable).
    assert blocking_pairs(table, programme, greedy(allowed[np.argsort(-table.score[allowed], kind="stable")]),
                          delta=0.0).empty
    chosen = greedy(rng.permutation(allowed))
    frame = blocking_pairs(table, programme, chosen, delta=0.0)
    assert len(frame) > 100
    assert (frame[["mentor_margin", "mentee_margin"]] > 0).all().all()


def test_the_matching_hands_in_its_pairs_as_shown(solve, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A group member's current score is its pair's score with its share of the group's cohesion."""
    cohort = mp.Cohort((
        P("M1", R.MENTOR, capacity=3, offers="python data", goal_areas=("research",)),
        P("M2", R.MENTOR, capacity=3, offers="writing teams", goal_areas=("leadership",)),
        *(P(f"A{i}", R.MENTEE, goals="python data research", goal_areas=("research",)) for i in range(1, 4)),
        P("A4", R.MENTEE, goals="writing teams", goal_areas=("leadership",)),
        P("A5", R.MENTEE, goals="teams writing", goal_areas=("leadership",)),
    ))
    programme = mp.Programme(forms=("group",), group_size=(2, 3), max_mentees_per_mentor=None,
                             group_cohesion_weight=0.5)
    matching = solve(cohort, programme)
    assert (matching.pairs["kind"] == "group").all() and (matching.pairs["cohesion"] > 0).any()
    seen: list[list[tuple[int, int]]] = []

    def spy(table, programme, chosen, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(list(chosen))
        return blocking_pairs(table, programme, chosen, **kwargs)

    monkeypatch.setattr(matching_module, "_blocking_pairs", spy)
    frame = matching.blocking_pairs(0.0)
    assert sorted(units for _, units in seen[0]) == sorted(round(s * SCALE) for s in matching.pairs["score"])
    _, table = matching._explainable()
    check_against_brute_force(frame, brute_force(table, programme, shown_pairs(matching), 0.0), 0.0)
