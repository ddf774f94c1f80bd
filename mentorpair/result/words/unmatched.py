"""Why a person is left out, in the cohort's terms, for the coordinator or for the person themself.

The cause comes first: supply and demand ("34 mentees signed up for 19 mentors
with 25 places between them"), the form's experience rule (traditional
mentoring needs a mentor at least as experienced as the mentee), a hard rule,
a personal exclusion. Everything rests on :class:`~mentorpair.result.facts.UnmatchedFacts`,
gathered once with the matching, so a reason costs the same at any cohort size.

The coordinator's reason names at most three other participants, those whose
pair would have scored best ("and 15 more"); the participant's names nobody
else and holds no number.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model.participant import Participant
from ...model.vocab import (
    BLOCK_AVAILABILITY,
    BLOCK_EXCLUDED,
    BLOCK_LANGUAGE,
    BLOCK_REVERSE,
)
from ...status import Status
from ..balance import held_out_text
from ..facts import UnmatchedFacts
from .common import (
    NOUNS,
    Audience,
    Language,
    count,
    few,
    few_each,
    language_names,
    listed,
    noun,
    years,
)
from .rules import block_text

__all__ = ["unmatched_reason"]

# What keeps an allowed counterpart busy, in words.
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

# The counterpart a side seeks: the noun of common.count, and the participant's "your …" in either language.
_SEEKS = {
    "mentee": ("mentor", "mentor", "mentori"),
    "mentor": ("mentee", "mentee", "aktori"),
    "peer": ("peer", "peer partner", "vertaispari"),
    "either": ("counterpart", "pair", "pari"),
}


def _taken(n: int, seeks: str, language: Language) -> str:
    """"the only allowed mentor is taken", "both allowed mentors are taken", "all 14 allowed mentors are taken"."""
    if language == "en":
        one, many = noun(seeks, "en"), noun(seeks, "en", plural=True)
        return (f"the only allowed {one} is taken" if n == 1 else f"both allowed {many} are taken" if n == 2 else
                f"all {n} allowed {many} are taken")
    word = NOUNS[seeks]
    return (f"ainoa sallittu {word.fi_one} on varattu" if n == 1 else
            f"molemmat sallitut {word.fi_many} on varattu" if n == 2 else
            f"kaikki {n} sallittua {word.fi_counted} on varattu")


def _named(feasible: Sequence[tuple[str, str]], language: Language) -> str:
    """The best few allowed counterparts, each with what keeps them busy."""
    return few([f"{cid} ({_BUSY[busy][0 if language == 'en' else 1]})" for cid, busy in feasible], language)


def _supply(person: Participant, facts: UnmatchedFacts, language: Language) -> str:
    """The cohort's supply and demand, when it alone leaves someone of this side without a pair; else ''."""
    c, en = facts.counts, language == "en"
    if facts.side == "mentee" and c.too_few_places:
        return (f"{count(c.mentees, 'mentee', 'en')} signed up for {count(c.mentors, 'mentor', 'en')} with "
                f"{count(c.places, 'place', 'en')} between them" if en else
                f"aktoreita ilmoittautui {c.mentees} ja mentoreita {c.mentors}, joilla oli yhteensä "
                f"{count(c.places, 'place', 'fi')}")
    if facts.side == "mentor" and c.too_few_mentees:
        return (f"{count(c.mentors, 'mentor', 'en')} signed up for {count(c.mentees + c.either, 'mentee', 'en')}"
                if en else f"mentoreita ilmoittautui {c.mentors} ja aktoreita {c.mentees + c.either}")
    return ""


def _experience_rule(person: Participant, facts: UnmatchedFacts, allowed: int, language: Language) -> str:
    """Traditional mentoring's experience rule, when it is what narrows this person's counterparts; else ''."""
    blocked = dict(facts.blocked)
    if BLOCK_REVERSE not in blocked or person.experience_years is None or facts.side not in ("mentee", "mentor"):
        return ""
    # Named as the cause only where it rules out at least as many as it leaves: otherwise it is one rule
    # among the others, counted with them.
    if len(blocked[BLOCK_REVERSE]) < allowed:
        return ""
    en, mine = language == "en", years(person.experience_years, language)
    if facts.side == "mentee":
        rule = (f"traditional mentoring needs a mentor at least as experienced as they are ({mine})" if en else
                f"perinteisessä mentoroinnissa mentorilla on oltava vähintään yhtä paljon kokemusta kuin aktorilla "
                f"(tällä aktorilla {mine})")
    else:
        rule = (f"traditional mentoring needs a mentee with no more experience than the mentor ({mine})" if en else
                f"perinteisessä mentoroinnissa aktorilla saa olla enintään yhtä paljon kokemusta kuin mentorilla "
                f"(tällä mentorilla {mine})")
    seeks = _SEEKS[facts.side][0]
    if not allowed:
        return rule
    return rule + (f", and only {count(allowed, seeks, 'en')} {'is' if allowed == 1 else 'are'}" if en else
                   f", ja tämän täyttää vain {count(allowed, seeks, 'fi')}")


