"""What a coordinator gets out (issues 15 and 16): names and e-mails beside the ids, Finnish files,
an announcement sheet, readable rules, and cells that are exactly what participants wrote."""

from __future__ import annotations

import csv
import dataclasses
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mentorpair as mp
from mentorpair.model.vocab import COMPONENTS
from mentorpair.result import export
from mentorpair.result.export import ANNOUNCEMENT_COLUMNS, announcement_frame
from mentorpair.result.export_words import (
    kind_label,
    role_label,
    rule_label,
    value_text,
)
from mentorpair.result.matching import PAIR_COLUMNS, UNMATCHED_COLUMNS

RULES = mp.Programme(forms={"traditional", "group", "peer"}, max_mentees_per_mentor=2,
                     fixed_pairs=(), exclusions=(("M001", "A001"),))


def _named(cohort: mp.Cohort) -> mp.Cohort:
    """Every participant gets a name and an address; one name has a comma and looks like a formula."""
    people = []
    for i, p in enumerate(cohort):
        name = "=Virtanen, Eeva" if i == 0 else f"Nimi {p.id}"
        people.append(dataclasses.replace(p, name=name, email=f"{p.id.lower()}@example.org"))
    return mp.Cohort(tuple(people))


@pytest.fixture(scope="module")
def cohort() -> mp.Cohort:
    return _named(mp.synthetic_cohort(30, seed=7))


@pytest.fixture(scope="module")
def matching(cohort: mp.Cohort, solve) -> mp.Matching:  # type: ignore[no-untyped-def]
    found = solve(cohort, RULES)
    # The cohort is chosen so that every kind of row is here: groups, one-to-one pairs, peers, unmatched.
    assert {"traditional", "group", "peer"} <= set(found.pairs["kind"]) and len(found.unmatched) >= 1
    return found  # type: ignore[no-any-return]


def _sheets(path: Path) -> dict[str, list[list[openpyxl.cell.cell.Cell]]]:
    book = openpyxl.load_workbook(path)
    try:
        return {sheet.title: [list(row) for row in sheet.iter_rows()] for sheet in book.worksheets}
    finally:
        book.close()


def _values(rows: list[list[openpyxl.cell.cell.Cell]]) -> list[dict[str, object]]:
    head = [c.value for c in rows[0]]
    return [dict(zip(head, (c.value for c in row))) for row in rows[1:]]


# --------------------------------------------------------------------------- names and e-mails


def test_pairs_and_unmatched_carry_names_and_emails(matching: mp.Matching, cohort: mp.Cohort) -> None:
    assert tuple(matching.pairs.columns) == PAIR_COLUMNS
    assert PAIR_COLUMNS[:8] == ("group_id", "kind", "mentor_id", "mentee_id",
                                "mentor_name", "mentor_email", "mentee_name", "mentee_email")
    assert tuple(matching.unmatched.columns) == UNMATCHED_COLUMNS == ("participant_id", "name", "email", "role", "reason")
    for row in matching.pairs.itertuples(index=False):
        for side in ("mentor", "mentee"):
            person = cohort[getattr(row, f"{side}_id")]
            assert (getattr(row, f"{side}_name"), getattr(row, f"{side}_email")) == (person.name, person.email)
    for row in matching.unmatched.itertuples(index=False):
        assert (row.name, row.email) == (cohort[row.participant_id].name, cohort[row.participant_id].email)
    assert mp.validate(matching, cohort, RULES) == []


def test_without_names_the_columns_are_empty_text(solve) -> None:  # type: ignore[no-untyped-def]
    plain = mp.synthetic_cohort(30, seed=7)
    assert not any(p.name or p.email for p in plain)
    found = solve(plain, RULES)
    assert tuple(found.pairs.columns) == PAIR_COLUMNS
    for column in ("mentor_name", "mentor_email", "mentee_name", "mentee_email"):
        assert set(found.pairs[column]) == {""}
    assert set(found.unmatched["name"]) | set(found.unmatched["email"]) <= {""}


