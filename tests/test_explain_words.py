"""The words of a matching, case by case, for both audiences and both languages (issue 16).

Small cohorts built by hand cover each kind of pair and each reason for being
unmatched; every sentence they render is written into a table,
tests/data/golden/explain_en.txt and explain_fi.txt, which a person reads as a
coordinator would. The test renders the table again and compares it.

When a change of wording is meant, regenerate the tables and read the diff:

    MENTORPAIR_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_explain_words.py

Beside the tables: the participant's text holds no number with a decimal, no
encoder id and nobody but the reader and their partner (hypothesis over generated
cohorts), and the coordinator's reasons name at most three others.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from strategies import cases

import mentorpair as mp
from mentorpair import Cohort, MeetingMode, Programme, Role
from mentorpair import Participant as P
from mentorpair.model.vocab import BLOCK_EXCLUDED, BLOCK_LANGUAGE
from mentorpair.result.explain import rule_text, unmatched_reason
from mentorpair.result.facts import UnmatchedFacts
from mentorpair.solve.requirements import Obstacle, Rule
from mentorpair.status import Status
from mentorpair.testing import HashEncoder

GOLDEN = Path(__file__).parent / "data" / "golden"
REGENERATE = os.environ.get("MENTORPAIR_REGENERATE_GOLDEN") == "1"
ENCODER = HashEncoder()


class SignedEncoder(HashEncoder):
    """HashEncoder, but a phrase with the word "never" points the other way: similarities below zero."""

    id = "signed-hash-32"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = super().encode(texts)
        flip = np.array([-1.0 if "never" in t.casefold().split() else 1.0 for t in texts], dtype=np.float32)
        return np.asarray(out * flip[:, None], dtype=np.float32)


FI_EN = ("fi", "en")
HKI = {"location": "Helsinki", "languages": FI_EN}


# Each case: (name, cohort, programme, encoder, the ids whose words are shown).
def _cases() -> list[tuple[str, Cohort, Programme, HashEncoder, tuple[str, ...]]]:
    out: list[tuple[str, Cohort, Programme, HashEncoder, tuple[str, ...]]] = []

    def case(name: str, people: Sequence[P], programme: Programme = Programme(), ids: Sequence[str] = (),
             encoder: HashEncoder = ENCODER) -> None:
        cohort = Cohort(tuple(people))
        out.append((name, cohort, programme, encoder, tuple(ids) or cohort.ids))

    case("traditional, a wish met (one-sided)", [
        P("M1", Role.MENTOR, name="Anna Virtanen", email="anna.virtanen@vtt.fi", experience_years=12,
          goal_areas=("leadership",), offers="Team leadership. Budgets for research projects.", **HKI),
        P("A1", Role.MENTEE, name="Pekka Korhonen", email="pekka@vtt.fi", experience_years=2,
          goal_areas=("leadership", "career"), goals="Learn team leadership.", wishes=("M1",), **HKI),
    ])
    case("reverse: the mentor's strength is in the mentee's goal areas", [
        P("J", Role.MENTOR, name="Juuso Nieminen", experience_years=1, goal_areas=("project_management",),
          offers="Python data analysis.", **HKI),
        P("S", Role.MENTEE, name="Sirkka Laine", experience_years=1.5, goal_areas=("project_management", "research"),
          goals="Python data analysis.", **HKI),
    ], Programme(forms={"traditional", "reverse"}))
    case("reverse: only the experience rule made it reverse", [
        P("J", Role.MENTOR, experience_years=3, offers="Python data analysis.", meeting_mode=MeetingMode.REMOTE),
        P("S", Role.MENTEE, experience_years=20, goals="Python data analysis.", goal_areas=("research",),
          meeting_mode=MeetingMode.REMOTE),
    ], Programme(forms={"traditional", "reverse"}))
    case("group of three", [
        P("M", Role.MENTOR, name="Maija Mentor", experience_years=15, offers="Python data. Research writing.",
          capacity=3, **HKI),
        P("A", Role.MENTEE, name="Aino A", experience_years=1, goals="Python data.", goal_areas=("research",), **HKI),
        P("B", Role.MENTEE, name="Bertta B", experience_years=2, goals="Python data.", goal_areas=("research",),
          **HKI),
        P("C", Role.MENTEE, name="Cecilia C", goals="Research writing.", **HKI),
    ], Programme(forms={"group"}, group_size=(2, 3), max_mentees_per_mentor=3), ids=("A", "M"))
    case("peer pair, mutual wish", [
        P("P1", Role.PEER, name="Paula P", experience_years=4, offers="Statistics.", goals="Academic writing.",
          wishes=("P2",), **HKI),
        P("P2", Role.PEER, name="Risto R", experience_years=5, offers="Academic writing.", goals="Statistics.",
          wishes=("P1",), languages=("fi",), location="Helsinki"),
    ])
    case("a wish not met: the mentee wished for someone else", [
        P("M1", Role.MENTOR, experience_years=10, offers="Research funding.", **HKI),
        P("M2", Role.MENTOR, experience_years=10, offers="Gardening.", exclusions=("A1",), **HKI),
        P("A1", Role.MENTEE, experience_years=1, goals="Research funding.", wishes=("M2",), **HKI),
    ], ids=("A1", "M1"))
    case("wishes ignored by the programme", [
        P("M1", Role.MENTOR, experience_years=10, offers="Research funding.", **HKI),
        P("A1", Role.MENTEE, experience_years=1, goals="Research funding.", wishes=("M1",), **HKI),
    ], Programme(wishes="ignore"))
    case("a mentor of two: the wish met in the other pair", [
        P("M1", Role.MENTOR, experience_years=10, offers="Research funding.", capacity=2, wishes=("A1",), **HKI),
        P("A1", Role.MENTEE, experience_years=1, goals="Research funding.", **HKI),
        P("A2", Role.MENTEE, experience_years=2, goals="Research funding.", **HKI),
    ], Programme(max_mentees_per_mentor=2), ids=("M1", "A2"))
    case("wishes ignored: the mentee wished for someone else", [
        P("M1", Role.MENTOR, experience_years=10, offers="Research funding.", **HKI),
        P("M2", Role.MENTOR, experience_years=10, offers="Gardening.", exclusions=("A1",), **HKI),
        P("A1", Role.MENTEE, experience_years=1, goals="Research funding.", wishes=("M2",), **HKI),
    ], Programme(wishes="ignore"), ids=("A1",))
    case("same organisation by e-mail domain, discouraged", [
        P("M1", Role.MENTOR, email="m1@jyu.fi", experience_years=10, offers="Research funding.", **HKI),
        P("A1", Role.MENTEE, email="a1@jyu.fi", experience_years=1, goals="Research funding.", **HKI),
    ], Programme(same_organisation="discouraged", organisation_key="email_domain"), ids=("A1",))
    case("negative similarity: little in common", [
        P("M1", Role.MENTOR, experience_years=10, offers="Knitting.", goal_areas=("career",), **HKI),
        P("A1", Role.MENTEE, experience_years=1, goals="Never knitting.", goal_areas=("career",), **HKI),
    ], encoder=SignedEncoder())
    case("no common meeting mode", [
        P("M1", Role.MENTOR, name="Anna Virtanen", experience_years=10, offers="Research funding.",
          meeting_mode=MeetingMode.REMOTE, location="Oulu", languages=FI_EN),
        P("A1", Role.MENTEE, experience_years=1, goals="Research funding.", meeting_mode=MeetingMode.IN_PERSON,
          location="Turku", languages=FI_EN),
    ])
    case("in person, living apart", [
        P("M1", Role.MENTOR, experience_years=10, offers="Research funding.", meeting_mode=MeetingMode.IN_PERSON,
          location="Oulu", languages=("sv", "fi")),
        P("A1", Role.MENTEE, experience_years=1, goals="Research funding.", meeting_mode=MeetingMode.IN_PERSON,
          location="Turku", languages=("sv",)),
    ])
    case("in person, one gave no town", [
        P("M1", Role.MENTOR, experience_years=10, offers="Research funding.", meeting_mode=MeetingMode.IN_PERSON,
          languages=FI_EN),
        P("A1", Role.MENTEE, experience_years=1, goals="Research funding.", meeting_mode=MeetingMode.IN_PERSON,
          location="Turku", languages=FI_EN),
    ], ids=("A1",))
    case("same organisation, discouraged", [
        P("M1", Role.MENTOR, organisation="VTT", experience_years=10, offers="Research funding.", **HKI),
        P("A1", Role.MENTEE, organisation="VTT", experience_years=None, goals="Research funding.", **HKI),
    ], Programme(same_organisation="discouraged"))
    case("unmatched by supply: five mentees for two mentors with three places", [
        P("M1", Role.MENTOR, experience_years=10, offers="Research funding.", capacity=2, **HKI),
        P("M2", Role.MENTOR, experience_years=10, offers="Research funding.", capacity=1, **HKI),
        *[P(f"A{i}", Role.MENTEE, experience_years=1, goals="Research funding.", email=f"a{i}@uni.fi", **HKI)
          for i in range(1, 6)],
    ], Programme(max_mentees_per_mentor=2), ids=("A1", "A4", "A5"))
    case("unmatched by the experience rule: only one mentor is as experienced, and taken", [
        P("M1", Role.MENTOR, experience_years=30, offers="Research funding.", **HKI),
        P("M2", Role.MENTOR, experience_years=5, offers="Research funding.", **HKI),
        P("M3", Role.MENTOR, experience_years=6, offers="Research funding.", **HKI),
        P("A1", Role.MENTEE, experience_years=25, goals="Research funding.", **HKI),
        P("A2", Role.MENTEE, experience_years=26, goals="Research funding.", **HKI),
    ], ids=("A1", "A2"))
    case("unmatched by the experience rule: no mentor is as experienced", [
        P("M1", Role.MENTOR, experience_years=5, offers="Research funding.", **HKI),
        P("A1", Role.MENTEE, experience_years=25, goals="Research funding.", **HKI),
    ])
    case("unmatched by a personal exclusion", [
        P("M1", Role.MENTOR, experience_years=10, offers="Research funding.", **HKI),
        P("A1", Role.MENTEE, experience_years=1, goals="Research funding.", exclusions=("M1",), **HKI),
    ])
    case("unmatched by two hard rules, each ruling out three", [
        *[P(f"M{i}", Role.MENTOR, experience_years=10, offers="Research funding.", languages=("fi",))
          for i in range(1, 4)],
        *[P(f"M{i}", Role.MENTOR, experience_years=10, offers="Research funding.", languages=("sv",))
          for i in range(4, 7)],
        P("A1", Role.MENTEE, experience_years=1, goals="Research funding.", languages=("sv",),
          exclusions=("M4", "M5", "M6")),
    ], ids=("A1",))
    case("unmatched by language", [
        P("M1", Role.MENTOR, experience_years=10, offers="Research funding.", languages=("fi",)),
        P("A1", Role.MENTEE, experience_years=1, goals="Research funding.", languages=("sv", "en")),
    ])
    case("unmatched peer in a programme without peers", [
        P("M1", Role.MENTOR, experience_years=10, offers="Research funding.", **HKI),
        P("A1", Role.MENTEE, experience_years=1, goals="Research funding.", **HKI),
        P("Q", Role.PEER, goals="Research funding.", **HKI),
    ], Programme(forms={"traditional"}), ids=("Q",))
    case("infeasible: two hard wishes for a mentor of one", [
        P("M", Role.MENTOR, capacity=1, **HKI),
        P("N", Role.MENTOR, **HKI),
        P("A", Role.MENTEE, wishes=("M",), **HKI),
        P("B", Role.MENTEE, wishes=("M",), **HKI),
    ], Programme(wishes="hard", max_mentees_per_mentor=3), ids=("A",))
    case("infeasible: everyone must be matched, and one shares no language", [
        P("M1", Role.MENTOR, languages=("fi",)),
        P("A1", Role.MENTEE, languages=("fi",)),
        P("A2", Role.MENTEE, languages=("sv",)),
    ], Programme(require_all=True, max_mentees_per_mentor=2), ids=("A2",))
    return out


def _table(language: str) -> str:
    """Every case's rendered words in ``language``: both audiences, then the rules in words."""
    lines = [f"# Rendered explanations ({language}); regenerate: see tests/test_explain_words.py", ""]
    for name, cohort, programme, encoder, ids in _cases():
        matching = mp.match(cohort, programme, encoder=encoder)
        lines.append(f"## {name}")
        for pid in ids:
            for audience in ("coordinator", "participant"):
                lines += [f"### {pid} · {audience}", matching.explain(pid, language, audience=audience)]  # type: ignore[arg-type]
        for rule in matching.conflicts_in(language):  # type: ignore[arg-type]
            lines += ["### conflict", rule]
        lines.append("")
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["en", "fi"])
def test_rendered_words_match_the_golden_table(language: str) -> None:
    path = GOLDEN / f"explain_{language}.txt"
    text = _table(language)
    if REGENERATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with MENTORPAIR_REGENERATE_GOLDEN=1 to write it"
    assert text == path.read_text(encoding="utf-8"), (
        f"the words changed; if meant, regenerate with MENTORPAIR_REGENERATE_GOLDEN=1 and read the diff of {path}")


