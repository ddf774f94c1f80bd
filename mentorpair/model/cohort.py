"""All sign-ups of one programme round, checked together when built.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..exceptions import Problem, ValidationError
from .frame import cohort_to_pandas
from .html import cohort_html
from .participant import Participant
from .vocab import Role


def id_key(participant_id: str) -> str:
    """An id as compared ignoring letter case and Unicode composition (NFC, then casefold)."""
    return unicodedata.normalize("NFC", participant_id).casefold()


def cohort_problems(participants: Sequence[Participant]) -> list[Problem]:
    """Problems that involve more than one participant: duplicate ids and unknown references."""
    out: list[Problem] = []
    first_row: dict[str, Participant] = {}
    folded: dict[str, Participant] = {}
    for p in participants:
        if p.id in first_row:
            other = first_row[p.id]
            out.append(
                Problem(f"duplicate id; also used on row {other.row}" if other.row else "duplicate id",
                        row=p.row, participant=p.id, field="id")
            )
            continue
        # The readers compose every id (NFC); a cohort built directly must not hold two spellings
        # of one id either: "Äijä" typed two ways looks the same to every reader of the output.
        key = id_key(p.id)
        if key in folded:
            other = folded[key]
            how = ("letter case; ids must be distinct ignoring case"
                   if unicodedata.normalize("NFC", other.id) != unicodedata.normalize("NFC", p.id)
                   else "how its letters are composed (Unicode NFC); it reads as the same id")
            out.append(
                Problem(f"differs from {other.id!r}{f' (row {other.row})' if other.row else ''} only by {how}",
                        row=p.row, participant=p.id, field="id")
            )
        first_row[p.id] = p
        folded.setdefault(key, p)
    for p in participants:
        for name in ("wishes", "exclusions"):
            for ref in getattr(p, name):
                if ref not in first_row:
                    hint = ""
                    close = [q for q in first_row if q.casefold() == ref.casefold()]
                    if close:
                        hint = f" (did you mean {close[0]!r}?)"
                    out.append(
                        Problem(f"names unknown participant {ref!r}{hint}", row=p.row, participant=p.id, field=name)
                    )
    return out


@dataclass(frozen=True, slots=True)
class Cohort:
    """All sign-ups of one programme round, in input order.

    ``notes`` lists normalisations applied while reading (for example an
    encoding or a delimiter that was detected), so none is silent.
    ``columns`` are the headers as read; ``extra_columns`` those of them kept
    in :attr:`Participant.extra`, in order and including any left empty by
    everybody, so that :meth:`to_pandas` writes them back. ``warnings`` are
    what reading found that may make the matching wrong although the input is
    valid (a column kept as an extra one that looks like a field, no goal or
    offer text at all); the readers' ``strict=True`` refuses them instead.
    """

    participants: tuple[Participant, ...]
    notes: tuple[str, ...] = ()
    columns: tuple[str, ...] = field(default=(), compare=False)
    extra_columns: tuple[str, ...] = field(default=(), compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)
    # Participants by id, built once: explanations and exports look people up by id (O(1), not a scan).
    _by_id: dict[str, Participant] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.participants, tuple):
            object.__setattr__(self, "participants", tuple(self.participants))
        if not isinstance(self.warnings, tuple):
            object.__setattr__(self, "warnings", tuple(self.warnings))
        problems = cohort_problems(self.participants)
        if problems:
            raise ValidationError(problems, what="cohort")
        object.__setattr__(self, "_by_id", {p.id: p for p in self.participants})

    def __len__(self) -> int:
        return len(self.participants)

    def __iter__(self) -> Iterator[Participant]:
        return iter(self.participants)

    def __getitem__(self, participant_id: str) -> Participant:
        return self._by_id[participant_id]

    def __contains__(self, participant_id: object) -> bool:
        return isinstance(participant_id, str) and participant_id in self._by_id

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.participants)

    def find(self, participant_id: str) -> str | None:
        """The cohort's own spelling of an id given in any letter case or composition, or None.

        Ids are distinct ignoring case and composition (the cohort refuses two that are not),
        so at most one matches.
        """
        if participant_id in self._by_id:
            return participant_id
        key = id_key(participant_id)
        return next((p.id for p in self.participants if id_key(p.id) == key), None)

    def did_you_mean(self, participant_id: str) -> str:
        """``"; did you mean 'X'?"`` for the cohort's id closest to an unknown one, or ``""``."""
        close = difflib.get_close_matches(participant_id, self.ids, n=1, cutoff=0.5)
        return f"; did you mean {close[0]!r}?" if close else ""

    def without(self, ids: str | Iterable[str]) -> Cohort:
        """A new cohort without these participants (a drop-out), in the same order otherwise.

        Ids match ignoring letter case and Unicode composition. Others' wishes and
        exclusions that name a removed person are dropped, each removal said in
        ``notes``, so the smaller cohort builds and nothing about it is silent.

        Raises
        ------
        ValidationError
            Listing every id the cohort does not have.
        """
        given = (ids,) if isinstance(ids, str) else tuple(ids)
        problems: list[Problem] = []
        removed: dict[str, None] = {}
        for raw in given:
            found = self.find(raw) if isinstance(raw, str) else None
            if found is None:
                problems.append(Problem(f"no such participant in the cohort{self.did_you_mean(str(raw))}",
                                        participant=str(raw), field="ids"))
            else:
                removed[found] = None
        if problems:
            raise ValidationError(problems, what="participants to remove")
        named: dict[str, dict[str, list[str]]] = {pid: {"wishes": [], "exclusions": []} for pid in removed}
        kept: list[Participant] = []
        for p in self.participants:
            if p.id in removed:
                continue
            changes: dict[str, tuple[str, ...]] = {}
            for name in ("wishes", "exclusions"):
                refs: tuple[str, ...] = getattr(p, name)
                if any(ref in removed for ref in refs):
                    changes[name] = tuple(ref for ref in refs if ref not in removed)
                    for ref in refs:
                        if ref in removed:
                            named[ref][name].append(p.id)
            kept.append(replace(p, **changes) if changes else p)  # type: ignore[arg-type]
        notes = [_removal_note(pid, named[pid]) for pid in removed]
        return Cohort(tuple(kept), notes=(*self.notes, *notes), columns=self.columns,
                      extra_columns=self.extra_columns, warnings=self.warnings)

    def to_pandas(self) -> Any:
        """One row per participant with the canonical columns (plus any extra ones read)."""
        return cohort_to_pandas(self)

    def _repr_html_(self) -> str:
        return cohort_html(self)

    def __repr__(self) -> str:
        counts: dict[str, int] = {}
        for p in self.participants:
            counts[p.role.value] = counts.get(p.role.value, 0) + 1
        parts = ", ".join(f"{counts[r.value]} {r.value}" for r in Role if r.value in counts)
        noun = "participant" if len(self) == 1 else "participants"
        return f"Cohort({len(self)} {noun}: {parts or 'none'})"


def _removal_note(participant_id: str, named: dict[str, list[str]]) -> str:
    parts = []
    for name, noun in (("wishes", "wishes"), ("exclusions", "exclusions")):
        who = named[name]
        if who:
            people = "participant" if len(who) == 1 else "participants"
            parts.append(f"their name was dropped from the {noun} of {len(who)} {people}: {', '.join(who)}")
    return f"removed {participant_id!r}" + (f"; {'; '.join(parts)}" if parts else "; nobody named them")