def test_low_level_matchings_keep_their_documented_columns(tmp_path: Path) -> None:
    edges = pd.DataFrame({"mentor_id": ["M1", "M1", "M2"], "mentee_id": ["A", "B", "A"], "score": [0.5, 0.25, 0.75]})
    low = mp.assign(edges)
    assert list(low.pairs.columns) == ["group_id", "kind", "mentor_id", "mentee_id", "score"]
    assert list(low.unmatched.columns) == ["participant_id", "role", "reason"]
    # Its files have the ids and no names; nothing is explained, since nothing is known of the people.
    low.to_excel(tmp_path / "low.xlsx", language="fi")
    sheets = _sheets(tmp_path / "low.xlsx")
    announcement = _values(sheets["Ilmoitus"])
    assert [(r["mentorin tunniste"], r["aktorin tunniste"]) for r in announcement] == [("M1", "B"), ("M2", "A")]
    assert all(r["mentorin nimi"] is None and r["viesti mentorille"] is None for r in announcement)
    low.to_csv(tmp_path / "low.csv")
    assert pd.read_csv(tmp_path / "low.csv", encoding="utf-8-sig")["mentor_id"].dropna().tolist() == ["M1", "M2"]


# --------------------------------------------------------------------------- the workbook


def test_finnish_workbook(matching: mp.Matching, tmp_path: Path) -> None:
    path = tmp_path / "fi.xlsx"
    matching.to_excel(path, language="fi")
    sheets = _sheets(path)
    assert list(sheets) == ["Parit", "Ilman paria", "Ilmoitus", "Perustelut", "Säännöt"]
    head = [c.value for c in sheets["Parit"][0]]
    assert head[:9] == ["ryhmä", "muoto", "mentorin tunniste", "aktorin tunniste", "mentorin nimi",
                        "mentorin sähköposti", "aktorin nimi", "aktorin sähköposti", "pisteet"]
    rows = _values(sheets["Parit"])
    assert {r["muoto"] for r in rows} == {"perinteinen mentorointi", "ryhmämentorointi", "vertaismentorointi"}
    assert [r["pisteet"] for r in rows] == pytest.approx(matching.pairs["score"].tolist())
    # Scores are numbers shown with four decimals, not texts.
    score = head.index("pisteet")
    for row in sheets["Parit"][1:]:
        assert row[score].data_type == "n" and row[score].number_format == "0.0000"
    assert [c.value for c in sheets["Ilman paria"][0]] == ["tunniste", "nimi", "sähköposti", "rooli", "syy"]
    unmatched = _values(sheets["Ilman paria"])
    assert [r["syy"] for r in unmatched] == matching.unmatched_in("fi")["reason"].tolist()
    assert {r["rooli"] for r in unmatched} <= {"mentori", "aktori", "vertainen", "mentori tai aktori"}


def test_english_workbook_keeps_the_column_names(matching: mp.Matching, tmp_path: Path) -> None:
    path = tmp_path / "en.xlsx"
    matching.to_excel(path)
    sheets = _sheets(path)
    assert list(sheets) == ["Pairs", "Unmatched", "Announcement", "Explanations", "Rules"]
    assert tuple(c.value for c in sheets["Pairs"][0]) == PAIR_COLUMNS
    read = pd.read_excel(path, sheet_name="Pairs", keep_default_na=False)
    pd.testing.assert_frame_equal(read[list(PAIR_COLUMNS[:8])], matching.pairs[list(PAIR_COLUMNS[:8])])
    pd.testing.assert_frame_equal(read[["score", *COMPONENTS]], matching.pairs[["score", *COMPONENTS]],
                                  check_dtype=False)
    explanations = _values(sheets["Explanations"])
    first = explanations[0]
    person = next(iter(matching._cohort or ()))
    assert (first["participant_id"], first["name"], first["email"]) == (person.id, person.name, person.email)
    # Sentences wrap in their column instead of running along one line.
    assert all(row[3].alignment.wrap_text for row in sheets["Explanations"][1:])