# --------------------------------------------------------------------------- what the words must never hold


def _by_case(name: str) -> tuple[mp.Matching, Cohort]:
    for case_name, cohort, programme, encoder, _ in _cases():
        if case_name == name:
            return mp.match(cohort, programme, encoder=encoder), cohort
    raise KeyError(name)


def test_finnish_has_decimal_commas_language_names_and_no_endings_glued_to_ids() -> None:
    matching, _ = _by_case("traditional, a wish met (one-sided)")
    fi = matching.explain("A1", "fi")
    assert "Osat: " in fi and re.search(r"\d\.\d", fi.replace("hash-bow-32", "")) is None
    assert "suomi ja englanti" in fi and "fi ja en" not in fi
    assert re.search(r"\b(?:M1|A1):\w", fi) is None  # no "M1:n", "A1:a"
    assert "aktori A1 toivoi pariksi mentoria M1 ja toive toteutui" in fi


def test_counts_and_plurals() -> None:
    matching, _ = _by_case("reverse: the mentor's strength is in the mentee's goal areas")
    en, fi = matching.explain("S", "en"), matching.explain("S", "fi")
    assert "0.5 years less experience" in en and "(J: 1 year, S: 1.5 years)" in en
    assert "(J: 1 vuosi, S: 1,5 vuotta)" in fi
    matching, _ = _by_case("unmatched by supply: five mentees for two mentors with three places")
    (left, *_) = matching.unmatched["participant_id"]
    assert "5 mentees signed up for 2 mentors with 3 places between them" in matching.explain(left)
    assert "aktoreita ilmoittautui 5 ja mentoreita 2, joilla oli yhteensä 3 paikkaa" in matching.explain(left, "fi")
    assert "both allowed mentors are taken" in matching.explain(left)
    assert "molemmat sallitut mentorit on varattu" in matching.explain(left, "fi")