def _blocked_clauses(facts: UnmatchedFacts, language: Language) -> str:
    """Each hard rule with whom it rules out: three names across all the rules, counts after that."""
    return "; ".join(f"{block_text(code, language)}: {ids}"
                     for (code, _), ids in zip(facts.blocked, few_each(facts.blocked, language)))


def _by_hard_rules(n_rules: int, language: Language) -> str:
    """"by a hard rule" / "kovalla säännöllä", in the plural when several rules do it."""
    if language == "en":
        return "by a hard rule" if n_rules == 1 else "by hard rules"
    return "kovalla säännöllä" if n_rules == 1 else "kovilla säännöillä"


def _coordinator(person: Participant, facts: UnmatchedFacts, language: Language) -> str:
    en = language == "en"
    side, feasible, status = facts.side, facts.feasible, facts.status
    seeks = _SEEKS[side][0]
    blocked = dict(facts.blocked)
    if status is Status.INFEASIBLE:
        return ("no matching was made, because the hard rules conflict (see the conflicts)" if en else
                "parituksia ei tehty, koska kovat säännöt ovat ristiriidassa (katso ristiriidat)")
    if status is Status.UNKNOWN and facts.pruned_infeasible:
        return ("no matching was made, because the hard rules fail among each person's best pairs, and not every "
                "pair was checked (see the warnings)" if en else
                "parituksia ei tehty, koska kovat säännöt eivät toteudu kunkin parhaiden parien joukossa, eikä "
                "kaikkia pareja tarkistettu (katso varoitukset)")
    if status is Status.UNKNOWN:
        return ("the solver found no matching within the time limit" if en else
                "ratkaisija ei löytänyt paritusta aikarajan puitteissa")
    if person.role.value == "peer" and not facts.peers_enabled:
        return ("signed up for peer mentoring, which this programme does not pair" if en else
                "ilmoittautui vertaismentorointiin, jota tässä ohjelmassa ei paritettu")
    supply = _supply(person, facts, language)
    if not feasible and not blocked:
        nobody = (f"nobody in the cohort could be their {noun(seeks, 'en')} in the forms this programme runs" if en
                  else "kukaan kohortista ei voinut olla hänen parinsa ohjelman mentorointimuodoissa")
        return f"{supply}: {nobody}" if supply else nobody
    if not feasible:
        experience = _experience_rule(person, facts, 0, language) if set(blocked) == {BLOCK_REVERSE} else ""
        by = _by_hard_rules(len(blocked), language)
        ruled_out = (f"every possible {noun(seeks, 'en')} is ruled out {by} ({_blocked_clauses(facts, 'en')})"
                     if en else f"jokainen mahdollinen {NOUNS[seeks].fi_one} on suljettu pois {by} "
                     f"({_blocked_clauses(facts, 'fi')})")
        return f"{experience}: {ruled_out}" if experience else ruled_out
    names = _named(feasible, language)
    allowed = (f"allowed {noun(seeks, 'en', plural=len(feasible) != 1)}: {names}" if en else
               f"{'sallittu ' + NOUNS[seeks].fi_one if len(feasible) == 1 else 'sallitut ' + NOUNS[seeks].fi_many}: "
               f"{names}")
    if status is Status.FEASIBLE:
        return (f"the time limit ended the search before they were placed; {allowed}" if en else
                f"aikaraja päätti haun ennen kuin hänelle löytyi pari; {allowed}")
    if facts.group_min and len(feasible) < facts.group_min:
        return (f"they can mentor only a group, which needs at least {count(facts.group_min, 'mentee', 'en')}, and "
                f"only {len(feasible)} may join it: {names}" if en else
                f"hän voi mentoroida vain ryhmää, johon tarvitaan vähintään {count(facts.group_min, 'mentee', 'fi')}, "
                f"ja siihen voi liittyä vain {len(feasible)}: {names}")
    if facts.coverage_first and any(busy in ("free", "group_short") for _, busy in feasible):
        # A counterpart who is not taken could still not be paired with them (a group too small to run).
        return (f"no matching takes in more people; {allowed}" if en else
                f"mikään paritus ei ota mukaan enempää ihmisiä; {allowed}")
    if facts.coverage_first:
        experience = _experience_rule(person, facts, len(feasible), language)
        causes = [c for c in (supply, experience) if c]
        others = {code: ids for code, ids in blocked.items() if code != BLOCK_REVERSE or not experience}
        if others:
            ruled = sum(len(ids) for ids in others.values())
            causes.append(f"hard rules rule out {count(ruled, seeks, 'en')} ({_blocked_clauses_of(others, language)})"
                          if en else f"mahdollisista {NOUNS[seeks].fi_from_many} {ruled} on suljettu pois "
                          f"{_by_hard_rules(len(others), 'fi')} ({_blocked_clauses_of(others, language)})")
        taken = _taken(len(feasible), seeks, language) + (
            ", and no matching takes in more people" if en else ", eikä mikään paritus ota mukaan enempää ihmisiä")
        return "; ".join([*causes, f"{taken}: {names}"])
    if facts.wishes_first:
        return (f"honouring as many wishes as possible came first, and the best matching that does so leaves them "
                f"out; {allowed}" if en else
                f"etusijalla oli toteuttaa mahdollisimman monta toivetta, eikä paras sellainen paritus ottanut häntä "
                f"mukaan; {allowed}")
    return (f"leaving them out gave a better result on the programme's objective; {allowed}" if en else
            f"ohjelman tavoitteen kannalta parempi tulos syntyi ilman häntä; {allowed}")


