"""Facts about two people and the names the rules share, re-derived from the participants' own fields.
"""

from __future__ import annotations

import re

from ..model.participant import Participant
from ..model.programme import Programme

#: the score component columns of ``Matching.pairs``; with ``cohesion`` they add up to ``score``
COMPONENT_COLUMNS = ("goal_text", "goal_areas", "experience", "meeting", "wish", "same_organisation", "repeat",
                     "availability")
REQUIRED_PAIR_COLUMNS = ("group_id", "kind", "mentor_id", "mentee_id", "score", *COMPONENT_COLUMNS)
REQUIRED_UNMATCHED_COLUMNS = ("participant_id", "reason")
SCORE_TOLERANCE = 1e-9
#: statuses whose matching may contain pairs
WITH_PAIRS = ("OPTIMAL", "FEASIBLE")
INDIVIDUAL_KINDS = ("traditional", "reverse")
KINDS = ("traditional", "reverse", "group", "peer")


# --- facts about two people -------------------------------------------------------------


#: where organisation_key="prefix" cuts an organisation (stated here again, not imported from scoring)
_PREFIX_CUT = re.compile(r"\s+/\s+|,|\s+[-–—]\s+")


def _org_text(p: Participant, programme: Programme) -> str:
    """The organisation as ``programme.organisation_key`` compares it, as written."""
    key = programme.organisation_key
    if callable(key):
        return str(key(p)).strip()
    if key == "prefix":
        return _PREFIX_CUT.split(p.organisation, maxsplit=1)[0].strip()
    if key == "email_domain":
        return p.email.rsplit("@", 1)[1].strip() if "@" in p.email else ""
    return p.organisation.strip()


def _org_key(p: Participant, programme: Programme) -> str:
    """What is compared: no case, no repeated space; empty means no organisation (never the same)."""
    return " ".join(_org_text(p, programme).split()).casefold()


def _modes(p: Participant) -> set[str]:
    value = p.meeting_mode.value
    return {"in_person", "remote"} if value == "either" else {value}


def _cannot_meet(a: Participant, b: Participant) -> str | None:
    """Why two people cannot meet as both asked, or ``None``."""
    common = _modes(a) & _modes(b)
    if not common:
        return f"no meeting mode in common ({a.id}: {a.meeting_mode.value}, {b.id}: {b.meeting_mode.value})"
    here, there = a.location.strip(), b.location.strip()
    if common == {"in_person"} and here and there and here.casefold() != there.casefold():
        return f"they can meet only in person but live apart ({a.id} in {here}, {b.id} in {there})"
    return None


def most_mentees(person: Participant, programme: Programme) -> int:
    """How many individual mentees a mentor may have: the programme's maximum and their own
    stated capacity, whichever is smaller; with no maximum (None), as stated (1 when not stated)."""
    limits = [x for x in (programme.max_mentees_per_mentor, person.capacity) if x is not None]
    return min(limits) if limits else 1


def group_size_range(person: Participant, programme: Programme) -> tuple[int, int]:
    """The least and most members of this mentor's group: ``group_size``, capped by
    :func:`most_mentees` (as stated, 1 for one who stated no capacity: a group's mentees are
    mentees like any others). Most below least: no group fits them."""
    return programme.group_size[0], min(programme.group_size[1], most_mentees(person, programme))


def _limits_in_words(person: Participant, programme: Programme) -> str:
    """The two limits on a mentor as a coordinator reads them, not as Python values."""
    most = programme.max_mentees_per_mentor
    stated = "no capacity stated" if person.capacity is None else f"stated capacity {person.capacity}"
    return f"programme maximum {'as stated' if most is None else most}, {stated}"


def _languages(p: Participant) -> set[str]:
    return {x.strip().casefold() for x in p.languages}


def _no_common_language(a: Participant, b: Participant) -> bool:
    return bool(a.languages) and bool(b.languages) and not _languages(a) & _languages(b)


def _excludes(a: Participant, b: Participant) -> str | None:
    """Which of the two lists the other in their exclusions, or ``None``."""
    for x, y in ((a, b), (b, a)):
        if y.id in x.exclusions:
            return f"{x.id} lists {y.id} in their exclusions"
    return None


def less_experienced(mentor: Participant, mentee: Participant) -> bool:
    """The mentor has fewer stated years than the mentee (a reverse pair)."""
    return (mentor.experience_years is not None and mentee.experience_years is not None
            and mentor.experience_years < mentee.experience_years)


def individual_kind(mentor: Participant, mentee: Participant) -> str:
    """The kind an individual pair of these two has: reverse when the mentor is less experienced."""
    return "reverse" if less_experienced(mentor, mentee) else "traditional"


def co_mentees_clash(a: Participant, b: Participant) -> str | None:
    """Why two people may not be in one group, or ``None``."""
    excluded = _excludes(a, b)
    if excluded:
        return f"excluded: {excluded}"
    if _no_common_language(a, b):
        return "no common language"
    return None


def latest_round_counted(a: str, b: str, programme: Programme) -> int | None:
    """The latest earlier round that still counts in which ``a`` and ``b`` were paired, or None.

    Read from the history triples here, not from ``Programme.past_pairs``: the check must not
    share the code it checks. A round counts when it is among the last ``cooldown`` rounds.
    """
    rounds = [r for _, _, r in programme.history]
    if not rounds:
        return None
    oldest = None if programme.cooldown is None else max(rounds) - programme.cooldown + 1
    met = [r for x, y, r in programme.history if {x, y} == {a, b} and (oldest is None or r >= oldest)]
    return max(met) if met else None

