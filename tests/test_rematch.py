"""Re-solving after a change with least disruption (issue 19): ``mp.rematch`` and the ``kept`` stage.

The kept stage is checked against brute force (tests/brute_force.py counts the kept pairs of every
valid matching): on small generated cohorts, after a drop-out, a ban or a forced pair, the re-solved
matching reaches the brute-force best of (coverage, kept, then the programme's other stages), so it
keeps the most announced pairs any matching covering as many people keeps. The blossom and CP-SAT
agree on larger cohorts, and every produced matching passes the validator.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from brute_force import best_key, reported, units
from hypothesis import given
from hypothesis import strategies as st
from small_cohorts import three_and_three
from strategies import cohorts, programmes

import mentorpair as mp
from mentorpair import Cohort, Programme, Role, pipeline
from mentorpair import Participant as P
from mentorpair.cli import main
from mentorpair.exceptions import ValidationError
from mentorpair.model.programme import solve_stages
from mentorpair.result.diff import matching_diff
from mentorpair.result.persist import load_matching
from mentorpair.scoring import table as score_table
from mentorpair.synthetic.generator import synthetic_frame
from mentorpair.testing import HashEncoder
from mentorpair.validate import validate

ENCODER = HashEncoder()


def _values(matching: mp.Matching) -> dict[str, int]:
    return {s: int(v) if s in ("coverage", "kept", "wishes") else units(v) for s, v in matching.stage_values.items()}


@st.composite
def _changes(draw: st.DrawFn) -> tuple[Cohort, Programme, dict[str, object]]:
    size = draw(st.integers(3, 6))
    programme = draw(programmes([f"P{i}" for i in range(size)]))
    cohort = draw(cohorts(min_size=size, max_size=size))
    ids = list(cohort.ids)
    which = draw(st.sampled_from(["drop", "ban", "force", "nothing"]))
    change: dict[str, object] = {}
    if which == "drop":
        change["drop"] = [draw(st.sampled_from(ids))]
    elif which in ("ban", "force"):
        a = draw(st.sampled_from(ids))
        b = draw(st.sampled_from([i for i in ids if i != a]))
        change[which] = [(a, b)]
    return cohort, programme, change


@given(case=_changes())
def test_rematch_keeps_the_brute_force_most_announced_pairs(case: tuple[Cohort, Programme, dict[str, object]]) -> None:
    cohort, programme, change = case
    before = mp.match(cohort, programme, encoder=ENCODER)
    if not before.status.has_solution:
        return
    try:
        after = mp.rematch(before, encoder=ENCODER, **change)  # type: ignore[arg-type]
    except ValidationError:
        # A forced pair that is also excluded, or a ban of a fixed pair: refused as two rules at odds.
        assert "force" in change or "ban" in change
        return
    rules = after.programme
    assert rules is not None
    assert set(rules.keep_pairs) <= set(zip(before.pairs["mentor_id"], before.pairs["mentee_id"]))
    assert rules.stages == solve_stages(programme.objective, wishes=programme.wishes == "hard-if-possible",
                                        kept=bool(rules.keep_pairs))
    now = after._cohort
    assert now is not None
    best = best_key(now, rules, ENCODER)
    if after.status is mp.Status.INFEASIBLE:
        assert best is None
        return
    assert validate(after, now, rules) == []
    if after.status is mp.Status.OPTIMAL:
        assert best is not None
        assert _values(after) == dict(zip(rules.stages, reported(best, rules.stages)))


def test_a_drop_out_breaks_only_the_pair_it_must() -> None:
    cohort = three_and_three()
    before = mp.match(cohort, encoder=ENCODER)
    assert len(before.pairs) == 3
    mentor = str(before.pairs["mentor_id"].iloc[0])
    after = mp.rematch(before, drop=[mentor.lower()], encoder=ENCODER)  # any letter case
    assert after.status is mp.Status.OPTIMAL
    diff = before.diff(after)
    assert list(diff[diff["change"] == "broken"]["mentor_id"]) == [mentor]
    assert (diff["change"] == "kept").sum() == 2
    assert after.stage_values["kept"] == 2
    assert any(w.startswith(f"re-solved after: dropped {mentor}; kept 2 of the 3 announced pairs (2 still possible)")
               for w in after.warnings)
    assert list(after.proof["stage"]) == ["coverage", "kept", "fairness", "total"]
    assert validate(after, cohort.without([mentor]), after.programme) == []


def test_a_late_sign_up_is_matched_without_breaking_announced_pairs() -> None:
    cohort = Cohort(three_and_three().participants[:5])  # A3 signs up late
    before = mp.match(cohort, encoder=ENCODER)
    late = Cohort((P("A3", Role.MENTEE, goals="writing research", row=2),))
    after = mp.rematch(before, add=late, encoder=ENCODER)
    assert "A3" in after.matched_ids
    diff = before.diff(after)
    assert set(diff["change"]) == {"kept", "new"} and (diff["change"] == "new").sum() == 1
    assert "joined the cohort" in diff[diff["change"] == "new"].iloc[0]["reason"]
    with pytest.raises(ValidationError) as caught:
        mp.rematch(before, add=[P("a1", Role.MENTEE, goals="x")], encoder=ENCODER)
    assert caught.value.problems[0].participant == "a1" and "already in the cohort as 'A1'" in str(caught.value)


def test_a_ban_breaks_the_pair_and_says_why() -> None:
    cohort = three_and_three()
    before = mp.match(cohort, encoder=ENCODER)
    mentor, mentee = (str(v) for v in before.pairs[["mentor_id", "mentee_id"]].iloc[0])
    after = mp.rematch(before, ban=[(mentee, mentor)], encoder=ENCODER)
    assert (mentor, mentee) not in set(zip(after.pairs["mentor_id"], after.pairs["mentee_id"]))
    broken = before.diff(after).query("change == 'broken'")
    row = broken[broken["mentor_id"] == mentor].iloc[0]
    assert row["reason"].startswith("pair ruled out (exclusions)")
    assert before.diff(after, language="fi").query("change == 'broken'").iloc[0]["reason"].startswith(
        "pari suljettu pois")
    assert after.programme is not None and (mentee, mentor) in after.programme.exclusions


def test_a_forced_pair_moves_the_fewest_people() -> None:
    cohort = three_and_three()
    before = mp.match(cohort, encoder=ENCODER)
    partner = dict(zip(before.pairs["mentee_id"], before.pairs["mentor_id"]))
    other = next(m for m in ("M1", "M2", "M3") if m != partner["A1"])
    after = mp.rematch(before, force=[(other, "A1")], encoder=ENCODER)
    assert (other, "A1") in set(zip(after.pairs["mentor_id"], after.pairs["mentee_id"]))
    # A1's old mentor and other's old mentee pair up, or one of them goes without: the third pair stays.
    assert after.stage_values["kept"] == 1
    assert matching_diff(before, after).query("change == 'new'")["reason"].str.contains("pair forced").any()


def test_disruption_none_keeps_every_pair_as_a_rule_and_names_the_conflict() -> None:
    cohort = three_and_three()
    before = mp.match(cohort, encoder=ENCODER)
    partner = dict(zip(before.pairs["mentee_id"], before.pairs["mentor_id"]))
    other = next(m for m in ("M1", "M2", "M3") if m != partner["A1"])
    after = mp.rematch(before, force=[(other, "A1")], disruption="none", encoder=ENCODER)
    assert after.status is mp.Status.INFEASIBLE
    assert any(f"fixed pair {other}-A1" in c for c in after.conflicts)
    assert any(f"fixed pair {partner['A1']}-A1" in c for c in after.conflicts)
    # Nothing forced: every announced pair stays.
    same = mp.rematch(before, disruption="none", encoder=ENCODER)
    assert set(same.diff(before)["change"]) == {"kept"}


def test_disruption_ignore_solves_afresh() -> None:
    cohort = mp.synthetic_cohort(30, seed=5)
    before = mp.match(cohort, encoder=ENCODER)
    gone = str(before.pairs["mentor_id"].iloc[0])
    fresh = mp.rematch(before, drop=[gone], disruption="ignore", encoder=ENCODER)
    plain = mp.match(cohort.without([gone]), encoder=ENCODER)
    assert fresh.pairs.equals(plain.pairs) and "kept" not in fresh.stage_values
    least = mp.rematch(before, drop=[gone], encoder=ENCODER)
    assert least.stage_values["coverage"] == fresh.stage_values["coverage"]
    kept = lambda m: int((before.diff(m)["change"] == "kept").sum())
    assert kept(least) >= kept(fresh) and kept(least) == least.stage_values["kept"]
    assert least.stage_values["total"] <= fresh.stage_values["total"] + 1e-9


@pytest.mark.parametrize("objective", [("coverage", "fairness", "total"), ("coverage", "total"), ("total",),
                                       ("coverage",)])
def test_the_blossom_keeps_as_many_as_cp_sat(objective: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    cohort = mp.synthetic_cohort(40, seed=7)
    programme = Programme(objective=objective)  # type: ignore[arg-type]
    before = mp.match(cohort, programme, encoder=ENCODER)
    gone = [str(before.pairs["mentor_id"].iloc[i]) for i in (0, 3)]
    after = mp.rematch(before, drop=gone, ban=[tuple(before.pairs[["mentor_id", "mentee_id"]].iloc[5])],
                       encoder=ENCODER)
    assert set(after.proof["engine"]) == {"blossom (rustworkx)"} and after.status is mp.Status.OPTIMAL
    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "blossom_may_fit", lambda programme: False)
        by_cp_sat = mp.match(after._cohort, after.programme, encoder=ENCODER)  # type: ignore[arg-type]
    assert "blossom (rustworkx)" not in set(by_cp_sat.proof["engine"])
    assert by_cp_sat.status is mp.Status.OPTIMAL
    assert after.stage_values == pytest.approx(by_cp_sat.stage_values)
    assert validate(after, after._cohort, after.programme) == []  # type: ignore[arg-type]


def test_all_forms_by_cp_sat_and_a_pruned_model() -> None:
    cohort = mp.synthetic_cohort(40, seed=3)
    programme = Programme(forms=("traditional", "reverse", "group", "peer"), max_mentees_per_mentor=2)
    before = mp.match(cohort, programme, encoder=ENCODER)
    gone = str(before.pairs["mentee_id"].iloc[0])
    after = mp.rematch(before, drop=[gone], encoder=ENCODER)
    assert after.status is mp.Status.OPTIMAL and "kept" in set(after.proof["stage"])
    assert validate(after, after._cohort, after.programme) == []  # type: ignore[arg-type]
    # Each person's 2 best arcs only: the announced pairs' arcs are still in the model, and kept.
    pruned = mp.rematch(before, programme=replace(programme, candidates_per_person=2), drop=[gone],
                        encoder=ENCODER)
    assert pruned.status.has_solution
    assert validate(pruned, pruned._cohort, pruned.programme) == []  # type: ignore[arg-type]
    assert pruned.stage_values["kept"] >= 1
    assert pruned.stage_values["coverage"] <= after.stage_values["coverage"]


def test_a_saved_matching_needs_its_sign_ups(tmp_path: Path) -> None:
    cohort = three_and_three()
    before = mp.match(cohort, encoder=ENCODER)
    mp.save_matching(before, tmp_path / "m.json")
    saved = load_matching(tmp_path / "m.json")
    with pytest.raises(TypeError, match="give cohort="):
        mp.rematch(saved, encoder=ENCODER)
    after = mp.rematch(saved, cohort, drop=["A2"], encoder=ENCODER)
    assert after.stage_values["kept"] == 2
    assert set(matching_diff(saved, after)["change"]) == {"kept", "broken"}
    # The rules with kept pairs save and load; a file without them still verifies (hash unchanged).
    mp.save_matching(after, tmp_path / "after.json", cohort=cohort.without(["A2"]))
    assert load_matching(tmp_path / "after.json").programme.keep_pairs == after.programme.keep_pairs  # type: ignore[union-attr]


def test_every_unknown_id_is_named_at_once() -> None:
    before = mp.match(three_and_three(), encoder=ENCODER)
    with pytest.raises(ValidationError) as caught:
        mp.rematch(before, ban=[("M1", "A9"), ("X1", "A1")], encoder=ENCODER)
    found = {(p.participant, p.field) for p in caught.value.problems}
    assert found == {("A9", "ban"), ("X1", "ban")}
    assert "did you mean 'A3'?" in str(caught.value)  # the closest id to A9
    with pytest.raises(ValidationError, match="no such participant"):
        mp.rematch(before, drop=["Z9"], encoder=ENCODER)
    with pytest.raises(ValueError, match="disruption must be one of"):
        mp.rematch(before, disruption="least", encoder=ENCODER)  # type: ignore[arg-type]


def test_keep_pairs_naming_an_unknown_id_are_refused() -> None:
    with pytest.raises(ValidationError, match="names unknown participant 'Q1'"):
        mp.match(three_and_three(), Programme(keep_pairs=(("Q1", "A1"),)), encoder=ENCODER)


def test_cli_rematch_reads_a_saved_result_and_saves_the_new_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "default_encoder", lambda: ENCODER)
    frame = synthetic_frame(17, seed=2)
    signups, late_file = tmp_path / "cohort.csv", tmp_path / "late.csv"
    frame.iloc[:16].to_csv(signups, index=False, encoding="utf-8")
    frame.iloc[16:].assign(id="LATE1").to_csv(late_file, index=False, encoding="utf-8")
    saved, after = tmp_path / "result.json", tmp_path / "after.json"
    assert main(["match", str(signups), "--save", str(saved)]) == 0
    announced = load_matching(saved)
    mentor, mentee = (str(v) for v in announced.pairs[["mentor_id", "mentee_id"]].iloc[0])
    other = str(announced.pairs["mentee_id"].iloc[1])
    capsys.readouterr()
    code = main(["rematch", str(signups), "--result", str(saved), "--drop", mentor.lower(), "--add", str(late_file),
                 "--ban", f"{other},{announced.pairs['mentor_id'].iloc[1]}", "--save", str(after)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "Changes from the announced matching:" in printed and f"mentor {mentor} left the cohort" in printed
    assert "pair ruled out (exclusions)" in printed
    assert f"re-solved after: dropped {mentor}; added LATE1; banned" in printed
    new = load_matching(after)
    assert new.programme.keep_pairs and (mentor, mentee) not in new.programme.keep_pairs
    assert "saved:" in printed and f"--without {mentor.lower()}" in printed
    # Bad requests are refused before any solve, each problem named.
    assert main(["rematch", str(signups), "--result", str(saved), "--ban", "A1"]) == 2
    assert "two ids joined by a comma" in capsys.readouterr().err
    assert main(["rematch", str(signups), "--result", str(saved), "--force", "NOBODY,A1"]) == 2
    assert "no such participant" in capsys.readouterr().err


def test_a_cohort_too_large_for_every_pair_keeps_its_announced_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if the cohort had millions of pairs: the table holds each person's best pairs only, and the
    # announced ones must be among them, or nothing could keep them.
    monkeypatch.setattr(score_table, "DENSE_PAIR_LIMIT", 10)
    cohort = mp.synthetic_cohort(60, seed=3)
    before = mp.match(cohort, Programme(candidates_per_person=3), encoder=ENCODER)
    assert before._table is not None and not before._table.complete
    again = mp.rematch(before, encoder=ENCODER)
    assert again.stage_values["kept"] == len(before.pairs)
    assert set(before.diff(again)["change"]) == {"kept"}


def test_a_peer_pair_listed_both_ways_is_kept_twice_by_either_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    cohort = mp.synthetic_cohort(40, seed=7)
    matching = mp.match(cohort, encoder=ENCODER)
    peers = matching.pairs[matching.pairs["kind"] == "peer"]
    assert len(peers)
    a, b = (str(v) for v in peers[["mentor_id", "mentee_id"]].iloc[0])
    rules = Programme(keep_pairs=((a, b), (b, a)))
    by_blossom = mp.match(cohort, rules, encoder=ENCODER)
    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "blossom_may_fit", lambda programme: False)
        by_cp_sat = mp.match(cohort, rules, encoder=ENCODER)
    assert set(by_blossom.proof["engine"]) == {"blossom (rustworkx)"}
    assert by_blossom.stage_values["kept"] == by_cp_sat.stage_values["kept"] == 2
    assert by_blossom.stage_values == pytest.approx(by_cp_sat.stage_values)


def test_a_mentor_pair_that_becomes_peers_is_kept_with_its_kind_changed() -> None:
    cohort = Cohort((P("X1", Role.ANY, offers="python data", goals="python data"),
                     P("X2", Role.ANY, offers="python data", goals="python data")))
    peers = mp.match(cohort, Programme(forms=("peer",)), encoder=ENCODER)
    assert list(peers.pairs["kind"]) == ["peer"]
    mentoring = mp.match(cohort, Programme(forms=("traditional",)), encoder=ENCODER)
    diff = mentoring.diff(peers)
    assert list(diff["change"]) == ["kept"] and "kind traditional -> peer" in diff.iloc[0]["reason"]
