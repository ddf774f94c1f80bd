"""Saving a matching as JSON, loading it back, and proving which cohort and rules made it."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

import mentorpair as mp
from mentorpair import ValidationError
from mentorpair.io import (
    cohort_to_pandas,
    from_pandas,
    read_csv,
    write_csv,
)
from mentorpair.result.persist import (
    FORMAT,
    FORMAT_VERSION,
    SavedMatching,
    cohort_csv_bytes,
    cohort_sha256,
    load_matching,
    programme_sha256,
    save_matching,
    verify_saved,
)
from mentorpair.testing import HashEncoder

BAD = Path(__file__).parent / "data" / "bad"
RULES = mp.Programme(forms={"traditional"}, max_mentees_per_mentor=2, same_organisation="discouraged",
                     weights={"goal_text": 0.5})


@pytest.fixture(scope="module")
def cohort() -> mp.Cohort:
    return mp.synthetic_cohort(24, seed=5)


@pytest.fixture(scope="module")
def matching(cohort: mp.Cohort, solve) -> mp.Matching:  # type: ignore[no-untyped-def]
    return solve(cohort, RULES)  # type: ignore[no-any-return]


@pytest.fixture
def saved_path(matching: mp.Matching, tmp_path: Path) -> Path:
    return save_matching(matching, tmp_path / "matching.json")


# --------------------------------------------------------------------------- round trip


def test_round_trip(matching: mp.Matching, cohort: mp.Cohort, saved_path: Path) -> None:
    saved = load_matching(saved_path)
    assert isinstance(saved, SavedMatching)
    pd.testing.assert_frame_equal(saved.pairs, matching.pairs)
    pd.testing.assert_frame_equal(saved.unmatched, matching.unmatched)
    assert saved.status is matching.status
    assert (saved.objective, saved.bound, saved.gap) == (matching.objective, matching.bound, matching.gap)
    assert saved.conflicts == matching.conflicts
    assert saved.encoder_id == matching.encoder_id == HashEncoder.id
    assert saved.programme == RULES
    assert saved.cohort_sha256 == cohort_sha256(cohort)
    assert saved.programme_sha256 == programme_sha256(RULES)
    assert saved.mentorpair_version == mp.__version__
    assert not pd.isna(saved.pairs["score"]).any()
    with pytest.raises(dataclasses.FrozenInstanceError):
        saved.status = mp.Status.UNKNOWN  # type: ignore[misc]


def test_saved_matching_verifies_against_its_inputs(cohort: mp.Cohort, saved_path: Path) -> None:
    saved = load_matching(saved_path)
    assert verify_saved(saved, cohort, RULES) == []
    assert mp.validate(saved, cohort, RULES) == []  # validate reads .pairs, .unmatched and .status only


def test_file_is_plain_json_and_reproducible(matching: mp.Matching, saved_path: Path, tmp_path: Path) -> None:
    text = saved_path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["format"] == FORMAT and data["format_version"] == FORMAT_VERSION == 2
    assert {"pairs", "unmatched", "status", "objective", "bound", "gap", "conflicts", "encoder_id", "programme",
            "cohort_sha256", "programme_sha256", "result_sha256"} <= set(data)
    assert data["programme"]["forms"] == ["traditional"]
    assert data["programme"]["weights"]["goal_text"] == 0.5
    again = save_matching(matching, tmp_path / "again.json")
    assert again.read_bytes() == saved_path.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.json", "matching.json"]  # no temporary files left


def test_resaving_a_loaded_matching_gives_the_same_file(cohort: mp.Cohort, saved_path: Path, tmp_path: Path) -> None:
    saved = load_matching(saved_path)
    with pytest.raises(ValidationError, match="carries no cohort"):
        save_matching(saved, tmp_path / "x.json")
    assert save_matching(saved, tmp_path / "x.json", cohort=cohort).read_bytes() == saved_path.read_bytes()


def test_empty_and_infeasible_matchings(tmp_path: Path) -> None:
    mentors = read_csv(BAD / "mentor_only.csv")
    for programme in (mp.Programme(), mp.Programme(require_all=True)):
        matching = mp.match(mentors, programme, encoder=HashEncoder())
        saved = load_matching(save_matching(matching, tmp_path / "m.json"))
        assert saved.pairs.empty and list(saved.pairs.columns) == list(matching.pairs.columns)
        assert saved.status is matching.status and saved.conflicts == matching.conflicts
        assert saved.relaxation == matching.relaxation
        assert saved.objective == matching.objective
        assert list(saved.unmatched["participant_id"]) == ["M1", "M2", "M3"]
        assert verify_saved(saved, mentors, programme) == []


# --------------------------------------------------------------------------- hashes


def test_cohort_hash_is_of_the_canonical_csv(cohort: mp.Cohort, tmp_path: Path) -> None:
    data = cohort_csv_bytes(cohort)
    assert data.startswith(b"id,role,organisation,experience_years,")
    assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")
    assert cohort_sha256(cohort) == hashlib.sha256(data).hexdigest()
    # The same participants read another way, with other notes, hash the same.
    path = tmp_path / "cohort.csv"
    write_csv(cohort, path, sep=";", decimal=",")
    reread = read_csv(path)
    assert reread.notes != cohort.notes
    assert cohort_sha256(reread) == cohort_sha256(cohort) == cohort_sha256(from_pandas(cohort_to_pandas(cohort)))


def test_cohort_hash_sees_every_change(cohort: mp.Cohort) -> None:
    frame = cohort_to_pandas(cohort)
    frame.loc[3, "goals"] = frame.loc[3, "goals"] + "!"
    assert cohort_sha256(from_pandas(frame)) != cohort_sha256(cohort)
    reordered = mp.Cohort(tuple(reversed(cohort.participants)))
    assert cohort_sha256(reordered) != cohort_sha256(cohort)


def test_programme_hash() -> None:
    assert programme_sha256(mp.Programme()) == programme_sha256(mp.Programme(weights={}))
    assert programme_sha256(RULES) == programme_sha256(
        mp.Programme(forms=("traditional",), max_mentees_per_mentor=2, same_organisation="discouraged",
                     weights=mp.Weights(goal_text=0.5))
    )
    assert programme_sha256(RULES) != programme_sha256(dataclasses.replace(RULES, seed=1))
    assert len(programme_sha256(RULES)) == 64


# --------------------------------------------------------------------------- what verify_saved finds


def test_verify_other_cohort(cohort: mp.Cohort, saved_path: Path) -> None:
    frame = cohort_to_pandas(cohort)
    frame.loc[0, "organisation"] = "Toinen Oy"
    findings = verify_saved(load_matching(saved_path), from_pandas(frame), RULES)
    assert findings[0].startswith("the cohort is not the one this matching was made from: its sha256 is ")


def test_verify_other_rules(cohort: mp.Cohort, saved_path: Path) -> None:
    stricter = dataclasses.replace(RULES, max_mentees_per_mentor=1)
    findings = verify_saved(load_matching(saved_path), cohort, stricter)
    assert findings[0] == ("the rules differ from those this matching was made with "
                           "(max_mentees_per_mentor is 1 here but was 2)")
    assert load_matching(saved_path).pairs.groupby("mentor_id").size().max() == 2
    assert any("may take at most 1" in f for f in findings[1:])  # and validate re-checks the pairs


def test_verify_edited_file(cohort: mp.Cohort, saved_path: Path) -> None:
    data = json.loads(saved_path.read_text(encoding="utf-8"))
    mentee = data["pairs"]["columns"].index("mentee_id")
    first, second = data["pairs"]["rows"][0], data["pairs"]["rows"][1]
    first[mentee], second[mentee] = second[mentee], first[mentee]
    saved_path.write_text(json.dumps(data), encoding="utf-8")
    saved = load_matching(saved_path)
    findings = verify_saved(saved, cohort, RULES)
    assert findings[0] == "the saved file was changed after it was written: its content no longer matches its result_sha256"


# --------------------------------------------------------------------------- files that are not saved matchings


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("not json", [(None, "is not JSON: Expecting value (line 1, column 1)")]),
        ("[]", [("format", 'is not a saved mentorpair matching (no "format": "mentorpair.matching")')]),
        ('{"format": "mentorpair.matching", "format_version": 3}',
         [("format_version", "is 3, written by a newer mentorpair; this one reads format version 2")]),
        ('{"format": "mentorpair.matching", "format_version": "1"}',
         [("format_version", "must be a positive integer, got '1'")]),
    ],
)
def test_not_a_saved_matching(tmp_path: Path, content: str, expected: list[tuple[str | None, str]]) -> None:
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_matching(path)
    assert [(p.field, p.message) for p in info.value.problems] == expected
    assert str(info.value).startswith("1 problem in the saved matching:")


def test_damaged_fields_are_all_listed(saved_path: Path) -> None:
    data = json.loads(saved_path.read_text(encoding="utf-8"))
    del data["encoder_id"]
    data["gap"] = "small"
    saved_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_matching(saved_path)
    assert [(p.field, p.message) for p in info.value.problems] == [
        ("encoder_id", "is missing or not a str"),
        ("gap", "must be a number or null, got 'small'"),
    ]


def test_bad_status_rules_and_tables_are_all_listed(saved_path: Path) -> None:
    data = json.loads(saved_path.read_text(encoding="utf-8"))
    data["status"] = "GREAT"
    data["programme"]["max_mentees_per_mentor"] = 0
    data["unmatched"]["rows"].append(["too short"])
    saved_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_matching(saved_path)
    assert [p.field for p in info.value.problems] == ["status", "programme.max_mentees_per_mentor", "unmatched"]


def test_unknown_rule(saved_path: Path) -> None:
    data = json.loads(saved_path.read_text(encoding="utf-8"))
    data["programme"]["magic"] = True
    saved_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_matching(saved_path)
    assert [(p.field, p.message) for p in info.value.problems] == [
        ("programme.magic", "is not a rule this mentorpair knows")
    ]


# --------------------------------------------------------------------------- names, and files of format version 1


def _with_contacts(cohort: mp.Cohort) -> mp.Cohort:
    return mp.Cohort(tuple(dataclasses.replace(p, name=f"Nimi Äö {p.id}", email=f"{p.id.lower()}@example.org")
                           for p in cohort))


def test_names_and_emails_round_trip(cohort: mp.Cohort, solve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    named = _with_contacts(cohort)
    matching = solve(named, RULES)
    assert set(matching.pairs["mentor_email"]) and "" not in set(matching.pairs["mentor_email"])
    saved = load_matching(save_matching(matching, tmp_path / "named.json"))
    pd.testing.assert_frame_equal(saved.pairs, matching.pairs)
    pd.testing.assert_frame_equal(saved.unmatched, matching.unmatched)
    assert verify_saved(saved, named, RULES) == []


def _as_format_version_1(path: Path) -> dict[str, object]:
    """The saved file as mentorpair wrote it before names: no name or e-mail columns, version 1, its own hash."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for table, dropped in (("pairs", {"mentor_name", "mentor_email", "mentee_name", "mentee_email"}),
                           ("unmatched", {"name", "email"})):
        frame = data[table]
        keep = [i for i, c in enumerate(frame["columns"]) if c not in dropped]
        assert len(keep) == len(frame["columns"]) - len(dropped)
        frame["columns"] = [frame["columns"][i] for i in keep]
        frame["dtypes"] = [frame["dtypes"][i] for i in keep]
        frame["rows"] = [[row[i] for i in keep] for row in frame["rows"]]
    data["format_version"] = 1
    programme = data["programme"]
    assert isinstance(programme, dict)
    for later in ("organisation_key", "meeting"):  # rules added after version 1
        programme.pop(later, None)
    body = {k: v for k, v in data.items() if k not in ("format", "format_version", "mentorpair_version",
                                                        "result_sha256")}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    data["result_sha256"] = hashlib.sha256(canonical.encode()).hexdigest()
    return data


