"""A cohort as a table of text: one row per participant, the canonical columns first.

The model's own view of a cohort as a DataFrame (:meth:`Cohort.to_pandas`);
``mentorpair.io`` writes files from it and reads them back. The table is the
inverse of reading: every cell is text that ``mentorpair.io.from_pandas``
reads back to the same participant.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd

from ..exceptions import Problem, ValidationError
from .availability import UNREAD_AVAILABILITY
from .participant import Participant

if TYPE_CHECKING:  # pragma: no cover
    from .cohort import (
        Cohort,  # the cohort module imports this one to serve Cohort.to_pandas
    )

__all__ = ["CANONICAL_COLUMNS", "NOTES_ATTR", "OPTIONAL_COLUMNS", "cohort_to_pandas", "join_list", "number_text"]

#: The columns mentorpair reads, in the order it writes them.
CANONICAL_COLUMNS: tuple[str, ...] = (
    "id",
    "role",
    "organisation",
    "experience_years",
    "goal_areas",
    "goals",
    "offers",
    "languages",
    "meeting_mode",
    "location",
    "capacity",
    "wishes",
    "exclusions",
)
#: Written after the canonical columns only when some participant has one, so that a
#: cohort without names, e-mail addresses or availability is written as before.
OPTIONAL_COLUMNS: tuple[str, ...] = ("name", "email", "availability")
#: DataFrame.attrs key that carries Cohort.notes through cohort_to_pandas/from_pandas,
#: so that the round trip keeps what was recorded when the cohort was read.
NOTES_ATTR = "mentorpair_notes"


def number_text(value: float) -> str:
    """Shortest text that reads back as exactly ``value``, without exponent or trailing '.0'."""
    if not math.isfinite(value):
        return repr(value)
    # repr() is the shortest exact form; Decimal spells out exponents like 1e-05.
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def join_list(items: Sequence[str]) -> str:
    """Items joined with '|', as reading splits them again."""
    # A lone item containing ',', ';' or a line break would be split on read; a trailing '|' keeps it whole.
    if len(items) == 1 and any(mark in items[0] for mark in ",;\n\r"):
        return f"{items[0]}|"
    return "|".join(items)


def cohort_to_pandas(cohort: Cohort, extra_columns: Iterable[str] | None = None) -> pd.DataFrame:
    """One text row per participant, readable back with ``mentorpair.io.from_pandas``.

    Parameters
    ----------
    cohort
        The cohort to convert.
    extra_columns
        The extra columns to write first, in this order, including ones left
        empty for everybody; ``None`` takes :attr:`Cohort.extra_columns`.
        Columns named only in participants' ``extra`` follow.

    Returns
    -------
    pandas.DataFrame
        The canonical columns in canonical order, ``name`` and ``email`` when
        some participant has one, then the extra columns.
        Every cell is text: lists joined with ``"|"``, ``None`` as ``""``,
        roles and meeting modes as their values. The cohort's notes travel in
        ``df.attrs``.

    Raises
    ------
    ValidationError
        When an extra column has the name of a canonical column.
    """
    first = cohort.extra_columns if extra_columns is None else extra_columns
    # An availability text that was not read is written back in the availability column, as it was.
    extras = [h for h in dict.fromkeys([*first, *(h for p in cohort for h, _ in p.extra)]) if h != UNREAD_AVAILABILITY]
    # Only the canonical names are known here; mentorpair.io also refuses the
    # other spellings it reads as these columns (Finnish names, 'ID', ...).
    clashing = [h for h in extras if h in CANONICAL_COLUMNS or h in OPTIONAL_COLUMNS]
    if clashing:
        raise ValidationError(
            [Problem("extra column has the name of a mentorpair column", field=h) for h in clashing], what="cohort"
        )
    optional = [name for name in OPTIONAL_COLUMNS if any(_optional_cell(p, name) for p in cohort)]
    records = [_participant_cells(p, optional, extras) for p in cohort]
    df = pd.DataFrame(records, columns=[*CANONICAL_COLUMNS, *optional, *extras], dtype=object)
    df.attrs[NOTES_ATTR] = list(cohort.notes)
    return df


def _participant_cells(p: Participant, optional: Sequence[str], extras: Sequence[str]) -> list[str]:
    extra = dict(p.extra)
    return [
        p.id,
        p.role.value,
        p.organisation,
        "" if p.experience_years is None else number_text(p.experience_years),
        join_list(p.goal_areas),
        p.goals,
        p.offers,
        join_list(p.languages),
        p.meeting_mode.value,
        p.location,
        "" if p.capacity is None else str(p.capacity),
        join_list(p.wishes),
        join_list(p.exclusions),
        *(_optional_cell(p, name) for name in optional),
        *(extra.get(h, "") for h in extras),
    ]


def _optional_cell(p: Participant, name: str) -> str:
    """An optional column's cell: an Availability as its canonical text, or the text that was not read."""
    value = getattr(p, name)
    if name == "availability" and value is None:
        return dict(p.extra).get(UNREAD_AVAILABILITY, "")
    return str(value or "")
