"""Reading and writing cohorts (mentorpair.io).

The sample files in tests/data/io/ were written once by make_samples.py, as
bytes, so their encodings are real.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from mentorpair import Cohort, MeetingMode, Participant, Problem, Role, ValidationError
from mentorpair.io import (
    cohort_to_pandas,
    from_pandas,
    read_csv,
    read_excel,
    write_csv,
)
from mentorpair.io.columns import CANONICAL_COLUMNS

DATA = Path(__file__).parent / "data" / "io"
FINNISH = DATA / "finnish_semicolon_bom.csv"
CP1252 = DATA / "english_cp1252.csv"
TAB = DATA / "english_tab.tsv"
XLSX = DATA / "cohort.xlsx"

ROLE_HELP = (
    "mentor, mentee, peer or any (in Finnish mentori, aktori, mentoroitava, "
    "vertainen, vertaismentori, kumpi tahansa, mikä tahansa)"
)


def where(problems: tuple[Problem, ...] | list[Problem]) -> list[tuple[int | None, str | None, str | None, str]]:
    return [(p.row, p.participant, p.field, p.message) for p in problems]


def csv_problems(tmp_path: Path, text: str | bytes, **kwargs: str) -> list[tuple[int | None, str | None, str | None, str]]:
    path = tmp_path / "input.csv"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    with pytest.raises(ValidationError) as info:
        read_csv(path, **kwargs)
    return where(info.value.problems)


def read_text(tmp_path: Path, text: str) -> Cohort:
    path = tmp_path / "input.csv"
    path.write_bytes(text.encode("utf-8"))
    return read_csv(path)


def one(header: str, cell: object) -> Participant:
    """The participant read from a one-row frame with id, role and one more column."""
    df = pd.DataFrame({"id": ["P1"], "role": ["mentor"], header: [cell]})
    return from_pandas(df).participants[0]


def one_problems(header: str, cell: object) -> list[tuple[int | None, str | None, str | None, str]]:
    df = pd.DataFrame({"id": ["P1"], "role": ["mentor"], header: [cell]})
    with pytest.raises(ValidationError) as info:
        from_pandas(df)
    return where(info.value.problems)


# --------------------------------------------------------------------------- sample files


def test_finnish_semicolon_bom_file() -> None:
    cohort = read_csv(FINNISH)
    assert cohort.ids == ("M1", "M2", "A1", "A2", "V1")
    assert cohort.notes[:2] == ("read as UTF-8 (with byte order mark)", "delimiter ';' detected")
    assert cohort["M1"] == Participant(
        id="M1",
        role=Role.MENTOR,
        organisation="Yliopisto Jyväskylä",
        experience_years=12.5,
        goal_areas=("Johtaminen", "Urasuunnittelu"),
        offers="Johtamisen ja tiimityön kokemus",
        languages=("fi", "en"),
        meeting_mode=MeetingMode.IN_PERSON,
        location="Jyväskylä",
        capacity=2,
        wishes=("A1",),
        email="m1@example.fi",  # 'Sähköposti' is the e-mail field since issue 15, no longer an extra column
    )
    assert cohort["M1"].row == 2
    assert cohort["M2"].offers == "Viestintä; somemarkkinointi"  # quoted delimiter
    assert cohort["M2"].languages == ("fi", "sv")  # comma-separated list
    assert cohort["M2"].extra == ()  # an empty extra cell is not kept
    assert [p.role for p in cohort] == [Role.MENTOR, Role.MENTOR, Role.MENTEE, Role.MENTEE, Role.PEER]
    assert [p.meeting_mode.value for p in cohort] == ["in_person", "remote", "either", "either", "either"]
    assert cohort["A1"].experience_years == 1.5
    assert cohort["A2"].organisation == "Yliopisto Jyväskylä"  # stripped
    assert cohort["A2"].goal_areas == ("Urasuunnittelu", "Viestintä")
    assert cohort["A2"].exclusions == ("M2",)
    assert "role: read 'mentori' as 'mentor' (2 rows), 'aktori' as 'mentee' (1 row), " in "".join(cohort.notes)
    assert any(n.startswith("columns: read 'tunniste' as 'id', 'rooli' as 'role'") for n in cohort.notes)
    assert cohort.columns[-1] == "Sähköposti"


def test_cp1252_comma_file() -> None:
    cohort = read_csv(CP1252)
    assert cohort.notes[:2] == ("read as cp1252", "delimiter ',' detected")
    assert cohort["mentor-1"].organisation == "Yliopisto Jyväskylä"
    assert cohort["mentee-1"].organisation == "Åbo Akademi"
    assert cohort["mentee-1"].goals == "Budget of 5 000 €, finish the PhD"  # € exists in cp1252 only
    assert cohort["mentor-1"].goal_areas == ("Leadership, strategy", "Research")
    assert cohort["mentor-1"].languages == ("fi", "en")
    assert cohort["mentee-1"].languages == ("fi", "en")
    assert cohort["peer-1"].experience_years == 3.5
    assert cohort["any-1"].role is Role.ANY
    assert cohort["any-1"].experience_years is None
    assert [p.meeting_mode for p in cohort] == [
        MeetingMode.IN_PERSON, MeetingMode.REMOTE, MeetingMode.IN_PERSON, MeetingMode.EITHER,
    ]


def test_tab_file_with_multiline_cell() -> None:
    cohort = read_csv(TAB)
    assert cohort.notes[:2] == ("read as UTF-8", "delimiter tab detected")
    assert cohort.ids == ("m-01", "e-01", "e-02")
    assert [p.row for p in cohort] == [2, 3, 4]  # spreadsheet rows, not text lines
    assert cohort["e-01"].goals == "Grow into a tech lead.\nLearn to delegate."
    assert cohort["m-01"].capacity == 3
    assert cohort["m-01"].languages == ("en", "de")
    assert cohort["e-02"].languages == ("en", "sv")
    assert cohort["e-02"].extra == (("Notes", "same team as m-01"),)


def test_explicit_encoding_and_delimiter_are_not_noted() -> None:
    detected = read_csv(CP1252)
    given = read_csv(CP1252, encoding="cp1252", sep=",")
    assert given.participants == detected.participants
    assert not any(n.startswith(("read as", "delimiter")) for n in given.notes)


def test_excel_file_first_sheet() -> None:
    cohort = read_excel(XLSX)
    assert cohort.notes[0] == "read sheet 'Syksy 2025'"
    assert cohort.ids == ("101", "102", "201", "NA")  # numbers as written; "NA" is an id, not missing
    assert cohort["101"].experience_years == 12.5
    assert cohort["101"].capacity == 2
    assert cohort["102"].capacity == 3  # stored as 3.0
    assert cohort["102"].role is Role.MENTOR
    assert cohort["201"].role is Role.MENTEE
    assert cohort["201"].experience_years == 1.0
    assert cohort["201"].wishes == ("101",)  # a number cell naming an id
    assert cohort["NA"].wishes == ("101", "102")
    assert cohort["101"].name == "Maija Mentori" and cohort["101"].extra == ()  # 'Nimi' is the name field
    assert [p.row for p in cohort] == [2, 3, 4, 5]


@pytest.mark.parametrize("sheet", ["Kevät 2025", 1])
def test_excel_other_sheet_with_dates(sheet: str | int) -> None:
    cohort = read_excel(XLSX, sheet=sheet)
    assert cohort.notes == ("read sheet 'Kevät 2025'",)
    assert cohort["S1"].experience_years == 20
    assert cohort["S2"].experience_years == 1.25
    assert cohort["S1"].extra == (("Ilmoittautunut", "2025-01-15"),)
    assert cohort["S2"].extra == (("Ilmoittautunut", "2025-01-16 09:30:00"),)


def test_excel_unknown_sheet() -> None:
    with pytest.raises(ValidationError) as info:
        read_excel(XLSX, sheet="Talvi")
    assert where(info.value.problems) == [
        (None, None, "sheet", "no sheet 'Talvi'; the workbook has 'Syksy 2025', 'Kevät 2025'")
    ]


def test_excel_date_in_number_column_and_blank_leading_rows(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A3"], sheet["B3"], sheet["C3"] = "id", "role", "experience_years"
    sheet.append(["M1", "mentor", dt.datetime(2019, 5, 1)])
    sheet.append(["M2", "mentor", 4])
    path = tmp_path / "dates.xlsx"
    book.save(path)
    with pytest.raises(ValidationError) as info:
        read_excel(path)
    assert where(info.value.problems) == [
        (4, "M1", "experience_years", "must be a number of years from 0 to 80, got '2019-05-01'")
    ]


def test_excel_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"id,role\nM1,mentor\n")
    with pytest.raises(ValidationError, match="cannot be read as an Excel .xlsx workbook"):
        read_excel(path)


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("reader", [lambda: read_csv(FINNISH), lambda: read_csv(CP1252), lambda: read_csv(TAB),
                                    lambda: read_excel(XLSX), lambda: read_excel(XLSX, sheet=1)])
def test_pandas_round_trip(reader) -> None:  # type: ignore[no-untyped-def]
    cohort = reader()
    again = from_pandas(cohort_to_pandas(cohort))
    assert again == cohort
    assert again.notes == cohort.notes


@pytest.mark.parametrize(("sep", "decimal"), [(",", "."), (";", ","), ("\t", "."), (",", ",")])
@pytest.mark.parametrize("source", [FINNISH, CP1252, TAB])
def test_write_csv_round_trip(tmp_path: Path, source: Path, sep: str, decimal: str) -> None:
    cohort = read_csv(source)
    path = tmp_path / "out.csv"
    write_csv(cohort, path, sep=sep, decimal=decimal)
    again = read_csv(path)
    assert again.participants == cohort.participants
    assert [p.extra for p in again] == [p.extra for p in cohort]
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid" + sep.encode())


def test_write_csv_finnish_excel_format(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_csv(read_csv(FINNISH), path, sep=";", decimal=",")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == ";".join([*CANONICAL_COLUMNS, "email"])
    assert lines[1] == (
        "M1;mentor;Yliopisto Jyväskylä;12,5;Johtaminen|Urasuunnittelu;;Johtamisen ja tiimityön kokemus;"
        "fi|en;in_person;Jyväskylä;2;A1;;m1@example.fi"
    )


def test_write_csv_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        write_csv(read_csv(TAB), tmp_path / "out.csv", sep="|", decimal="_")
    assert [p.field for p in info.value.problems] == ["sep", "decimal"]


def test_hand_built_cohort_round_trip() -> None:
    cohort = Cohort(
        (
            Participant("M1", Role.MENTOR, experience_years=3, goal_areas=("Leadership, strategy",), capacity=2,
                        extra=(("Nickname", "Ann"),)),
            Participant("A1", Role.MENTEE, experience_years=1e-05, languages=("fi", "klingon"),
                        wishes=("M1",), meeting_mode=MeetingMode.REMOTE),
            Participant("P1", Role.PEER, experience_years=2 / 3, exclusions=("M1", "A1"), offers="a | b, c"),
        )
    )
    df = cohort_to_pandas(cohort)
    assert list(df.columns) == [*CANONICAL_COLUMNS, "Nickname"]
    assert df.loc[0, "goal_areas"] == "Leadership, strategy|"  # stays one item when read back
    assert df.loc[1, "experience_years"] == "0.00001"
    assert df.loc[0, "experience_years"] == "3"
    assert df.loc[1, "capacity"] == "" and df.loc[1, "Nickname"] == ""
    assert df.loc[2, "exclusions"] == "M1|A1"
    assert df.loc[1, "meeting_mode"] == "remote" and df.loc[2, "role"] == "peer"
    assert from_pandas(df) == cohort
    assert cohort.to_pandas().equals(df)


# --------------------------------------------------------------------------- aliases


@pytest.mark.parametrize(
    ("header", "cell", "field", "expected"),
    [
        ("organisaatio", "Acme", "organisation", "Acme"),
        ("Organization", "Acme", "organisation", "Acme"),
        ("kokemus_vuosina", "3,5", "experience_years", 3.5),
        ("Kokemus vuosina", "3", "experience_years", 3.0),
        ("Years of experience", "3", "experience_years", 3.0),
        ("Experience (years)", "3", "experience_years", 3.0),
        ("experience", "3", "experience_years", 3.0),
        ("tavoitealueet", "a|b", "goal_areas", ("a", "b")),
        ("Goal areas", "a|b", "goal_areas", ("a", "b")),
        ("goal-areas", "a|b", "goal_areas", ("a", "b")),
        (" GOAL_AREAS ", "a|b", "goal_areas", ("a", "b")),
        ("tavoitteet", "grow", "goals", "grow"),
        ("osaaminen", "code", "offers", "code"),
        ("kielet", "fi", "languages", ("fi",)),
        ("Language", "fi", "languages", ("fi",)),
        ("tapaamistapa", "etä", "meeting_mode", MeetingMode.REMOTE),
        ("Meeting-Mode", "remote", "meeting_mode", MeetingMode.REMOTE),
        ("paikkakunta", "Oulu", "location", "Oulu"),
        ("City", "Oulu", "location", "Oulu"),
        ("kapasiteetti", "2", "capacity", 2),
        ("toiveet", "P2", "wishes", ("P2",)),
        ("poissulut", "P2", "exclusions", ("P2",)),
    ],
)
def test_column_aliases(header: str, cell: str, field: str, expected: object) -> None:
    df = pd.DataFrame({"tunniste": ["P1", "P2"], "rooli": ["mentor", "mentee"], header: [cell, ""]})
    cohort = from_pandas(df)
    assert getattr(cohort["P1"], field) == expected
    assert cohort["P1"].extra == ()


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("mentor", Role.MENTOR), ("MENTOR", Role.MENTOR), ("mentori", Role.MENTOR), (" Mentori ", Role.MENTOR),
        ("mentee", Role.MENTEE), ("aktori", Role.MENTEE), ("Mentoroitava", Role.MENTEE),
        ("peer", Role.PEER), ("vertainen", Role.PEER), ("vertaismentori", Role.PEER),
        ("any", Role.ANY), ("either", Role.ANY), ("kumpi tahansa", Role.ANY), ("Mikä  tahansa", Role.ANY),
    ],
)
def test_role_aliases(cell: str, role: Role) -> None:
    df = pd.DataFrame({"id": ["P1"], "role": [cell]})
    assert from_pandas(df).participants[0].role is role


@pytest.mark.parametrize(
    ("cell", "mode"),
    [
        ("in_person", MeetingMode.IN_PERSON), ("in person", MeetingMode.IN_PERSON),
        ("In-Person", MeetingMode.IN_PERSON), ("face to face", MeetingMode.IN_PERSON),
        ("face-to-face", MeetingMode.IN_PERSON), ("lähi", MeetingMode.IN_PERSON),
        ("lähitapaaminen", MeetingMode.IN_PERSON), ("kasvokkain", MeetingMode.IN_PERSON),
        ("live", MeetingMode.IN_PERSON),
        ("remote", MeetingMode.REMOTE), ("Online", MeetingMode.REMOTE), ("etä", MeetingMode.REMOTE),
        ("etänä", MeetingMode.REMOTE), ("etätapaaminen", MeetingMode.REMOTE),
        ("virtuaalinen", MeetingMode.REMOTE), ("verkossa", MeetingMode.REMOTE),
        ("either", MeetingMode.EITHER), ("both", MeetingMode.EITHER), ("any", MeetingMode.EITHER),
        ("kumpi tahansa", MeetingMode.EITHER), ("molemmat", MeetingMode.EITHER), ("", MeetingMode.EITHER),
        (None, MeetingMode.EITHER),
    ],
)
def test_meeting_mode_aliases(cell: str | None, mode: MeetingMode) -> None:
    assert one("meeting_mode", cell).meeting_mode is mode


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("fi|en|sv", ("fi", "en", "sv")),
        ("suomi, englanti, ruotsi", ("fi", "en", "sv")),
        ("Finnish|English|Swedish|svenska", ("fi", "en", "sv")),
        ("fin, eng", ("fi", "en")),
        ("saksa|German|de", ("de",)),
        ("ranska, Spanish, venäjä", ("fr", "es", "ru")),
        ("viro|eesti|Estonian", ("et",)),
        ("arabia, somali", ("ar", "so")),
        ("Klingon | suomi", ("klingon", "fi")),
        ("", ()),
    ],
)
def test_language_names(cell: str, codes: tuple[str, ...]) -> None:
    assert one("languages", cell).languages == codes


@pytest.mark.parametrize(
    ("cell", "items"),
    [
        ("a|b|c", ("a", "b", "c")),
        ("a, b ,c", ("a", "b", "c")),
        ("a, b|c", ("a, b", "c")),  # with '|' present, commas are part of the items
        ("a||b|", ("a", "b")),
        ("b|a|b", ("b", "a")),
        ("B|b", ("B", "b")),
        ("  ", ()),
    ],
)
def test_list_cells(cell: str, items: tuple[str, ...]) -> None:
    assert one("goal_areas", cell).goal_areas == items


@pytest.mark.parametrize(
    ("cell", "years"),
    [("3", 3.0), ("3.5", 3.5), ("3,5", 3.5), (" 0 ", 0.0), ("80", 80.0), ("", None), (None, None),
     (math.nan, None), (4, 4.0), (2.25, 2.25)],
)
def test_experience_accepted(cell: object, years: float | None) -> None:
    assert one("experience_years", cell).experience_years == years


@pytest.mark.parametrize("cell", ["3 years", "1 000", "2019-05-01", "-1", "80.5", "3,5,1", "three", "1e3", "nan"])
def test_experience_rejected(cell: str) -> None:
    assert one_problems("experience_years", cell) == [
        (2, "P1", "experience_years", f"must be a number of years from 0 to 80, got {cell!r}")
    ]


@pytest.mark.parametrize(("cell", "capacity"), [("2", 2), ("2.0", 2), ("2,0", 2), ("1", 1), ("", None), (3.0, 3)])
def test_capacity_accepted(cell: object, capacity: int | None) -> None:
    assert one("capacity", cell).capacity == capacity


@pytest.mark.parametrize("cell", ["-2", "0", "2.5", "two", "1,5", "+1"])
def test_capacity_rejected(cell: str) -> None:
    assert one_problems("capacity", cell) == [(2, "P1", "capacity", f"must be an integer >= 1, got {cell!r}")]


def test_from_pandas_numbers_missing_values_and_index() -> None:
    df = pd.DataFrame(
        {"id": [7, 8], "role": ["mentor", "mentee"], "capacity": [2.0, math.nan], "wishes": ["", 7]},
        index=["x", "y"],
    )
    cohort = from_pandas(df)
    assert cohort.ids == ("7", "8")
    assert cohort["7"].capacity == 2 and cohort["8"].capacity is None
    assert cohort["8"].wishes == ("7",)
    assert [p.row for p in cohort] == [2, 3]  # position + 2 whatever the index


def test_value_aliases_are_noted() -> None:
    df = pd.DataFrame({"id": ["A", "B"], "rooli": ["mentori", "mentee"], "kielet": ["suomi", "fi"]})
    assert from_pandas(df).notes == (
        "columns: read 'rooli' as 'role', 'kielet' as 'languages'",
        "role: read 'mentori' as 'mentor' (1 row)",
        "languages: read 'suomi' as 'fi' (1 row)",
    )


def test_blank_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    cohort = read_text(tmp_path, "id,role\nM1,mentor\n\n,\nA1,mentee\n")
    assert cohort.ids == ("M1", "A1")
    assert cohort["A1"].row == 5
    assert cohort.notes[-1] == "skipped 2 empty rows (rows 3, 4)"


def test_delimiter_detection_ignores_commas_in_text(tmp_path: Path) -> None:
    cohort = read_text(tmp_path, "id;role;goals\nM1;mentor;a, b, c, d\nA1;mentee;x, y, z\n")
    assert "delimiter ';' detected" in cohort.notes
    assert cohort["M1"].goals == "a, b, c, d"


def test_trailing_delimiters_and_empty_unnamed_column(tmp_path: Path) -> None:
    cohort = read_text(tmp_path, "id;role;\nM1;mentor;;;\nA1;mentee;\n")
    assert cohort.ids == ("M1", "A1")


# --------------------------------------------------------------------------- bad input


def test_every_problem_is_listed_in_one_error(tmp_path: Path) -> None:
    text = (
        "id,role,organsation,experience_years,capacity,wishes,Name\n"
        "M1,mentor,,5,2,,Ann\n"
        "M1,mentor,,3,1,,Bob\n"
        "m1,mentee,,1,,M1,Cat\n"
        "A1,mentorr,,2,,,Dan\n"
        "A2,mentee,,3 years,,,Eve\n"
        "M7,mentor,,10,-2,,Fay\n"
        "A3,mentee,,1,,Nobody,Gus\n"
        ",mentee,,1,,,Hal\n"
        "A4,mentee,,1,,\n"
    )
    path = tmp_path / "input.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        read_csv(path)
    assert where(info.value.problems) == [
        (None, None, "organsation", "unknown column 'organsation'; did you mean 'organisation'?"),
        (3, "M1", "id", f"duplicate id; also used on row 2: {SUBMITTED_TWICE}"),
        (4, "m1", "id", "differs from 'M1' (row 2) only by letter case; ids must be distinct ignoring case"),
        (5, "A1", "role", f"must be {ROLE_HELP}, got 'mentorr'; did you mean 'mentor'?"),
        (6, "A2", "experience_years", "must be a number of years from 0 to 80, got '3 years'"),
        (7, "M7", "capacity", "must be an integer >= 1, got '-2'"),
        (8, "A3", "wishes", "names unknown participant 'Nobody'"),
        (9, None, "id", "must not be empty"),
        (10, "A4", None, "has 6 cells but the header has 7 columns"),
    ]
    message = str(info.value)
    assert message.startswith("9 problems in the input:\n")
    assert "  - row 7, participant 'M7', field 'capacity': must be an integer >= 1, got '-2'" in message


SUBMITTED_TWICE = "submitted twice? duplicates='latest' or 'first' keeps one"


def test_duplicate_ids(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id,role\nM1,mentor\nA1,mentee\nM1,mentee\n") == [
        (4, "M1", "id", f"duplicate id; also used on row 2: {SUBMITTED_TWICE}")
    ]


def test_case_only_duplicate_ids(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id,role\nAnna,mentor\nanna,mentee\n") == [
        (3, "anna", "id", "differs from 'Anna' (row 2) only by letter case; ids must be distinct ignoring case")
    ]


def test_unknown_role(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id;rooli\nM1;mentori\nA1;opiskelija\nA2;\n") == [
        (3, "A1", "role", f"must be {ROLE_HELP}, got 'opiskelija'"),
        (4, "A2", "role", f"must be {ROLE_HELP}, got ''"),
    ]


def test_unknown_meeting_mode(tmp_path: Path) -> None:
    problems = csv_problems(tmp_path, "id,role,meeting_mode\nM1,mentor,sometimes\n")
    assert problems == [
        (2, "M1", "meeting_mode",
         "must be in_person, remote or either (or e.g. 'online', 'face to face', 'lähi', 'etä', 'molemmat'), "
         "got 'sometimes'"),
    ]


def test_bad_number(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id;role;kokemus_vuosina\nM1;mentor;12,5\nM2;mentor;1 000\nM3;mentor;81\n") == [
        (3, "M2", "experience_years", "must be a number of years from 0 to 80, got '1 000'"),
        (4, "M3", "experience_years", "must be a number of years from 0 to 80, got '81'"),
    ]


def test_bad_capacity(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id,role,capacity\nM1,mentor,2\nM7,mentor,-2\n") == [
        (3, "M7", "capacity", "must be an integer >= 1, got '-2'")
    ]


def test_wish_naming_unknown_id(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id,role,wishes,exclusions\nM1,mentor,,\nA1,mentee,m1|X9,Y\n") == [
        # 'm1' names 'M1': references are compared without case since issue 15.
        (3, "A1", "wishes", "names unknown participant 'X9'"),
        (3, "A1", "exclusions", "names unknown participant 'Y'"),
    ]


def test_wish_naming_a_faulty_row_is_not_reported_as_unknown(tmp_path: Path) -> None:
    # M1's row has its own problem; A1's wish for M1 is still a wish for a known id.
    assert csv_problems(tmp_path, "id,role,capacity,wishes\nM1,mentor,0,\nA1,mentee,,M1\n") == [
        (2, "M1", "capacity", "must be an integer >= 1, got '0'")
    ]


def test_self_wish_reported_by_participant(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id,role,wishes\nM1,mentor,M1\n") == [
        (2, "M1", "wishes", "names the participant themself")
    ]


def test_empty_id(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id,role,capacity\nM1,mentor,1\n  ,mentee,x\n") == [
        (3, None, "id", "must not be empty"),
        (3, None, "capacity", "must be an integer >= 1, got 'x'"),
    ]


def test_typo_column(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id,role,Organsation,kapasitetti\nM1,mentor,Acme,1\n") == [
        (None, None, "Organsation", "unknown column 'Organsation'; did you mean 'organisation'?"),
        (None, None, "kapasitetti", "unknown column 'kapasitetti'; did you mean 'kapasiteetti'?"),
    ]


def test_unknown_column_that_is_no_typo_is_kept(tmp_path: Path) -> None:
    cohort = read_text(tmp_path, "id,role,Puhelin,Phone\nM1,mentor,040 123,\n")
    assert cohort["M1"].extra == (("Puhelin", "040 123"),)
    assert list(cohort.to_pandas().columns[-2:]) == ["Puhelin", "Phone"]


def test_missing_required_columns(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "name,organisation,capacity\nAnn,Acme,0\n") == [
        (None, None, "id", "required column is missing; name it 'id' (or 'tunniste')"),
        (None, None, "role", "required column is missing; name it 'role' (or 'rooli')"),
        (2, None, "capacity", "must be an integer >= 1, got '0'"),
    ]


def test_two_columns_for_one_field(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id,role,organisation,Organization\nM1,mentor,A,B\n") == [
        (None, None, "organisation", "given by two columns, 'organisation' and 'Organization'")
    ]


def test_values_without_header(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id,role,\nM1,mentor,x\n") == [
        (None, None, None, "column 3 has values but no header")
    ]


def test_ragged_rows(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id;role;capacity\nM1;mentor\nM2;mentor;1;x\nM3;mentor;1;;\n") == [
        (2, "M1", None, "has 2 cells but the header has 3 columns"),
        (3, "M2", None, "has 4 cells but the header has 3 columns"),
    ]


def test_row_numbers_count_records_not_lines(tmp_path: Path) -> None:
    text = 'id,role,goals\nM1,mentor,"line one\nline two"\nA1,mentee,"x"\nA2,mentorr,\n'
    assert csv_problems(tmp_path, text) == [
        (4, "A2", "role", f"must be {ROLE_HELP}, got 'mentorr'; did you mean 'mentor'?")
    ]


def test_unclosed_quote(tmp_path: Path) -> None:
    text = 'id,role,goals\nM1,mentor,"fine"\nA1,mentee,"never closed\nA2,mentee,ok\n'
    assert csv_problems(tmp_path, text) == [
        (3, None, None,
         "broken quoting: unexpected end of data (the row starts on line 3); "
         'check that every cell opened with " is closed with "'),
    ]


def test_text_after_closing_quote(tmp_path: Path) -> None:
    text = 'id;role;goals\nM1;mentor;"fine"\nA1;mentee;"closed" too early\n'
    assert csv_problems(tmp_path, text) == [
        (3, None, None,
         "broken quoting: ';' expected after '\"' (the row starts on line 3); "
         'check that every cell opened with " is closed with "'),
    ]


@pytest.mark.parametrize("text", [b"", b"\xef\xbb\xbf", b"\n\n", b"id;role\r\n", b"id,role\n,\n\n"])
def test_no_participants(tmp_path: Path, text: bytes) -> None:
    assert csv_problems(tmp_path, text) == [(None, None, None, "no participants")]


def test_no_participants_in_frame() -> None:
    with pytest.raises(ValidationError) as info:
        from_pandas(pd.DataFrame(columns=["id", "role"]))
    assert where(info.value.problems) == [(None, None, None, "no participants")]


def test_undecodable_bytes(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, b"id,role\nM\x81,mentor\n") == [
        (None, None, None,
         "cannot be read as UTF-8 or cp1252 text (byte 0x81 on line 2); save it as 'CSV UTF-8' or name the encoding"),
    ]


def test_wrong_explicit_encoding(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, CP1252.read_bytes(), encoding="utf-8") == [
        (None, None, None,
         "cannot be read as utf-8 text (byte 0xe4 on line 2); save it as 'CSV UTF-8' or name the encoding"),
    ]


def test_validation_error_is_a_value_error(tmp_path: Path) -> None:
    path = tmp_path / "input.csv"
    path.write_text("id,role\nM1,boss\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"row 2, participant 'M1', field 'role'"):
        read_csv(path)


def test_excel_sep_line(tmp_path: Path) -> None:
    cohort = read_text(tmp_path, "sep=;\r\nid;role;goals\r\nM1;mentor;a, b\r\nA1;mentee;c\r\n")
    assert "delimiter ';' taken from the 'sep=' line" in cohort.notes
    assert cohort["M1"].goals == "a, b"
    assert cohort["A1"].row == 3  # Excel hides the sep= line, so the header is row 1


def test_same_extra_column_twice(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id,role,Phone,phone \nM1,mentor,a,b\n") == [
        (None, None, "phone", "column appears twice ('Phone' and 'phone')")
    ]
