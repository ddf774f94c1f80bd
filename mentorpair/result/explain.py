"""Sentences, in English or Finnish, built from score components and solver facts.

Nothing here decides anything: it only puts into words what scoring and the
solver already determined. Displayed parts are rounded so that they add up to
the displayed score exactly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal, NamedTuple

from ..model.participant import Participant
from ..model.vocab import (
    BLOCK_EXCLUDED,
    BLOCK_LANGUAGE,
    BLOCK_PROGRAMME_EXCLUDED,
    BLOCK_REVERSE,
    BLOCK_SAME_ORG,
    BLOCK_TRADITIONAL,
    COMPONENTS,
    PART_LABELS,
    SCALE,
)
from ..scoring.parts import (
    EXPERIENCE_SATURATION_YEARS,
    common_languages,
    meeting_fit,
    shared_areas,
)
from ..solve.requirements import Obstacle, Rule
from ..status import Status
from ..text.similarity import Match
from ..text.taxonomy import area_label, goal_area
from .facts import UnmatchedFacts

__all__ = ["Language", "pair_sentence", "rounded_parts", "rule_text", "unmatched_reason", "unproven_text"]

Language = Literal["en", "fi"]

_NAMES = PART_LABELS


def rounded_parts(units: Sequence[int], decimals: int = 2) -> list[str]:
    """Format integer parts (1/SCALE units) so the shown parts sum to the shown total.

    Plain rounding can make 0.334 + 0.333 + 0.333 show as 0.33 + 0.33 + 0.33 = 0.99
    beside a total of 1.00; largest-remainder rounding hands the lost hundredths to
    the parts that lost the most.
    """
    step = SCALE // 10**decimals
    floors = [math.floor(u / step) for u in units]
    target = round(sum(units) / step)
    order = sorted(range(len(units)), key=lambda i: (-(units[i] / step - floors[i]), i))
    for i in order[: max(0, target - sum(floors))]:
        floors[i] += 1
    return [_fmt(f, decimals) for f in floors]


def total_text(total_units: int, decimals: int = 2) -> str:
    step = SCALE // 10**decimals
    return _fmt(round(total_units / step), decimals)


def _fmt(hundredths: int, decimals: int) -> str:
    value = hundredths / 10**decimals
    text = f"{value:.{decimals}f}"
    return "0." + "0" * decimals if text.startswith("-0.") and value == 0 else text


def _list(items: Sequence[str], language: Language) -> str:
    items = list(items)
    joiner = " and " if language == "en" else " ja "
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + joiner + items[-1]


class _TextEvidence(NamedTuple):
    """What the goal-text and goal-area parts rest on."""

    similarity: float
    encoder_id: str
    matches: Sequence[tuple[str, str, Match]]  # (goal owner id, offer owner id, best phrase match)
    inferred: frozenset[str]  # ids whose goal areas were inferred from their text


def _quote(match: tuple[str, str, Match], language: Language) -> str:
    wants, offers, (goal, offer, cosine) = match
    return (f"{wants}'s goal '{_excerpt(goal, 70)}' meets {offers}'s offer '{_excerpt(offer, 70)}' (similarity {cosine:.2f})"
            if language == "en" else
            f"{wants}:n tavoite '{_excerpt(goal, 70)}' vastaa {offers}:n osaamista '{_excerpt(offer, 70)}' "
            f"(samankaltaisuus {cosine:.2f})")


def _inference_note(people: Sequence[Participant], evidence: _TextEvidence, language: Language) -> str:
    """Says out loud whose goal areas were inferred from their text, or nothing."""
    guessed = [p.id for p in people if p.id in evidence.inferred]
    if not guessed:
        return ""
    return (f" ({_list(guessed, language)}: areas inferred from the text)" if language == "en" else
            f" ({_list(guessed, language)}: alueet päätelty tekstistä)")


def _area_words(areas: Sequence[str], language: Language) -> str:
    """Areas as written; a bare taxonomy key (what inference gives) by its label."""
    shown = [area_label(a, language) if (found := goal_area(a)) is not None and found.key == a else a for a in areas]
    return _list(shown, language) or ("none" if language == "en" else "ei mitään")


def _component_reason(
    name: str, giver: Participant, receiver: Participant, raw: float, evidence: _TextEvidence,
    language: Language, kind: str = "traditional",
) -> str:
    en = language == "en"
    g, r = giver.id, receiver.id
    if kind == "peer" and name in ("goal_text", "goal_areas", "experience"):
        return _peer_reason(name, giver, receiver, evidence, language)
    if kind == "reverse" and name == "experience":
        fewer = f"{(receiver.experience_years or 0) - (giver.experience_years or 0):g}"
        return (f"reverse mentoring: {g} has {fewer} fewer years of experience and mentors in their strong area, "
                "so experience counts as neutral" if en else
                f"käänteismentorointi: {g}:lla on {fewer} vuotta vähemmän kokemusta ja hän mentoroi vahvuusalueellaan, "
                "joten kokemus lasketaan neutraaliksi")
    if name == "goal_text":
        if not receiver.goals.strip() or not giver.offers.strip():
            return f"{r} wrote no goals or {g} no offer" if en else f"{r} ei kirjoittanut tavoitteita tai {g} osaamistaan"
        quoted = "; ".join(_quote(m, language) for m in evidence.matches)
        overall = (f"all of {r}'s goals against {g}'s offer: similarity {evidence.similarity:.2f} ({evidence.encoder_id})"
                   if en else f"kaikki {r}:n tavoitteet {g}:n osaamista vasten: samankaltaisuus "
                   f"{evidence.similarity:.2f} ({evidence.encoder_id})")
        return f"{quoted}; {overall}" if quoted else overall
    if name == "goal_areas":
        shared = shared_areas(giver, receiver)
        if not receiver.goal_areas:
            return f"{r} named no goal areas" if en else f"{r} ei nimennyt tavoitealueita"
        if not shared:
            return (f"{g} covers none of {r}'s areas" if en else f"{g} ei kata yhtään {r}:n alueista") + (
                _inference_note((giver, receiver), evidence, language))
        return (f"{g} covers {len(shared)} of {r}'s {len(receiver.goal_areas)} areas: " if en else
                f"{g} kattaa {len(shared)}/{len(receiver.goal_areas)} {r}:n alueista: ") + _area_words(
                    shared, language) + _inference_note((giver, receiver), evidence, language)
    if name == "experience":
        if giver.experience_years is None or receiver.experience_years is None:
            return "experience not stated by both, counted as neutral" if en else "kokemusta ei kerrottu molemmilta, laskettu neutraaliksi"
        gap = giver.experience_years - receiver.experience_years
        years = f"{abs(gap):g}"
        if gap <= 0:
            return (f"{g} has no more experience than {r}" if en else f"{g}:lla ei ole enempää kokemusta kuin {r}:lla")
        full = f" (full credit from {EXPERIENCE_SATURATION_YEARS:g})" if en else f" (täysi osuus {EXPERIENCE_SATURATION_YEARS:g} vuodesta)"
        return (f"{g} has {years} more years of experience{full}" if en else f"{g}:lla on {years} vuotta enemmän kokemusta{full}")
    if name == "meeting":
        _, code = meeting_fit(giver, receiver)
        texts = {
            "same_place": ("both can meet in person in " + giver.location.strip(),
                           "molemmat voivat tavata kasvokkain paikkakunnalla " + giver.location.strip()),
            "remote": ("both can meet remotely", "molemmat voivat tavata etänä"),
            "in_person_unknown_place": ("both meet in person; a location is not given",
                                        "molemmat tapaavat kasvokkain; paikkakuntaa ei ole kerrottu"),
            "in_person_apart": (f"both want to meet in person but live apart ({giver.location.strip()}, {receiver.location.strip()})",
                                f"molemmat haluavat tavata kasvokkain, mutta asuvat eri paikkakunnilla ({giver.location.strip()}, {receiver.location.strip()})"),
            "no_common_mode": ("they have no meeting mode in common", "heillä ei ole yhteistä tapaamistapaa"),
        }
        return texts[code][0 if en else 1]
    if name == "wish":
        if raw > 0:
            who = [x.id for x, y in ((receiver, giver), (giver, receiver)) if y.id in x.wishes]
            return (f"wished for by {_list(who, language)}" if en else f"toiveena: {_list(who, language)}")
        return "neither named the other" if en else "kumpikaan ei nimennyt toista"
    if name == "same_organisation":
        if raw < 0:
            return (f"both at {giver.organisation.strip()}, which the programme discourages" if en else
                    f"molemmat organisaatiossa {giver.organisation.strip()}, mitä ohjelma välttää")
        return "no penalty" if en else "ei vähennystä"
    raise KeyError(name)


def _peer_reason(name: str, a: Participant, b: Participant, evidence: _TextEvidence, language: Language) -> str:
    en = language == "en"
    if name == "goal_text":
        quoted = "; ".join(_quote(m, language) for m in evidence.matches)
        overall = (f"each one's goals against the other's offer: mean similarity {evidence.similarity:.2f} "
                   f"({evidence.encoder_id})" if en else f"kummankin tavoitteet toisen osaamista vasten: keskimääräinen "
                   f"samankaltaisuus {evidence.similarity:.2f} ({evidence.encoder_id})")
        return f"{quoted}; {overall}" if quoted else overall
    if name == "goal_areas":
        ab, ba = _area_words(shared_areas(a, b), language), _area_words(shared_areas(b, a), language)
        return (f"{a.id} covers {ab} of {b.id}'s areas, {b.id} covers {ba} of {a.id}'s" if en else
                f"{a.id} kattaa {b.id}:n alueista {ab}, {b.id} kattaa {a.id}:n alueista {ba}") + _inference_note(
                    (a, b), evidence, language)
    if a.experience_years is None or b.experience_years is None:
        return "experience not stated by both, counted as neutral" if en else "kokemusta ei kerrottu molemmilta, laskettu neutraaliksi"
    gap = f"{abs(a.experience_years - b.experience_years):g}"
    return (f"peers at a similar stage are best; their experience differs by {gap} years" if en else
            f"vertaiset hyötyvät samasta vaiheesta; kokemusero on {gap} vuotta")


def _excerpt(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pair_sentence(
    giver: Participant,
    receiver: Participant,
    kind: str,
    units: dict[str, int],
    raw: dict[str, float],
    similarity: float,
    encoder_id: str,
    language: Language = "en",
    *,
    cohesion_units: int = 0,
    co_mentees: Sequence[str] = (),
    phrase_matches: Sequence[tuple[str, str, Match]] = (),
    inferred_areas: frozenset[str] = frozenset(),
) -> str:
    """A paragraph on why the two are paired; its numbers add up.

    ``phrase_matches`` are the goal and offer phrases that meet best
    (:meth:`mentorpair.scoring.ScoreTable.phrase_matches`), quoted verbatim;
    ``inferred_areas`` the ids whose goal areas were inferred from their text.
    """
    en = language == "en"
    evidence = _TextEvidence(similarity, encoder_id, phrase_matches, inferred_areas)
    parts_units = [units[c] for c in COMPONENTS] + [cohesion_units]
    shown = rounded_parts(parts_units)
    total = total_text(sum(parts_units))
    if kind == "peer":
        head = (f"{giver.id} and {receiver.id} mentor each other (peer), score {total}." if en else
                f"{giver.id} ja {receiver.id} mentoroivat toisiaan (vertaismentorointi), pisteet {total}.")
        if giver.offers.strip() or receiver.offers.strip():
            gives = [(p.id, f"'{_excerpt(p.offers)}'" if p.offers.strip() else ("no offer written" if en else
                      "ei kirjoittanut osaamistaan")) for p in (giver, receiver)]
            head += " " + "; ".join(f"{pid} {'gives' if en else 'antaa'}: {what}" for pid, what in gives) + "."
    else:
        head = (f"{receiver.id} is mentored by {giver.id} ({kind}), score {total}." if en else
                f"{giver.id} mentoroi {receiver.id}:a ({_KIND_FI.get(kind, kind)}), pisteet {total}.")
    lines = [
        f"{_NAMES[language][c]} {shown[i]}: "
        f"{_component_reason(c, giver, receiver, raw[c], evidence, language, kind)}"
        for i, c in enumerate(COMPONENTS)
    ]
    if kind == "group":
        others = _list(list(co_mentees), language) or ("nobody" if en else "ei ketään")
        lines.append(f"{_NAMES[language]['cohesion']} {shown[-1]}: " + (
            f"their share of how well the goals of {giver.id}'s group fit each other (with {others})" if en else
            f"osuus siitä, miten {giver.id}:n ryhmän tavoitteet sopivat yhteen (ryhmässä myös {others})"))
    else:
        shown = shown[:-1]
    langs = common_languages(giver, receiver)
    tail = ""
    if langs:
        tail = (f" Common language: {_list(langs, language)}." if en else f" Yhteinen kieli: {_list(langs, language)}.")
    summed = shown[0] + "".join(f" - {v[1:]}" if v.startswith("-") else f" + {v}" for v in shown[1:]) + f" = {total}"
    return head + " " + "; ".join(lines) + "." + tail + (f" Parts: {summed}." if en else f" Osat: {summed}.")


_KIND_FI = {"traditional": "perinteinen mentorointi", "reverse": "käänteismentorointi",
            "group": "ryhmämentorointi", "peer": "vertaismentorointi"}

_BLOCK_TEXT = {
    BLOCK_EXCLUDED: ("an exclusion", "poissulku"),
    BLOCK_LANGUAGE: ("no common language", "ei yhteistä kieltä"),
    BLOCK_SAME_ORG: ("same organisation, which the programme forbids", "sama organisaatio, jonka ohjelma kieltää"),
    BLOCK_PROGRAMME_EXCLUDED: ("excluded by the programme", "ohjelman poissulkema"),
    BLOCK_REVERSE: ("less experienced mentor, and reverse mentoring is not enabled",
                    "kokemattomampi mentori, eikä käänteismentorointi ole käytössä"),
    BLOCK_TRADITIONAL: ("individual pairs are not part of this programme", "yksittäiset parit eivät kuulu ohjelmaan"),
}


def block_text(code: str, language: Language) -> str:
    return _BLOCK_TEXT[code][0 if language == "en" else 1]


def unmatched_reason(person: Participant, facts: UnmatchedFacts, *, language: Language = "en") -> str:
    """Why ``person`` was left out, in words, from the facts gathered with the matching."""
    side, feasible, coverage_first, status = facts.side, facts.feasible, facts.coverage_first, facts.status
    blocked = dict(facts.blocked)
    en = language == "en"
    if status is Status.INFEASIBLE:
        return ("no matching was made: the hard rules conflict (see the conflicts)" if en else
                "parituksia ei tehty: kovat säännöt ovat ristiriidassa (katso ristiriidat)")
    if status is Status.UNKNOWN and facts.pruned_infeasible:
        return ("no matching was made: the hard rules fail among each person's best pairs, and not every pair "
                "was checked (see the warnings)" if en else
                "parituksia ei tehty: kovat säännöt eivät toteudu kunkin parhaiden parien joukossa, eikä kaikkia "
                "pareja tarkistettu (katso varoitukset)")
    if status is Status.UNKNOWN:
        return ("the solver found no matching within the time limit" if en else
                "ratkaisija ei löytänyt paritusta aikarajan puitteissa")
    if person.role.value == "peer" and not facts.peers_enabled:
        return ("signed up for peer mentoring, which this programme does not pair" if en else
                "ilmoittautui vertaismentorointiin, jota tässä ohjelmassa ei paritettu")
    counterpart = {"mentee": ("mentor", "mentoria"), "mentor": ("mentee", "aktoria"),
                   "peer": ("peer", "vertaista"), "either": ("counterpart", "paria")}[side]
    if not feasible and not blocked:
        return (f"nobody in the cohort could be their {counterpart[0]}" if en else
                f"kukaan kohortista ei voinut olla heidän {counterpart[1]}")
    if not feasible:
        why = "; ".join(
            f"{block_text(code, language)}: {_list(sorted(ids), language)}" for code, ids in sorted(blocked.items())
        )
        return (f"every possible {counterpart[0]} is ruled out by a hard rule ({why})" if en else
                f"jokainen mahdollinen pari on suljettu pois kovalla säännöllä ({why})")
    names = _list([f"{cid} ({_BUSY[busy][0 if en else 1]})" for cid, busy in feasible], language)
    if status is Status.FEASIBLE:
        return (f"the time limit ended the search before they were placed; allowed counterparts: {names}" if en else
                f"aikaraja päätti haun ennen kuin heille löytyi pari; sallitut parit: {names}")
    if facts.group_min and len(feasible) < facts.group_min:
        return (f"they can mentor only a group, which needs at least {facts.group_min} mentees, and only "
                f"{len(feasible)} may join it: {names}" if en else
                f"hän voi mentoroida vain ryhmää, johon tarvitaan vähintään {facts.group_min} aktoria, ja siihen "
                f"voi liittyä vain {len(feasible)}: {names}")
    if coverage_first and any(busy in ("free", "group_short") for _, busy in feasible):
        # A counterpart who is not taken could still not be paired with them (a group too small to run).
        return (f"no matching takes in more people; allowed counterparts: {names}" if en else
                f"mikään paritus ei ota mukaan enempää ihmisiä; sallitut parit: {names}")
    if coverage_first:
        if len(feasible) == 1:
            return (f"the only allowed {counterpart[0]} is taken, and no matching takes in more people: {names}" if en else
                    f"ainoa sallittu pari on varattu, eikä mikään paritus ota mukaan enempää ihmisiä: {names}")
        return (f"all {len(feasible)} allowed {counterpart[0]}s are taken, and no matching takes in more people: {names}" if en else
                f"kaikki {len(feasible)} sallittua paria ovat varattuja, eikä mikään paritus ota mukaan enempää ihmisiä: {names}")
    return (f"leaving them out gave a better result on the programme's objective; allowed counterparts: {names}" if en else
            f"ohjelman tavoitteen kannalta parempi tulos syntyi ilman heitä; sallitut parit: {names}")


_BUSY = {
    "full": ("mentors as many as they can take", "mentoroi jo niin monta kuin voi"),
    "paired": ("already paired with another mentor", "jo parina toisen mentorin kanssa"),
    "mentee": ("is a mentee in another pair", "on aktorina toisessa parissa"),
    "mentor": ("is a mentor in another pair", "on mentorina toisessa parissa"),
    "peer": ("is in another peer pair", "on toisessa vertaisparissa"),
    "group": ("mentors a group", "mentoroi ryhmää"),
    "group_full": ("mentors a full group", "mentoroi täyttä ryhmää"),
    "free": ("free", "vapaana"),
    "group_short": ("can mentor only a group, and too few mentees may join it",
                    "voi mentoroida vain ryhmää, eikä siihen voi liittyä tarpeeksi aktoreita"),
}


# --------------------------------------------------------------------------- hard rules in words


def _obstacle_text(obstacle: Obstacle, language: Language) -> str:
    en = language == "en"
    o = obstacle
    if o.kind == "no_form":
        roles = f"{o.roles[0]} and {o.roles[1]}" if en else f"{o.roles[0]} ja {o.roles[1]}"
        return (f"{o.first} and {o.second} cannot be paired in any form the programme runs ({roles})" if en else
                f"{o.first} ja {o.second} eivät voi olla pari missään ohjelman mentorointimuodossa ({roles})")
    if o.kind == "blocked":
        return f"{o.first}: {block_text(o.code, language)}"
    if o.kind == "capacity":
        return (f"{o.first} takes at most {o.capacity} mentee{'s' if o.capacity != 1 else ''}" if en else
                f"{o.first} ottaa enintään {o.capacity} {'aktorin' if o.capacity == 1 else 'aktoria'}")
    if o.kind == "no_counterpart":
        if not o.blocked:
            return ("nobody in the cohort can be paired with them in the forms the programme runs" if en else
                    "kohortista ei löydy ketään, jonka kanssa heidät voisi parittaa ohjelman muodoissa")
        reasons = sorted((block_text(code, language), ids) for code, ids in o.blocked)
        return ("every counterpart is ruled out: " if en else "jokainen mahdollinen pari on suljettu pois: ") + "; ".join(
            f"{why}: {', '.join(ids)}" for why, ids in reasons)
    raise KeyError(o.kind)


def rule_text(rule: Rule, language: Language = "en") -> str:
    """One hard rule of the programme in words, with what stands in its way (``Matching.conflicts``)."""
    en = language == "en"
    notes = [_obstacle_text(o, language) for o in rule.obstacles]
    tail = f" ({'; '.join(notes)})" if notes else ""
    if rule.kind == "fixed_pair":
        first, second = rule.people
        return (f"fixed pair {first}-{second}" if en else f"kiinnitetty pari {first}-{second}") + tail
    if rule.kind == "hard_wish":
        wisher, *wished = rule.people
        return (f"{wisher}'s hard wish to be paired with {' or '.join(wished)}" if en else
                f"{wisher}: ehdoton toive saada pariksi {' tai '.join(wished)}") + tail
    if rule.kind == "require_all":
        (person,) = rule.people
        return (f"require_all: {person} ({rule.role}) must be matched" if en else
                f"require_all: {person} ({rule.role}) on saatava pariin") + tail
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
}


def unproven_text(code: str, language: Language = "en") -> str:
    """What a status would claim but the search left unproven, in words (``Matching.warnings``)."""
    return _UNPROVEN[code][0 if language == "en" else 1]