def _blocked_clauses_of(blocked: dict[str, tuple[str, ...]], language: Language) -> str:
    return "; ".join(f"{block_text(code, language)}: {len(ids)}" for code, ids in sorted(blocked.items()))


# --------------------------------------------------------------------------- the participant's own reason


def _participant(person: Participant, facts: UnmatchedFacts, language: Language) -> str:
    en = language == "en"
    side, feasible, status = facts.side, facts.feasible, facts.status
    _, your_en, your_fi = _SEEKS[side]
    blocked = dict(facts.blocked)
    if status is Status.INFEASIBLE or (status is Status.UNKNOWN and facts.pruned_infeasible):
        return ("no pairs could be made, because the programme's fixed rules cannot all be met" if en else
                "pareja ei voitu muodostaa, koska ohjelman ehdottomat säännöt ovat ristiriidassa")
    if status is Status.UNKNOWN:
        return ("no pairs could be made within the time the search was given" if en else
                "pareja ei löytynyt haulle annetussa ajassa")
    if person.role.value == "peer" and not facts.peers_enabled:
        return ("you signed up for peer mentoring, which this programme does not run" if en else
                "ilmoittauduit vertaismentorointiin, jota tässä ohjelmassa ei järjestetä")
    if not feasible and not blocked:
        return (f"no one in this round could be your {your_en} in the forms of mentoring the programme runs" if en else
                f"kukaan tämän kierroksen osallistujista ei voinut olla {your_fi}si ohjelman mentorointimuodoissa")
    if not feasible:
        codes = set(blocked)
        if codes == {BLOCK_REVERSE} and side == "mentee":
            return ("in traditional mentoring the mentor needs at least as much experience as the mentee, and no "
                    "mentor in this round has as much experience as you" if en else
                    "perinteisessä mentoroinnissa mentorilla on oltava vähintään yhtä paljon kokemusta kuin aktorilla, "
                    "eikä kenelläkään tämän kierroksen mentoreista ole yhtä paljon kokemusta kuin sinulla")
        if codes == {BLOCK_REVERSE} and side == "mentor":
            return ("in traditional mentoring the mentee may have no more experience than the mentor, and every "
                    "mentee in this round has more than you" if en else
                    "perinteisessä mentoroinnissa aktorilla saa olla enintään yhtä paljon kokemusta kuin mentorilla, "
                    "ja kaikilla tämän kierroksen aktoreilla on enemmän kokemusta kuin sinulla")
        if codes == {BLOCK_LANGUAGE} and person.languages:
            langs = language_names(person.languages, language)
            one = len(person.languages) == 1
            return (f"no one who could be your {your_en} speaks {'the language' if one else 'a language'} you listed "
                    f"({langs})" if en else
                    f"kukaan, joka olisi voinut olla {your_fi}si, ei puhu "
                    f"{'ilmoittamaasi kieltä' if one else 'ilmoittamiasi kieliä'} ({langs})")
        if codes == {BLOCK_AVAILABILITY}:
            return (f"no one who could have been your {your_en} has any time in common with the times you gave "
                    "(no common time)" if en else
                    f"kenelläkään, joka olisi voinut olla {your_fi}si, ei ollut yhteistä aikaa ilmoittamiesi aikojen "
                    "kanssa (ei yhteistä aikaa)")
        if codes == {BLOCK_EXCLUDED} and set(blocked[BLOCK_EXCLUDED]) <= set(person.exclusions):
            return (f"everyone who could have been your {your_en} is someone you asked not to be paired with" if en else
                    "olit itse rajannut pois kaikki, jotka olisivat voineet olla parisi")
        return (f"the programme's rules rule out everyone who could have been your {your_en}" if en else
                "ohjelman säännöt sulkevat pois kaikki, jotka olisivat voineet olla parisi")
    if status is Status.FEASIBLE:
        return ("the search ended before a pair was found for you" if en else
                "haku päättyi ennen kuin sinulle löytyi pari")
    if facts.group_min and len(feasible) < facts.group_min:
        return ("you can mentor only a group, and too few mentees could join it" if en else
                "voit mentoroida vain ryhmää, eikä siihen voinut liittyä tarpeeksi aktoreita")
    if facts.coverage_first and any(busy in ("free", "group_short") for _, busy in feasible):
        return ("the pairs were formed so that as many people as possible got one, and no such arrangement "
                "included you" if en else
                "parit muodostettiin niin, että mahdollisimman moni sai parin, eikä yksikään tällainen järjestely "
                "sisältänyt sinua")
    if facts.coverage_first:
        if _supply(person, facts, language) and side == "mentee":
            return ("more mentees signed up than the mentors had places for, so not everyone could get a mentor" if en
                    else "aktoreita ilmoittautui enemmän kuin mentoreilla oli paikkoja, joten kaikille ei riittänyt "
                    "mentoria")
        if _supply(person, facts, language) and side == "mentor":
            return ("more mentors signed up than there were mentees, so not every mentor could get a mentee" if en
                    else "mentoreita ilmoittautui enemmän kuin aktoreita, joten kaikille mentoreille ei riittänyt "
                    "aktoria")
        if _experience_rule(person, facts, len(feasible), language) and side == "mentee":
            return ("in traditional mentoring the mentor needs at least as much experience as the mentee, and the few "
                    "mentors with as much experience as you were already paired" if en else
                    "perinteisessä mentoroinnissa mentorilla on oltava vähintään yhtä paljon kokemusta kuin aktorilla, "
                    "ja ne harvat mentorit, joilla on yhtä paljon kokemusta kuin sinulla, olivat jo saaneet parin")
        return (f"everyone who could have been your {your_en} was already paired" if en else
                "kaikki, jotka olisivat voineet olla parisi, olivat jo saaneet parin")
    if facts.wishes_first:
        return ("the programme first honoured as many of the participants' wishes as possible, and the best "
                "arrangement that did so did not include you" if en else
                "ohjelmassa toteutettiin ensin mahdollisimman monta osallistujien toivetta, eikä paras tällainen "
                "järjestely sisältänyt sinua")
    return ("the programme's aims gave a better matching as a whole without a pair for you this round" if en else
            "ohjelman tavoitteiden kannalta kokonaisuus oli parempi ilman paria sinulle tällä kierroksella")


