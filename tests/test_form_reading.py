"""Reading a real form's export without hand-cleaning it (issue 15, part A): list cells split as
forms join them, the answers forms word, unknown answers reported once each, at most twenty
problems in a message, and the caller's own ``columns=`` and ``answers=``.

The exports themselves, suggest_columns and the command line are in tests/test_forms.py.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mentorpair import Cohort, MeetingMode, Participant, Problem, Role, ValidationError
from mentorpair.exceptions import MESSAGE_LIMIT
from mentorpair.io import cohort_to_pandas, from_pandas, read_csv, read_excel, write_csv
from mentorpair.io.read_notes import row_ranges


def where(problems: tuple[Problem, ...] | list[Problem]) -> list[tuple[int | None, str | None, str | None, str]]:
    return [(p.row, p.participant, p.field, p.message) for p in problems]


def frame_problems(df: pd.DataFrame, **kwargs: object) -> list[tuple[int | None, str | None, str | None, str]]:
    with pytest.raises(ValidationError) as info:
        from_pandas(df, **kwargs)  # type: ignore[arg-type]
    return where(info.value.problems)


def one(header: str, cell: object, **kwargs: object) -> Participant:
    df = pd.DataFrame({"id": ["P1"], "role": ["mentor"], header: [cell]})
    return from_pandas(df, **kwargs).participants[0]  # type: ignore[arg-type]


# --------------------------------------------------------------------------- 1. list cells


@pytest.mark.parametrize(
    ("cell", "items"),
    [
        ("Johtaminen;Viestintä", ("Johtaminen", "Viestintä")),
        ("Johtaminen;Viestintä;", ("Johtaminen", "Viestintä")),  # Microsoft Forms ends every choice with ';'
        ("Johtaminen; Viestintä, Talous", ("Johtaminen", "Viestintä", "Talous")),
        ("Johtaminen\nViestintä\r\nTalous", ("Johtaminen", "Viestintä", "Talous")),  # one choice per line
        ("a, b ,c", ("a", "b", "c")),
        ("a, b|c", ("a, b", "c")),  # with '|' present, only '|' separates
        ("a; b|c\nd", ("a; b", "c\nd")),
        ("Leadership, strategy|", ("Leadership, strategy",)),  # the escape of a lone item with a comma
        ("a;b|", ("a;b",)),
    ],
)
def test_list_cells_split_as_forms_join_them(cell: str, items: tuple[str, ...]) -> None:
    assert one("goal_areas", cell).goal_areas == items


def test_wishes_and_exclusions_split_on_semicolons_and_lines() -> None:
    df = pd.DataFrame({"id": ["M1", "M2", "A1"], "role": ["mentor", "mentor", "mentee"],
                       "wishes": ["", "", "M1;M2"], "exclusions": ["", "", ""]})
    assert from_pandas(df)["A1"].wishes == ("M1", "M2")


def _awkward_cohort() -> Cohort:
    return Cohort((
        Participant("M1", Role.MENTOR, goal_areas=("Johtaminen; strategia",), languages=("fi",), capacity=2),
        Participant("M2", Role.MENTOR, goal_areas=("rivi yksi\nrivi kaksi",), offers="a; b\nc"),
        Participant("A1", Role.MENTEE, goal_areas=("a;b", "c, d"), wishes=("M1",), languages=("fi", "en")),
        Participant("A2", Role.MENTEE, goal_areas=("Leadership, strategy",), exclusions=("M2",)),
    ))


def test_round_trip_keeps_lone_items_with_separators_whole(tmp_path: Path) -> None:
    cohort = _awkward_cohort()
    df = cohort_to_pandas(cohort)
    assert df.loc[0, "goal_areas"] == "Johtaminen; strategia|"
    assert df.loc[1, "goal_areas"] == "rivi yksi\nrivi kaksi|"
    assert from_pandas(df) == cohort
    for sep, decimal in ((",", "."), (";", ",")):
        path = tmp_path / f"out{sep}.csv"
        write_csv(cohort, path, sep=sep, decimal=decimal)
        assert read_csv(path).participants == cohort.participants
        write_csv(read_csv(path), tmp_path / "again.csv", sep=sep, decimal=decimal)
        assert (tmp_path / "again.csv").read_bytes() == path.read_bytes()


# --------------------------------------------------------------------------- 2. answers as forms word them


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("Aktorina", Role.MENTEE), ("Mentorina", Role.MENTOR), ("Vertaisena", Role.PEER),
        ("Kumpi tahansa käy", Role.ANY), ("KUMPI TAHANSA KAY", Role.ANY), ("As a mentee", Role.MENTEE),
        ("As a mentor", Role.MENTOR), ("As a peer", Role.PEER), ("Either is fine", Role.ANY),
        ("Aktorina (mentoroitava)", Role.MENTEE),  # a bracket that says the same thing
        ("mentoroitavana", Role.MENTEE), ("Mikä tahansa", Role.ANY), ("mika tahansa", Role.ANY),
    ],
)
def test_role_answers_of_forms(cell: str, role: Role) -> None:
    assert from_pandas(pd.DataFrame({"id": ["P1"], "role": [cell]})).participants[0].role is role


@pytest.mark.parametrize(
    ("cell", "mode"),
    [
        ("Lähitapaamiset", MeetingMode.IN_PERSON), ("Etänä (Teams)", MeetingMode.REMOTE),
        ("Etänä", MeetingMode.REMOTE), ("etana", MeetingMode.REMOTE), ("Molemmat käyvät", MeetingMode.EITHER),
        ("In person", MeetingMode.IN_PERSON), ("Remotely (Teams)", MeetingMode.REMOTE),
        ("Remotely (Zoom)", MeetingMode.REMOTE), ("Etänä (esim. Zoom tai Teams)", MeetingMode.REMOTE),
        ("Etänä (Microsoft Teams)", MeetingMode.REMOTE), ("Both are fine", MeetingMode.EITHER),
        ("LÄHI", MeetingMode.IN_PERSON), ("lahi", MeetingMode.IN_PERSON),
    ],
)
def test_meeting_answers_of_forms(cell: str, mode: MeetingMode) -> None:
    assert one("meeting_mode", cell).meeting_mode is mode


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("Suomi;Englanti", ("fi", "en")), ("Suomi;Englanti;Ruotsi;", ("fi", "en", "sv")),
        ("Suomi\nRuotsi", ("fi", "sv")), ("Finnish, English", ("fi", "en")), ("venaja; Francais", ("ru", "fr")),
        ("Englanti (English)", ("en",)),
    ],
)
def test_language_names_in_multiple_choice_cells(cell: str, codes: tuple[str, ...]) -> None:
    assert one("languages", cell).languages == codes


@pytest.mark.parametrize("cell", ["Etänä (jos on pakko)", "Lähitapaamiset (ei etänä)", "Kumpi tahansa (mutta)"])
def test_brackets_that_may_change_the_meaning_are_not_ignored(cell: str) -> None:
    df = pd.DataFrame({"id": ["P1"], "role": ["mentor"], "meeting_mode": [cell]})
    [(row, pid, name, message)] = frame_problems(df)
    assert (row, pid, name) == (2, "P1", "meeting_mode")
    assert message.endswith("?") and "did you mean" in message


def test_form_answers_are_noted_as_written() -> None:
    df = pd.DataFrame({"id": ["A", "B"], "role": ["Aktorina", "Mentorina"],
                       "meeting_mode": ["Etänä (Teams)", "In person"]})
    notes = from_pandas(df).notes
    assert "role: read 'aktorina' as 'mentee' (1 row), 'mentorina' as 'mentor' (1 row)" in notes
    assert "meeting_mode: read 'etänä (teams)' as 'remote' (1 row)" in notes


# --------------------------------------------------------------------------- 3. unknown answers, once each


def test_row_ranges() -> None:
    assert row_ranges([2, 3, 4, 5, 9, 12, 13, 14, 15, 16, 17, 18, 19, 20]) == "2\u20135, 9, 12\u201320"
    assert row_ranges([7]) == "7"
    assert row_ranges([5, 3, 4, 4]) == "3\u20135"
    assert row_ranges(list(range(2, 60, 2)), most=3) == "2, 4, 6 and 26 more"


def test_an_unknown_value_on_many_rows_is_one_problem(tmp_path: Path) -> None:
    lines = ["id;role;meeting_mode"] + [f"P{i};mentor;Etänä (Zoomi)" for i in range(2, 58)]
    path = tmp_path / "zoomi.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        read_csv(path)
    assert [str(p) for p in info.value.problems] == [
        "field 'meeting_mode': unknown value 'Etänä (Zoomi)' on 56 rows (2\u201357); did you mean 'remote'?"
    ]


def test_unknown_values_are_grouped_by_value_with_their_rows() -> None:
    roles = ["Haluan mentoriksi"] * 4 + ["mentor", "mentorr"] + ["Haluan mentoriksi", "mentor"] * 2 + ["", ""]
    df = pd.DataFrame({"id": [f"P{i}" for i in range(len(roles))], "role": roles,
                       "capacity": ["0"] * 2 + [""] * (len(roles) - 2)})
    assert frame_problems(df) == [
        (2, "P0", "capacity", "must be an integer >= 1, got '0'"),
        (None, None, "role",
         "unknown value 'Haluan mentoriksi' on 6 rows (2\u20135, 8, 10); must be mentor, mentee, peer or any "
         "(in Finnish mentori, aktori, mentoroitava, vertainen, vertaismentori, kumpi tahansa, mikä tahansa)"),
        (3, "P1", "capacity", "must be an integer >= 1, got '0'"),
        (7, "P5", "role",
         "must be mentor, mentee, peer or any (in Finnish mentori, aktori, mentoroitava, vertainen, "
         "vertaismentori, kumpi tahansa, mikä tahansa), got 'mentorr'; did you mean 'mentor'?"),
        (None, None, "role",
         "is empty on 2 rows (12\u201313); must be mentor, mentee, peer or any (in Finnish mentori, aktori, "
         "mentoroitava, vertainen, vertaismentori, kumpi tahansa, mikä tahansa)"),
    ]


def test_spellings_of_one_unknown_value_count_as_one() -> None:
    df = pd.DataFrame({"id": ["P1", "P2", "P3"], "role": ["mentor"] * 3,
                       "meeting_mode": ["Hybridi", "hybridi", "HYBRIDI"]})
    [(row, pid, name, message)] = frame_problems(df)
    assert (row, pid, name) == (None, None, "meeting_mode")
    assert message.startswith("unknown value 'Hybridi' on 3 rows (2\u20134); must be in_person, remote or either")


def test_unknown_languages_and_goal_areas_stay_accepted() -> None:
    # Neither was refused before: an unknown language is kept as written, goal areas are free.
    p = one("languages", "Klingon;Suomi")
    assert p.languages == ("klingon", "fi")
    assert one("goal_areas", "Mitä tahansa;Jotain muuta").goal_areas == ("Mitä tahansa", "Jotain muuta")


# --------------------------------------------------------------------------- 4. at most twenty in a message


def test_message_lists_twenty_problems_and_counts_the_rest() -> None:
    df = pd.DataFrame({"id": [f"P{i}" for i in range(30)], "role": ["mentor"] * 30, "capacity": ["0"] * 30})
    with pytest.raises(ValidationError) as info:
        from_pandas(df)
    error = info.value
    assert len(error.problems) == 30
    lines = str(error).splitlines()
    assert lines[0] == "30 problems in the input:"
    assert len(lines) == 1 + MESSAGE_LIMIT + 1 and MESSAGE_LIMIT == 20
    assert lines[20] == "  - row 21, participant 'P19', field 'capacity': must be an integer >= 1, got '0'"
    assert lines[-1] == "  ... and 10 more problems (.problems lists every one)"
    assert len(error.describe(limit=None).splitlines()) == 31
    assert ValidationError(error.problems[:20]).describe() == ValidationError(error.problems[:20]).describe(None)
    assert str(ValidationError(error.problems[:21])).endswith("and 1 more problem (.problems lists every one)")


# --------------------------------------------------------------------------- 5. columns= and answers=

FORM = pd.DataFrame({
    "Aikaleima": ["1.9.2025", "2.9.2025", "3.9.2025"],
    "Tunnuksesi": ["M1", "A1", "A2"],
    "Haluan osallistua": ["Haluan mentoriksi", "Aktorina", "Mentori"],
    "Mitä tavoitteita sinulla on mentoroinnille?": ["", "Oppia johtamaan", "Verkostoja"],
    "Kuinka monta aktoria voit ottaa?": ["Kaksi", "", ""],
    "Teemat": ["Johtaminen, strategia; Talous", "Talous", "johtaminen, strategia"],
})
ANSWERS = {"role": {"Haluan mentoriksi": "mentor"}, "capacity": {"Kaksi": 2}}
COLUMNS = {"Tunnuksesi": "id", "Haluan osallistua": "role", "Mitä tavoitteita sinulla on mentoroinnille?": "goals",
           "Kuinka monta aktoria voit ottaa?": "capacity", "Teemat": "goal_areas"}


def test_columns_and_answers_read_a_form() -> None:
    answers = {"role": {"Haluan mentoriksi": "mentor", "mentori": "mentee"}, "capacity": {"Kaksi": 2},
               "goal_areas": {"Johtaminen, strategia": "johtaminen"}}
    cohort = from_pandas(FORM, columns=COLUMNS, answers=answers)
    assert [p.role for p in cohort] == [Role.MENTOR, Role.MENTEE, Role.MENTEE]  # the caller's answers go first
    assert cohort["M1"].capacity == 2 and cohort["A1"].goals == "Oppia johtamaan"
    assert [p.goal_areas for p in cohort] == [("johtaminen", "Talous"), ("Talous",), ("johtaminen",)]
    assert cohort["M1"].extra == (("Aikaleima", "1.9.2025"),)
    assert "role: read 'haluan mentoriksi' as 'mentor' (1 row), 'aktorina' as 'mentee' (1 row), " \
           "'mentori' as 'mentee' (1 row)" in cohort.notes
    assert "capacity: read 'kaksi' as '2' (1 row)" in cohort.notes
    # The renamed columns are the fields from then on, so nothing is written out twice.
    assert cohort.columns == ("Aikaleima", "id", "role", "goals", "capacity", "goal_areas")
    df = cohort_to_pandas(cohort)
    assert list(df.columns)[-1] == "Aikaleima"
    assert from_pandas(df) == cohort


def test_columns_are_compared_as_headers_are_and_may_keep_a_column() -> None:
    df = pd.DataFrame({"id": ["M1", "A1"], "role": ["mentor", "mentee"], "Organisaatiot": ["x", "y"],
                       "KIELET (valitse)": ["Suomi", "Englanti"]})
    # 'Organisaatiot' would be refused as a typo of 'organisaatio'; "" keeps it as an extra column.
    assert "did you mean 'organisaatio'?" in frame_problems(df)[0][3]
    cohort = from_pandas(df, columns={"organisaatiot": "", " kielet  (VALITSE) ": "languages"})
    assert cohort["M1"].extra == (("Organisaatiot", "x"),) and cohort["A1"].languages == ("en",)


@pytest.mark.parametrize("reader", ["csv", "excel", "pandas"])
def test_every_reader_takes_the_maps(tmp_path: Path, reader: str) -> None:
    answers = {"role": {"Haluan mentoriksi": "mentor", "Mentori": "mentee"}, "capacity": {"Kaksi": "2"}}
    expected = from_pandas(FORM, columns=COLUMNS, answers=answers)
    if reader == "pandas":
        cohort = from_pandas(FORM, columns=COLUMNS, answers=answers)
    elif reader == "csv":
        path = tmp_path / "form.csv"
        FORM.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
        cohort = read_csv(path, columns=COLUMNS, answers=answers)
    else:
        path = tmp_path / "form.xlsx"
        FORM.to_excel(path, index=False)
        cohort = read_excel(path, columns=COLUMNS, answers=answers)
    assert cohort.participants == expected.participants


def test_unknown_fields_in_the_maps_are_refused_with_a_guess() -> None:
    with pytest.raises(ValidationError) as info:
        from_pandas(FORM, columns={"Tunnuksesi": "id", "Teemat": "goal_area", "Haluan osallistua": "rool"},
                    answers={"langauges": {"Suomi": "fi"}, "meeting": {"x": "remote"}})
    assert str(info.value).startswith("4 problems in the columns and answers:")
    assert where(info.value.problems) == [
        (None, None, "goal_area", "columns['Teemat'] names unknown field 'goal_area'; did you mean 'goal_areas'?"),
        (None, None, "rool", "columns['Haluan osallistua'] names unknown field 'rool'; did you mean 'role'?"),
        (None, None, "langauges", "answers names unknown field 'langauges'; did you mean 'languages'?"),
        (None, None, "meeting", "answers names unknown field 'meeting'; did you mean 'meeting_mode'?"),
    ]


def test_bad_answers_are_refused_up_front() -> None:
    problems = frame_problems(FORM, columns=COLUMNS, answers={
        "role": {"Haluan mentoriksi": "boss", "Aktorina": ["mentee"]},
        "capacity": {"Kaksi": "0"}, "id": {"x": "y"}, "experience_years": {"Paljon": "3 vuotta"}})
    assert where_fields(problems) == ["role", "role", "capacity", "id", "experience_years"]
    messages = [m for *_, m in problems]
    assert messages[0].startswith("answer 'Haluan mentoriksi': the value must be mentor, mentee, peer or any")
    assert messages[1] == "answer 'Aktorina': the value must be a text or a number, got ['mentee']"
    assert messages[2] == "answer 'Kaksi': the value must be an integer >= 1, got '0'"
    assert messages[3] == "answers cannot rename ids; give the ids as they are"


def where_fields(problems: list[tuple[int | None, str | None, str | None, str]]) -> list[str | None]:
    return [name for _, _, name, _ in problems]


def test_a_columns_key_not_in_the_file_is_named() -> None:
    problems = frame_problems(FORM, columns={**COLUMNS, "Mitä tavoitteita sinulla on?": "offers",
                                             "Sähköposti": "location"}, answers=ANSWERS)
    assert problems == [
        (None, None, "Mitä tavoitteita sinulla on?",
         "columns= names 'Mitä tavoitteita sinulla on?', which is not a column of the input; "
         "did you mean 'Mitä tavoitteita sinulla on mentoroinnille?'?"),
        (None, None, "Sähköposti", "columns= names 'Sähköposti', which is not a column of the input"),
    ]


def test_two_columns_mapped_to_one_field_are_refused() -> None:
    problems = frame_problems(FORM, columns={**COLUMNS, "Aikaleima": "goals"}, answers=ANSWERS)
    assert problems == [
        (None, None, "goals",
         "named for two columns in columns=, 'Mitä tavoitteita sinulla on mentoroinnille?' and 'Aikaleima'"),
    ]


def test_a_title_row_and_a_repeated_header_are_found_with_a_map(tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    path.write_text(
        "Osallistuja;;Toiveet\n"
        "Tunnuksesi;Haluan osallistua;Teemat\n"
        "M1;Mentorina;Talous\n"
        "Tunnuksesi;Haluan osallistua;Teemat\n"
        "A1;Aktorina;Talous;Johtaminen\n".replace("Talous;Johtaminen", '"Talous;Johtaminen"'),
        encoding="utf-8",
    )
    cohort = read_csv(path, columns={"Tunnuksesi": "id", "Haluan osallistua": "role", "Teemat": "goal_areas"})
    assert cohort.ids == ("M1", "A1") and cohort["A1"].goal_areas == ("Talous", "Johtaminen")
    assert any("is a title row above the header on row 2" in n for n in cohort.notes)
    assert any("skipped 1 repeated header row (row 4)" in n for n in cohort.notes)


def test_maps_of_the_wrong_type_are_refused() -> None:
    problems = frame_problems(FORM, columns=["Tunnuksesi"], answers={"role": "mentor"})
    assert where_fields(problems) == ["columns", "role"]
