"""The command line: user errors print every problem and exit 2 without a traceback;
``synth`` is reproducible; ``match`` writes CSV and Excel.

Matching tests swap the default encoder for the tiny HashEncoder; one test runs the
real bundled model (shared with the rest of the session).
"""

from __future__ import annotations

import csv
import datetime
import math
import os
import subprocess
import sys
import tempfile
import tomllib
from importlib import resources
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorpair import Programme, ValidationError, Weights, cli, pipeline
from mentorpair.cli import load_rules, main
from mentorpair.io import read_csv, read_excel
from mentorpair.result.persist import load_matching
from mentorpair.testing import HashEncoder

BAD = Path(__file__).parent / "data" / "bad"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo_csv() -> Path:
    with resources.as_file(resources.files("mentorpair") / "data" / "demo_cohort.csv") as path:
        return Path(path)


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text('same_organisation = "discouraged"\nmax_mentees_per_mentor = 2\n\n[weights]\ngoal_text = 0.5\n',
                    encoding="utf-8")
    return path


_SOLVED: dict[tuple[object, ...], object] = {}


@pytest.fixture
def hash_encoder(monkeypatch: pytest.MonkeyPatch) -> HashEncoder:
    """The CLI's default encoder becomes HashEncoder; a cohort and rules already solved in this
    module are not solved again (the CLI still reads, prints and writes each time)."""
    encoder = HashEncoder()
    monkeypatch.setattr(pipeline, "default_encoder", lambda: encoder)
    solve = pipeline.match

    def match_once(cohort, programme=None, **kwargs):  # type: ignore[no-untyped-def]
        # A fixed= matching is keyed by object: two tests' previous results are never mixed up.
        key = (cohort.participants, programme, tuple(sorted((k, id(v)) for k, v in kwargs.items())))
        if key not in _SOLVED:
            _SOLVED[key] = solve(cohort, programme, **kwargs)
        return _SOLVED[key]

    monkeypatch.setattr(pipeline, "match", match_once)
    return encoder


def reading_error(path: Path) -> str:
    """What the CLI must print: the reader's own error, whole."""
    with pytest.raises(ValidationError) as info:
        read_excel(path) if path.suffix == ".xlsx" else read_csv(path)
    return f"mentorpair: {info.value}\n"


# --------------------------------------------------------------------------- user errors


@pytest.mark.parametrize(
    "name",
    [
        "many_problems_one_error.csv",
        "mixed_encodings_with_bom.csv",
        "quote_unclosed.csv",
        "ids_nfc_nfd_collision.csv",
        "xlsx_dates_in_numbers.xlsx",
        "xlsx_truncated.xlsx",
    ],
)
def test_match_bad_file_prints_every_problem(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["match", str(BAD / name)])
    out, err = capsys.readouterr()
    assert code == 2
    assert err == reading_error(BAD / name)
    assert "Traceback" not in err and out == ""


