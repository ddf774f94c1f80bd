"""``mp.reopen``: a saved matching explained from its own pairs, never solved again; and
``match(..., fixed=saved)`` keeping announced pairs across a drop-out."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import mentorpair as mp
from mentorpair import pipeline
from mentorpair.model.vocab import FORMS
from mentorpair.result.persist import SavedMatching, load_matching, save_matching
from mentorpair.scoring import table as score_table
from mentorpair.testing import HashEncoder

# Every form at once, as the demo runs them: groups (with cohesion) and peers are rebuilt too.
EVERY_FORM = mp.Programme(same_organisation="discouraged", max_mentees_per_mentor=2, forms=frozenset(FORMS),
                          group_size=(2, 3))


@pytest.fixture(scope="module")
def cohort() -> mp.Cohort:
    return mp.demo_cohort()


@pytest.fixture(scope="module")
def matching(cohort: mp.Cohort, solve) -> mp.Matching:  # type: ignore[no-untyped-def]
    return solve(cohort, EVERY_FORM)  # type: ignore[no-any-return]


@pytest.fixture
def saved(matching: mp.Matching, tmp_path: Path) -> SavedMatching:
    return load_matching(save_matching(matching, tmp_path / "result.json"))


@pytest.fixture
def no_solving(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any solve from here on fails the test."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("reopening solved")

    for name in ("match", "solve_staged", "solve_blossom"):
        monkeypatch.setattr(pipeline, name, refuse)


def test_reopened_matching_is_the_saved_one_with_the_same_explanations(
    matching: mp.Matching, saved: SavedMatching, cohort: mp.Cohort, no_solving: None
) -> None:
    assert {"group", "peer"} <= set(matching.pairs["kind"])
    again = mp.reopen(saved, cohort, encoder=HashEncoder())
    pd.testing.assert_frame_equal(again.pairs, matching.pairs)
    pd.testing.assert_frame_equal(again.unmatched, matching.unmatched)
    assert (again.status, again.objective, again.bound, again.gap) == (
        matching.status, matching.objective, matching.bound, matching.gap)
    assert again.warnings == matching.warnings
    for pid in cohort.ids:
        for language in ("en", "fi"):
            assert again.explain(pid, language=language) == matching.explain(pid, language=language)  # type: ignore[arg-type]
    assert again.stage_values == {} and again.seconds == 0.0  # nothing was solved


def test_reopen_keeps_pairs_a_new_solve_would_not_give(cohort: mp.Cohort, solve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    best = solve(cohort, mp.Programme())
    mentor, mentee = best.pairs[["mentor_id", "mentee_id"]].iloc[0]
    other = next(m for m in best.pairs["mentor_id"] if m != mentor)
    # An announced result that differs from the optimum: the other mentor's mentee went to `mentor`.
    announced = solve(cohort, mp.Programme(fixed_pairs=((other, mentee),)))
    saved = load_matching(save_matching(announced, tmp_path / "announced.json"))
    again = mp.reopen(saved, cohort, encoder=HashEncoder())
    assert set(map(tuple, again.pairs[["mentor_id", "mentee_id"]].to_numpy())) == \
        set(map(tuple, announced.pairs[["mentor_id", "mentee_id"]].to_numpy()))
    assert (other, mentee) in set(map(tuple, again.pairs[["mentor_id", "mentee_id"]].to_numpy()))
    assert f"is mentored by {other}" in again.explain(mentee)
    assert again.explain(mentee) == announced.explain(mentee)


def test_another_cohort_is_refused_or_with_verify_false_warned(saved: SavedMatching, cohort: mp.Cohort) -> None:
    changed = mp.Cohort(tuple(p if i else mp.Participant(p.id, role=p.role, goals=p.goals + " and more",
                                                         offers=p.offers, languages=p.languages,
                                                         experience_years=p.experience_years)
                              for i, p in enumerate(cohort)))
    with pytest.raises(mp.ValidationError) as info:
        mp.reopen(saved, changed, encoder=HashEncoder())
    assert "the cohort is not the one this matching was made from" in str(info.value)
    again = mp.reopen(saved, changed, encoder=HashEncoder(), verify=False)
    assert any(w.startswith("saved matching: the cohort is not the one") for w in again.warnings)
    assert list(again.pairs["mentee_id"]) == list(saved.pairs["mentee_id"])


def test_an_edited_file_is_refused(matching: mp.Matching, tmp_path: Path, cohort: mp.Cohort) -> None:
    path = save_matching(matching, tmp_path / "result.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    mentee = data["pairs"]["columns"].index("mentee_id")
    first, second = data["pairs"]["rows"][0], data["pairs"]["rows"][1]
    first[mentee], second[mentee] = second[mentee], first[mentee]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(mp.ValidationError, match="changed after it was written"):
        mp.reopen(load_matching(path), cohort, encoder=HashEncoder())


def test_a_pair_that_is_not_in_the_cohort_is_refused_even_without_verifying(
    saved: SavedMatching, cohort: mp.Cohort
) -> None:
    smaller = cohort.without([saved.pairs["mentee_id"].iloc[0]])
    with pytest.raises(mp.ValidationError, match="is not an allowed pair of this cohort under the saved rules"):
        mp.reopen(saved, smaller, encoder=HashEncoder(), verify=False)


class _CoarserHash(HashEncoder):
    id = "hash-bow-8"
    dims = 8


def test_another_encoder_is_warned_and_the_totals_are_this_cohorts(
    cohort: mp.Cohort, solve, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    saved = load_matching(save_matching(solve(cohort, mp.Programme()), tmp_path / "r.json"))
    again = mp.reopen(saved, cohort, encoder=_CoarserHash())
    assert again.encoder_id == "hash-bow-8"
    assert any(f"scored with encoder {saved.encoder_id!r}, this one with 'hash-bow-8'" in w for w in again.warnings)
    assert list(again.pairs["mentee_id"]) == list(saved.pairs["mentee_id"])
    assert not again.pairs["score"].equals(saved.pairs["score"])
    assert any("score otherwise than when they were saved" in w for w in again.warnings)
    assert again.objective == pytest.approx(again.pairs["score"].sum()) and again.bound is None


def test_a_group_another_encoder_does_not_propose_is_refused_with_the_reason(
    saved: SavedMatching, cohort: mp.Cohort
) -> None:
    # Each mentor's group candidates are their best-fitting mentees: the encoder decides who they are.
    with pytest.raises(mp.ValidationError, match="reopen it with the encoder it was made with"):
        mp.reopen(saved, cohort, encoder=_CoarserHash())


def test_an_infeasible_result_reopens_with_its_rules_in_either_language(
    cohort: mp.Cohort, solve, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    hard = mp.Programme(wishes="hard", same_organisation="forbidden")
    infeasible = solve(cohort, hard)
    assert infeasible.status is mp.Status.INFEASIBLE and infeasible.relaxation
    again = mp.reopen(load_matching(save_matching(infeasible, tmp_path / "r.json")), cohort, encoder=HashEncoder())
    assert again.status is mp.Status.INFEASIBLE and again.pairs.empty
    assert again.conflicts == infeasible.conflicts and again.relaxation == infeasible.relaxation
    assert again.relaxation_in("fi") == infeasible.relaxation_in("fi") != infeasible.relaxation
    assert again.conflicts_in("fi") == infeasible.conflicts_in("fi")
    pd.testing.assert_frame_equal(again.unmatched_in("fi"), infeasible.unmatched_in("fi"))


def test_a_large_cohorts_pruned_table_still_finds_every_saved_pair(
    cohort: mp.Cohort, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo as a "large" cohort: only each person's best pairs are in the table.
    monkeypatch.setattr(score_table, "DENSE_PAIR_LIMIT", 10)
    rules = mp.Programme(candidates_per_person=1)
    made = mp.match(cohort, rules, encoder=HashEncoder())
    assert made.status.has_solution and not made._table.complete  # type: ignore[union-attr]
    again = mp.reopen(load_matching(save_matching(made, tmp_path / "r.json")), cohort, encoder=HashEncoder())
    pd.testing.assert_frame_equal(again.pairs, made.pairs)


def test_reopen_wants_a_saved_matching(matching: mp.Matching, cohort: mp.Cohort) -> None:
    with pytest.raises(TypeError, match="SavedMatching"):
        mp.reopen(matching, cohort, encoder=HashEncoder())  # type: ignore[arg-type]


def test_reopen_uses_the_default_encoder(saved: SavedMatching, cohort: mp.Cohort,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    encoder = HashEncoder()
    monkeypatch.setattr(pipeline, "default_encoder", lambda: encoder)
    assert mp.reopen(saved, cohort).encoder_id == saved.encoder_id


# --------------------------------------------------------------------------- fixed= a saved matching


def test_fixed_saved_matching_keeps_its_pairs_and_skips_a_drop_out_once(
    saved: SavedMatching, cohort: mp.Cohort
) -> None:
    mentors = saved.pairs.groupby("mentor_id").size()
    leaver = str(mentors.index[mentors.argmax()])  # a mentor in the most pairs (a group: several)
    gone = int(mentors.max())
    smaller = cohort.without([leaver])
    later = mp.match(smaller, EVERY_FORM, encoder=HashEncoder(), fixed=saved)
    assert later.status.has_solution
    kept = {(m, e) for m, e in saved.pairs[["mentor_id", "mentee_id"]].itertuples(index=False) if leaver not in (m, e)}
    assert kept <= set(later.pairs[["mentor_id", "mentee_id"]].itertuples(index=False, name=None))
    notes = [w for w in later.warnings if "no longer in the cohort" in w]
    assert notes == [f"kept {len(saved.pairs) - gone} of the {len(saved.pairs)} previous pairs as fixed; skipped "
                     f"{gone} pair{'s' if gone > 1 else ''} with someone no longer in the cohort ({leaver!r}): "
                     + ", ".join(f"{leaver!r}-{e!r}" for m, e in saved.pairs[["mentor_id", "mentee_id"]]
                                 .itertuples(index=False) if m == leaver)]
    assert later.summary().count("no longer in the cohort") == 1


def test_fixed_without_a_drop_out_says_nothing(saved: SavedMatching, cohort: mp.Cohort,
                                               matching: mp.Matching) -> None:
    later = mp.match(cohort, EVERY_FORM, encoder=HashEncoder(), fixed=saved)
    assert not any("no longer in the cohort" in w for w in later.warnings)
    assert set(later.pairs["mentee_id"]) == set(matching.pairs["mentee_id"])


def test_explicit_fixed_pairs_naming_nobody_are_still_refused(saved: SavedMatching, cohort: mp.Cohort) -> None:
    typo = mp.Programme(fixed_pairs=(("M0O1", "A001"),))
    with pytest.raises(mp.ValidationError, match="names unknown participant 'M0O1'"):
        mp.match(cohort, typo, encoder=HashEncoder(), fixed=saved)


def test_fixed_wants_a_matching(cohort: mp.Cohort) -> None:
    with pytest.raises(TypeError, match="fixed must be a Matching"):
        mp.match(cohort, encoder=HashEncoder(), fixed=[("M001", "A001")])  # type: ignore[arg-type]


def test_infeasible_error_lists_every_rule_to_drop(cohort: mp.Cohort, solve) -> None:  # type: ignore[no-untyped-def]
    infeasible = solve(mp.synthetic_cohort(200, seed=0), mp.Programme(wishes="hard", same_organisation="forbidden"))
    assert len(infeasible.relaxation) > len(infeasible.conflicts)
    with pytest.raises(mp.InfeasibleError) as info:
        infeasible.raise_for_status()
    message = str(info.value)
    assert info.value.relaxation == infeasible.relaxation
    assert all(rule in message for rule in (*infeasible.conflicts, *infeasible.relaxation))
    assert f"these {len(infeasible.relaxation)} rules must be dropped (the fewest)" in message


def test_infeasible_error_caps_its_lists() -> None:
    error = mp.InfeasibleError(["a"], [f"rule {i}" for i in range(25)])
    text = str(error)
    assert "rule 19" in text and "rule 20" not in text
    assert text.endswith("  ... and 5 more (.relaxation lists every one)")
    assert "must be dropped" not in str(mp.InfeasibleError(["a"], ["a"]))
    assert str(mp.InfeasibleError([])).endswith("(no smaller set found)")