@pytest.mark.parametrize("language", ["en", "fi"])
def test_announcement_has_one_row_per_pair(matching: mp.Matching, cohort: mp.Cohort, language: str) -> None:
    frame = announcement_frame(matching, language)  # type: ignore[arg-type]
    assert tuple(frame.columns) == ANNOUNCEMENT_COLUMNS
    pairs = matching.pairs
    assert frame[["group_id", "mentor_id", "mentee_id"]].values.tolist() == pairs[
        ["group_id", "mentor_id", "mentee_id"]].values.tolist()
    for row in frame.to_dict("records"):
        mentor, mentee = cohort[str(row["mentor_id"])], cohort[str(row["mentee_id"])]
        assert (row["mentor_name"], row["mentor_email"]) == (mentor.name, mentor.email)
        assert (row["mentee_name"], row["mentee_email"]) == (mentee.name, mentee.email)
        # Each one's paragraph on this pair, one of the paragraphs of their whole explanation.
        for person, message in ((mentor, row["message_to_mentor"]), (mentee, row["message_to_mentee"])):
            paragraphs = matching.explain(person.id, language=language, audience="participant").split("\n")  # type: ignore[arg-type]
            assert message in paragraphs
    assert (frame["kind"] == ("group" if language == "en" else "ryhmämentorointi")).sum() >= 2


def test_no_announcement_cell_holds_anyone_elses_text(matching: mp.Matching, cohort: mp.Cohort) -> None:
    frame = announcement_frame(matching)
    # A row goes to its two people: nobody else of the cohort is named in it, not even a group's other mentees.
    for row in frame.to_dict("records"):
        ends = {row["mentor_id"], row["mentee_id"]}
        cells = " ".join(str(v) for v in row.values())
        for other in cohort:
            if other.id not in ends:
                assert other.name not in cells and other.email not in cells, (other.id, row)
    # A mentor of several gets one row per mentee, each with that pair's paragraph only.
    several = frame[frame.duplicated("mentor_id", keep=False)]
    assert len(several) >= 2
    for _, rows in several.groupby("mentor_id"):
        messages = list(rows["message_to_mentor"])
        assert len(set(messages)) == len(messages) and not any("\n" in m for m in messages)


