"""The bad-input corpus (tests/data/bad/): every file is refused with one error naming
every problem by row, participant and field, or accepted with every normalisation
reported in Cohort.notes.

The files and expected.json are written by tests/data/bad/make_corpus.py; the
100,000-row and the 1 MB cases are written into a temporary folder here.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest
from conftest import load_script

import mentorpair as mp
from mentorpair import Cohort, ValidationError
from mentorpair.io import (
    cohort_to_pandas,
    from_pandas,
    read_csv,
    read_excel,
    write_csv,
)
from mentorpair.io.cells import MAX_CELL_CHARS
from mentorpair.testing import HashEncoder

BAD = Path(__file__).parent / "data" / "bad"
EXPECTED: dict[str, dict[str, Any]] = json.loads((BAD / "expected.json").read_text(encoding="ascii"))
ACCEPTED = sorted(name for name, e in EXPECTED.items() if e.get("accepted"))
REFUSED = sorted(name for name, e in EXPECTED.items() if "error" in e)


def _corpus_module() -> ModuleType:
    return load_script("bad_input_corpus", BAD / "make_corpus.py")


CORPUS = _corpus_module()


def read(path: Path) -> Cohort:
    return read_excel(path) if path.suffix in (".xlsx", ".xls") else read_csv(path)


# --------------------------------------------------------------------------- the corpus itself


def test_corpus_is_large_and_complete() -> None:
    files = {p.name for p in BAD.iterdir() if p.name not in ("make_corpus.py", "expected.json", "__pycache__")}
    assert files == set(EXPECTED)
    assert len(EXPECTED) >= 40
    assert len([n for n in EXPECTED if n.endswith((".xlsx", ".xls"))]) >= 10
    assert len(ACCEPTED) >= 15 and len(REFUSED) >= 25


def test_corpus_is_reproducible(tmp_path: Path) -> None:
    """The committed files are exactly what make_corpus.py writes, byte for byte."""
    CORPUS.write_all(tmp_path)
    for name in [*EXPECTED, "expected.json"]:
        assert (tmp_path / name).read_bytes() == (BAD / name).read_bytes(), name


@pytest.mark.parametrize("name", REFUSED)
def test_refused_with_every_problem(name: str) -> None:
    with pytest.raises(ValidationError) as info:
        read(BAD / name)
    expected = EXPECTED[name]["error"]
    got = [(p.row, p.participant, p.field, p.message) for p in info.value.problems]
    assert len(got) == len(expected), got
    for (row, participant, field, substring), problem in zip(expected, got):
        assert problem[:3] == (row, participant, field), got
        assert substring in problem[3], problem
    message = str(info.value)
    count = len(expected)
    assert message.startswith(f"{count} problem{'s' if count != 1 else ''} in the input:\n")
    assert message.count("\n  - ") == count
    # The CLI prints this; it must be printable even when the file's bytes were not UTF-8.
    message.encode("utf-8")


@pytest.mark.parametrize("name", ACCEPTED)
def test_accepted_with_every_normalisation_noted(name: str) -> None:
    cohort = read(BAD / name)
    expected = EXPECTED[name]["notes"]
    assert len(cohort.notes) == len(expected), cohort.notes
    for substring, note in zip(expected, cohort.notes):
        assert substring in note, cohort.notes


@pytest.mark.parametrize("name", ACCEPTED)
def test_accepted_files_round_trip(name: str, tmp_path: Path) -> None:
    """What was read survives cohort_to_pandas/from_pandas and write_csv/read_csv unchanged."""
    cohort = read(BAD / name)
    again = from_pandas(cohort_to_pandas(cohort))
    assert again == cohort
    assert again.notes == cohort.notes
    path = tmp_path / "again.csv"
    write_csv(cohort, path)
    assert read_csv(path).participants == cohort.participants


# --------------------------------------------------------------------------- what accepted files hold


def test_participant_text_is_kept_exactly() -> None:
    html = read_csv(BAD / "html_in_cells.csv")
    assert html["M1"].organisation == "<b>Kaupunki</b> Oy"
    assert html["M1"].goals == "<script>alert('x')</script>"
    assert html["M1"].offers == "<img src=x onerror=alert(1)>"
    assert html["A1"].organisation == "Start-up &amp; Oy"
    assert html["A1"].goals == '<a href="javascript:alert(1)">ura</a>'

    rtl = read_csv(BAD / "emoji_and_right_to_left.csv")
    assert rtl.ids == ("🦊-1", "👩‍💻", "A\u200d1")  # the zero-width joiner of emoji and scripts is kept
    assert rtl["🦊-1"].organisation == "شركة الأمل"
    assert rtl["🦊-1"].goals == "أريد أن أتعلم القيادة 🚀"
    assert rtl["👩‍💻"].organisation == "\u200fמרכז\u200f"  # right-to-left marks kept
    assert rtl["👩‍💻"].wishes == ("🦊-1",)
    assert rtl["👩‍💻"].languages == ("ar", "fi")

    quoted = read_csv(BAD / "quote_inside_unquoted_cell.csv")
    assert quoted["M1"].goals == 'Hän sanoi "kyllä" heti'

    sheet = read_excel(BAD / "xlsx_emoji_rtl_html.xlsx")
    assert sheet.ids == ("🦊", "\u05d0\u05d1")
    assert sheet["🦊"].goals == "<script>alert(1)</script> 🚀"
    assert sheet["\u05d0\u05d1"].goals == "\u200fשלום\u200f & <i>hei</i>"


def test_formulas_are_text() -> None:
    cohort = read_csv(BAD / "formulas_in_cells.csv")
    assert cohort["M1"].goals == '=HYPERLINK("http://example.com/x","Klikkaa")'
    assert cohort["M1"].organisation == "=1+1"
    assert cohort["M1"].offers == "@SUM(A1:A9)"
    assert cohort["M1"].extra == (("Puhelin", "+358 40 123 4567"),)
    assert "=A1" in cohort

    saved = read_excel(BAD / "xlsx_formulas_with_saved_results.xlsx")
    assert saved.ids == ("M1", "A1")
    assert saved["M1"].experience_years == 12
    assert saved["A1"].goals == "Klikkaa tästä"
    assert saved["A1"].wishes == ("M1",)

    unsaved = read_excel(BAD / "xlsx_formulas_without_saved_results.xlsx")
    assert unsaved["M1"].organisation == "=1+1"
    assert unsaved["A1"].goals == '=HYPERLINK("http://example.com","Klikkaa")'


def test_unicode_and_invisible_characters_in_ids() -> None:
    nfd = read_csv(BAD / "ids_nfd_accepted.csv")
    assert nfd.ids == ("\u00c4ij\u00e4", "B1", "B2")
    assert nfd["B1"].wishes == ("\u00c4ij\u00e4",) and nfd["B2"].wishes == ("\u00c4ij\u00e4",)
    # Typed differently, the same organisation now compares equal (the same-organisation rule needs it).
    assert nfd["\u00c4ij\u00e4"].same_org_key == nfd["B1"].same_org_key

    invisible = read_csv(BAD / "ids_invisible_characters.csv")
    assert invisible.ids == ("M1", "Aino Aalto", "EinoEsa", "V1")
    assert invisible["Aino Aalto"].wishes == ("M1",)
    assert invisible["EinoEsa"].exclusions == ("M1",)
    assert invisible["V1"].exclusions == ("Aino Aalto",)


def test_joined_files_and_title_rows() -> None:
    joined = read_csv(BAD / "bom_in_middle_joined_files.csv")
    assert joined.ids == ("M1", "A1")
    assert [p.row for p in joined] == [2, 4]
    titled = read_csv(BAD / "merged_header_title_row.csv")
    assert titled.ids == ("M1", "A1")
    assert [p.row for p in titled] == [3, 4]
    assert titled["A1"].wishes == ("M1",)
    merged = read_excel(BAD / "xlsx_merged_title_row.xlsx")
    assert merged["A1"].experience_years == 1.5 and merged["A1"].goals == "Haluan oppia johtamaan"
    bilingual = read_csv(BAD / "two_header_rows_fi_en.csv")
    assert bilingual.ids == ("M1", "A1") and bilingual["A1"].organisation == "Start-up Oy"


def test_decimal_commas_are_read_and_noted() -> None:
    cohort = read_csv(BAD / "decimal_commas.csv")
    assert [p.experience_years for p in cohort] == [12.5, 3.0, 0.5, 1.25]
    assert cohort["M1"].capacity == 2


def test_title_row_in_a_frame() -> None:
    frame = pd.DataFrame(
        [["id", "role", "organisation"], ["M1", "mentor", "Oy"], ["A1", "mentee", ""]],
        columns=["Osallistuja", "", "Tausta"],
    )
    cohort = from_pandas(frame)
    assert cohort.ids == ("M1", "A1")
    assert cohort.notes[0] == "row 1 ('Osallistuja', 'Tausta') is a title row above the header on row 2; it was not read as data"


# --------------------------------------------------------------------------- cohorts that read but cannot all pair


@pytest.mark.parametrize("name", ["mentor_only.csv", "mentee_only.csv", "single_participant.csv", "xlsx_mentor_only.xlsx"])
def test_no_pairs_possible_matches_everybody_unmatched(name: str) -> None:
    cohort = read(BAD / name)
    matching = mp.match(cohort, encoder=HashEncoder())
    assert matching.status.has_solution
    assert matching.pairs.empty
    assert sorted(matching.unmatched["participant_id"]) == sorted(cohort.ids)
    assert mp.validate(matching, cohort, mp.Programme()) == []


def test_exclusion_wins_over_a_wish() -> None:
    cohort = read_csv(BAD / "wish_contradicts_exclusion.csv")
    matching = mp.match(cohort, encoder=HashEncoder())
    pairs = set(zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"]))
    assert ("M1", "A1") not in pairs and ("M2", "A2") not in pairs


# --------------------------------------------------------------------------- size limits


def test_one_megabyte_goal_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(CORPUS.long_goal_csv(1_048_576))
    limit = csv.field_size_limit()
    with pytest.raises(ValidationError) as info:
        read_csv(path)
    assert [(p.row, p.participant, p.field) for p in info.value.problems] == [(3, "A1", "goals")]
    assert info.value.problems[0].message == (
        "is 1,048,576 characters long; a cell may hold at most 32,767 (the most a spreadsheet cell can hold)"
    )
    assert csv.field_size_limit() == limit  # the csv module's global limit is restored


def test_goal_at_the_limit_is_kept_whole(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(CORPUS.long_goal_csv(MAX_CELL_CHARS))
    cohort = read_csv(path)
    assert len(cohort["A1"].goals) == MAX_CELL_CHARS


def test_long_cell_in_a_frame() -> None:
    frame = pd.DataFrame({"id": ["M1"], "role": ["mentor"], "Muistiinpanot": ["x" * (MAX_CELL_CHARS + 1)]})
    with pytest.raises(ValidationError) as info:
        from_pandas(frame)
    assert [(p.row, p.participant, p.field) for p in info.value.problems] == [(2, "M1", "Muistiinpanot")]


def test_hundred_thousand_rows_read_quickly(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_bytes(CORPUS.many_rows_csv(100_000))
    start = time.perf_counter()
    cohort = read_csv(path)
    seconds = time.perf_counter() - start
    assert len(cohort) == 100_000
    assert cohort.notes == ("read as UTF-8", "delimiter ',' detected")
    assert cohort.participants[-1].row == 100_001
    assert seconds < 30, f"reading 100,000 rows took {seconds:.1f} s"
