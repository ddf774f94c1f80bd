"""Warnings on valid input that would make the matching quietly wrong.

A form's question that no header alias knows is kept as an extra column, which
the matching never reads; when that column holds the goals, the matching runs
on nothing and looks fine. Reading warns, naming the column, when an extra
column looks like a field (its header words or its contents, judged as
:func:`mentorpair.suggest_columns` judges them) and when nobody has a goal or
an offer text. ``strict=True`` makes the warnings a ValidationError.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..exceptions import Problem, ValidationError
from ..model.participant import Participant
from .judge import LEAST, column_of, scores

__all__ = ["FIELD_WORDS", "read_warnings", "refuse_warnings"]

# Fields the matching does not use: a name or e-mail column left unread changes no pair.
_UNUSED = frozenset({"name", "email"})
#: Each field in a coordinator's words.
FIELD_WORDS = {
    "id": "participant ids",
    "role": "roles (mentor or mentee)",
    "organisation": "organisations",
    "experience_years": "years of experience",
    "goal_areas": "goal areas",
    "goals": "goals (what people want from mentoring)",
    "offers": "offers (what people can share)",
    "languages": "languages",
    "meeting_mode": "meeting modes",
    "location": "locations",
    "capacity": "how many mentees a mentor takes",
    "wishes": "wished pairs",
    "exclusions": "exclusions (people not to be paired with)",
    "name": "names",
    "email": "e-mail addresses",
}


def read_warnings(
    extras: Sequence[tuple[int, str]],
    cells: Sequence[Sequence[str]],
    fields: Collection[str],
    kept: Collection[int],
    participants: Sequence[Participant],
) -> list[str]:
    """What the coordinator should check before trusting a matching of this cohort.

    ``extras`` are the extra columns (index, header); ``cells`` the data rows;
    ``fields`` the fields some column feeds; ``kept`` the columns the caller's
    ``columns=`` keeps as extra ones on purpose (never warned about).
    """
    out = []
    ids = {p.id.casefold() for p in participants}
    # A field counts as read when its column gave somebody a value: an empty 'organisation'
    # column beside a filled 'Organisaatio, jossa työskentelet' is no reason for silence.
    taken = {name for name in fields if name in ("id", "role", "meeting_mode") or any(
        getattr(p, "name" if name in ("first_name", "last_name") else name, None) not in (None, "", ())
        for p in participants)}
    for index, header in extras:
        if index in kept:
            continue
        column = column_of(index, header, [r[index] if index < len(r) else "" for r in cells], len(cells))
        found = {name: score for name, score in scores(column, ids).items()
                 if score >= LEAST and name not in taken and name in FIELD_WORDS and name not in _UNUSED}
        if not found:
            continue
        best = max(found, key=lambda name: found[name])
        out.append(
            f"column {header!r} is not read (kept as an extra column the matching does not use), but it looks "
            f"like {FIELD_WORDS[best]}; if it is, map it with columns={{{header!r}: {best!r}}} "
            f"(in the command line, a --columns file); map it to '' to keep it as it is"
        )
    if participants and not any(p.goals or p.offers for p in participants):
        if "goals" in fields or "offers" in fields:
            why = "the goal and offer columns are empty"
        else:
            why = "no column was read as goals or offers"
        out.append(
            f"nobody has a goal or an offer text ({why}), so pairs are not matched on what people want "
            "to learn or can share; map the form's question about goals to 'goals' and about expertise to 'offers'"
        )
    return out


def refuse_warnings(warnings: Sequence[str]) -> None:
    """``strict=True``: every warning as a problem."""
    if warnings:
        raise ValidationError([Problem(f"warning (strict): {w}") for w in warnings], what="input")