def test_explain_bad_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(BAD / "capacity_zero.csv"), "M1"]) == 2
    assert capsys.readouterr().err == reading_error(BAD / "capacity_zero.csv")


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", str(tmp_path / "nowhere.csv")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_bad_rules_file(tmp_path: Path, demo_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('max_mentees_per_mentor = 0\nsame_org = "no"\n', encoding="utf-8")
    assert main(["match", str(demo_csv), "--rules", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mentorpair: 2 problems in the rules:\n")  # every one at once
    assert "field 'same_org': unknown rule; did you mean 'same_organisation'?" in err
    assert "field 'max_mentees_per_mentor': must be an integer" in err and "Traceback" not in err


def test_unknown_participant_to_explain(demo_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(demo_csv), "NOBODY"]) == 2
    assert "participant 'NOBODY': no such participant in the input" in capsys.readouterr().err


def test_interrupt_exits_cleanly(
    monkeypatch: pytest.MonkeyPatch, demo_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "match", interrupted)
    out = tmp_path / "out.csv"
    assert main(["match", str(demo_csv), "--out", str(out)]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert not out.exists()


def test_installed_script_prints_problems_without_traceback() -> None:
    script = Path(sys.executable).with_name("mentorpair")
    if not script.exists():
        pytest.skip("the mentorpair script is not installed next to this Python")
    bad = BAD / "many_problems_one_error.csv"
    result = subprocess.run(
        [str(script), "match", str(bad)],
        capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 2
    assert result.stderr == reading_error(bad)
    assert "Traceback" not in result.stderr and result.stdout == ""


# --------------------------------------------------------------------------- synth


def test_synth_is_byte_identical_for_a_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second, other = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    assert main(["synth", "--n", "40", "--seed", "7", "--out", str(first)]) == 0
    assert main(["synth", "--n", "40", "--seed", "7", "--out", str(second)]) == 0
    assert main(["synth", "--n", "40", "--seed", "8", "--out", str(other)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    assert f"written: {first} (40 participants, seed 7)" in capsys.readouterr().out
    assert len(read_csv(first)) == 40


def test_synth_options_shape_the_cohort_reproducibly(tmp_path: Path) -> None:
    from mentorpair.synthetic.generator import synthetic_frame

    args = ["synth", "--n", "50", "--seed", "3", "--forms", "traditional,group", "--languages", "fi,en,sv",
            "--same-organisation-share", "0.6"]
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main([*args, "--out", str(first)]) == 0
    assert main([*args, "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    expected = synthetic_frame(50, seed=3, forms=("traditional", "group"), languages=("fi", "en", "sv"),
                               same_organisation_share=0.6)
    assert first.read_bytes() == expected.to_csv(index=False, lineterminator="\n").encode("utf-8")
    assert {p.role.value for p in read_csv(first)} == {"mentor", "mentee"}


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--forms", "traditional,mentoring"], "unknown ['mentoring']"),
        (["--forms", ""], "at least one form"),
        (["--languages", "fi,de"], "unknown ['de']"),
        (["--same-organisation-share", "1.5"], "same_organisation_share must be a number from 0 to 1"),
        (["--n", "0"], "n must be an integer >= 1"),
    ],
)
def test_synth_rejects_bad_options_with_exit_2(
    option: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cohort.csv"
    assert main(["synth", "--n", "10", "--out", str(out), *option]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert not out.exists()


# --------------------------------------------------------------------------- match with output files


def test_match_writes_csv(
    hash_encoder: HashEncoder, demo_csv: Path, rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pairs.csv"
    assert main(["match", str(demo_csv), "--rules", str(rules), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "status: OPTIMAL" in printed and f"written: {out}" in printed
    assert f"encoder: {hash_encoder.id}" in printed
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {"mentor_id", "mentee_id", "score", "matched"} <= set(rows[0])
    people = {r["mentor_id"] for r in rows if r["matched"] == "True"} | {r["mentee_id"] for r in rows}
    assert people == set(read_csv(demo_csv).ids)  # everybody is in the file, paired or not


def test_match_writes_finnish_csv(hash_encoder: HashEncoder, demo_csv: Path, rules: Path, tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    assert main(["match", str(demo_csv), "--rules", str(rules), "--out", str(out), "--sep", ";"]) == 0
    header, first = out.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert header.startswith("group_id;kind;mentor_id;mentee_id;mentor_name;mentor_email;mentee_name;mentee_email;score")
    assert "," in first.split(";")[8]  # decimal comma


def test_match_writes_csv_in_the_language_asked(hash_encoder: HashEncoder, demo_csv: Path, rules: Path,
                                                tmp_path: Path) -> None:
    out = tmp_path / "parit.csv"
    assert main(["match", str(demo_csv), "--rules", str(rules), "--out", str(out), "--language", "fi"]) == 0
    header, first = out.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert ";" in header and "group_id" not in header  # Finnish headers, ';' by default
    assert "," in first.split(";")[8]
    assert main(["match", str(demo_csv), "--rules", str(rules), "--out", str(out), "--language", "fi",
                 "--sep", ","]) == 0
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].count(",") > 5


def test_match_writes_excel(hash_encoder: HashEncoder, demo_csv: Path, rules: Path, tmp_path: Path) -> None:
    out = tmp_path / "pairs.xlsx"
    assert main(["match", str(demo_csv), "--rules", str(rules), "--out", str(out), "--language", "fi"]) == 0
    book = openpyxl.load_workbook(out, read_only=True)
    try:
        assert book.sheetnames == ["Parit", "Ilman paria", "Ilmoitus", "Perustelut", "Säännöt"]
        explanations = list(book["Perustelut"].iter_rows(values_only=True))
        # Rules: (rule in words, value, setting name); numbers stay numbers.
        rules_sheet = {setting: value for _, value, setting in list(book["Säännöt"].iter_rows(values_only=True))[1:]}
    finally:
        book.close()
    assert len(explanations) == 1 + len(read_csv(demo_csv))
    assert rules_sheet["max_mentees_per_mentor"] == 2
    assert rules_sheet["encoder"] == hash_encoder.id


@pytest.mark.model
def test_match_with_the_real_encoder(real_encoder, demo_csv: Path, rules: Path,  # type: ignore[no-untyped-def]
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert pipeline.default_encoder() is real_encoder  # loaded once per session
    assert main(["match", str(demo_csv), "--rules", str(rules)]) == 0
    printed = capsys.readouterr().out
    assert "status: OPTIMAL" in printed
    from mentorpair.pipeline import default_encoder

    assert f"encoder: {default_encoder().id}" in printed


# --------------------------------------------------------------------------- rules files


def _rules_error(tmp_path: Path, text: str) -> ValidationError:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_rules(path)
    assert info.value.what == "rules"
    return info.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # TOML puts a key written after [weights] inside that table.
        ('[weights]\ngoal_text = 0.5\nwishes = "hard"\n',
         [("weights.wishes", "unknown score component 'wishes' in [weights]; top-level rules must come before "
                             "the first [table]")]),
        ('same_organization = "forbidden"\n', [("same_organization", "did you mean 'same_organisation'?")]),
        ('goal_text = 0.5\n', [("goal_text", "it is a score component: give it in the [weights] table")]),
        ('[weights]\ngoal_txt = 0.5\n', [("weights.goal_txt", "did you mean 'goal_text'?")]),
        ('[weights]\ngoal_text = "much"\nwish = [1]\n',
         [("weights.goal_text", "must be a number, got 'much'"), ("weights.wish", "must be a number, got [1]")]),
        ('[weights]\ngoal_text = -1\n', [("weights.goal_text", "must be a finite number >= 0")]),
        ('weights = 3\n', [("weights", "must be a [weights] table")]),
        ('forms = [["peer"]]\n', [("forms", "must be a list of strings")]),
        ('fixed_pairs = ["M1", "A1"]\n', [("fixed_pairs", "must be a list of pairs of ids")]),
        ('objective = [1, 2]\n', [("objective", "must be a list of strings")]),
        ('seed = "zero"\nmax_mentees_per_mentor = 1.5\n',
         [("seed", "must be an integer"), ("max_mentees_per_mentor", "must be an integer")]),
        ('[seed]\nx = 1\n', [("seed", "must be a value, not a table")]),
        ('[rules]\nseed = 1\n', [("rules", "unknown table")]),
        ('time_limit = 1979-05-27\n', [("time_limit", "must be a number of seconds")]),
        ('seed = \n', [(None, "cannot read rules file")]),
    ],
)
def test_malformed_rules_files_give_every_problem(tmp_path: Path, text: str,
                                                  expected: list[tuple[str | None, str]]) -> None:
    error = _rules_error(tmp_path, text)
    found = [(p.field, p.message) for p in error.problems]
    assert len(found) == len(expected), found
    for (field, message), (want_field, want) in zip(sorted(found, key=str), sorted(expected, key=str)):
        assert want in message and (want_field is None or field == want_field), found


def test_rules_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_bytes('wishes = "hard" # ä\n'.encode("latin-1"))
    with pytest.raises(ValidationError, match="not UTF-8 text"):
        load_rules(path)


def test_a_good_rules_file_reads_every_kind_of_value(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('same_organisation = "forbidden"\nobjective = ["coverage", "total"]\nforms = ["traditional", '
                    '"group"]\ngroup_size = [2, 4]\nmax_mentees_per_mentor = 4\nfixed_pairs = [["M1", "A1"]]\ntime_limit = 5\n'
                    '[weights]\ngoal_text = 1\n', encoding="utf-8")
    programme = load_rules(path)
    assert programme.objective == ("coverage", "total") and programme.group_size == (2, 4)
    assert programme.forms == frozenset({"traditional", "group"}) and programme.fixed_pairs == (("M1", "A1"),)
    assert programme.weights.goal_text == 1.0  # type: ignore[union-attr]


_KEYS = st.sampled_from([*Programme.__dataclass_fields__, *Weights.__dataclass_fields__, "same_organization", "x"])
_SCALARS = st.one_of(
    st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False), st.text(max_size=8),
    st.dates(), st.sampled_from(["auto", "hard", "forbidden", "coverage", "peer", "group", "M1", "A1"]),
)
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
                       max_leaves=8)


def _toml_string(text: str) -> str:
    """A TOML basic string: TOML refuses control characters (DEL too) unless escaped."""
    return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F or c in '"\\' else c
                         for c in text) + '"'


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{_toml_string(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


def _toml(document: dict[str, object]) -> str:
    """Values first, then each table as a [table] (where a later key would land inside it)."""
    lines = [f"{_toml_string(k)} = {_toml_value(v)}" for k, v in document.items() if not isinstance(v, dict)]
    for key, table in document.items():
        if isinstance(table, dict):
            lines += [f"[{_toml_string(key)}]", *(f"{_toml_string(k)} = {_toml_value(v)}" for k, v in table.items())]
    return "\n".join(lines) + "\n"


@given(st.dictionaries(_KEYS, _VALUES, max_size=5))
def test_any_toml_document_is_rules_or_a_validation_error(document: dict[str, object]) -> None:
    text = _toml(document)
    assert tomllib.loads(text) == document  # the document is the one meant, not a TOML syntax error
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rules.toml"
        path.write_text(text, encoding="utf-8")
        try:
            programme = load_rules(path)
        except ValidationError as exc:
            assert exc.problems and all(p.message for p in exc.problems)
        else:
            assert isinstance(programme, Programme)


# --------------------------------------------------------------------------- saved results


def _solved_again(*args: object, **kwargs: object) -> None:
    raise AssertionError("solved again")


def test_explain_a_saved_result_without_solving(
    hash_encoder: HashEncoder, demo_csv: Path, rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    saved = tmp_path / "result.json"
    assert main(["match", str(demo_csv), "--rules", str(rules), "--save", str(saved)]) == 0
    assert f"saved: {saved} (explain it with: mentorpair explain" in capsys.readouterr().out
    matching = pipeline.match(read_csv(demo_csv), load_rules(rules))
    mentee = str(matching.pairs["mentee_id"].iloc[0])
    monkeypatch.setattr(pipeline, "match", _solved_again)
    # Any letter case: ids are distinct ignoring it.
    for language in ("en", "fi"):
        assert main(["explain", str(demo_csv), mentee.lower(), "--result", str(saved), "--language", language]) == 0
        out, err = capsys.readouterr()
        assert out.endswith(matching.explain(mentee, language=language) + "\n")
        assert "solved again" not in err


def test_explain_reads_the_announced_pairs_not_a_new_solve(
    hash_encoder: HashEncoder, demo_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    best = pipeline.match(read_csv(demo_csv), Programme())
    mentor, mentee = (str(v) for v in best.pairs[["mentor_id", "mentee_id"]].iloc[0])
    other = next(str(m) for m in best.pairs["mentor_id"] if m != mentor)
    announced = tmp_path / "announced.toml"  # the coordinator had fixed one pair by hand
    announced.write_text(f'fixed_pairs = [["{other}", "{mentee}"]]\n', encoding="utf-8")
    saved = tmp_path / "result.json"
    assert main(["match", str(demo_csv), "--rules", str(announced), "--save", str(saved)]) == 0
    capsys.readouterr()
    assert main(["explain", str(demo_csv), mentee, "--result", str(saved)]) == 0
    assert f"{mentee} is mentored by {other}" in capsys.readouterr().out
    # Without --result the explanation is a new solve's, and it says so first.
    assert main(["explain", str(demo_csv), mentee]) == 0
    out, err = capsys.readouterr()
    assert f"{mentee} is mentored by {mentor}" in out
    assert err.startswith("mentorpair: warning: no --result given, so the matching was solved again; it may "
                          "differ from an announced one.")
    assert "--result result.json" in err


def test_explain_refuses_a_result_of_another_input_or_other_rules(
    hash_encoder: HashEncoder, demo_csv: Path, rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "result.json"
    assert main(["match", str(demo_csv), "--rules", str(rules), "--save", str(saved)]) == 0
    changed = tmp_path / "changed.csv"
    lines = demo_csv.read_text(encoding="utf-8").splitlines()
    changed.write_text("\n".join([lines[0], lines[1].replace("Kaipaan", "Toivon"), *lines[2:]]) + "\n",
                       encoding="utf-8")
    capsys.readouterr()
    assert main(["explain", str(changed), "A001", "--result", str(saved)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mentorpair: ") and "the cohort is not the one this matching was made from" in err
    assert "Traceback" not in err
    other = tmp_path / "other.toml"
    other.write_text('same_organisation = "forbidden"\nmax_mentees_per_mentor = 2\n', encoding="utf-8")
    assert main(["explain", str(demo_csv), "A001", "--result", str(saved), "--rules", str(other)]) == 2
    err = capsys.readouterr().err
    assert "field 'same_organisation': is 'forbidden' in --rules but was 'discouraged'" in err
    assert "field 'weights'" in err
    # The rules it was saved with are accepted.
    assert main(["explain", str(demo_csv), "A001", "--result", str(saved), "--rules", str(rules)]) == 0


@pytest.mark.parametrize(("content", "message"), [
    (None, "file not found"),
    ("not json", "is not JSON"),
    ('{"format": "other"}', "is not a saved mentorpair matching"),
])
def test_a_bad_saved_result_exits_2(demo_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     content: str | None, message: str) -> None:
    path = tmp_path / "result.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    for command in (["explain", str(demo_csv), "A001", "--result", str(path)],
                    ["match", str(demo_csv), "--fixed", str(path)]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err


def test_explain_unknown_id_suggests_the_likeliest(demo_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(demo_csv), "A0001"]) == 2
    assert "no such participant in the input; did you mean 'A001'?" in capsys.readouterr().err


def test_match_fixed_keeps_announced_pairs_across_a_drop_out(
    hash_encoder: HashEncoder, demo_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = tmp_path / "previous.json"
    assert main(["match", str(demo_csv), "--save", str(previous)]) == 0
    capsys.readouterr()
    first = load_matching(previous)
    leaver = str(first.pairs["mentor_id"].iloc[0])
    wished_by = [p.id for p in read_csv(demo_csv) if leaver in p.wishes]
    out_csv = tmp_path / "later.csv"
    assert main(["match", str(demo_csv), "--fixed", str(previous), "--without", leaver.lower(),
                 "--out", str(out_csv)]) == 0
    out = capsys.readouterr().out
    assert f"Left out (--without):\n  - removed {leaver!r}" in out
    if wished_by:
        assert f"dropped from the wishes of {len(wished_by)} participant" in out
    assert out.count("no longer in the cohort") == 1
    with out_csv.open(encoding="utf-8-sig", newline="") as handle:
        later = {(r["mentor_id"], r["mentee_id"]) for r in csv.DictReader(handle) if r["matched"] == "True"}
    kept = {(m, e) for m, e in first.pairs[["mentor_id", "mentee_id"]].itertuples(index=False) if leaver not in (m, e)}
    assert kept <= later and not any(leaver in pair for pair in later)


def test_a_result_saved_without_a_drop_out_is_explained_without_them(
    hash_encoder: HashEncoder, demo_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "later.json"
    assert main(["match", str(demo_csv), "--without", "M018", "--save", str(saved)]) == 0
    assert f"--result {saved} --without M018)" in capsys.readouterr().out
    mentee = str(load_matching(saved).pairs["mentee_id"].iloc[0])
    assert main(["explain", str(demo_csv), mentee, "--result", str(saved), "--without", "M018"]) == 0
    assert f"{mentee} is mentored by" in capsys.readouterr().out
    # The whole input is not the cohort that result was made from.
    assert main(["explain", str(demo_csv), mentee, "--result", str(saved)]) == 2
    assert "the cohort is not the one this matching was made from" in capsys.readouterr().err


def test_match_without_an_unknown_id_exits_2(demo_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", str(demo_csv), "--without", "M001,NOBODY"]) == 2
    err = capsys.readouterr().err
    assert "participant 'NOBODY', field 'ids': no such participant in the cohort" in err
    assert "1 problem in the participants to remove" in err


# --------------------------------------------------------------------------- infeasible rules


@pytest.fixture
def synth_csv(tmp_path: Path) -> Path:
    path = tmp_path / "synth.csv"
    assert main(["synth", "--n", "200", "--seed", "0", "--out", str(path)]) == 0
    return path


def test_an_infeasible_match_lists_every_rule_to_drop(
    hash_encoder: HashEncoder, synth_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    hard = tmp_path / "hard.toml"
    hard.write_text('wishes = "hard"\nsame_organisation = "forbidden"\n', encoding="utf-8")
    matching = pipeline.match(read_csv(synth_csv), load_rules(hard))
    count = len(matching.relaxation)
    assert count > len(matching.conflicts) >= 1
    capsys.readouterr()
    assert main(["match", str(synth_csv), "--rules", str(hard)]) == 1
    out = capsys.readouterr().out
    assert f"For any matching, these {count} rules must be dropped (the fewest):" in out
    assert all(f"  - {rule}" in out for rule in matching.relaxation)
    # Long lists are cut at RELAXATION_SHOWN unless --show-relaxation asks for every one.
    monkeypatch.setattr(cli.printing, "RELAXATION_SHOWN", 2)
    assert main(["match", str(synth_csv), "--rules", str(hard)]) == 1
    out = capsys.readouterr().out
    assert f"  ... and {count - 2} more (--show-relaxation lists every one)" in out
    assert f"  - {matching.relaxation[2]}" not in out
    assert main(["match", str(synth_csv), "--rules", str(hard), "--show-relaxation", "--language", "fi"]) == 1
    out = capsys.readouterr().out
    assert all(f"  - {rule}" in out for rule in matching.relaxation_in("fi")) and "more (--show" not in out


def test_show_relaxation_when_the_rules_admit_a_matching(
    hash_encoder: HashEncoder, demo_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["match", str(demo_csv), "--show-relaxation"]) == 0
    assert "Nothing to relax: the rules admit a matching." in capsys.readouterr().out


def test_a_rules_file_writes_none_in_words(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('max_mentees_per_mentor = "as stated"\ntime_limit = "none"\nwork_limit = "None"\n'
                    'organisation_key = "prefix"\nmeeting = "hard"\n', encoding="utf-8")
    programme = load_rules(path)
    assert programme.max_mentees_per_mentor is None and programme.time_limit is None
    assert programme.work_limit is None and programme.organisation_key == "prefix" and programme.meeting == "hard"
    path.write_text('seed = "none"\n', encoding="utf-8")  # a rule that cannot be None stays refused
    with pytest.raises(ValidationError, match="seed"):
        load_rules(path)
