"""Availability (issue 20): weekly slots and a time zone, read from forms; Programme(availability=...).

"ignore" (the default) leaves every score as before; "soft" scores the share of time in common as
the named part ``availability``; "hard" rules out two people who both gave times and share none.
On small generated cohorts the solver's staged optimum equals brute force (tests/brute_force.py
takes the validator's pair rules, and the validator re-derives "no common time" on its own).
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from brute_force import solved_as_brute_force_says
from hypothesis import given
from hypothesis import strategies as st
from strategies import availabilities, cases, cohorts

import mentorpair as mp
from mentorpair import Cohort, Programme, Role
from mentorpair import Participant as P
from mentorpair.cli.rules_file import load_rules
from mentorpair.exceptions import ValidationError
from mentorpair.io import availability as io_availability
from mentorpair.io.availability import UnreadableAvailability, read_availability
from mentorpair.model.availability import (
    PART_NAMES,
    SLOTS,
    UNREAD_AVAILABILITY,
    WEEKDAY_NAMES,
    WEEKDAY_SHORT,
    Availability,
    overlap_share,
    quarter_hours,
    slot,
    slot_words,
)
from mentorpair.model.vocab import BLOCK_AVAILABILITY
from mentorpair.result.persist import (
    load_matching,
    programme_sha256,
    save_matching,
    verify_saved,
)
from mentorpair.result.words import availability as words_availability
from mentorpair.result.words.availability import (
    availability_participant_text,
    common_time_words,
)
from mentorpair.scoring.availability import TimeArrays
from mentorpair.scoring.parts import AVAILABILITY_NEUTRAL, availability_fit
from mentorpair.scoring.table import build_score_table
from mentorpair.testing import HashEncoder
from mentorpair.validate import validate
from mentorpair.validate.availability import rule_availability

ENCODER = HashEncoder()
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
MORNING, AFTERNOON, EVENING = range(3)
ALL = {slot(d, p) for d in range(7) for p in range(3)}


def slots(days: range | tuple[int, ...], parts: tuple[int, ...]) -> set[int]:
    return {slot(d, p) for d in days for p in parts}


WORKDAYS = range(MON, SAT)


@pytest.mark.parametrize(("text", "expected", "zone"), [
    ("ma–pe aamupäivisin", slots(WORKDAYS, (MORNING,)), ""),
    ("ma-pe aamupäivisin", slots(WORKDAYS, (MORNING,)), ""),
    ("ma—pe aamupäivisin", slots(WORKDAYS, (MORNING,)), ""),
    ("ti ja to iltaisin", slots((TUE, THU), (EVENING,)), ""),
    ("arkisin klo 16 jälkeen", slots(WORKDAYS, (EVENING,)), ""),
    ("viikonloppuisin", slots((SAT, SUN), (MORNING, AFTERNOON, EVENING)), ""),
    ("Tue/Thu evenings", slots((TUE, THU), (EVENING,)), ""),
    ("Mon-Fri mornings", slots(WORKDAYS, (MORNING,)), ""),
    ("Mon to Fri afternoons", slots(WORKDAYS, (AFTERNOON,)), ""),
    ("weekends", slots((SAT, SUN), (MORNING, AFTERNOON, EVENING)), ""),
    ("any time", ALL, ""),
    ("Milloin vain", ALL, ""),
    ("Maanantai aamupäivä;Tiistai ilta", {slot(MON, MORNING), slot(TUE, EVENING)}, ""),
    ("Mon morning, Wed evening", {slot(MON, MORNING), slot(WED, EVENING)}, ""),
    ("Mon morning and afternoon", {slot(MON, MORNING), slot(MON, AFTERNOON)}, ""),
    ("mornings on Mon and Wed", {slot(MON, MORNING), slot(WED, MORNING)}, ""),
    ("ma to pe", slots((MON, THU, FRI), (MORNING, AFTERNOON, EVENING)), ""),  # Finnish "to" is Thursday
    ("maanantaista perjantaihin iltaisin", slots(WORKDAYS, (EVENING,)), ""),
    ("Keskiviikkoisin", slots((WED,), (MORNING, AFTERNOON, EVENING)), ""),
    ("iltapäivisin", slots(range(7), (AFTERNOON,)), ""),
    ("klo 9–12 arkisin", slots(WORKDAYS, (MORNING,)), ""),
    ("after 4 pm on weekdays", slots(WORKDAYS, (EVENING,)), ""),
    ("before noon on Fridays", {slot(FRI, MORNING)}, ""),
    ("pe–ma", slots((FRI, SAT, SUN, MON), (MORNING, AFTERNOON, EVENING)), ""),  # a range wraps past Sunday
    ("Tue evenings (UTC+2)", {slot(TUE, EVENING)}, "UTC+02:00"),
    ("ti iltaisin, Europe/Helsinki", {slot(TUE, EVENING)}, "Europe/Helsinki"),
    ("weekday evenings GMT-5", slots(WORKDAYS, (EVENING,)), "UTC-05:00"),
    ("Mon morning (europe/helsinki)", {slot(MON, MORNING)}, "Europe/Helsinki"),
])
def test_form_writings_are_read(text: str, expected: set[int], zone: str) -> None:
    value = read_availability(text)
    assert value is not None and value.slots == frozenset(expected) and value.time_zone == zone
    # The canonical text reads back to the same value (what a written cohort holds).
    assert read_availability(value.text) == value


@pytest.mark.parametrize("text", ["joskus", "Mon 21-23", "ehkä tiistaina", "Tue evenings (Mars/Base)",
                                  "klo 25 jälkeen", "Mon (UTC+2) Tue (UTC+3)"])
def test_unreadable_text_is_refused_not_guessed(text: str) -> None:
    with pytest.raises(UnreadableAvailability):
        read_availability(text)


def test_empty_is_unknown() -> None:
    assert read_availability("") is None and read_availability("   ") is None


FORM = """tunniste;rooli;saatavuus;aikavyöhyke
M1;mentori;ma–pe aamupäivisin;Europe/Helsinki
A1;aktori;joskus;
A2;aktori;ti ja to iltaisin;Mars/Base
A3;aktori;;
A4;aktori;Tue/Thu evenings (UTC+2);
"""


def test_a_form_with_finnish_headers_is_read_and_unreadable_text_warned(tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    path.write_text(FORM, encoding="utf-8")
    cohort = mp.read_csv(path)
    by_id = {p.id: p.availability for p in cohort}
    assert by_id["M1"] == Availability(frozenset(slots(WORKDAYS, (MORNING,))), "Europe/Helsinki")
    assert by_id["A4"] == Availability(frozenset(slots((TUE, THU), (EVENING,))), "UTC+02:00")
    assert by_id["A1"] is by_id["A2"] is by_id["A3"] is None
    unread = [w for w in cohort.warnings if "was not read" in w]
    assert len(unread) == 2
    assert "row 3 (A1), availability: 'joskus'" in unread[0]
    assert "row 4 (A2), time_zone: 'Mars/Base'" in unread[1]
    with pytest.raises(ValidationError):
        mp.read_csv(path, strict=True)
    # Written out and read back: the same availability.
    again = mp.from_pandas(cohort.to_pandas())
    assert [p.availability for p in again] == [p.availability for p in cohort]


def test_a_cohort_without_availability_is_written_as_before() -> None:
    cohort = mp.synthetic_cohort(8, seed=1)
    assert "availability" not in cohort.to_pandas().columns


# --- the share of time in common -------------------------------------------------------------


def test_time_zones_shift_slots_to_utc() -> None:
    helsinki = Availability(frozenset({slot(TUE, EVENING)}), "Europe/Helsinki")  # 16-20 = 14-18 UTC in January
    new_york = Availability(frozenset({slot(TUE, MORNING)}), "America/New_York")  # 8-12 = 13-17 UTC
    assert overlap_share(helsinki, new_york) == pytest.approx(3 / 4)
    same_zone = Availability(frozenset({slot(TUE, MORNING)}), "Europe/Helsinki")
    assert overlap_share(helsinki, same_zone) == 0.0
    # Sunday evening in Kolkata (UTC+5:30) is 10:30-14:30 UTC; Sunday morning UTC is 8-12: 1.5 hours in common.
    kolkata = Availability(frozenset({slot(SUN, EVENING)}), "Asia/Kolkata")
    utc = Availability(frozenset({slot(SUN, MORNING)}), "UTC+00:00")
    assert overlap_share(kolkata, utc) == pytest.approx(1.5 / 4)
    # A Monday morning in Auckland (UTC+13 in January) is Sunday 19-23 UTC: the week wraps, and it
    # meets a Sunday evening (16-20) without a time zone for one hour.
    auckland = Availability(frozenset({slot(MON, MORNING)}), "Pacific/Auckland")
    sunday = Availability(frozenset({slot(SUN, EVENING)}), "")
    assert overlap_share(auckland, sunday) == pytest.approx(1 / 4)
    assert rule_availability(P("M", Role.MENTOR, availability=auckland), P("A", Role.MENTEE, availability=sunday),
                             "traditional", Programme(availability="hard")) is None
    assert overlap_share(helsinki, None) is None


@given(a=availabilities, b=availabilities)
def test_arrays_the_one_pair_part_and_the_validator_agree(a: Availability | None, b: Availability | None) -> None:
    people = [P("A", Role.MENTOR, availability=a), P("B", Role.MENTEE, availability=b)]
    share = TimeArrays.of(people).share(np.array([0]), np.array([1]))[0]
    fit = availability_fit(*people)
    if a is None or b is None:
        assert np.isnan(share) and fit == AVAILABILITY_NEUTRAL
    else:
        assert share == pytest.approx(fit) and 0.0 <= fit <= 1.0
        assert fit == pytest.approx(len(quarter_hours(a) & quarter_hours(b))
                                    / min(len(quarter_hours(a)), len(quarter_hours(b))))
    blocked = rule_availability(people[0], people[1], "traditional", Programme(availability="hard")) is not None
    assert blocked == (a is not None and b is not None and fit == 0.0)
    assert rule_availability(people[0], people[1], "traditional", Programme(availability="soft")) is None


# --- the programme's three rules ------------------------------------------------------------------

def _cohort() -> Cohort:
    r = read_availability
    return Cohort((
        P("M1", Role.MENTOR, offers="python data", availability=r("Tue evenings")),
        P("M2", Role.MENTOR, offers="python", availability=r("Mon mornings")),
        P("A1", Role.MENTEE, goals="python data", availability=r("ma aamupäivisin")),
        P("A2", Role.MENTEE, goals="python", availability=r("ti ja to iltaisin")),
        P("A3", Role.MENTEE, goals="python", availability=r("weekends")),
        P("A4", Role.MENTEE, goals="data"),
    ))


def _strip(cohort: Cohort) -> Cohort:
    return Cohort(tuple(replace(p, availability=None) for p in cohort))


def test_ignore_is_the_default_and_changes_no_score(solve) -> None:  # type: ignore[no-untyped-def]
    assert Programme().availability == "ignore"
    cohort = _cohort()
    with_times, without = solve(cohort), solve(_strip(cohort))
    assert (with_times.pairs["availability"] == 0).all()
    pd.testing.assert_frame_equal(with_times.pairs, without.pairs)
    assert "time in common" not in with_times.explain("A2")
    # The rule is hashed only when not at its default, so results saved before it verify.
    assert programme_sha256(Programme()) == programme_sha256(Programme(availability="ignore"))
    assert programme_sha256(Programme()) != programme_sha256(Programme(availability="soft"))


def test_soft_scores_the_share_of_time_in_common_with_words() -> None:
    programme = Programme(availability="soft")
    table = build_score_table(_cohort(), programme, ENCODER)
    weight = programme.score_weights.availability
    assert weight == 0.10

    def part(giver: str, receiver: str) -> float:
        index = table.index_of(giver, receiver, "traditional")
        assert index is not None and not table.blocked[index]
        return float(table.units["availability"][index]) / 10_000

    assert part("M1", "A2") == pytest.approx(weight * 1.0)  # Tue evening is all of M1's time
    assert part("M1", "A1") == 0.0
    assert part("M1", "A4") == pytest.approx(weight * AVAILABILITY_NEUTRAL)  # A4 gave none
    matching = mp.match(_cohort(), programme, encoder=ENCODER)
    assert validate(matching, _cohort(), programme) == []
    rows = {(r.mentor_id, r.mentee_id): r for r in matching.pairs.itertuples(index=False)}
    for (mentor, mentee), row in rows.items():
        assert row.availability == pytest.approx(part(mentor, mentee))
    assert ("M1", "A2") in rows
    en, fi = matching.explain("A2"), matching.explain("A2", language="fi")
    assert "time in common 0.10: both can meet on Tuesday evenings" in en
    assert "yhteinen aika 0,10: molemmille sopivat tiistai-iltaisin" in fi
    assert "You can both meet on Tuesday evenings." in matching.explain("A2", audience="participant")
    none_in_common = Cohort((P("M1", Role.MENTOR, availability=read_availability("Tue evenings")),
                             P("A1", Role.MENTEE, availability=read_availability("Mon mornings"))))
    alone = mp.match(none_in_common, programme, encoder=ENCODER)
    assert "ei yhteistä aikaa" in alone.explain("A1", language="fi")
    assert "no common time in what both gave" in alone.explain("A1")


def test_hard_blocks_pairs_without_common_time_and_says_why() -> None:
    programme = Programme(availability="hard")
    table = build_score_table(_cohort(), programme, ENCODER)
    index = table.index_of("M1", "A3", "traditional")
    assert index is not None and table.blocked[index] == BLOCK_AVAILABILITY
    index = table.index_of("M1", "A4", "traditional")  # A4 gave none: fits anyone
    assert index is not None and not table.blocked[index]
    matching = mp.match(_cohort(), programme, encoder=ENCODER)
    assert validate(matching, _cohort(), programme) == []
    assert "A3" in set(matching.unmatched["participant_id"])
    assert "no common time" in matching.explain("A3")
    assert "ei yhteistä aikaa" in matching.explain("A3", language="fi")
    assert "no common time" in matching.explain("A3", audience="participant")


def test_the_validator_catches_a_tampered_matching() -> None:
    programme = Programme(availability="hard")
    cohort = _cohort()
    matching = mp.match(cohort, programme, encoder=ENCODER)
    pairs = matching.pairs.copy()
    row = pairs.index[pairs["mentor_id"] == "M1"][0]
    pairs.loc[row, "mentee_id"] = "A3"  # Tue evenings with weekends
    tampered = _Tampered(pairs, matching)
    problems = validate(tampered, cohort, programme)
    assert any("no common time, which availability='hard' forbids" in p for p in problems), problems
    assert not any("no common time" in p for p in validate(tampered, cohort, Programme(availability="soft")))


class _Tampered:
    """A matching's public tables with one pair changed (what the validator reads)."""

    def __init__(self, pairs: pd.DataFrame, original: mp.Matching) -> None:
        self.pairs = pairs
        moved = set(pairs["mentee_id"]) - set(original.pairs["mentee_id"])
        freed = set(original.pairs["mentee_id"]) - set(pairs["mentee_id"])
        unmatched = original.unmatched[~original.unmatched["participant_id"].isin(moved)]
        extra = pd.DataFrame({"participant_id": sorted(freed), "reason": ["freed"] * len(freed)})
        self.unmatched = pd.concat([unmatched, extra], ignore_index=True)
        self.status = original.status


