"""The programme's hard rules in words: what rules a pair out, the rules that conflict, what is left unproven.

Coordinator text (``Matching.conflicts``, ``relaxation``, ``warnings``): ids are
named, at most three to a sentence ("and 15 more"), and stand uninflected in Finnish.
"""

from __future__ import annotations

from ...model.vocab import (
    BLOCK_AVAILABILITY,
    BLOCK_EXCLUDED,
    BLOCK_LANGUAGE,
    BLOCK_MEETING,
    BLOCK_PROGRAMME_EXCLUDED,
    BLOCK_REPEAT,
    BLOCK_REVERSE,
    BLOCK_SAME_ORG,
    BLOCK_TRADITIONAL,
)
from ...solve.requirements import Obstacle, Rule
from .common import ROLE_WORDS, Language, few_each, listed

__all__ = ["block_text", "rule_text", "unproven_text"]

# Each hard-rule code (mentorpair.model.vocab BLOCK_*) in words: a new code gets its words here.
_BLOCK_TEXT = {
    BLOCK_EXCLUDED: ("a personal exclusion", "henkilökohtainen poissulku"),
    BLOCK_LANGUAGE: ("no common language", "ei yhteistä kieltä"),
    BLOCK_SAME_ORG: ("same organisation, which the programme forbids", "sama organisaatio, jonka ohjelma kieltää"),
    BLOCK_PROGRAMME_EXCLUDED: ("excluded by the programme", "ohjelman poissulkema"),
    BLOCK_MEETING: ("they cannot meet as both asked (no common meeting mode, or in person only and apart)",
                    "he eivät voi tavata toivomallaan tavalla (ei yhteistä tapaamistapaa, tai vain kasvokkain "
                    "eri paikkakunnilla)"),
    BLOCK_REVERSE: ("less experienced mentor, and reverse mentoring is not enabled",
                    "kokemattomampi mentori, eikä käänteismentorointi ole käytössä"),
    BLOCK_TRADITIONAL: ("individual pairs are not part of this programme", "yksittäiset parit eivät kuulu ohjelmaan"),
    BLOCK_REPEAT: ("paired in an earlier round, which the programme rules out",
                   "he olivat parina aiemmalla kierroksella, minkä ohjelma kieltää"),
    BLOCK_AVAILABILITY: ("no common time in the availability both gave, which the programme requires",
                         "ei yhteistä aikaa kummankin ilmoittamissa ajoissa, jota ohjelma edellyttää"),
}

def block_text(code: str, language: Language, *, paired_in: int | None = None) -> str:
    """A hard rule in words; for two people paired before, ``paired_in`` names the round."""
    if code == BLOCK_REPEAT and paired_in is not None:
        return (f"paired in round {paired_in}, which the programme rules out" if language == "en" else
                f"he olivat parina kierroksella {paired_in}, minkä ohjelma kieltää")
    return _BLOCK_TEXT[code][0 if language == "en" else 1]


def _role(role: str, language: Language) -> str:
    return ROLE_WORDS[language].get(role, role)


def _obstacle_text(obstacle: Obstacle, language: Language) -> str:
    en = language == "en"
    o = obstacle
    if o.kind == "no_form":
        roles = listed([_role(r, language) for r in o.roles], language)
        return (f"{o.first} and {o.second} cannot be paired in any form the programme runs ({roles})" if en else
                f"{o.first} ja {o.second} eivät voi olla pari missään ohjelman mentorointimuodossa ({roles})")
    if o.kind == "blocked":
        who = listed([o.first, o.second] if o.second else [o.first], language)
        return f"{who}: {block_text(o.code, language)}"
    if o.kind == "capacity":
        return (f"{o.first} takes at most {o.capacity} mentee{'s' if o.capacity != 1 else ''}" if en else
                f"{o.first} ottaa enintään {o.capacity} {'aktorin' if o.capacity == 1 else 'aktoria'}")
    if o.kind == "no_counterpart":
        if not o.blocked:
            return ("nobody in the cohort can be paired with them in the forms the programme runs" if en else
                    "kohortista ei löydy ketään, jonka kanssa hänet voisi parittaa ohjelman muodoissa")
        reasons = sorted((block_text(code, language), ids) for code, ids in o.blocked)
        return ("every counterpart is ruled out: " if en else "jokainen mahdollinen pari on suljettu pois: ") + "; ".join(
            f"{why}: {ids}" for (why, _), ids in zip(reasons, few_each(reasons, language)))
    raise KeyError(o.kind)


