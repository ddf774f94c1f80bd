"""Repeated submissions: one person who sent the form twice, kept once.

A form tool adds a row for every submission, so a person who corrects an
answer appears twice with the same id. ``duplicates="error"`` (the default)
names both rows; ``"latest"`` keeps the one sent last and ``"first"`` the one
sent first, judged by the export's time stamp column when there is one (else
by the order of the rows), each choice noted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from ..exceptions import Problem, ValidationError
from ..model.participant import Participant
from .cells import answer_key

__all__ = ["DUPLICATES", "Duplicates", "check_duplicates", "keep_one", "parse_time", "timestamp_header"]

Duplicates = Literal["error", "latest", "first"]
DUPLICATES: tuple[str, ...] = ("error", "latest", "first")

# Time stamp headers in answer_key form, the time a form was sent first: it orders submissions.
_TIME_HEADERS = (
    "completion time", "valmistumisaika", "lahetetty", "lahetyspaiva", "submitted", "submission time",
    "timestamp", "aikaleima", "vastausaika", "date submitted", "start time", "aloitusaika",
)
_FINNISH = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T]+(?:klo\s*)?(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?)?")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?")


def check_duplicates(value: object) -> None:
    if value not in DUPLICATES:
        raise ValidationError(
            [Problem(f"must be 'error', 'latest' or 'first', got {value!r}", field="duplicates")], what="arguments"
        )


def timestamp_header(headers: Sequence[str]) -> str | None:
    """The column that says when each row was sent, or None."""
    keys = {" ".join(answer_key(h).replace("_", " ").split()): h for h in headers if h}
    for wanted in _TIME_HEADERS:
        for key, header in keys.items():
            if key == wanted or key.startswith(wanted + " "):
                return header
    return None


def slash_day_first(texts: Sequence[str]) -> bool | None:
    """Whether a column's 'a/b/yyyy' dates put the day first: decided once for the whole column.

    Microsoft Forms writes month/day, a spreadsheet in a European locale day/month. A first
    part above 12 can only be a day, a second part above 12 only a day too; when neither (or
    both) shows, the order is unknown (None) and no slash date is read, rather than guessed.
    """
    parts = [m.group(1, 2) for m in (_US.fullmatch(t.strip()) for t in texts) if m is not None]
    day_first = any(int(a) > 12 for a, _ in parts)
    month_first = any(int(b) > 12 for _, b in parts)
    if not parts:
        return False
    return day_first if day_first != month_first else None


def parse_time(text: str, *, day_first: bool | None = False) -> datetime | None:
    """A time stamp as form tools write it: ISO ('2026-12-01 14:03:00'), Finnish ('1.12.2026 14.03')
    or with slashes ('12/1/2026 2:03:00 PM', month first unless ``day_first``; ``None``: unknown
    order, so not read); None when it is none of them."""
    text = text.strip()
    try:
        return datetime.fromisoformat(text.replace("/", "-")).replace(tzinfo=None)
    except ValueError:
        pass
    for pattern, us in ((_FINNISH, False), (_US, True)):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        if us and day_first is None:
            return None
        a, b, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        day, month = (b, a) if us and not day_first else (a, b)
        hour, minute, second = (int(g) if g else 0 for g in match.group(4, 5, 6))
        if us and match.group(7):
            hour = hour % 12 + (12 if match.group(7).lower() == "pm" else 0)
        try:
            return datetime(year, month, day, hour, minute, second)
        except ValueError:
            return None
    return None


def keep_one(
    people: Sequence[Participant], how: Duplicates, time_header: str | None
) -> tuple[list[Participant], list[str]]:
    """The participants with every repeated id kept once, as ``how`` says, and a note on each choice."""
    groups: dict[str, list[Participant]] = {}
    for p in people:
        groups.setdefault(unicodedata.normalize("NFC", p.id).casefold(), []).append(p)
    if how == "error" or all(len(g) == 1 for g in groups.values()):
        return list(people), []
    dropped: set[int] = set()
    notes: list[str] = []
    order_of_dates = slash_day_first([dict(p.extra).get(time_header, "") for p in people]) if time_header else False
    for group in groups.values():
        if len(group) == 1:
            continue
        times = [parse_time(dict(p.extra).get(time_header, ""), day_first=order_of_dates) if time_header else None
                 for p in group]
        by_time = time_header is not None and all(t is not None for t in times)
        order = list(range(len(group)))
        if by_time:
            order.sort(key=lambda i: (times[i], i))
        keep = order[-1] if how == "latest" else order[0]
        kept = group[keep]
        others = [p for i, p in enumerate(group) if i != keep]
        dropped.update(id(p) for p in others)
        unreadable = (f"the dates in {time_header!r} could be day/month or month/day" if order_of_dates is None
                      else f"{time_header!r} could not be read as times")
        basis = f"by {time_header!r}" if by_time else "by row order" + (f" ({unreadable})" if time_header else "")
        rows = ", ".join(f"row {p.row}" for p in others)
        notes.append(f"{kept.id!r} submitted {len(group)} times: kept row {kept.row}, the "
                     f"{'latest' if how == 'latest' else 'first'} {basis}; dropped {rows}")
    return [p for p in people if id(p) not in dropped], notes