def test_the_rule_is_checked_and_read_from_the_rules_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="availability"):
        Programme(availability="sometimes")  # type: ignore[arg-type]
    rules = tmp_path / "rules.toml"
    rules.write_text('availability = "hard"\n[weights]\navailability = 0.3\n', encoding="utf-8")
    programme = load_rules(rules)
    assert programme.availability == "hard" and programme.score_weights.availability == 0.3


def test_saved_results_keep_the_part_and_older_files_load(tmp_path: Path) -> None:
    cohort = _cohort()
    matching = mp.match(cohort, Programme(availability="soft"), encoder=ENCODER)
    path = save_matching(matching, tmp_path / "m.json", cohort=cohort)
    saved = load_matching(path)
    assert list(saved.pairs["availability"]) == list(matching.pairs["availability"])
    assert verify_saved(saved, cohort, Programme(availability="soft")) == []
    # A file of a programme that ignored availability, written before the part existed: no column.
    plain = copy.copy(mp.match(_strip(cohort), encoder=ENCODER))
    object.__setattr__(plain, "pairs", plain.pairs.drop(columns=["availability"]))
    older = save_matching(plain, tmp_path / "older.json", cohort=_strip(cohort))
    assert "availability" not in json.loads(older.read_text(encoding="utf-8"))["pairs"]["columns"]
    reloaded = load_matching(older)
    assert (reloaded.pairs["availability"] == 0).all()
    assert verify_saved(reloaded, _strip(cohort), Programme()) == []