def test_the_wrong_old_sentences_are_gone() -> None:
    texts = _table("en") + _table("fi")
    for wrong in ("neither named the other", "they have no meeting mode in common", "fewer years", "1 years",
                  "1 vuotta", "sallittua paria", "toiveena:", "mentors in their strong area", ":n tavoite"):
        assert wrong not in texts, wrong


def test_a_negative_similarity_is_not_called_a_match() -> None:
    matching, _ = _by_case("negative similarity: little in common")
    en = matching.explain("A1")
    assert "meets" not in en and "little in common" in en and "similarity -0.71" in en
    assert "meets" not in matching.explain("A1", audience="participant")
    assert "little in common" in matching.explain("A1", audience="participant")


def test_pairs_that_cannot_meet_as_asked_are_flagged() -> None:
    for name in ("no common meeting mode", "in person, living apart"):
        matching, _ = _by_case(name)
        assert "cannot meet as both asked" in matching.explain("A1")
        assert "eivät voi tavata kummankin toivomalla tavalla" in matching.explain("A1", "fi")
        assert "agree together" in matching.explain("A1", audience="participant")
        assert "sopikaa yhdessä" in matching.explain("A1", "fi", audience="participant")


def test_the_participant_text_names_the_partner_and_counts_the_group() -> None:
    matching, _ = _by_case("group of three")
    text = matching.explain("A", audience="participant")
    assert text.startswith("Your mentor is Maija Mentor, who mentors you in a group with 2 other mentees.")
    assert "Bertta" not in text and "Cecilia" not in text and " B " not in text
    mentor = matching.explain("M", audience="participant")
    assert all(name in mentor for name in ("Aino A", "Bertta B", "Cecilia C"))  # the mentor's own mentees


