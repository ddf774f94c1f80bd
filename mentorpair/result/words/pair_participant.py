"""The text a participant is sent about their pair: to be forwarded as it is.

Addressed to the reader ("your mentor"), it names only the partner (by name,
else by id), quotes the two people's own words, and says what is practical:
a common language, how and where they can meet, or that they need to agree.
It holds no number with a decimal, no score, no encoder and no other
participant: a group's other members are counted, never named, and a wish the
partner made for someone else is not the reader's business and is not told.
"""

from __future__ import annotations

from collections.abc import Collection

from ...model.participant import Participant
from ...scoring.parts import (
    EXPERIENCE_SATURATION_YEARS,
    common_languages,
    has_words,
    meeting_fit,
)
from .availability import availability_participant_text
from .common import Language, area_words, count, language_names, quoted, shown_name
from .reading import TextEvidence, best_match, meets, strength, wishes_of

__all__ = ["participant_pair_text"]

# How the reader's partner is called, by the partner's role: (English, Finnish nominative,
# Finnish genitive, Finnish adessive). Finnish possessive suffixes carry "your" ("mentorisi").
_PARTNER = {
    "mentor": ("your mentor", "mentorisi", "mentorisi", "mentorillasi"),
    "mentee": ("your mentee", "aktorisi", "aktorisi", "aktorillasi"),
    "peer": ("your partner", "parisi", "parisi", "parillasi"),
}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _intro(reader: Participant, partner: Participant, kind: str, role: str, co_mentees: int,
           language: Language) -> str:
    en, name = language == "en", shown_name(partner)
    others = co_mentees
    if kind == "peer":
        return (f"Your peer mentoring partner is {name}: you mentor each other." if en else
                f"Vertaismentoriparisi: {name}. Mentoroitte toisianne.")
    if role == "mentor":  # the partner is the mentor: the reader is the mentee
        if kind == "group":
            group = (f", who mentors you in a group with {others} other mentee{'s' if others != 1 else ''}" if en else
                     f". Hän mentoroi sinua ryhmässä, jossa on lisäksi {others} "
                     f"{'muu aktori' if others == 1 else 'muuta aktoria'}")
            return f"Your mentor is {name}{group}." if en else f"Mentorisi: {name}{group}."
        return f"Your mentor is {name}." if en else f"Mentorisi: {name}."
    if kind == "group":
        size = others + 1
        return (f"{name} is one of the {count(size, 'mentee', 'en')} in your group." if en else
                f"Aktori ryhmässäsi: {name}. Ryhmässäsi on {count(size, 'mentee', 'fi')}.")
    return f"Your mentee is {name}." if en else f"Aktorisi: {name}."


def _reverse(reader_is_mentor: bool, giver: Participant, receiver: Participant, language: Language) -> str:
    """Reverse mentoring in words: what the mentor brings, or that years alone made it reverse."""
    en = language == "en"
    shared = strength(giver, receiver)
    areas = area_words(shared, language)
    if reader_is_mentor:
        head = ("This is reverse mentoring: you have less experience than your mentee" if en else
                "Kyse on käänteismentoroinnista: sinulla on vähemmän kokemusta kuin aktorillasi")
        tail = (f", and you bring what they want to learn in {areas}." if en else
                f", mutta tuot osaamista hänen {'tavoitealueellaan' if len(shared) == 1 else 'tavoitealueillaan'}: "
                f"{areas}.") if shared else (
            ", and what counts is what you offer rather than years of experience." if en else
            ", ja parissa ratkaisee tarjoamasi osaaminen, ei kokemusvuosien määrä.")
    else:
        head = ("This is reverse mentoring: your mentor has less experience than you" if en else
                "Kyse on käänteismentoroinnista: mentorillasi on vähemmän kokemusta kuin sinulla")
        tail = (f", and brings what you want to learn in {areas}." if en else
                f", mutta hän tuo osaamista {'tavoitealueellasi' if len(shared) == 1 else 'tavoitealueillasi'}: "
                f"{areas}.") if shared else (
            ", and what counts is what your mentor offers rather than years of experience." if en else
            ", ja parissa ratkaisee mentorisi osaaminen, ei kokemusvuosien määrä.")
    return head + tail