# --- generated cohorts -------------------------------------------------------------------------


@given(case=cases(max_size=6, availability=True))
def test_the_optimum_under_each_rule_is_brute_forces(case: tuple[Cohort, Programme]) -> None:
    cohort, programme = case
    matching = solved_as_brute_force_says(cohort, programme, ENCODER)
    if matching.status.has_solution and programme.availability != "soft":
        assert (matching.pairs["availability"] == 0).all()


@given(cohort=cohorts(max_size=6, availability=True), rule=st.sampled_from(["hard", "soft"]))
def test_generated_cohorts_with_availability_validate(cohort: Cohort, rule: str) -> None:
    programme = Programme(availability=rule, forms=("traditional", "group", "peer"), max_mentees_per_mentor=3)  # type: ignore[arg-type]
    matching = mp.match(cohort, programme, encoder=ENCODER)
    assert validate(matching, cohort, programme) == []
    if rule == "hard":
        people = {p.id: p for p in cohort}
        for row in matching.pairs.itertuples(index=False):
            share = overlap_share(people[row.mentor_id].availability, people[row.mentee_id].availability)
            assert share is None or share > 0


# --- writings once misread in silence (review of issue 20) ---------------------------------------

EVERY_DAY = range(7)


@pytest.mark.parametrize(("text", "expected"), [
    # "am"/"pm" only after an hour: "I am" is the verb.
    ("I am available in the evenings", slots(EVERY_DAY, (EVENING,))),
    ("I am free on weekends", slots((SAT, SUN), (MORNING, AFTERNOON, EVENING))),
    ("I am only free Tuesday evenings", {slot(TUE, EVENING)}),
    ("I'm free mornings", slots(EVERY_DAY, (MORNING,))),
    ("after 5pm", slots(EVERY_DAY, (EVENING,))),
    ("after 5 pm on Thursdays", {slot(THU, EVENING)}),
    ("9am-12", slots(EVERY_DAY, (MORNING,))),
    ("Tue 5-9pm", {slot(TUE, EVENING)}),
    # Finnish compounds of a day and a part, closed or with a hyphen.
    ("maanantaiaamuisin", {slot(MON, MORNING)}),
    ("keskiviikkoiltaisin", {slot(WED, EVENING)}),
    ("torstaiaamupäivisin", {slot(THU, MORNING)}),
    ("perjantai-iltapäivisin", {slot(FRI, AFTERNOON)}),
    ("tiistai-iltaisin", {slot(TUE, EVENING)}),
    ("lauantaiaamuna", {slot(SAT, MORNING)}),
    ("maanantai- ja keskiviikkoiltaisin", {slot(MON, EVENING), slot(WED, EVENING)}),
    ("maanantaiaamuisin ja tiistai-iltaisin", {slot(MON, MORNING), slot(TUE, EVENING)}),
    ("keskiviikon", slots((WED,), (MORNING, AFTERNOON, EVENING))),
    # A 24-hour clock makes a small hour plain.
    ("klo 5 jälkeen", ALL),
    ("ti klo 6-9, to 17-19", {slot(TUE, MORNING), slot(THU, EVENING)}),
    ("07:00-09:00", slots(EVERY_DAY, (MORNING,))),
    # Each piece between ",", "ja", "and" has its own days and parts; lists share.
    ("Mornings on Monday, Tuesday evening", {slot(MON, MORNING), slot(TUE, EVENING)}),
    ("aamuisin maanantaina ja tiistaina iltaisin", {slot(MON, MORNING), slot(TUE, EVENING)}),
    ("Mon, Wed and Fri evenings", slots((MON, WED, FRI), (EVENING,))),
    ("mornings and evenings on Mon", {slot(MON, MORNING), slot(MON, EVENING)}),
    ("evenings and weekends", slots(EVERY_DAY, (EVENING,)) | slots((SAT, SUN), (MORNING, AFTERNOON))),
    ("Mon morning Wed evening", {slot(MON, MORNING), slot(WED, EVENING)}),
])
def test_writings_once_misread_are_read_exactly(text: str, expected: set[int]) -> None:
    value = read_availability(text)
    assert value is not None and value.slots == frozenset(expected), value


