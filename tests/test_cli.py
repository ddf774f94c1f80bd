"""The command line: user errors print every problem and exit 2 without a traceback;
``synth`` is reproducible; ``match`` writes CSV and Excel.

Matching tests swap the default encoder for the tiny HashEncoder; one test runs the
real bundled model (shared with the rest of the session).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import openpyxl
import pytest

from mentorpair import ValidationError, pipeline
from mentorpair.cli import main
from mentorpair.io import read_csv, read_excel
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
        key = (cohort.participants, repr(programme), tuple(sorted(kwargs)))
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
    assert err.startswith("mentorpair: 1 problem in the rules:\n")
    assert "field 'same_org': unknown rule" in err and "Traceback" not in err


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
    assert header.startswith("group_id;kind;mentor_id;mentee_id;score")
    assert "," in first.split(";")[4]  # decimal comma


def test_match_writes_excel(hash_encoder: HashEncoder, demo_csv: Path, rules: Path, tmp_path: Path) -> None:
    out = tmp_path / "pairs.xlsx"
    assert main(["match", str(demo_csv), "--rules", str(rules), "--out", str(out), "--language", "fi"]) == 0
    book = openpyxl.load_workbook(out, read_only=True)
    try:
        assert book.sheetnames == ["Pairs", "Unmatched", "Explanations", "Rules"]
        explanations = list(book["Explanations"].iter_rows(values_only=True))
        rules_sheet = dict(list(book["Rules"].iter_rows(values_only=True))[1:])
    finally:
        book.close()
    assert len(explanations) == 1 + len(read_csv(demo_csv))
    assert rules_sheet["max_mentees_per_mentor"] == "2"
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
