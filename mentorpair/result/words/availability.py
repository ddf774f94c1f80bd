"""Availability in words: the time two people have in common, for the coordinator and for the two.

Common time is named in the first person's own time (the mentor's; for peers, the first
peer's), as slots of :mod:`mentorpair.model.availability`: "Tuesday evenings",
"tiistai-iltaisin". Where the two are in different time zones the text says whose time it is.
"""

from __future__ import annotations

from ...model.availability import PARTS, WEEKDAY_NAMES, common_slots
from ...model.participant import Participant
from .common import Language, few

__all__ = ["availability_part_text", "availability_participant_text", "common_time_words"]

# Finnish parts as the second half of a compound with the day ("tiistai" + "iltaisin"); the
# names of days and parts themselves are the model's (WEEKDAY_NAMES, PARTS).
_FI_PARTS = ("aamupäivisin", "iltapäivisin", "iltaisin")
_SHOWN = 4


def _slot_text(value: int, language: Language) -> str:
    day, part = divmod(value, len(PARTS))
    if language == "en":
        return f"{WEEKDAY_NAMES['en'][day]} {PARTS[part]}s"
    first, second = WEEKDAY_NAMES["fi"][day], _FI_PARTS[part]
    # A compound takes a hyphen where the same vowel meets itself: "tiistai-iltaisin", "keskiviikkoiltaisin".
    return f"{first}-{second}" if first[-1] == second[0] else first + second


def common_time_words(giver: Participant, receiver: Participant, language: Language, *, own: bool = False) -> str:
    """The two's common slots in the giver's time, at most four and a count of the rest; "" when none.

    ``own``: the giver reads it, so a time zone note says "your time", not the giver's id.
    """
    common = common_slots(giver.availability, receiver.availability)
    if not common:
        return ""
    text = few([_slot_text(s, language) for s in common], language, most=_SHOWN)
    zone_a = giver.availability.time_zone if giver.availability else ""
    zone_b = receiver.availability.time_zone if receiver.availability else ""
    if zone_a != zone_b:
        if own:
            text += " (your time)" if language == "en" else " (sinun aikaasi)"
        else:
            text += f" ({giver.id}'s time)" if language == "en" else f" ({giver.id}:n aikaa)"
    return text


def availability_part_text(giver: Participant, receiver: Participant, raw: float, language: Language) -> str:
    """The coordinator's line on the ``availability`` part (``availability="soft"``)."""
    en = language == "en"
    unknown = [p.id for p in (giver, receiver) if p.availability is None]
    if unknown:
        who = few(unknown, language)
        return (f"{who} gave no availability that could be read, so the part is neutral" if en else
                f"{who} ei antanut luettavia sopivia aikoja, joten osa on neutraali")
    if raw <= 0:
        return "no common time in what both gave" if en else "ei yhteistä aikaa ilmoitetuissa ajoissa"
    share = f"{round(raw * 100)}{'%' if en else ' %'}"
    common = common_time_words(giver, receiver, language)
    return (f"both can meet on {common} ({share} of the smaller one's time)" if en else
            f"molemmille sopivat {common} ({share} pienemmän ajoista)")


def availability_participant_text(reader: Participant, partner: Participant, language: Language) -> str:
    """What the reader is told about the time they and their partner have in common; "" when either gave none."""
    if reader.availability is None or partner.availability is None:
        return ""
    common = common_time_words(reader, partner, language, own=True)
    if not common:
        return ("The times you two gave have nothing in common: agree on a time together." if language == "en" else
                "Ilmoittamissanne ajoissa ei ole yhteistä aikaa: sopikaa aika yhdessä.")
    return (f"You can both meet on {common}." if language == "en" else f"Teille molemmille sopivat {common}.")
