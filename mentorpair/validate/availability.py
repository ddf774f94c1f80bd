"""The availability rule, re-derived: under ``availability="hard"`` two people who both gave their
availability must share some time.

Computed here from the participants' slots and time zones in minutes of the week, not with
:mod:`mentorpair.model.availability`'s quarter hours or the scoring's bit arrays: the check
must not share the code it checks. Only the value type and the documented hours are shared:
morning 8–12, afternoon 12–16, evening 16–20 in the person's own time, time zones at their UTC
offset in the week of Monday 5 January 2026.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ..model.availability import Availability
from ..model.participant import Participant
from ..model.programme import Programme

__all__ = ["rule_availability"]

_WEEK_MINUTES = 7 * 24 * 60
_MONDAY = datetime(2026, 1, 5, tzinfo=UTC)
_FIXED = re.compile(r"^UTC([+-])(\d{2}):(\d{2})$")


def _offset(time_zone: str) -> int:
    if not time_zone:
        return 0
    fixed = _FIXED.match(time_zone)
    if fixed:
        return (1 if fixed.group(1) == "+" else -1) * (int(fixed.group(2)) * 60 + int(fixed.group(3)))
    delta = _MONDAY.astimezone(ZoneInfo(time_zone)).utcoffset()
    assert delta is not None
    return int(delta.total_seconds() // 60)


def _minutes(availability: Availability) -> list[tuple[int, int]]:
    """Each slot as [start, end) minutes of the week in UTC (start may be negative or past the week)."""
    shift = _offset(availability.time_zone)
    out = []
    for value in sorted(availability.slots):
        day, part = divmod(value, 3)
        start = day * 24 * 60 + (8 + 4 * part) * 60 - shift
        out.append((start, start + 4 * 60))
    return out


def _meet(a: Availability, b: Availability) -> bool:
    """Some minute of the week (which wraps: Sunday night runs into Monday) in both."""
    return any(max(s1, s2 + k) < min(e1, e2 + k)
               for s1, e1 in _minutes(a) for s2, e2 in _minutes(b)
               for k in (-_WEEK_MINUTES, 0, _WEEK_MINUTES))


def rule_availability(mentor: Participant, mentee: Participant, kind: str, programme: Programme) -> str | None:
    if programme.availability != "hard" or mentor.availability is None or mentee.availability is None:
        return None
    if _meet(mentor.availability, mentee.availability):
        return None
    return (f"no common time, which availability='hard' forbids ({mentor.id}: {mentor.availability.text}; "
            f"{mentee.id}: {mentee.availability.text})")