@pytest.mark.parametrize(("text", "why"), [
    ("Tuesday am", "does not know 'am'"),
    ("pm on Fridays", "does not know 'pm'"),
    ("after 5", "does not know whether 'after 5' is in the morning or in the evening"),
    ("Thursdays after 5", "does not know whether 'after 5' is in the morning or in the evening"),
    ("Tue 5-9", "does not know whether '5-9' is in the morning or in the evening"),
    ("Monday-Wednesday-Friday", "is a range or a list of days"),
    ("ma-ke-pe", "is a range or a list of days"),
    ("Mon evening, Wed", "days after a day with its part of day"),
    ("weekday evenings and weekends", "days after a day with its part of day"),
    ("mornings on Mon, evenings", "parts of day after a day with its part of day"),
    ("aamuisin ma, ti ja to iltaisin", "goes with the one before or the one after"),
    ("Mornings on Monday Tuesday evening", "which days go with which part of day"),
    ("maanantaiaamusta", "does not know 'maanantaiaamusta'"),
    ("tiistaipäivisin", "does not know 'tiistaipäivisin'"),
])
def test_writings_once_misread_are_refused_with_the_reason(text: str, why: str) -> None:
    with pytest.raises(UnreadableAvailability, match=re.escape(why)):
        read_availability(text)