def test_audience_is_checked() -> None:
    matching, _ = _by_case("traditional, a wish met (one-sided)")
    with pytest.raises(ValueError, match="audience must be 'coordinator' or 'participant'"):
        matching.explain("A1", audience="mentee")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="audience"):
        matching.unmatched_in("en", audience="everyone")  # type: ignore[arg-type]
    assert matching.explain("A1") == matching.explain("A1", audience="coordinator")


def test_an_unmatched_reason_names_at_most_three_others() -> None:
    # 18 mentors, each taking one, and 20 mentees: the two left out could have had any of the 18.
    mentors = [P(f"mentor{i:02d}@inst.fi", Role.MENTOR, experience_years=10, offers="research funding", capacity=1)
               for i in range(18)]
    mentees = [P(f"mentee{i:02d}@inst.fi", Role.MENTEE, experience_years=1, goals="research funding")
               for i in range(20)]
    matching = mp.match(Cohort(tuple(mentors + mentees)), Programme(), encoder=ENCODER)
    assert len(matching.unmatched) == 2
    for language in ("en", "fi"):
        reasons = matching.unmatched_in(language)["reason"]  # type: ignore[arg-type]
        for reason in reasons:
            assert len(re.findall(r"mentor\d\d@inst\.fi", reason)) == 3, reason
            assert ("and 15 more" if language == "en" else "sekä 15 muuta") in reason
            assert ("20 mentees signed up for 18 mentors with 18 places" if language == "en" else
                    "aktoreita ilmoittautui 20 ja mentoreita 18, joilla oli yhteensä 18 paikkaa") in reason
        for reason in matching.unmatched_in(language, audience="participant")["reason"]:  # type: ignore[arg-type]
            assert "@" not in reason and re.search(r"\d", reason) is None, reason


