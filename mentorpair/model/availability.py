"""When a participant can meet: weekly slots (weekday x part of day) and a time zone.

A sign-up form asks "when can you meet?" and people answer "ma–pe aamupäivisin" or
"Tue/Thu evenings"; :mod:`mentorpair.io.availability` reads such answers into an
:class:`Availability`. A slot is one part of one weekday in the participant's own
time. The parts of day are fixed hours, so that two people's slots can be compared:

=========  =====================  ======
part       Finnish                hours
=========  =====================  ======
morning    aamupäivä (aamu)       8–12
afternoon  iltapäivä              12–16
evening    ilta                   16–20
=========  =====================  ======

Two people's slots are compared in UTC, in quarter hours of one reference week (the
week of Monday 5 January 2026: a winter week, so Europe/Helsinki is UTC+2 and
America/New_York UTC-5). A participant without a time zone is not shifted: in a
cohort that gives none, everyone's slots are compared as written. A slot that ends
past Sunday midnight once shifted wraps to Monday, as a week does.

No numpy and no other mentorpair module but :mod:`mentorpair.exceptions`: the
scoring, the words and the readers share these names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ..exceptions import Problem, ValidationError

__all__ = [
    "AVAILABILITY_RULES",
    "PARTS",
    "PART_HOURS",
    "PART_NAMES",
    "REFERENCE_WEEK",
    "SLOTS",
    "UNREAD_AVAILABILITY",
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "WEEKDAY_SHORT",
    "Availability",
    "AvailabilityRule",
    "availability_rule_problem",
    "common_slots",
    "normal_time_zone",
    "offset_minutes",
    "overlap_share",
    "quarter_hours",
    "slot",
    "slot_words",
    "slots_of",
]

#: weekdays, Monday first, as the canonical text writes them
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: parts of day, in order
PARTS = ("morning", "afternoon", "evening")
# The one source of the names shown for days and parts: the words, the canonical text and the
# reader's own vocabulary all take theirs from here.
#: weekdays written out, by language
WEEKDAY_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fi": ("maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"),
}
#: weekdays abbreviated, by language
WEEKDAY_SHORT: dict[str, tuple[str, ...]] = {"en": WEEKDAYS, "fi": ("ma", "ti", "ke", "to", "pe", "la", "su")}
#: parts of day, by language
PART_NAMES: dict[str, tuple[str, ...]] = {"en": PARTS, "fi": ("aamupäivä", "iltapäivä", "ilta")}
#: the ``Participant.extra`` key an availability text that could not be read is kept under,
#: so that a written cohort gives the cell back as it was (and reading it warns again)
UNREAD_AVAILABILITY = "availability (not read)"
#: each part's hours in the participant's own time, ``[start, end)``
PART_HOURS: dict[str, tuple[int, int]] = {"morning": (8, 12), "afternoon": (12, 16), "evening": (16, 20)}
#: every slot: ``weekday * 3 + part``
SLOTS = tuple(range(len(WEEKDAYS) * len(PARTS)))
#: the week whose Monday 00:00 UTC slots are placed in (its UTC offsets decide daylight saving)
REFERENCE_WEEK = datetime(2026, 1, 5, tzinfo=UTC)
_WEEK_QUARTERS = 7 * 24 * 4

#: what ``Programme.availability`` does with two people's availability
AvailabilityRule = Literal["ignore", "soft", "hard"]
AVAILABILITY_RULES: tuple[AvailabilityRule, ...] = ("ignore", "soft", "hard")

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+\-−])\s*(\d{1,2})(?:[:.]?(\d{2}))?$", re.IGNORECASE)


def slot(weekday: int, part: int) -> int:
    """The slot of ``weekday`` (0 Monday) and ``part`` (0 morning, 1 afternoon, 2 evening)."""
    return weekday * len(PARTS) + part


@functools.cache
def _zone_names() -> dict[str, str]:
    """IANA names by their case-folded spelling, so that 'europe/helsinki' is read too."""
    return {name.casefold(): name for name in available_timezones()}


def normal_time_zone(text: str) -> str | None:
    """``text`` as a time zone: an IANA name as spelled by the database ("Europe/Helsinki"), or
    a fixed offset as ``"UTC+02:00"`` ("UTC+2", "GMT-5", "+05:30"); ``"UTC"``/``"GMT"`` is
    ``"UTC+00:00"``; ``""`` stays ``""`` (none given). ``None`` when it is neither."""
    text = text.strip()
    if not text:
        return ""
    if text.casefold() in ("utc", "gmt", "z"):
        return "UTC+00:00"
    match = _OFFSET.match(text)
    if match:
        sign = -1 if match.group(1) in "-−" else 1
        hours, minutes = int(match.group(2)), int(match.group(3) or 0)
        if hours > 14 or minutes >= 60 or minutes % 15:
            return None
        return f"UTC{'-' if sign < 0 else '+'}{hours:02d}:{minutes:02d}"
    if "/" not in text:
        return None
    return _zone_names().get(text.casefold())


def offset_minutes(time_zone: str) -> int | None:
    """Minutes ``time_zone`` is ahead of UTC in the reference week; 0 for ``""``; None when unknown."""
    if not time_zone:
        return 0
    match = _OFFSET.match(time_zone)
    if match:
        sign = -1 if match.group(1) in "-−" else 1
        return sign * (int(match.group(2)) * 60 + int(match.group(3) or 0))
    try:
        offset = REFERENCE_WEEK.astimezone(ZoneInfo(time_zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return None if offset is None else int(offset / timedelta(minutes=1))


@dataclass(frozen=True, slots=True)
class Availability:
    """The weekly slots a participant can meet in, in their own time, and their time zone.

    ``slots`` holds ``weekday * 3 + part`` (:func:`slot`), never empty: a participant who
    gave nothing readable has no ``Availability`` at all (``None``: unknown, fits anyone).
    ``time_zone`` is an IANA name or ``"UTC+02:00"`` (:func:`normal_time_zone`), or ``""``.
    """

    slots: frozenset[int]
    time_zone: str = ""

    def __post_init__(self) -> None:
        problems = []
        if (not isinstance(self.slots, frozenset) or not self.slots
                or not all(isinstance(s, int) and not isinstance(s, bool) and s in SLOTS for s in self.slots)):
            problems.append(Problem(f"must be a non-empty frozenset of slots 0..{len(SLOTS) - 1}, got {self.slots!r}",
                                    field="availability"))
        if not isinstance(self.time_zone, str) or normal_time_zone(self.time_zone) != self.time_zone:
            problems.append(Problem(f"time zone must be an IANA name such as 'Europe/Helsinki' or an offset "
                                    f"such as 'UTC+02:00', got {self.time_zone!r}", field="availability"))
        if problems:
            raise ValidationError(problems, what="availability")

    @property
    def text(self) -> str:
        """The canonical text, which :mod:`mentorpair.io.availability` reads back to this value:
        ``"Mon morning; Tue evening (Europe/Helsinki)"``."""
        words = "; ".join(slot_words(s) for s in sorted(self.slots))
        return f"{words} ({self.time_zone})" if self.time_zone else words

    def __str__(self) -> str:
        return self.text


def slot_words(value: int, language: str = "en") -> str:
    """A slot in words: ``"Tue evening"``, in Finnish ``"ti ilta"``."""
    day, part = divmod(value, len(PARTS))
    language = "fi" if language == "fi" else "en"
    return f"{WEEKDAY_SHORT[language][day]} {PART_NAMES[language][part]}"


@functools.lru_cache(maxsize=4096)
def quarter_hours(availability: Availability) -> frozenset[int]:
    """The quarter hours of the reference week (UTC, 0 = Monday 00:00) the slots cover."""
    shift = offset_minutes(availability.time_zone) or 0
    out: set[int] = set()
    for value in availability.slots:
        day, part = divmod(value, len(PARTS))
        start, end = PART_HOURS[PARTS[part]]
        first = (day * 24 + start) * 4 - shift // 15
        out.update(q % _WEEK_QUARTERS for q in range(first, first + (end - start) * 4))
    return frozenset(out)


def overlap_share(a: Availability | None, b: Availability | None) -> float | None:
    """The time the two have in common as a share of the smaller one's time, in [0, 1]; None
    when either is unknown."""
    if a is None or b is None:
        return None
    qa, qb = quarter_hours(a), quarter_hours(b)
    return len(qa & qb) / min(len(qa), len(qb))


def common_slots(a: Availability | None, b: Availability | None) -> list[int]:
    """``a``'s slots (in ``a``'s own time) that meet some of ``b``'s time; empty when either is unknown."""
    if a is None or b is None:
        return []
    theirs = quarter_hours(b)
    return [s for s in sorted(a.slots) if not quarter_hours(Availability(frozenset({s}), a.time_zone)).isdisjoint(theirs)]


def availability_rule_problem(value: object) -> Problem | None:
    """Why ``value`` is not a ``Programme.availability`` rule, or None (Programme's check)."""
    if isinstance(value, str) and value in AVAILABILITY_RULES:
        return None
    return Problem(f"must be one of {list(AVAILABILITY_RULES)}, got {value!r}", field="availability")


def slots_of(pairs: Iterable[tuple[int, int]]) -> frozenset[int]:
    """Slots of (weekday, part) pairs."""
    return frozenset(slot(d, p) for d, p in pairs)
