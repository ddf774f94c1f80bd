"""The caller's own column and answer names: ``columns=`` and ``answers=`` of every reader.

A form's export names its columns by the questions asked ("Mitä tavoitteita
sinulla on mentoroinnille?") and its answers as the form worded them ("Haluan
mentoriksi"). ``columns`` maps a source header to a field, as
``DataFrame.rename`` would; ``answers`` maps, per field, an answer to the value
it stands for, applied before the built-in aliases. Both are checked here, up
front, with every problem in one :class:`~mentorpair.ValidationError`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..exceptions import Problem, ValidationError
from .cells import CellError, answer_key, cell_text, parse_cell, value_text
from .columns import FIELDS, canonical_field, header_key
from .read_notes import ReadNotes

__all__ = ["NO_MAP", "WHAT", "AnswerMap", "ColumnMap", "FormMap", "field_problem", "form_map"]

#: ``columns=``: source header -> field, as in ``DataFrame.rename`` ("" keeps the column as an extra one).
ColumnMap = Mapping[str, str]
#: ``answers=``: field -> {answer as the form words it: the value it stands for}.
AnswerMap = Mapping[str, Mapping[str, object]]

#: How errors in the maps name them.
WHAT = "columns and answers"


@dataclass(frozen=True, slots=True)
class FormMap:
    """Checked maps. ``columns``: source header in :func:`header_key` form -> field (``""``:
    keep the column as an extra one); ``sources``: the same keys -> the header as the caller
    wrote it; ``answers``: field -> answer in :func:`answer_key` form -> canonical text."""

    columns: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    answers: dict[str, dict[str, str]] = field(default_factory=dict)

    def field_of(self, header: str) -> str | None:
        """The field a header names: the caller's map first, then the built-in spellings."""
        mapped = self.columns.get(header_key(header))
        if mapped is not None:
            return mapped or None
        return canonical_field(header)

    def names_required(self, cells: Sequence[str]) -> bool:
        """Whether these cells would do as a header: they name every required column."""
        found = {self.field_of(cell) for cell in cells if cell}
        return "id" in found and "role" in found


#: The map that changes nothing: every reader without ``columns=`` or ``answers=``.
NO_MAP = FormMap()


def field_problem(name: object, where: str) -> Problem | None:
    """Why ``name`` is not a field a map may name, with a 'did you mean', or None."""
    if isinstance(name, str) and name in FIELDS:
        return None
    text = name if isinstance(name, str) else repr(name)
    guess = canonical_field(text) if isinstance(name, str) else None
    if guess is None:
        close = difflib.get_close_matches(text.casefold(), FIELDS, n=1, cutoff=0.6)
        guess = close[0] if close else None
    hint = f"; did you mean {guess!r}?" if guess else f"; the fields are {', '.join(FIELDS)}"
    return Problem(f"{where} names unknown field {text!r}{hint}", field=text)


def form_map(columns: ColumnMap | None, answers: AnswerMap | None) -> FormMap:
    """Check the caller's maps and put them in the form reading looks them up in."""
    if not columns and not answers:
        return NO_MAP
    problems: list[Problem] = []
    checked = FormMap()
    if columns is not None and not isinstance(columns, Mapping):
        problems.append(Problem(f"must be a mapping of source header to field, got {type(columns).__name__}",
                                field="columns"))
        columns = None
    for source, name in (columns or {}).items():
        if not isinstance(source, str) or not header_key(source):
            problems.append(Problem(f"a source header must be a non-empty text, got {source!r}", field="columns"))
            continue
        if name != "" and (problem := field_problem(name, f"columns[{source!r}]")) is not None:
            problems.append(problem)
            continue
        key = header_key(source)
        if key in checked.sources:
            problems.append(Problem(f"{checked.sources[key]!r} and {source!r} name the same header", field=source))
            continue
        checked.columns[key] = str(name)
        checked.sources[key] = source
    mapped = [f for f in checked.columns.values() if f]
    for twice in sorted({f for f in mapped if mapped.count(f) > 1}):
        sources = [checked.sources[k] for k, f in checked.columns.items() if f == twice]
        problems.append(Problem(f"named for two columns in columns=, {sources[0]!r} and {sources[1]!r}", field=twice))
    if answers is not None and not isinstance(answers, Mapping):
        problems.append(Problem(f"must be a mapping of field to {{answer: value}}, got {type(answers).__name__}",
                                field="answers"))
        answers = None
    for name, table in (answers or {}).items():
        if (problem := field_problem(name, "answers")) is not None:
            problems.append(problem)
            continue
        if name == "id":
            problems.append(Problem("answers cannot rename ids; give the ids as they are", field="id"))
            continue
        if not isinstance(table, Mapping):
            problems.append(Problem(f"must be a mapping of answer to value, got {type(table).__name__}", field=name))
            continue
        checked.answers[name] = _answers(name, table, problems)
    if problems:
        raise ValidationError(problems, what=WHAT)
    return checked


def _answers(name: str, table: Mapping[str, object], problems: list[Problem]) -> dict[str, str]:
    """One field's answers, each value checked by the field's own parser and kept as canonical text."""
    out: dict[str, str] = {}
    for answer, value in table.items():
        if not isinstance(answer, str):
            problems.append(Problem(f"an answer must be a text, got {answer!r}", field=name))
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problems.append(Problem(f"answer {answer!r}: the value must be a text or a number, got {value!r}",
                                    field=name))
            continue
        try:
            parsed = parse_cell(name, cell_text(value), 0, ReadNotes())
        except CellError as exc:
            problems.append(Problem(f"answer {answer!r}: the value {exc}", field=name))
            continue
        key = answer_key(answer)
        if key in out and out[key] != value_text(parsed):
            problems.append(Problem(f"answer {answer!r} is given twice with different values", field=name))
            continue
        out[key] = value_text(parsed)
    return out