def _named(cohort: Cohort) -> Cohort:
    """Every participant with a name and an e-mail address, so that their leaking would show."""
    return Cohort(tuple(replace(p, name=f"Etunimi{i} Sukunimi{i}", email=f"person{i}@example.fi")
                        for i, p in enumerate(cohort)))


@given(case=cases(max_size=7, dual_max_size=5))
def test_the_participant_text_names_nobody_but_the_partner(case: tuple[Cohort, Programme]) -> None:
    cohort, programme = case
    cohort = _named(cohort)
    matching = mp.match(cohort, programme, encoder=ENCODER)
    rows = list(zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"]))
    for pid in cohort.ids:
        partners = {b if a == pid else a for a, b in rows if pid in (a, b)}
        for language in ("en", "fi"):
            text = matching.explain(pid, language, audience="participant")  # type: ignore[arg-type]
            assert re.search(r"\d[.,]\d", text) is None, text
            assert ENCODER.id not in text and "similarity" not in text and "samankaltaisuus" not in text, text
            for other in cohort:
                if other.id == pid or other.id in partners:
                    continue
                assert re.search(rf"\b{re.escape(other.id)}\b", text) is None, (other.id, text)
                assert other.name not in text and other.email not in text, (other.id, text)


# --------------------------------------------------------------------------- wishes against every pair


def test_a_wish_met_in_another_pair_is_not_called_unmet() -> None:
    matching, _ = _by_case("a mentor of two: the wish met in the other pair")
    assert sorted(matching.pairs["mentee_id"]) == ["A1", "A2"]
    for language, unmet, met in (("en", "could not be met", "your wish was met"),
                                 ("fi", "ei voitu järjestää", "toiveesi toteutui")):
        text = matching.explain("M1", language, audience="participant")  # type: ignore[arg-type]
        assert unmet not in text and text.count(met) == 1, text
    coordinator = matching.explain("A2")
    assert "M1 wished for A1, and the wish was met in another pair" in coordinator
    assert "someone else" not in coordinator and "someone else" not in matching.explain("M1")
    assert "jotakuta muuta" not in matching.explain("A2", "fi")
    assert "mentorin M1 toive toteutui toisessa parissa (A1)" in matching.explain("A2", "fi")


def test_an_ignored_wish_is_called_ignored_not_unmet() -> None:
    matching, _ = _by_case("wishes ignored: the mentee wished for someone else")
    assert list(matching.pairs["mentor_id"]) == ["M1"]
    en, fi = (matching.explain("A1", lang, audience="participant") for lang in ("en", "fi"))  # type: ignore[arg-type]
    assert "could not be met" not in en and "did not take wishes into account" in en
    assert "ei voitu järjestää" not in fi and "ei otettu toiveita huomioon" in fi
    assert "wished for someone else (M2), but this programme ignores wishes" in matching.explain("A1")


def _partners_of(matching: mp.Matching) -> dict[str, set[str]]:
    partners: dict[str, set[str]] = {}
    for a, b in zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"]):
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    return partners


@given(case=cases(max_size=7, dual_max_size=5))
def test_a_wish_is_called_unmet_only_when_no_partner_was_wished_for(case: tuple[Cohort, Programme]) -> None:
    cohort, programme = case
    matching = mp.match(cohort, programme, encoder=ENCODER)
    partners = _partners_of(matching)
    for p in cohort:
        unmet = bool(p.wishes) and not partners.get(p.id, set()) & set(p.wishes)
        text = matching.explain(p.id, audience="participant")
        said = "Your wish for someone else could not be met." in text
        assert said == (unmet and p.id in partners and programme.wishes != "ignore"), (p.id, text)
        assert ("did not take wishes into account" in text) == (unmet and p.id in partners
                                                                and programme.wishes == "ignore"), (p.id, text)
        for q in partners.get(p.id, ()):
            # The coordinator's paragraphs on q's pairs speak of p's wishes too.
            assert (f"{p.id} wished for someone else" in matching.explain(q)) <= unmet, (p.id, q)


# --------------------------------------------------------------------------- organisations, rules, names


def test_an_email_domain_is_called_the_same_organisation() -> None:
    matching, _ = _by_case("same organisation by e-mail domain, discouraged")
    assert "You both work in the same organisation (jyu.fi)." in matching.explain("A1", audience="participant")
    assert "samassa organisaatiossa (jyu.fi)" in matching.explain("A1", "fi", audience="participant")
    assert "organisaatiossa jyu.fi" not in matching.explain("A1", "fi", audience="participant")
    assert "both in the same organisation (jyu.fi)" in matching.explain("A1")


def test_a_missing_town_is_said_in_natural_finnish() -> None:
    matching, _ = _by_case("in person, one gave no town")
    assert "mentori M1 ei kertonut paikkakuntaansa" in matching.explain("A1", "fi")


def test_a_reason_names_three_people_across_all_its_rules() -> None:
    matching, _ = _by_case("unmatched by two hard rules, each ruling out three")
    assert "A1" in set(matching.unmatched["participant_id"])
    for language, plural in (("en", "by hard rules"), ("fi", "kovilla säännöillä")):
        reason = matching.explain("A1", language)  # type: ignore[arg-type]
        assert len(re.findall(r"\bM\d\b", reason)) == 3, reason
        assert plural in reason, reason


def test_the_no_counterpart_obstacle_names_three_people_in_all() -> None:
    blocked = ((BLOCK_LANGUAGE, ("M1", "M2", "M3")), (BLOCK_EXCLUDED, ("M4", "M5")))
    rule = Rule("require_all", ("A1",), "mentee", (Obstacle("no_counterpart", "A1", blocked=blocked),))
    for language in ("en", "fi"):
        assert len(re.findall(r"\bM\d\b", rule_text(rule, language))) == 3  # type: ignore[arg-type]
    alone = Rule("require_all", ("A1",), "mentee", (Obstacle("no_counterpart", "A1"),))
    assert "jonka kanssa hänet voisi parittaa" in rule_text(alone, "fi")


def test_wishes_first_is_the_reason_under_hard_if_possible() -> None:
    person = P("A1", Role.MENTEE)
    facts = UnmatchedFacts(side="mentee", feasible=(("M1", "full"),), blocked=(), coverage_first=False,
                           status=Status.OPTIMAL, peers_enabled=True)
    assert "better result on the programme's objective" in unmatched_reason(person, facts)
    first = replace(facts, wishes_first=True)
    assert unmatched_reason(person, first).startswith("honouring as many wishes as possible came first")
    assert "mahdollisimman monta toivetta" in unmatched_reason(person, first, language="fi")
    assert "wishes as possible" in unmatched_reason(person, first, audience="participant")
    assert "M1" not in unmatched_reason(person, first, audience="participant")


def test_a_matching_under_hard_if_possible_says_wishes_came_first() -> None:
    cohort = Cohort((
        P("M1", Role.MENTOR, capacity=1, **HKI),
        P("A1", Role.MENTEE, wishes=("M1",), **HKI),
        P("A2", Role.MENTEE, goals="Research funding.", **HKI),
    ))
    matching = mp.match(cohort, Programme(wishes="hard-if-possible"), encoder=ENCODER)
    assert list(matching.pairs["mentee_id"]) == ["A1"]
    assert "honouring as many wishes as possible came first" in matching.explain("A2")