def test_rules_sheet_says_what_no_maximum_means(cohort: mp.Cohort, solve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    found = solve(cohort, dataclasses.replace(RULES, max_mentees_per_mentor=None))
    for language, shown in (("en", "as stated (each mentor's own capacity)"),
                            ("fi", "ilmoitettu määrä (kunkin mentorin oma)")):
        path = tmp_path / f"none-{language}.xlsx"
        found.to_excel(path, language=language)
        rows = {str(r[2].value): r[1].value for r in list(_sheets(path).values())[-1][1:]}
        assert rows["max_mentees_per_mentor"] == shown


def test_fixed_pairs_have_one_finnish_name() -> None:
    assert rule_label("fixed_pairs", "fi") == "kiinnitetyt parit"
    assert kind_label("group", "fi") == "ryhmämentorointi" and role_label("any", "fi") == "mentori tai aktori"


def test_rules_sheet_is_readable(matching: mp.Matching, tmp_path: Path) -> None:
    for language, forms, yes_no, weight in (("en", "traditional, group, peer", "no", "weight: goal text"),
                                            ("fi", "perinteinen mentorointi, ryhmämentorointi, vertaismentorointi",
                                             "ei", "paino: tavoitteiden teksti")):
        path = tmp_path / f"rules-{language}.xlsx"
        matching.to_excel(path, language=language)  # type: ignore[arg-type]
        sheet = list(_sheets(path).values())[-1]
        rows = {str(r[2].value): (r[0].value, r[1].value) for r in sheet[1:]}
        text = " ".join(str(c.value) for row in sheet for c in row)
        # No Python reprs: no frozenset({...}), Weights(...), None, tuples or quoted strings.
        assert not [bit for bit in ("frozenset", "Weights", "None", "((", "('", "{", "'") if bit in text]
        assert rows["forms"][1] == forms
        assert rows["dual_roles"][1] == yes_no
        assert rows["time_limit"][1] == "-" and rows["fixed_pairs"][1] == "-"
        assert rows["exclusions"][1] == "M001–A001"
        assert rows["group_size"][1] == "2, 3"
        assert rows["weights.goal_text"] == (weight, RULES.weights.goal_text)  # type: ignore[union-attr]
        assert isinstance(rows["max_mentees_per_mentor"][1], int)
    assert rows["same_organisation"] == ("sama organisaatio", "sallittu")


@pytest.mark.parametrize(("value", "en", "fi"), [
    (None, "-", "-"), ((), "-", "-"), (True, "yes", "kyllä"), (0.5, 0.5, 0.5), (3, 3, 3),
    (frozenset({"peer", "traditional"}), "traditional, peer", "perinteinen mentorointi, vertaismentorointi"),
    (("coverage", "total"), "coverage, total", "kattavuus, kokonaispisteet"),
    ((("M1", "A1"), ("M2", "A2")), "M1–A1, M2–A2", "M1–A1, M2–A2"),
    ("discouraged", "discouraged", "vältettävä"), ("something new", "something new", "something new"),
    ({"a": 0.25}, "a 0.25", "a 0.25"),
])
def test_rule_values_in_words(value: object, en: object, fi: object) -> None:
    assert (value_text(value, "en"), value_text(value, "fi")) == (en, fi)


def test_a_function_rule_is_shown_by_its_name() -> None:
    def by_department(p: mp.Participant) -> str:
        return p.organisation

    assert value_text(by_department, "en").endswith("by_department")  # type: ignore[union-attr]
    assert "0x" not in str(value_text(by_department, "fi"))


# --------------------------------------------------------------------------- CSV


def test_finnish_csv(matching: mp.Matching, tmp_path: Path) -> None:
    path = tmp_path / "fi.csv"
    matching.to_csv(path, language="fi")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert list(rows[0])[:9] == ["ryhmä", "muoto", "mentorin tunniste", "aktorin tunniste", "mentorin nimi",
                                 "mentorin sähköposti", "aktorin nimi", "aktorin sähköposti", "pisteet"]
    paired = [r for r in rows if r["paritettu"] == "kyllä"]
    assert len(paired) == len(matching.pairs)
    assert [float(r["pisteet"].replace(",", ".")) for r in paired] == pytest.approx(matching.pairs["score"].tolist())
    assert any("," in r["pisteet"] for r in paired) and not any("." in r["pisteet"] for r in paired)
    assert {r["muoto"] for r in paired} == {"perinteinen mentorointi", "ryhmämentorointi", "vertaismentorointi"}
    alone = [r for r in rows if r["paritettu"] == "ei"]
    assert [r["tunniste"] for r in alone] == matching.unmatched["participant_id"].tolist()
    assert [r["syy"] for r in alone] == matching.unmatched_in("fi")["reason"].tolist()
    # The formula-like name gets the CSV apostrophe; the workbook keeps it as written (test_safety).
    assert "'=Virtanen, Eeva" in {r["mentorin nimi"] for r in paired} | {r["aktorin nimi"] for r in paired} | {
        r["nimi"] for r in alone}


def test_csv_separator_and_decimal_can_be_overridden(matching: mp.Matching, tmp_path: Path) -> None:
    path = tmp_path / "tab.csv"
    matching.to_csv(path, language="fi", sep="\t", decimal=".")
    frame = pd.read_csv(path, sep="\t", encoding="utf-8-sig")
    assert frame["pisteet"].dropna().tolist() == pytest.approx(matching.pairs["score"].tolist())
    english = tmp_path / "en.csv"
    matching.to_csv(english)
    read = pd.read_csv(english, encoding="utf-8-sig", keep_default_na=False)
    assert list(read.columns) == list(matching.to_pandas().columns)
    assert read["score"][: len(matching.pairs)].astype(float).tolist() == pytest.approx(
        matching.pairs["score"].tolist())


# --------------------------------------------------------------------------- every text survives the workbook

# Control characters cannot be stored in a workbook at all; every other text can.
_STORABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)


@given(ids=st.lists(_STORABLE | st.sampled_from(["=1+1", "+M2", "-A1", "@A2", "=cmd|' /C calc'!A0", "0012",
                                                  "1e5", "TRUE", " x "]), min_size=1, max_size=6, unique=True))
def test_any_text_reads_back_exactly_and_as_text(ids: list[str], tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("cells") / "cells.xlsx"
    frame = pd.DataFrame({"participant_id": ids, "score": [0.5] * len(ids)})
    book = openpyxl.Workbook()
    export._write_sheet(book.active, frame, "en")
    book.save(path)
    cells = _sheets(path)[book.active.title]
    assert [c[0].value for c in cells[1:]] == ids
    assert all(c[0].data_type == "s" for c in cells[1:])
    assert all(c[1].value == 0.5 and not math.isnan(c[1].value) for c in cells[1:])