def test_a_format_version_1_file_loads_with_empty_names(matching: mp.Matching, cohort: mp.Cohort,
                                                         saved_path: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps(_as_format_version_1(saved_path), ensure_ascii=False, indent=1), encoding="utf-8")
    saved = load_matching(old)
    assert list(saved.pairs.columns) == list(matching.pairs.columns)
    assert list(saved.unmatched.columns) == list(matching.unmatched.columns)
    assert set(saved.pairs["mentee_name"]) == {""} and set(saved.unmatched["email"]) <= {""}
    pd.testing.assert_frame_equal(saved.pairs, matching.pairs)  # this cohort has no names: nothing was lost
    assert verify_saved(saved, cohort, RULES) == []
    # Saving it again writes the current version, names included, and that verifies too.
    again = load_matching(save_matching(saved, tmp_path / "again.json", cohort=cohort))
    assert json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))["format_version"] == FORMAT_VERSION
    assert verify_saved(again, cohort, RULES) == []
    assert (tmp_path / "again.json").read_bytes() == saved_path.read_bytes()


def test_an_edited_format_version_1_file_is_noticed(cohort: mp.Cohort, saved_path: Path, tmp_path: Path) -> None:
    data = _as_format_version_1(saved_path)
    pairs = data["pairs"]
    assert isinstance(pairs, dict)
    score = pairs["columns"].index("score")
    pairs["rows"][0][score] += 0.5
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    findings = verify_saved(load_matching(old), cohort, RULES)
    assert findings[0].startswith("the saved file was changed after it was written")


def test_an_empty_format_version_1_file_loads(tmp_path: Path) -> None:
    mentors = read_csv(BAD / "mentor_only.csv")
    matching = mp.match(mentors, mp.Programme(), encoder=HashEncoder())
    path = save_matching(matching, tmp_path / "m.json")
    path.write_text(json.dumps(_as_format_version_1(path)), encoding="utf-8")
    saved = load_matching(path)
    assert saved.pairs.empty and list(saved.pairs.columns) == list(matching.pairs.columns)
    assert list(saved.unmatched.columns) == list(matching.unmatched.columns)
    assert list(saved.unmatched["name"]) == ["", "", ""]
    assert verify_saved(saved, mentors, mp.Programme()) == []