def _text(wants: Participant, offers: Participant, reader: Participant, partner_role: str,
          evidence: TextEvidence, language: Language) -> str:
    """What meets what, in the two people's own words, from the reader's side."""
    en = language == "en"
    p_en, p_fi, p_gen, _ = _PARTNER[partner_role]
    mine = wants is reader
    if not has_words(wants.goals):
        return ("You wrote no goals." if en else "Et kirjoittanut tavoitteita.") if mine else (
            f"{_cap(p_en)} wrote no goals." if en else f"{_cap(p_fi)} ei kirjoittanut tavoitteita.")
    if not has_words(offers.offers):
        return ("You did not describe what you offer." if en else "Et kuvannut osaamistasi.") if not mine else (
            f"{_cap(p_en)} did not describe what they offer." if en else f"{_cap(p_fi)} ei kuvannut osaamistaan.")
    match = best_match(evidence, wants, offers)
    if match is not None and meets(match):
        goal, offer = quoted(match[0], language, 110), quoted(match[1], language, 110)
        if mine:
            return (f"Your goal {goal} meets what {p_en} offers: {offer}." if en else
                    f"Tavoitteesi {goal} vastaa {p_gen} osaamista: {offer}.")
        return (f"{_cap(p_en)}'s goal {goal} meets what you offer: {offer}." if en else
                f"{_cap(p_gen)} tavoite {goal} vastaa osaamistasi: {offer}.")
    if mine:
        return (f"Your goals and what {p_en} offers have little in common as written: talk your goals through "
                "together at your first meeting." if en else
                f"Tavoitteissasi ja {p_gen} osaamisen kuvauksessa on kirjoitettuna vähän yhteistä: käykää "
                "tavoitteet yhdessä läpi ensimmäisellä tapaamisella.")
    return (f"{_cap(p_en)}'s goals and what you offer have little in common as written: talk the goals through "
            "together at your first meeting." if en else
            f"{_cap(p_gen)} tavoitteissa ja osaamisesi kuvauksessa on kirjoitettuna vähän yhteistä: käykää "
            "tavoitteet yhdessä läpi ensimmäisellä tapaamisella.")


def _areas(giver: Participant, receiver: Participant, peer: bool, language: Language) -> str:
    shared = list(dict.fromkeys(strength(giver, receiver) + (strength(receiver, giver) if peer else [])))
    if not shared:
        return ""
    words = area_words(shared, language)
    if language == "en":
        return f"You share the goal area{'s' if len(shared) > 1 else ''} {words}."
    return f"Teillä on yhteisiä tavoitealueita: {words}." if len(shared) > 1 else f"Teillä on yhteinen tavoitealue: {words}."


def _experience(reader: Participant, partner: Participant, kind: str, reader_is_mentor: bool,
                language: Language) -> str:
    en = language == "en"
    if reader.experience_years is None or partner.experience_years is None or kind == "reverse":
        return ""
    gap = reader.experience_years - partner.experience_years
    if kind == "peer":
        # Half the saturation gap: the peer part still gives most of its credit there.
        if abs(gap) <= EXPERIENCE_SATURATION_YEARS / 2:
            return "You are at a similar stage in your careers." if en else "Olette urallanne samankaltaisessa vaiheessa."
        return ""
    if reader_is_mentor and gap > 0:
        return "You have more experience than your mentee." if en else "Sinulla on enemmän kokemusta kuin aktorillasi."
    if not reader_is_mentor and gap < 0:
        return "Your mentor has more experience than you." if en else "Mentorillasi on enemmän kokemusta kuin sinulla."
    return ""


def _wish(reader: Participant, partner: Participant, partner_role: str, language: Language,
          reader_partners: Collection[str], wishes_ignored: bool) -> str:
    en = language == "en"
    p_en, p_fi, _, _ = _PARTNER[partner_role]
    # The reader's every partner: a wish met in their other pair is met, and this pair does not say otherwise.
    w = wishes_of(reader, partner, reader_partners)
    if w.first_for_second and w.second_for_first:
        return "You wished for each other." if en else "Toivoitte toisianne pariksi."
    if w.first_for_second:
        return "You wished to be paired with them, and your wish was met." if en else \
            "Toivoit pariksesi juuri häntä ja toiveesi toteutui."
    said = []
    if w.second_for_first:
        said.append(f"{_cap(p_en)} wished to be paired with you." if en else f"{_cap(p_fi)} toivoi sinua parikseen.")
    if w.first_elsewhere and wishes_ignored:
        said.append("This programme did not take wishes into account." if en else
                    "Ohjelmassa ei otettu toiveita huomioon.")
    elif w.first_elsewhere:
        said.append("Your wish for someone else could not be met." if en else
                    "Toivomaasi paria ei voitu järjestää.")
    return " ".join(said)


def _same_organisation(reader: Participant, organisation: str, is_domain: bool, language: Language) -> str:
    org = organisation.strip() or reader.organisation.strip()
    en = language == "en"
    if org and is_domain:  # an e-mail domain is no organisation's name: "you both work at jyu.fi" misleads
        return (f"You both work in the same organisation ({org})." if en else
                f"Työskentelette molemmat samassa organisaatiossa ({org}).")
    return ((f"You both work at {org}." if org else "You both work in the same organisation.") if en else
            (f"Työskentelette molemmat organisaatiossa {org}." if org else
             "Työskentelette molemmat samassa organisaatiossa."))