ZONES = st.sampled_from(["", "Europe/Helsinki", "UTC+02:00", "America/New_York"])


@given(value=st.builds(Availability, st.frozensets(st.sampled_from(SLOTS), min_size=1), ZONES))
def test_every_canonical_text_reads_back(value: Availability) -> None:
    assert read_availability(value.text) == value


@pytest.mark.parametrize("value", SLOTS)
def test_the_finnish_words_for_a_slot_read_back_to_it(value: int) -> None:
    # What the explanations write ("keskiviikkoiltaisin") is a writing the reader reads.
    one = Availability(frozenset({value}))
    words = common_time_words(P("A", Role.MENTOR, availability=one), P("B", Role.MENTEE, availability=one), "fi")
    read = read_availability(words)
    assert read is not None and read.slots == frozenset({value}), words


MIXED_ZONES = """id;role;availability;time_zone
M1;mentor;Tue evenings;Europe/Helsinki
A1;mentee;Tue evenings;
A2;mentee;ti iltaisin;
A3;mentee;;
A4;mentee;Mon mornings (UTC+2);
"""


def test_a_cohort_mixing_zoned_and_unzoned_times_warns(tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    path.write_text(MIXED_ZONES, encoding="utf-8")
    cohort = mp.read_csv(path)
    zone = [w for w in cohort.warnings if w.startswith("availability:")]
    assert zone == [("availability: 2 of the 4 rows with times name no time zone (rows 3, 4) while the others "
                     "name one, so those times are compared as if in UTC, hours off from the others; give every row "
                     "its zone (a time_zone column, or '(Europe/Helsinki)' in the text)")]
    with pytest.raises(ValidationError, match="no time zone"):
        mp.read_csv(path, strict=True)
    # All zoned, or none: no warning.
    for text in (MIXED_ZONES.replace(";\n", ";UTC+2\n"), MIXED_ZONES.replace(";Europe/Helsinki", ";").replace(
            " (UTC+2)", "")):
        path.write_text(text, encoding="utf-8")
        assert not [w for w in mp.read_csv(path).warnings if w.startswith("availability:")]


def test_text_not_read_is_written_back_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    path.write_text(FORM, encoding="utf-8")
    cohort = mp.read_csv(path)
    by_id = {p.id: p for p in cohort}
    assert by_id["A1"].availability is None
    assert dict(by_id["A1"].extra)[UNREAD_AVAILABILITY] == "joskus"
    written = cohort.to_pandas().set_index("id")["availability"]
    assert written["A1"] == "joskus"
    assert written["A2"] == "ti ja to iltaisin (Mars/Base)"  # the time zone column's cell travels with it
    assert written["A3"] == ""
    assert UNREAD_AVAILABILITY not in cohort.to_pandas().columns
    again = mp.from_pandas(cohort.to_pandas())
    assert again == cohort
    unread = [w for w in again.warnings if "was not read" in w]
    assert len(unread) == 2 and "'joskus' was not read" in unread[0] and "time zone 'Mars/Base' is not a known one" in unread[1]


def test_the_participant_text_says_your_time() -> None:
    helsinki = Availability(frozenset({slot(TUE, EVENING)}), "Europe/Helsinki")
    utc = Availability(frozenset({slot(TUE, AFTERNOON), slot(TUE, EVENING)}), "UTC+00:00")
    reader, partner = P("A12", Role.MENTEE, availability=helsinki), P("M3", Role.MENTOR, availability=utc)
    assert availability_participant_text(reader, partner, "en") == "You can both meet on Tuesday evenings (your time)."
    assert availability_participant_text(reader, partner, "fi") == (
        "Teille molemmille sopivat tiistai-iltaisin (sinun aikaasi).")
    # The coordinator's line still names whose time it is.
    assert common_time_words(reader, partner, "en") == "Tuesday evenings (A12's time)"


def test_day_and_part_names_have_one_source() -> None:
    assert slot_words(slot(WED, EVENING)) == "Wed evening" and slot_words(slot(WED, EVENING), "fi") == "ke ilta"
    assert io_availability._FI_DAYS is WEEKDAY_NAMES["fi"] and io_availability._FI_SHORT is WEEKDAY_SHORT["fi"]
    assert io_availability._EN_DAYS == tuple(n.casefold() for n in WEEKDAY_NAMES["en"])
    for copy_name in ("_EN_DAYS", "_FI_DAYS"):
        assert not hasattr(words_availability, copy_name)
    assert common_time_words(P("A", Role.MENTOR, availability=Availability(frozenset({slot(FRI, MORNING)}))),
                             P("B", Role.MENTEE, availability=Availability(frozenset({slot(FRI, MORNING)}))),
                             "en") == f"{WEEKDAY_NAMES['en'][FRI]} {PART_NAMES['en'][MORNING]}s"


# --- bounds, "to", hours with a part, commas, dashes, small hours (second review of issue 20) -----

ALL_PARTS = (MORNING, AFTERNOON, EVENING)


@pytest.mark.parametrize(("text", "why"), [
    # F1: "before"/"after"/"until"/"from" next to a day would turn the day around ("ennen perjantaita" is Mon-Thu).
    ("ennen perjantaita", "does not know what 'ennen' goes with"),
    ("after Tuesday", "does not know what 'after' goes with"),
    ("keskiviikon jälkeen", "does not know what 'jälkeen' goes with"),
    ("until Friday", "does not know what 'until' goes with"),
    ("by Friday", "does not know what 'by' goes with"),
    ("around Friday", "does not know what 'around' goes with"),
    ("ma alkaen", "does not know what 'alkaen' goes with"),
    ("torstaihin asti", "does not know where the days in 'torstaihin asti' start or end"),
    ("perjantaihin saakka", "does not know where the days in 'perjantaihin saakka' start or end"),
    ("maanantaista alkaen", "does not know where the days in 'maanantaista alkaen' start or end"),
    ("maanantaista", "does not know where the days in 'maanantaista' start or end"),
    ("from Monday", "does not know where the days in 'from monday' start or end"),
    ("from Monday on", "does not know where the days in 'from monday on' start or end"),
    ("from evenings", "does not know what 'from' goes with"),
    # F2: in English, "to" is never Thursday.
    ("free to evenings", "does not know what 'to' goes with"),
    ("evenings to 7pm", "does not know the clock time in 'evenings to 7pm'"),
    # F3: a part and hours that do not meet.
    ("ma aamupäivä klo 17-19", "the part of day and the hours in 'ma aamupäivä <evening>' do not meet"),
    ("Mon evening 9-11", "the part of day and the hours in 'mon evening <morning>' do not meet"),
    # F4: days and parts parted by a comma: together, or each alone?
    ("Monday to Thursday, afternoons", "parted by ','"),
    ("ma-to, iltaisin", "parted by ','"),
    ("arkisin, iltaisin", "parted by ','"),
    ("evenings, weekends", "parted by ','"),
    # F5: a dash that joins nothing ("Ma: -" is "not on Monday" in a per-day list), whichever dash.
    ("Ma: -; Ti: klo 17-19", "does not know what the dash in 'ma: -' means"),
    ("Mon: -", "does not know what the dash"),
    ("Maanantai: -", "does not know what the dash"),
    ("ma (-)", "does not know what the dash"),
    ("-ma", "does not know what the dash"),
    ("Ma: –", "does not know what the dash"),
    ("Ma: —", "does not know what the dash"),
    ("-", "'-' names no time"),
    ("n/a", "'n/a' names no time"),
    # F6: a 24-hour clock elsewhere in the text says nothing of a small hour.
    ("Mon 13-15, Wed after 6", "does not know whether 'after 6' is in the morning or in the evening"),
    ("Mon 09:30-11, Thu after 5", "does not know whether 'after 5' is in the morning or in the evening"),
    ("ma klo 17-19, ti 6 jälkeen", "does not know whether '6 jälkeen' is in the morning or in the evening"),
    ("ti 6-9, to 17-19", "does not know whether '6-9' is in the morning or in the evening"),
    # F7: bare "päivä" is no part of day.
    ("ma päivä", "does not know 'päivä'"),
    # F8: still ambiguous (9 to 17, or 9 to 5 in the morning?).
    ("Mon-Fri 9-5", "does not know whether '9-5' is in the morning or in the evening"),
])
def test_writings_misread_in_the_second_review_are_refused(text: str, why: str) -> None:
    with pytest.raises(UnreadableAvailability, match=re.escape(why)):
        read_availability(text)


@pytest.mark.parametrize(("text", "expected", "zone"), [
    # F1: a range is still read with its bounds.
    ("from Mon to Fri", slots(WORKDAYS, ALL_PARTS), ""),
    ("Mon until Fri evenings", slots(WORKDAYS, (EVENING,)), ""),
    ("maanantaista perjantaihin iltaisin", slots(WORKDAYS, (EVENING,)), ""),
    ("after 4 pm on weekdays", slots(WORKDAYS, (EVENING,)), ""),
    # F2: English "to" before "meet" is the verb's; Finnish "to" stays Thursday.
    ("free to meet in the evenings", slots(EVERY_DAY, (EVENING,)), ""),
    ("available to meet evenings", slots(EVERY_DAY, (EVENING,)), ""),
    ("Free to meet on Tuesdays", slots((TUE,), ALL_PARTS), ""),
    ("ma to pe iltaisin", slots((MON, THU, FRI), (EVENING,)), ""),
    # F3: a part and hours in one piece narrow each other.
    ("aamupäivisin klo 10 jälkeen", slots(EVERY_DAY, (MORNING,)), ""),
    ("evenings until 7pm", slots(EVERY_DAY, (EVENING,)), ""),
    ("afternoons before 3pm", slots(EVERY_DAY, (AFTERNOON,)), ""),
    ("Mon evening 5-7pm", {slot(MON, EVENING)}, ""),
    # F4: "ja"/"and" still joins days and parts as two groups.
    ("evenings and weekends", slots(EVERY_DAY, (EVENING,)) | slots((SAT, SUN), ALL_PARTS), ""),
    ("Mon-Thu afternoons", slots((MON, TUE, WED, THU), (AFTERNOON,)), ""),
    # F5: dashes between days and hours, and a day with its part, still read.
    ("ma–pe klo 17–19", slots(WORKDAYS, (EVENING,)), ""),
    ("tiistai-iltaisin", {slot(TUE, EVENING)}, ""),
    # F6: a small hour is a 24-hour one from its own expression.
    ("Mon 13-15, Wed after 6pm", {slot(MON, AFTERNOON), slot(WED, EVENING)}, ""),
    ("ma klo 17-19, ti klo 6 jälkeen", {slot(MON, EVENING)} | slots((TUE,), ALL_PARTS), ""),
    ("06:00-09:00", slots(EVERY_DAY, (MORNING,)), ""),
    ("5-17", ALL, ""),
    # F7: "joka päivä"/"every day" names days: every day, the whole day unless a part is given.
    ("joka päivä", ALL, ""),
    ("every day", ALL, ""),
    ("joka päivä iltaisin", slots(EVERY_DAY, (EVENING,)), ""),
    ("päivisin", slots(EVERY_DAY, (MORNING, AFTERNOON)), ""),
    # F8: safe answers once refused.
    ("11-1pm", slots(EVERY_DAY, (MORNING, AFTERNOON)), ""),
    ("from 5pm to 7pm", slots(EVERY_DAY, (EVENING,)), ""),
    ("any weekday", slots(WORKDAYS, ALL_PARTS), ""),
    ("evenings (CET)", slots(EVERY_DAY, (EVENING,)), "UTC+01:00"),
    ("Mon and/or Tue", slots((MON, TUE), ALL_PARTS), ""),
])
def test_writings_of_the_second_review_are_read_exactly(text: str, expected: set[int], zone: str) -> None:
    value = read_availability(text)
    assert value is not None and value.slots == frozenset(expected) and value.time_zone == zone, value


def test_a_dash_answer_in_a_form_is_warned_not_read_as_a_day(tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    path.write_text('id;role;availability\nA1;mentee;"Ma: -; Ti: klo 17-19"\n', encoding="utf-8")
    cohort = mp.read_csv(path)
    assert cohort.participants[0].availability is None
    assert any("was not read (does not know what the dash" in w for w in cohort.warnings), cohort.warnings


@given(bound=st.sampled_from(sorted(io_availability._BOUNDS)),
       day=st.sampled_from(["ma", "pe", "Monday", "Fri", "perjantaina", "keskiviikon", "arkisin", "weekends",
                            "torstaiaamuisin", "Mon evening"]),
       before=st.booleans())
def test_a_bound_next_to_a_day_alone_is_refused(bound: str, day: str, before: bool) -> None:
    # Whichever side and whichever day: "ennen perjantaita" is Mon-Thu to a reader, never Friday.
    with pytest.raises(UnreadableAvailability):
        read_availability(f"{bound} {day}" if before else f"{day} {bound}")
