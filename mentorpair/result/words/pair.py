"""The coordinator's paragraph on one pair: every score part with its number and what it rests on.

The coordinator sees the numbers, the encoder and everyone's ids; the shown
parts add up to the shown score ("Parts: a + b = t.", in Finnish "Osat: …"
with decimal commas). In Finnish an id never takes a case ending: it stands
after a role noun that carries the case ("mentorin M001 osaamista").
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from ...model.participant import Participant
from ...model.vocab import COMPONENTS, PART_LABELS
from ...scoring.parts import (
    EXPERIENCE_SATURATION_YEARS,
    common_languages,
    has_words,
    meeting_fit,
)
from ...text.similarity import Match
from .availability import availability_part_text
from .common import (
    KIND_WORDS,
    Language,
    area_words,
    decimal,
    excerpt,
    few,
    language_names,
    listed,
    rounded_parts,
    total_text,
    years,
)
from .reading import TextEvidence, best_match, meets, shared_words, strength, wishes_of

__all__ = ["cannot_meet_text", "pair_sentence"]

# A role noun in the Finnish case a sentence needs; the id follows it uninflected ("aktorin A009 tavoite").
_FI_ROLE = {
    "mentor": {"nom": "mentori", "gen": "mentorin", "par": "mentoria", "ade": "mentorilla"},
    "mentee": {"nom": "aktori", "gen": "aktorin", "par": "aktoria", "ade": "aktorilla"},
    "peer": {"nom": "vertainen", "gen": "vertaisen", "par": "vertaista", "ade": "vertaisella"},
}


class _Pair:
    """The two people of a pair and how each is referred to in either language."""

    def __init__(self, giver: Participant, receiver: Participant, kind: str, language: Language,
                 organisation: str = "", *, partners: Mapping[str, Collection[str]] | None = None,
                 wishes_ignored: bool = False, organisation_is_domain: bool = False) -> None:
        self.giver, self.receiver, self.kind, self.language = giver, receiver, kind, language
        self.peer = kind == "peer"
        # As compared (e.g. the part before ' / ' under organisation_key="prefix"), so the text says what counted.
        self.organisation = organisation.strip() or giver.organisation.strip()
        self.organisation_is_domain = organisation_is_domain
        self.partners = partners or {}
        self.wishes_ignored = wishes_ignored
        self.paired_in: int | None = None  # the latest earlier round the two were paired in

    def partners_of(self, person: Participant) -> Collection[str]:
        """Everyone ``person`` is paired with, in this pair and their others (this pair's partner when not given)."""
        return self.partners.get(person.id, ())

    def role(self, person: Participant) -> str:
        return "peer" if self.peer else ("mentor" if person is self.giver else "mentee")

    def ref(self, person: Participant, case: str = "nom") -> str:
        """The person by id; in Finnish after their role noun in ``case``."""
        if self.language == "en":
            return person.id
        return f"{_FI_ROLE[self.role(person)][case]} {person.id}"


def _quote_text(pair: _Pair, wants: Participant, offers: Participant, match: Match) -> str:
    goal, offer, cosine = match
    en = pair.language == "en"
    sim = decimal(cosine, pair.language)
    if meets(match):
        return (f"{wants.id}'s goal '{excerpt(goal, 70)}' meets {offers.id}'s offer '{excerpt(offer, 70)}' "
                f"(similarity {sim})" if en else
                f"{pair.ref(wants, 'gen')} tavoite '{excerpt(goal, 70)}' vastaa {pair.ref(offers, 'gen')} osaamista "
                f"'{excerpt(offer, 70)}' (samankaltaisuus {sim})")
    return (f"{wants.id}'s goals and {offers.id}'s offer have little in common: the closest phrases, "
            f"'{excerpt(goal, 70)}' and '{excerpt(offer, 70)}', have similarity {sim}" if en else
            f"{pair.ref(wants, 'gen')} tavoitteilla ja {pair.ref(offers, 'gen')} osaamisella on vähän yhteistä: "
            f"lähimmät kohdat '{excerpt(goal, 70)}' ja '{excerpt(offer, 70)}', samankaltaisuus {sim}")


def _unwritten(pair: _Pair, wants: Participant, offers: Participant) -> str:
    """Who of the two left their text empty (the part is then neutral), or ''."""
    en = pair.language == "en"
    missing = []
    if not has_words(wants.goals):
        missing.append(f"{wants.id} wrote no goals" if en else f"{pair.ref(wants)} ei kirjoittanut tavoitteita")
    if not has_words(offers.offers):
        missing.append(f"{offers.id} wrote no offer" if en else f"{pair.ref(offers)} ei kuvannut osaamistaan")
    return listed(missing, pair.language)


def _quotable(evidence: TextEvidence, wants: Participant, offers: Participant) -> Match | None:
    """The phrases to quote, where both wrote something (a "-" in a form is no goal: its part is neutral)."""
    if not has_words(wants.goals) or not has_words(offers.offers):
        return None
    return best_match(evidence, wants, offers)


def _goal_text(pair: _Pair, evidence: TextEvidence) -> str:
    en = pair.language == "en"
    directions = [(pair.receiver, pair.giver)] + ([(pair.giver, pair.receiver)] if pair.peer else [])
    said = []
    for wants, offers in directions:
        match = _quotable(evidence, wants, offers)
        said.append(_quote_text(pair, wants, offers, match) if match is not None else _unwritten(pair, wants, offers))
        if match is not None and (words := shared_words(evidence, wants, offers)):
            said[-1] += f", {_words_in_common(words, pair.language)}"
    sim = decimal(evidence.similarity, pair.language)
    if pair.peer:
        overall = (f"each one's goals against the other's offer: mean similarity {sim} ({evidence.encoder_id})" if en
                   else f"kummankin tavoitteet toisen osaamista vasten: keskimääräinen samankaltaisuus {sim} "
                   f"({evidence.encoder_id})")
    elif _quotable(evidence, pair.receiver, pair.giver) is None and said[0]:
        return f"{said[0]}, " + ("so the part is neutral" if en else "joten osa on neutraali")
    else:
        overall = (f"all of {pair.receiver.id}'s goals against {pair.giver.id}'s offer: similarity {sim} "
                   f"({evidence.encoder_id})" if en else
                   f"kaikki {pair.ref(pair.receiver, 'gen')} tavoitteet {pair.ref(pair.giver, 'gen')} osaamista "
                   f"vasten: samankaltaisuus {sim} ({evidence.encoder_id})")
    return "; ".join([s for s in said if s] + [overall])


#: shared words quoted at most, rarest first
_SHARED_WORDS_SHOWN = 3


def _words_in_common(words: Sequence[tuple[str, str]], language: Language) -> str:
    """ "words in common: 'paikkatietojärjestelmien' ~ 'paikkatietoa', 'Python'": each as the two wrote it."""
    shown = ", ".join(f"'{a}'" if a.casefold() == b.casefold() else f"'{a}' ~ '{b}'"
                      for a, b in words[:_SHARED_WORDS_SHOWN])
    return ("words in common: " if language == "en" else "yhteisiä sanoja: ") + shown


def _inference_note(pair: _Pair, evidence: TextEvidence) -> str:
    """Says out loud whose goal areas were inferred from their text, or nothing."""
    guessed = [p.id for p in (pair.giver, pair.receiver) if p.id in evidence.inferred]
    if not guessed:
        return ""
    return (f" ({listed(guessed, 'en')}: areas inferred from the text)" if pair.language == "en" else
            f" ({listed(guessed, 'fi')}: alueet päätelty tekstistä)")


def _covers(pair: _Pair, giver: Participant, receiver: Participant) -> str:
    """How many of ``receiver``'s goal areas ``giver`` lists, and which."""
    en = pair.language == "en"
    shared, n = strength(giver, receiver), len(receiver.goal_areas)
    if not n:
        return f"{receiver.id} named no goal areas" if en else f"{pair.ref(receiver)} ei nimennyt tavoitealueita"
    if not shared:
        return (f"{giver.id} lists none of {receiver.id}'s goal areas" if en else
                f"{pair.ref(giver)} ei kata yhtään {pair.ref(receiver, 'gen')} tavoitealueista")
    words = area_words(shared, pair.language)
    if en:
        how_many = (f"{receiver.id}'s goal area" if n == 1 else f"both of {receiver.id}'s goal areas" if len(shared) == n == 2
                    else f"all {n} of {receiver.id}'s goal areas" if len(shared) == n
                    else f"{len(shared)} of {receiver.id}'s {n} goal areas")
        return f"{giver.id} covers {how_many}: {words}"
    how_many = (f"{pair.ref(receiver, 'gen')} tavoitealueen" if n == 1 else f"kaikki {pair.ref(receiver, 'gen')} tavoitealueet"
                if len(shared) == n else f"{len(shared)}/{n} {pair.ref(receiver, 'gen')} tavoitealueista")
    return f"{pair.ref(giver)} kattaa {how_many}: {words}"


def _goal_areas(pair: _Pair, evidence: TextEvidence) -> str:
    said = _covers(pair, pair.giver, pair.receiver)
    if pair.peer:
        said += "; " + _covers(pair, pair.receiver, pair.giver)
    return said + _inference_note(pair, evidence)


def _stated(pair: _Pair) -> str:
    """"(M001: 17 years, A009: 4 years)", both stated."""
    g, r = pair.giver, pair.receiver
    assert g.experience_years is not None and r.experience_years is not None
    return f"{g.id}: {years(g.experience_years, pair.language)}, {r.id}: {years(r.experience_years, pair.language)}"


def _experience(pair: _Pair) -> str:
    en, lang = pair.language == "en", pair.language
    g, r = pair.giver, pair.receiver
    unstated = [p for p in (g, r) if p.experience_years is None]
    if unstated:
        if en:
            return f"{listed([p.id for p in unstated], lang)} did not state their experience, so it counts as neutral"
        verb = "ei kertonut" if len(unstated) == 1 else "eivät kertoneet"
        return f"{listed([pair.ref(p) for p in unstated], lang)} {verb} kokemustaan, joten se lasketaan neutraaliksi"
    assert g.experience_years is not None and r.experience_years is not None
    gap = g.experience_years - r.experience_years
    if pair.peer:
        return (f"peers at a similar stage are best; their experience differs by {years(abs(gap), lang)} ({_stated(pair)})"
                if en else f"vertaiset hyötyvät samasta uravaiheesta; kokemusero on {years(abs(gap), lang)} "
                f"({_stated(pair)})")
    if pair.kind == "reverse":
        shared = strength(g, r)
        head = (f"reverse mentoring: {g.id} has {years(-gap, lang)} less experience than {r.id} ({_stated(pair)}), "
                "so experience counts as neutral; " if en else
                f"käänteismentorointi: {pair.ref(g, 'ade')} on vähemmän kokemusta kuin {pair.ref(r, 'ade')} "
                f"({_stated(pair)}), joten kokemus lasketaan neutraaliksi; ")
        if shared:
            return head + (f"{g.id}'s strength is in {r.id}'s goal area{'s' if len(shared) > 1 else ''} "
                           f"{area_words(shared, lang)}" if en else
                           f"mentorin vahvuus on aktorin {'tavoitealueella' if len(shared) == 1 else 'tavoitealueilla'}: "
                           f"{area_words(shared, lang)}")
        return head + (f"{g.id} lists none of {r.id}'s goal areas, so it is the experience rule alone that made "
                       "the pair reverse" if en else
                       "mentori ei kata yhtään aktorin tavoitealueista, joten pari on käänteinen vain kokemusvuosien vuoksi")
    full = (f"full credit from a {decimal(EXPERIENCE_SATURATION_YEARS, 'en', 0)}-year gap" if en else
            f"täysi osuus {EXPERIENCE_SATURATION_YEARS:g} vuoden erosta")
    if gap == 0:
        return (f"{g.id} and {r.id} have the same experience ({years(g.experience_years, lang)})" if en else
                f"{pair.ref(g, 'ade')} ja {pair.ref(r, 'ade')} on yhtä paljon kokemusta "
                f"({years(g.experience_years, lang)})")
    return (f"{g.id} has {years(gap, lang)} more experience than {r.id} ({_stated(pair)}; {full})" if en else
            f"{pair.ref(g, 'ade')} on enemmän kokemusta kuin {pair.ref(r, 'ade')}, ero {years(gap, lang)} "
            f"({_stated(pair)}; {full})")


def _modes(person: Participant, language: Language) -> str:
    only = next(iter(person.meeting_mode.modes)) if len(person.meeting_mode.modes) == 1 else ""
    if language == "en":
        return {"in_person": "only in person", "remote": "only remotely"}.get(only, "in person or remotely")
    return {"in_person": "vain kasvokkain", "remote": "vain etänä"}.get(only, "kasvokkain tai etänä")


def cannot_meet_text(a: Participant, b: Participant, code: str, language: Language, *, fi_a: str = "",
                     fi_b: str = "") -> str:
    """Why two people cannot meet as both asked (meeting fit ``no_common_mode`` or ``in_person_apart``)."""
    en = language == "en"
    fa, fb = fi_a or a.id, fi_b or b.id
    if code == "no_common_mode":
        return (f"cannot meet as both asked: {a.id} can meet {_modes(a, 'en')} and {b.id} {_modes(b, 'en')}" if en else
                f"eivät voi tavata kummankin toivomalla tavalla: {fa} voi tavata {_modes(a, 'fi')} ja {fb} "
                f"{_modes(b, 'fi')}")
    return (f"cannot meet as both asked: both can meet only in person, and {a.id} lives in {a.location.strip()}, "
            f"{b.id} in {b.location.strip()}" if en else
            f"eivät voi tavata kummankin toivomalla tavalla: molemmat voivat tavata vain kasvokkain, ja {fa} asuu "
            f"paikkakunnalla {a.location.strip()}, {fb} paikkakunnalla {b.location.strip()}")


def _meeting(pair: _Pair) -> str:
    en = pair.language == "en"
    g, r = pair.giver, pair.receiver
    _, code = meeting_fit(g, r)
    if code == "same_place":
        return (f"both can meet in person in {g.location.strip()}" if en else
                f"molemmat voivat tavata kasvokkain paikkakunnalla {g.location.strip()}")
    if code == "remote":
        return "both can meet remotely" if en else "molemmat voivat tavata etänä"
    if code == "in_person_unknown_place":
        unknown = [p for p in (g, r) if not p.location.strip()]
        if en:
            return f"both can meet only in person; {listed([p.id for p in unknown], 'en')} gave no town"
        verb = "ei kertonut" if len(unknown) == 1 else "eivät kertoneet"
        return (f"molemmat voivat tavata vain kasvokkain; {listed([pair.ref(p) for p in unknown], 'fi')} {verb} "
                "paikkakuntaansa")
    return cannot_meet_text(g, r, code, pair.language, fi_a=pair.ref(g), fi_b=pair.ref(r))


def _wish(pair: _Pair, raw: float) -> str:
    en, lang = pair.language == "en", pair.language
    # The one who asks is named first: the mentee (who seeks a mentor), or the first of two peers.
    a, b = (pair.giver, pair.receiver) if pair.peer else (pair.receiver, pair.giver)
    w = wishes_of(a, b, pair.partners_of(a), pair.partners_of(b))
    said: list[str] = []
    if w.first_for_second and w.second_for_first:
        said.append(f"{a.id} and {b.id} wished for each other" if en else
                    f"{pair.ref(a)} ja {pair.ref(b)} toivoivat toisiaan pariksi")
    else:
        for wisher, wished, elsewhere, met in ((a, b, w.first_elsewhere, w.first_met_elsewhere),
                                               (b, a, w.second_elsewhere, w.second_met_elsewhere)):
            if wished.id in wisher.wishes:
                said.append(f"{wisher.id} wished for {wished.id}, and the wish was met" if en else
                            f"{pair.ref(wisher)} toivoi pariksi {pair.ref(wished, 'par')} ja toive toteutui")
            elif met:
                said.append(f"{wisher.id} wished for {few(met, lang)}, and the wish was met in another pair" if en
                            else f"{pair.ref(wisher, 'gen')} toive toteutui toisessa parissa ({few(met, lang)})")
            elif elsewhere:
                said.append(f"{wisher.id} wished for someone else ({few(elsewhere, lang)})" if en else
                            f"{pair.ref(wisher)} toivoi pariksi jotakuta muuta ({few(elsewhere, lang)})")
    if not said:
        return "neither made a wish" if en else "kumpikaan ei esittänyt toivetta"
    text = "; ".join(said)
    if pair.wishes_ignored or (raw <= 0 and (w.first_for_second or w.second_for_first)):
        text += ", but this programme ignores wishes" if en else ", mutta ohjelma ei ota toiveita huomioon"
    return text


def _same_organisation(pair: _Pair, raw: float) -> str:
    en = pair.language == "en"
    if raw < 0:
        org = pair.organisation
        if org and pair.organisation_is_domain:  # an e-mail domain is no organisation's name: "at jyu.fi" misleads
            return (f"both in the same organisation ({org}), which the programme discourages" if en else
                    f"molemmat ovat samasta organisaatiosta ({org}), mitä ohjelma välttää")
        if en:
            return f"both at {org}, which the programme discourages" if org else \
                "both of one organisation, which the programme discourages"
        return (f"molemmat ovat organisaatiosta {org}, mitä ohjelma välttää" if org else
                "molemmat ovat samasta organisaatiosta, mitä ohjelma välttää")
    return "no penalty" if en else "ei vähennystä"


def _component(name: str, pair: _Pair, raw: float, evidence: TextEvidence) -> str:
    if name == "goal_text":
        return _goal_text(pair, evidence)
    if name == "goal_areas":
        return _goal_areas(pair, evidence)
    if name == "experience":
        return _experience(pair)
    if name == "meeting":
        return _meeting(pair)
    if name == "wish":
        return _wish(pair, raw)
    if name == "same_organisation":
        return _same_organisation(pair, raw)
    if name == "repeat":
        return _repeat(pair, raw)
    if name == "availability":
        return availability_part_text(pair.giver, pair.receiver, raw, pair.language)
    raise KeyError(name)


def _repeat(pair: _Pair, raw: float) -> str:
    en = pair.language == "en"
    when = f"round {pair.paired_in}" if en else f"kierroksella {pair.paired_in}"
    if raw < 0:
        return (f"paired in {when} too, which the programme avoids" if en else
                f"olivat parina myös {when}, mitä ohjelma välttää")
    # Positive: the part is shown only where the programme has history for the two, and then it is not 0.
    return (f"paired in {when} too, which the programme prefers (a pair that continues)" if en else
            f"olivat parina myös {when}, mitä ohjelma suosii (jatkuva pari)")


def _head(pair: _Pair, total: str) -> str:
    en = pair.language == "en"
    g, r = pair.giver, pair.receiver

    def named(p: Participant) -> str:
        return f"{p.id} ({p.name.strip()})" if p.name.strip() else p.id

    if pair.peer:
        head = (f"{named(g)} and {named(r)} mentor each other (peer), score {total}." if en else
                f"{named(g)} ja {named(r)} mentoroivat toisiaan (vertaismentorointi), pisteet {total}.")
        if g.offers.strip() or r.offers.strip():
            gives = [(p.id, f"'{excerpt(p.offers)}'" if p.offers.strip() else
                      ("no offer written" if en else "ei kuvannut osaamistaan")) for p in (g, r)]
            head += " " + "; ".join(f"{pid} {'gives' if en else 'antaa'}: {what}" for pid, what in gives) + "."
        return head
    return (f"{named(r)} is mentored by {named(g)} in {KIND_WORDS['en'][pair.kind]} mentoring, score {total}." if en else
            f"{KIND_WORDS['fi'][pair.kind].capitalize()}: mentori {named(g)} ja aktori {named(r)}, pisteet {total}.")


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
    shared_words: Sequence[tuple[str, str, Sequence[tuple[str, str]]]] = (),
    inferred_areas: frozenset[str] = frozenset(),
    organisation: str = "",
    organisation_is_domain: bool = False,
    partners: Mapping[str, Collection[str]] | None = None,
    wishes_ignored: bool = False,
    paired_in: int | None = None,
    availability_scored: bool = False,
) -> str:
    """The coordinator's paragraph on why the two are paired; its numbers add up.

    ``phrase_matches`` are the goal and offer phrases that meet best
    (:meth:`mentorpair.scoring.ScoreTable.phrase_matches`), quoted verbatim, and ``shared_words``
    the rare words both texts name (:meth:`~mentorpair.scoring.ScoreTable.shared_words`), as written;
    ``inferred_areas`` the ids whose goal areas were inferred from their text;
    ``organisation`` the organisation as the programme compared it
    (:func:`mentorpair.scoring.organisation.organisation_of`; the giver's
    ``organisation`` when empty), ``organisation_is_domain`` that it is an
    e-mail domain (``organisation_key="email_domain"``); ``partners`` each of
    the two people's partners in all their pairs, so that a wish met in
    another pair is not called unmet; ``wishes_ignored`` that the programme
    ignores wishes (``wishes="ignore"``); ``paired_in`` the latest earlier round the two were
    paired in (``Programme.history``), whose ``repeat`` part is shown only then or when not 0;
    ``availability_scored`` that the programme scores time in common (``availability="soft"``),
    whose part is shown only then.
    """
    en = language == "en"
    pair = _Pair(giver, receiver, kind, language, organisation, partners=partners, wishes_ignored=wishes_ignored,
                 organisation_is_domain=organisation_is_domain)
    pair.paired_in = paired_in
    evidence = TextEvidence(similarity, encoder_id, phrase_matches, inferred_areas, shared_words)
    # The part for a pair of an earlier round only where the programme has one for these two: a line
    # "paired before 0.00" on every pair of a programme without history would be noise.
    parts = [c for c in COMPONENTS if (c != "repeat" or units[c] or paired_in is not None)
             and (c != "availability" or units[c] or availability_scored)]
    parts_units = [units[c] for c in parts] + [cohesion_units]
    shown = rounded_parts(parts_units, language=language)
    total = total_text(sum(parts_units), language=language)
    labels = PART_LABELS[language]
    lines = [f"{labels[c]} {shown[i]}: {_component(c, pair, raw[c], evidence)}" for i, c in enumerate(parts)]
    lines[0] = lines[0][:1].upper() + lines[0][1:]  # the parts follow the head as a sentence of their own
    if kind == "group":
        others = few(list(co_mentees), language) or ("nobody" if en else "ei ketään")
        lines.append(f"{labels['cohesion']} {shown[-1]}: " + (
            f"their share of how well the goals of {giver.id}'s group fit each other (with {others})" if en else
            f"osuus siitä, miten {pair.ref(giver, 'gen')} ryhmän tavoitteet sopivat yhteen (ryhmässä myös {others})"))
    else:
        shown = shown[:-1]
    langs = common_languages(giver, receiver)
    tail = ""
    if langs:
        many = len(langs) > 1
        tail = (f" Common language{'s' if many else ''}: {language_names(langs, 'en')}." if en else
                f" {'Yhteiset kielet' if many else 'Yhteinen kieli'}: {language_names(langs, 'fi')}.")
    summed = shown[0] + "".join(f" - {v[1:]}" if v.startswith("-") else f" + {v}" for v in shown[1:]) + f" = {total}"
    return _head(pair, total) + " " + "; ".join(lines) + "." + tail + (
        f" Parts: {summed}." if en else f" Osat: {summed}.")