def rule_text(rule: Rule, language: Language = "en") -> str:
    """One hard rule of the programme in words, with what stands in its way (``Matching.conflicts``)."""
    en = language == "en"
    notes = [_obstacle_text(o, language) for o in rule.obstacles]
    tail = f" ({'; '.join(notes)})" if notes else ""
    if rule.kind == "fixed_pair":
        first, second = rule.people
        return (f"fixed pair {first}-{second}" if en else f"kiinnitetty pari {first}–{second}") + tail
    if rule.kind == "hard_wish":
        wisher, *wished = rule.people
        return (f"{wisher}'s hard wish to be paired with {' or '.join(wished)}" if en else
                f"{wisher}: ehdoton toive saada pariksi {' tai '.join(wished)}") + tail
    if rule.kind == "balance":  # Programme.balance's hard shares and group mixes, one rule over the whole matching
        return ("the hard balance rules (Programme.balance)" if en else
                "ehdottomat tasapainosäännöt (Programme.balance)") + tail
    if rule.kind == "stability":  # Programme.stability_delta, one rule over the whole matching
        return ("no blocking pairs (stability_delta)" if en else "ei estäviä pareja (stability_delta)") + tail
    if rule.kind == "require_all":
        (person,) = rule.people
        return (f"require_all: {person} ({_role(rule.role, 'en')}) must be matched" if en else
                f"require_all: {person} ({_role(rule.role, 'fi')}) on saatava pariin") + tail
    raise KeyError(rule.kind)


_UNPROVEN = {
    "conflicts_missing": ("the hard rules cannot all hold, but the time limit ended the search before the "
                          "conflicting rules were found; run again with a longer time_limit to name them",
                          "kovat säännöt eivät voi toteutua yhtä aikaa, mutta aikaraja päätti haun ennen kuin "
                          "ristiriitaiset säännöt löytyivät; aja uudelleen pidemmällä aikarajalla"),
    "conflicts_not_minimal": ("the conflicting rules listed cannot all hold, but the time limit left it unproven "
                              "that every one of them is needed",
                              "luetellut säännöt eivät voi toteutua yhtä aikaa, mutta aikaraja jätti todistamatta, "
                              "että jokainen niistä tarvitaan"),
    "relaxation_not_fewest": ("the rules to drop make a matching possible, but the time limit left it unproven "
                              "that no fewer would do",
                              "pudotettavat säännöt mahdollistavat parituksen, mutta aikaraja jätti todistamatta, "
                              "ettei vähempi riittäisi"),
    "infeasible_when_pruned": ("the hard rules cannot all hold among each person's best pairs; the cohort is too "
                               "large to check every pair, so it is unknown whether a matching exists "
                               "(raise candidates_per_person)",
                               "kovat säännöt eivät toteudu kunkin parhaiden parien joukossa; kohortti on liian suuri "
                               "kaikkien parien tarkistamiseen, joten ei tiedetä, onko paritus mahdollinen "
                               "(suurenna candidates_per_person-arvoa)"),
    "interrupted": ("stopped by Ctrl-C{during}; the matching is the best found so far, not proven best, and no "
                    "later stage was run",
                    "keskeytetty Ctrl-C:llä{during_fi}; paritus on paras siihen mennessä löydetty, ei todistetusti "
                    "paras, eikä myöhempiä vaiheita ajettu"),
}


def unproven_text(code: str, language: Language = "en", *, stage: str | None = None, ended: bool = False) -> str:
    """What a status would claim but the search left unproven, in words (``Matching.warnings``).

    ``stage`` names the stage a Ctrl-C stopped (``"interrupted"``): the last one in ``Matching.proof``;
    ``ended``: that stage had ended, proven, when the Ctrl-C came (it stopped the search between stages).
    """
    text = _UNPROVEN[code][0 if language == "en" else 1]
    if code != "interrupted":
        return text
    if stage is None:
        return text.format(during="", during_fi="")
    return text.format(during=f" {'after' if ended else 'during'} stage {stage}",
                       during_fi=f" vaiheen {stage} jälkeen" if ended else f" vaiheessa {stage}")
