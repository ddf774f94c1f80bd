"""Issue 15 (part B): a form export read without its map warns, never a silent wrong run;
names and e-mail addresses; wishes by name; repeated submissions."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mentorpair as mp
from mentorpair.cli import main
from mentorpair.io.references import fold
from mentorpair.io.resubmit import parse_time, timestamp_header

FORMS = Path(__file__).parent / "data" / "forms"
NAMES = ("webropol", "msforms", "googleforms", "limesurvey")


def the_map(name: str) -> dict[str, Any]:
    return tomllib.loads((FORMS / name / "map.toml").read_text(encoding="utf-8"))


def partial_map(name: str) -> tuple[dict[str, str], dict[str, Any]]:
    """Only what reading needs to get through: the id, the role (and years, whose header is a near-typo)."""
    found = the_map(name)
    columns = {h: f for h, f in found["columns"].items() if f in ("id", "role", "experience_years")}
    answers = {f: a for f, a in found.get("answers", {}).items() if f == "role"}
    return columns, answers


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- 1. no silent wrong run


@pytest.mark.parametrize("name", NAMES)
def test_an_export_read_without_its_map_warns(name: str) -> None:
    columns, answers = partial_map(name)
    cohort = mp.read_csv(FORMS / name / "export.csv", columns=columns, answers=answers)
    goals = next(h for h, f in the_map(name)["columns"].items() if f == "goals")
    assert any(repr(goals) in w and "goals" in w for w in cohort.warnings), cohort.warnings
    assert any(w.startswith("nobody has a goal or an offer text") for w in cohort.warnings)
    with pytest.raises(mp.ValidationError) as info:
        mp.read_csv(FORMS / name / "export.csv", columns=columns, answers=answers, strict=True)
    assert len(info.value.problems) == len(cohort.warnings)
    assert all(p.message.startswith("warning (strict): ") for p in info.value.problems)


@pytest.mark.parametrize("name", NAMES)
def test_an_export_read_with_its_map_does_not_warn(name: str) -> None:
    found = the_map(name)
    cohort = mp.read_csv(FORMS / name / "export.csv", columns=found["columns"], answers=found.get("answers"),
                         strict=True)
    assert cohort.warnings == ()


def test_the_goal_question_by_its_words_and_contents() -> None:
    df = pd.DataFrame({
        "id": ["M1", "A1", "A2"], "role": ["mentor", "mentee", "mentee"],
        "Mitä tavoitteita sinulla on mentoroinnille?": [
            "", "Haluan oppia johtamaan tiimiä paremmin", "Toivon selkeyttä uravalintoihin ja verkostoja"],
        "Lisätietoja": ["", "", "kiitos"],
    })
    cohort = mp.from_pandas(df)
    assert len(cohort.warnings) == 2
    assert "'Mitä tavoitteita sinulla on mentoroinnille?'" in cohort.warnings[0] and "'goals'" in cohort.warnings[0]
    assert "Lisätietoja" not in " ".join(cohort.warnings)
    with pytest.raises(mp.ValidationError, match="looks like goals"):
        mp.from_pandas(df, strict=True)
    # Mapped to '' the column is kept on purpose: no warning about it, only the missing goals remain.
    kept = mp.from_pandas(df, columns={"Mitä tavoitteita sinulla on mentoroinnille?": ""})
    assert [w[:30] for w in kept.warnings] == ["nobody has a goal or an offer "]
    mapped = mp.from_pandas(df, columns={"Mitä tavoitteita sinulla on mentoroinnille?": "goals"}, strict=True)
    assert mapped["A1"].goals.startswith("Haluan") and mapped.warnings == ()


def test_warnings_do_not_change_equality_and_excel_refuses_too(tmp_path: Path) -> None:
    path = write(tmp_path, "id,role,Organisaatio, jossa työskentelet\nM1,mentor,Acme\nA1,mentee,Beta\n"
                 .replace("Organisaatio, jossa", '"Organisaatio, jossa').replace("työskentelet\n", 'työskentelet"\n'))
    cohort = mp.read_csv(path)
    assert any("looks like organisations" in w for w in cohort.warnings)
    assert cohort == mp.Cohort(cohort.participants, notes=cohort.notes)
    book = tmp_path / "in.xlsx"
    cohort.to_pandas().to_excel(book, index=False)
    # Written out, the organisation column is empty beside the extra one: still a warning.
    assert mp.read_excel(book).warnings[0] == cohort.warnings[0]
    with pytest.raises(mp.ValidationError):
        mp.read_excel(book, strict=True)


def test_cli_prints_warnings_first_and_strict_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    columns, _answers = partial_map("webropol")
    toml = tmp_path / "map.toml"
    lines = ["[columns]", *(f'"{h}" = "{f}"' for h, f in columns.items())]
    toml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    export = str(FORMS / "webropol" / "export.csv")
    assert main(["match", export, "--columns", str(toml), "--strict"]) == 2
    err = capsys.readouterr().err
    assert "warning (strict)" in err and "Mitä tavoitteita sinulla on mentoroinnille?" in err
    main(["match", export, "--columns", str(toml)])
    out, err = capsys.readouterr()
    assert err.startswith("Warnings on reading the input") and "Pairs:" in out
    assert main(["explain", export, "W01", "--columns", str(toml)]) == 0
    assert "Mitä tavoitteita" in capsys.readouterr().err


# --------------------------------------------------------------------------- 2. name and e-mail


def test_name_and_email_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "tunniste;rooli;Etunimi;Sukunimi;Sähköpostiosoite;tavoitteet\n"
                 "M1;mentori;Anna-Liisa;Virtanen;anna@example.fi;Johtaminen\nA1;aktori;Ben;;;\n")
    cohort = mp.read_csv(path)
    assert cohort["M1"].name == "Anna-Liisa Virtanen" and cohort["M1"].email == "anna@example.fi"
    assert cohort["A1"].name == "Ben" and cohort["A1"].email == ""
    df = cohort.to_pandas()
    assert list(df.columns[-2:]) == ["name", "email"]
    assert mp.from_pandas(df) == cohort
    out = tmp_path / "out.csv"
    mp.write_csv(cohort, out)
    assert mp.read_csv(out).participants == cohort.participants


def test_email_is_the_id_when_there_is_no_id_column(tmp_path: Path) -> None:
    path = write(tmp_path, "Email Address,Full name,role,goals\na@x.fi,Ann A,mentor,x\nb@x.fi,Bob B,mentee,y\n")
    cohort = mp.read_csv(path)
    assert cohort.ids == ("a@x.fi", "b@x.fi") and cohort["a@x.fi"].email == "a@x.fi"
    assert any("e-mail address ('Email Address') is their id" in n for n in cohort.notes)


def test_a_bad_email_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(mp.ValidationError) as info:
        mp.read_csv(write(tmp_path, "id,role,email\nM1,mentor,not an address\n"))
    assert [(p.row, p.field) for p in info.value.problems] == [(2, "email")]
    with pytest.raises(mp.ValidationError):
        mp.Participant("M1", mp.Role.MENTOR, email="a@b@c")


def test_a_cohort_without_names_is_written_as_before() -> None:
    assert "name" not in mp.demo_cohort().to_pandas().columns


# --------------------------------------------------------------------------- 3. wishes by name


def test_wishes_by_name_email_and_free_text(tmp_path: Path) -> None:
    path = write(tmp_path, "id,role,name,email,wishes,exclusions\n"
                 "M1,mentor,Äijä Öhman,m1@x.fi,,\n"
                 "M2,mentor,Bob Stone,m2@x.fi,,\n"
                 "A1,mentee,Cat,a1@x.fi,aija  ohman,M2@X.FI\n"
                 "A2,mentee,Dan,a2@x.fi,joku datatieteilijä,\n")
    cohort = mp.read_csv(path)
    assert cohort["A1"].wishes == ("M1",) and cohort["A1"].exclusions == ("M2",)
    assert cohort["A2"].wishes == () and cohort["A2"].extra == (("wish (free text)", "joku datatieteilijä"),)
    assert any("read names and e-mail addresses as ids" in n for n in cohort.notes)
    assert any("kept as text" in n and "joku datatieteilijä" in n for n in cohort.notes)
    out = tmp_path / "out.csv"
    mp.write_csv(cohort, out)
    assert mp.read_csv(out).participants == cohort.participants


def test_an_id_or_name_a_list_cell_split_is_put_back_together(tmp_path: Path) -> None:
    path = write(tmp_path, 'id;role;name;wishes;exclusions\n'
                 '"M;1";mentor;Virtanen, Anna;;\n'
                 'M2;mentor;Bob Stone;;\n'
                 '"M;3";mentor;Cy;;\n'
                 'A1;mentee;Cat;"Virtanen, Anna, M2";"M;3"\n')
    cohort = mp.read_csv(path)
    assert cohort.ids == ("M;1", "M2", "M;3", "A1")
    assert cohort["A1"].wishes == ("M;1", "M2") and cohort["A1"].exclusions == ("M;3",)


def test_an_ambiguous_or_unknown_name_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "id,role,name,wishes\n"
                 "M1,mentor,Anna Virtanen,\nM2,mentor,Anna Virtanen,\n"
                 "A1,mentee,Cat,anna virtanen\nA2,mentee,Dan,Ana Virtane\n")
    with pytest.raises(mp.ValidationError) as info:
        mp.read_csv(path)
    messages = [(p.row, p.message) for p in info.value.problems]
    assert messages[0][0] == 4 and "names more than one participant" in messages[0][1]
    assert "'M1' (Anna Virtanen)" in messages[0][1] and "'M2' (Anna Virtanen)" in messages[0][1]
    assert messages[1][0] == 5 and "names unknown participant 'Ana Virtane'; the closest are" in messages[1][1]


_NAME = st.text(alphabet="aäöåeéiouAÄÖÅEÉ", min_size=2, max_size=6).map(str.capitalize)
_FULL = st.tuples(_NAME, st.sampled_from(["", "-", " "]), _NAME).map(lambda t: f"{t[0]}{t[1]}{t[2]}".strip())


@settings(max_examples=40, deadline=None)
@given(st.lists(_FULL, min_size=2, max_size=8), st.data())
def test_names_resolve_without_case_or_accents(names: list[str], data: st.DataObject) -> None:
    people = [{"id": f"P{i}", "role": "peer", "name": n, "wishes": ""} for i, n in enumerate(names)]
    target = data.draw(st.integers(0, len(names) - 1))
    wisher = (target + 1) % len(names)
    # As a person types it: another case, no accents, extra spaces.
    typed = "  ".join(fold(names[target]).upper().split())
    people[wisher]["wishes"] = typed
    folded = [fold(n) for n in names]
    if folded.count(fold(names[target])) > 1 or fold(names[target]) == fold(names[wisher]):
        with pytest.raises(mp.ValidationError):
            mp.from_pandas(pd.DataFrame(people))
        return
    cohort = mp.from_pandas(pd.DataFrame(people))
    assert cohort[f"P{wisher}"].wishes == (f"P{target}",)


# --------------------------------------------------------------------------- 4. repeated submissions

RESUBMITTED = ("Aikaleima;tunniste;rooli;tavoitteet\n"
               "1.12.2026 14.03;M1;mentori;myöhempi\n"
               "30.11.2026 9.15;M1;mentori;aiempi\n"
               "1.12.2026 8.00;A1;aktori;x\n")


def test_submitted_twice_is_an_error_by_default(tmp_path: Path) -> None:
    with pytest.raises(mp.ValidationError, match="submitted twice") as info:
        mp.read_csv(write(tmp_path, RESUBMITTED))
    assert [p.row for p in info.value.problems] == [3]
    with pytest.raises(mp.ValidationError, match="duplicates"):
        mp.read_csv(write(tmp_path, RESUBMITTED), duplicates="newest")  # type: ignore[arg-type]


@pytest.mark.parametrize(("how", "goals", "kept", "dropped"), [("latest", "myöhempi", 2, 3),
                                                                 ("first", "aiempi", 3, 2)])
def test_latest_or_first_by_the_time_stamp(tmp_path: Path, how: Any, goals: str, kept: int, dropped: int) -> None:
    cohort = mp.read_csv(write(tmp_path, RESUBMITTED), duplicates=how)
    assert cohort.ids == ("M1", "A1") and cohort["M1"].goals == goals
    note = next(n for n in cohort.notes if "submitted 2 times" in n)
    assert f"kept row {kept}" in note and f"dropped row {dropped}" in note and "'Aikaleima'" in note


# The earlier submission had a wrong answer that the later one corrected.
CORRECTED = ("Aikaleima;tunniste;rooli;kokemus;tapaamistapa\n"
             "30.11.2026 9.15;M1;mentori;paljon;Etänä (Teams) ja vähän muuta\n"
             "1.12.2026 14.03;M1;mentori;12;etä\n"
             "1.12.2026 8.00;A1;aktori;2;etä\n")


def test_a_replaced_submission_is_not_checked(tmp_path: Path) -> None:
    cohort = mp.read_csv(write(tmp_path, CORRECTED), duplicates="latest")
    assert cohort.ids == ("M1", "A1") and cohort["M1"].experience_years == 12
    assert any("problems on row 2 were not reported" in n and "replaced" in n for n in cohort.notes)
    # Kept, the faulty row is still refused, with both of its problems.
    with pytest.raises(mp.ValidationError) as info:
        mp.read_csv(write(tmp_path, CORRECTED), duplicates="first")
    assert {(p.row, p.field) for p in info.value.problems} >= {(2, "experience_years"), (2, "meeting_mode")}


def test_latest_by_row_order_without_a_time_stamp(tmp_path: Path) -> None:
    cohort = mp.read_csv(write(tmp_path, "id,role,goals\nM1,mentor,a\nM1,mentor,b\n"), duplicates="latest")
    assert cohort["M1"].goals == "b"
    assert any("by row order" in n for n in cohort.notes)


def test_cli_duplicates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(write(tmp_path, RESUBMITTED))
    assert main(["match", path]) == 2
    assert main(["match", path, "--duplicates", "latest"]) in (0, 1)
    assert "submitted 2 times" in capsys.readouterr().out


@pytest.mark.parametrize(("text", "expected"), [
    ("1.12.2026 14.03", (2026, 12, 1, 14, 3, 0)),
    ("1.12.2026 klo 14:03:09", (2026, 12, 1, 14, 3, 9)),
    ("2026-12-01 14:03:00", (2026, 12, 1, 14, 3, 0)),
    ("2026-12-01T14:03:00+02:00", (2026, 12, 1, 14, 3, 0)),
    ("2026/12/01 14:03:00", (2026, 12, 1, 14, 3, 0)),
    ("8/25/2025 9:02:11", (2025, 8, 25, 9, 2, 11)),
    ("12/1/2026 2:03:00 PM", (2026, 12, 1, 14, 3, 0)),
])
def test_time_stamps(text: str, expected: tuple[int, ...]) -> None:
    parsed = parse_time(text)
    assert parsed is not None and parsed.timetuple()[:6] == expected


def test_time_stamp_headers() -> None:
    assert timestamp_header(["ID", "Aloitusaika", "Valmistumisaika"]) == "Valmistumisaika"
    assert timestamp_header(["Timestamp", "Email Address"]) == "Timestamp"
    assert timestamp_header(["Vastauksen ID", "Lähetyspäivä"]) == "Lähetyspäivä"
    assert timestamp_header(["id", "role"]) is None
    assert parse_time("eilen") is None


def test_suggest_columns_learns_names_and_emails() -> None:
    df = pd.DataFrame({"Tunnus": ["M1", "A1"], "Rooli": ["mentor", "mentee"], "Kerro nimesi": ["Anna Virta", "Bo Ek"],
                       "Yhteystieto": ["a@x.fi", "b@x.fi"], "Etunimi": ["Anna", "Bo"]})
    assert mp.suggest_columns(df) == {"Tunnus": "id", "Rooli": "role", "Kerro nimesi": "name",
                                      "Yhteystieto": "email", "Etunimi": "first_name"}
    # Unread, they change no pair: no warning about them.
    assert not any("Kerro nimesi" in w or "Yhteystieto" in w for w in mp.from_pandas(df).warnings)


def test_an_unread_organisation_or_experience_column_warns() -> None:
    columns, answers = partial_map("msforms")
    columns = {h: f for h, f in columns.items() if f != "experience_years"}
    warnings = mp.read_csv(FORMS / "msforms" / "export.csv", columns=columns, answers=answers).warnings
    assert any("'Työnantajasi'" in w and "organisations" in w for w in warnings)
    assert any("'Kuinka monta vuotta olet työskennellyt alalla?'" in w and "years of experience" in w
               for w in warnings)



def test_wishes_in_words_split_by_the_form_stay_one_value_and_round_trip(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Review finding: each piece became its own extra entry under one header, and export kept the last.
    path = tmp_path / "w.csv"
    path.write_text('id,role,goals,wishes\nM1,mentor,x,\nA1,mentee,y,"joku datatieteilijä; mieluiten naispuolinen"\n',
                    encoding="utf-8")
    cohort = mp.read_csv(path)
    assert cohort["A1"].extra == (("wish (free text)", "joku datatieteilijä; mieluiten naispuolinen"),)
    mp.write_csv(cohort, tmp_path / "again.csv")
    assert mp.read_csv(tmp_path / "again.csv").participants == cohort.participants


def test_slash_dates_are_read_in_the_order_the_column_shows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Review finding: day/month dates (a European spreadsheet) were read as month/day and the older row kept.
    head = "Timestamp,id,role,goals\n"
    rows = "10/11/2026 09:00:00,A1,mentee,old answer\n02/12/2026 09:00:00,A1,mentee,corrected answer\n"
    (tmp_path / "day_first.csv").write_text(head + rows + "20/11/2026 10:00:00,M1,mentor,x\n", encoding="utf-8")
    kept = mp.read_csv(tmp_path / "day_first.csv", duplicates="latest")
    assert kept["A1"].goals == "corrected answer"
    assert any("the latest by 'Timestamp'" in n for n in kept.notes)
    (tmp_path / "unknown.csv").write_text(head + rows, encoding="utf-8")
    unknown = mp.read_csv(tmp_path / "unknown.csv", duplicates="latest")
    assert any("could be day/month or month/day" in n for n in unknown.notes)