def _practical(reader: Participant, partner: Participant, partner_role: str, language: Language) -> list[str]:
    """A common language, and how and where the two can meet (or that they need to agree)."""
    en = language == "en"
    p_en, p_fi, _, _ = _PARTNER[partner_role]
    out = []
    langs = common_languages(reader, partner)
    if langs:
        names = language_names(langs, language)
        out.append((f"Your common languages are {names}." if len(langs) > 1 else f"Your common language is {names}.")
                   if en else (f"Yhteiset kielenne ovat {names}." if len(langs) > 1 else
                               f"Yhteinen kielenne on {names}."))
    _, code = meeting_fit(reader, partner)
    mine, theirs = reader.location.strip(), partner.location.strip()
    if code == "same_place":
        out.append(f"You can meet in person in {mine}." if en else f"Voitte tavata kasvokkain paikkakunnalla {mine}.")
    elif code == "remote":
        out.append("You can meet remotely." if en else "Voitte tavata etänä.")
    elif code == "in_person_unknown_place":
        out.append("You both asked to meet in person: agree together where you will meet." if en else
                   "Toivoitte molemmat tapaamisia kasvokkain: sopikaa yhdessä, missä tapaatte.")
    elif code == "in_person_apart":
        out.append(f"You both asked to meet in person, but you live in different towns ({mine} and {theirs}): agree "
                   "together where you will meet, or whether you will meet remotely." if en else
                   f"Toivoitte molemmat tapaamisia kasvokkain, mutta asutte eri paikkakunnilla ({mine} ja {theirs}): "
                   "sopikaa yhdessä, missä tapaatte, tai tapaatteko etänä.")
    else:
        in_person = "in_person" in reader.meeting_mode.modes
        out.append((f"You asked to meet only {'in person' if in_person else 'remotely'} and {p_en} only "
                    f"{'remotely' if in_person else 'in person'}: agree together how you will meet.") if en else
                   (f"Toivoit tapaamisia vain {'kasvokkain' if in_person else 'etänä'} ja {p_fi} vain "
                    f"{'etänä' if in_person else 'kasvokkain'}: sopikaa yhdessä, miten tapaatte."))
    return out


def participant_pair_text(
    reader: Participant,
    giver: Participant,
    receiver: Participant,
    kind: str,
    raw: dict[str, float],
    evidence: TextEvidence,
    language: Language = "en",
    *,
    co_mentees: int = 0,
    organisation: str = "",
    organisation_is_domain: bool = False,
    reader_partners: Collection[str] = (),
    wishes_ignored: bool = False,
    paired_in: int | None = None,
    availability_scored: bool = False,
) -> str:
    """The paragraph ``reader`` (the pair's ``giver`` or ``receiver``) is sent about this pair.

    ``co_mentees`` is how many others share a group with the mentee: counted, never named;
    ``organisation`` the organisation as the programme compared it (the reader's own when empty),
    ``organisation_is_domain`` that it is an e-mail domain (``organisation_key="email_domain"``);
    ``reader_partners`` the reader's partners in all their pairs (this pair's partner when empty), so
    that a wish met in another pair is not called unmet; ``wishes_ignored`` that the programme
    ignores wishes; ``paired_in`` the latest earlier round the two were paired in, said when it counts;
    ``availability_scored`` that the programme scores time in common (``availability="soft"``).
    """
    peer = kind == "peer"
    reader_is_mentor = reader is giver
    partner = receiver if reader_is_mentor else giver
    partner_role = "peer" if peer else ("mentee" if reader_is_mentor else "mentor")
    said = [_intro(reader, partner, kind, partner_role, co_mentees, language)]
    if kind == "reverse":
        said.append(_reverse(reader_is_mentor, giver, receiver, language))
    directions = [(receiver, giver)] + ([(giver, receiver)] if peer else [])
    if peer and reader is receiver:
        directions.reverse()  # the reader's own goals first
    said += [_text(wants, offers, reader, partner_role, evidence, language) for wants, offers in directions]
    if kind != "reverse":
        said.append(_areas(giver, receiver, peer, language))
    said.append(_experience(reader, partner, kind, reader_is_mentor, language))
    said.append(_wish(reader, partner, partner_role, language, reader_partners, wishes_ignored))
    if raw.get("same_organisation", 0.0) < 0:
        said.append(_same_organisation(reader, organisation, organisation_is_domain, language))
    if raw.get("repeat", 0.0) != 0 and paired_in is not None:
        said.append(f"You were paired in round {paired_in} too." if language == "en" else
                    f"Olitte parina myös kierroksella {paired_in}.")
    if availability_scored:
        said.append(availability_participant_text(reader, partner, language))
    said += _practical(reader, partner, partner_role, language)
    return " ".join(s for s in said if s)