def unmatched_reason(person: Participant, facts: UnmatchedFacts, *, language: Language = "en",
                     audience: Audience = "coordinator") -> str:
    """Why ``person`` was left out, in words, from the facts gathered with the matching.

    The coordinator's reason speaks of the person in the third person and may
    name up to three counterparts; the participant's speaks to them and names nobody.
    """
    if audience == "participant":
        return _participant(person, facts, language)
    return _coordinator_reason(person, facts, language) + _avoided_text(facts, language)


def _avoided_text(facts: UnmatchedFacts, language: Language) -> str:
    """Under ``repeat="avoid"``: the counterparts they could have had whom they were paired with before."""
    if not facts.avoided:
        return ""
    who = listed([f"{other} ({round_})" for other, round_ in facts.avoided[:3]], language)
    return (f"; paired in an earlier round with {who}, which the programme avoids (repeat='avoid'), so those "
            "pairs scored lower" if language == "en" else
            f"; aiemmalla kierroksella pari: {who}, mitä ohjelma välttää (repeat='avoid'), joten ne parit "
            "saivat vähemmän pisteitä")


def _coordinator_reason(person: Participant, facts: UnmatchedFacts, language: Language) -> str:
    if facts.held_out_by_share:  # a hard share that their pair with a free counterpart would break
        return _coordinator(person, facts, language) + held_out_text(facts.held_out_by_share, language)
    if facts.paired_without_stability:  # stability_delta: the same rules without it pair them
        who = listed(list(facts.paired_without_stability), language)
        return _coordinator(person, facts, language) + (
            f"; without stability_delta (no blocking pairs) the same rules pair them with {who}"
            if language == "en" else f"; ilman stability_delta-sääntöä (ei estäviä pareja) samat säännöt "
            f"parittaisivat hänet: {who}")
    return _coordinator(person, facts, language)
