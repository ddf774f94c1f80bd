"""The one parser every reader ends in: a table of text cells -> Cohort, every problem collected.

:func:`read_csv`, :func:`read_excel` and :func:`from_pandas` all end in
:func:`table_to_cohort`, which checks every cell and raises a single
:class:`~mentorpair.ValidationError` listing every problem found, each with
its spreadsheet row (the header is row 1), the participant's id and the
canonical field name.

Whatever reading changes beyond stripping white space -- a detected encoding
or delimiter, a column or a value read through an alias, text rewritten in
Unicode's composed form (NFC), invisible characters removed from ids, a title
row or a repeated header row skipped, a decimal comma -- is listed in
:attr:`Cohort.notes`, so that no normalisation is silent. Facts a coordinator
should know about valid input (cells a spreadsheet would run as formulas, a
wish the other side excludes, a cohort where no pair is possible) are noted
there too. docs/input.md describes the format, every normalisation and every
kind of error.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..exceptions import Problem, ValidationError
from ..model.cohort import Cohort, cohort_problems
from ..model.participant import Participant
from ..model.vocab import Role
from .availability import (
    UnreadableAvailability,
    kept_unread,
    unread_warnings,
    with_time_zone,
    zone_warnings,
)
from .cells import (
    MAX_CELL_CHARS,
    NOTED_FORMULA_START,
    CellError,
    UnknownValue,
    answer_key,
    cell_problem,
    parse_cell,
)
from .columns import (
    COLUMN_ALIASES,
    FINNISH_COLUMN,
    REQUIRED,
    header_key,
)
from .doubts import read_warnings, refuse_warnings
from .form_map import NO_MAP, FormMap
from .read_notes import ReadNotes, list_rows, row_ranges
from .references import resolve_references
from .resubmit import Duplicates, check_duplicates, keep_one, timestamp_header

__all__ = ["DELIMITERS", "DELIMITER_NAMES", "Row", "records_to_cohort", "table_to_cohort", "title_row_note"]

#: The delimiters read_csv detects and write_csv writes; a row with the wrong
#: number of cells is explained by them.
DELIMITERS = (";", ",", "\t")
DELIMITER_NAMES = {";": "';'", ",": "','", "\t": "tab"}


@dataclass(frozen=True, slots=True)
class Row:
    """One data row as text cells. ``broken`` is why its cells cannot be trusted;
    ``resplit`` are its cells split at the delimiter it seems to use instead."""

    number: int
    cells: tuple[str, ...]
    broken: str | None = None
    resplit: tuple[str, ...] = ()


@dataclass(slots=True)
class _Columns:
    """Which column index feeds which canonical field, and the extra columns kept as given."""

    fields: dict[str, int] = field(default_factory=dict)
    extras: list[tuple[int, str]] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    # Columns renamed by the caller's columns= map: index -> the field, the column's name from then on.
    mapped: dict[int, str] = field(default_factory=dict)
    # Columns the caller's columns= keeps as extra ones on purpose (mapped to "").
    kept: set[int] = field(default_factory=set)
    # The header of the e-mail column read as the id, when there is no id column.
    email_id: str | None = None


# An answer no alias knows, where it was: (field, the error, row, participant id).
_Unknown = tuple[str, UnknownValue, int, str]


def title_row_note(title: Sequence[str], title_row: int, header_row: int) -> str:
    shown = [cell for cell in title if cell]
    more = ", ..." if len(shown) > 3 else ""
    return (
        f"row {title_row} ({', '.join(map(repr, shown[:3]))}{more}) is a title row above the header "
        f"on row {header_row}; it was not read as data"
    )


def _map_columns(headers: Sequence[str], rows: Sequence[Row], form: FormMap) -> tuple[_Columns, list[Problem]]:
    """Assign each header to a canonical field or keep it as an extra column."""
    columns = _Columns()
    problems: list[Problem] = []
    extra_keys: dict[str, str] = {}
    found: set[str] = set()
    for index, header in enumerate(headers):
        if not header:
            # A column with neither header nor values is just spreadsheet padding.
            if any(index < len(r.cells) and r.cells[index] for r in rows if r.broken is None):
                problems.append(Problem(f"column {index + 1} has values but no header"))
            continue
        problem = cell_problem(header)
        if problem is not None:
            problems.append(Problem(f"the header of column {index + 1} {problem}"))
            continue
        key = header_key(header)
        target = form.columns.get(key)
        if target is not None:
            found.add(key)
        canonical = target or (None if target == "" else COLUMN_ALIASES.get(key))
        if canonical is None:
            # A column the caller keeps (columns= maps it to "") is no typo.
            close = difflib.get_close_matches(key, COLUMN_ALIASES, n=1, cutoff=0.8) if target is None else []
            if close:
                problems.append(Problem(f"unknown column {header!r}; did you mean {close[0]!r}?", field=header))
            elif key in extra_keys:
                problems.append(Problem(f"column appears twice ({extra_keys[key]!r} and {header!r})", field=header))
            else:
                extra_keys[key] = header
                columns.extras.append((index, header))
                if target == "":
                    columns.kept.add(index)
            continue
        if canonical in columns.fields:
            first = headers[columns.fields[canonical]]
            problems.append(Problem(f"given by two columns, {first!r} and {header!r}", field=canonical))
            continue
        columns.fields[canonical] = index
        if target:
            columns.mapped[index] = canonical
        if key != canonical:
            columns.renamed.append(f"{header!r} as {canonical!r}")
    keys = {header_key(h): h for h in headers if h}
    for key, source in form.sources.items():
        if key not in found:
            close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
            hint = f"; did you mean {keys[close[0]]!r}?" if close else ""
            problems.append(Problem(f"columns= names {source!r}, which is not a column of the input{hint}",
                                    field=source))
    if "id" not in columns.fields and "email" in columns.fields:
        # A form without participant codes: the e-mail address is who someone is.
        columns.fields["id"] = columns.fields["email"]
        columns.email_id = headers[columns.fields["email"]]
    for name in REQUIRED:
        if name not in columns.fields:
            problems.append(
                Problem(f"required column is missing; name it {name!r} (or {FINNISH_COLUMN[name]!r})", field=name)
            )
    return columns, problems


def _header_again(
    row: Row, headers: Sequence[str], columns: _Columns, header_row: int, form: FormMap
) -> bool | Problem:
    """Whether a data row is another header row: True when it names the same columns, a
    Problem when it names others (what follows it would be read into the wrong fields)."""
    id_index, role_index = columns.fields.get("id"), columns.fields.get("role")
    if id_index is None or role_index is None or max(id_index, role_index) >= len(row.cells):
        return False
    # A participant's role cell holds a role; a header's holds a column name.
    if form.field_of(row.cells[role_index]) is None or form.field_of(row.cells[id_index]) is None:
        return False
    for index, cell in enumerate(row.cells):
        expected = headers[index] if index < len(headers) else ""
        if cell and (not expected or (form.field_of(cell) or header_key(cell)) != (
            form.field_of(expected) or header_key(expected)
        )):
            return Problem(
                f"is a second header row whose columns differ from the header on row {header_row}: "
                f"column {index + 1} is {cell!r} here but {expected!r} there, so the rows below it would be "
                "read into the wrong fields; were two files with different columns joined together?",
                row=row.number,
            )
    return True


def _row_participant(
    row: Row, columns: _Columns, notes: ReadNotes, form: FormMap, unknown: list[_Unknown]
) -> tuple[Participant | None, Participant | None, list[Problem]]:
    """Parse one row: (participant if the row is clean, stand-in for cross-row checks, problems).

    Answers no alias knows go to ``unknown`` instead, to be reported once per value."""
    id_index = columns.fields.get("id")
    raw_id = row.cells[id_index] if id_index is not None and id_index < len(row.cells) else ""
    pid = notes.identifier("id", row.number, raw_id) if raw_id else ""
    if row.broken is not None and id_index is not None and id_index < len(row.resplit):
        # The row used another delimiter: its id is where the header says, once split that way.
        pid = notes.identifier("id", row.number, unicodedata.normalize("NFC", row.resplit[id_index].strip()))
    if row.broken is not None:
        # Misaligned cells would only produce misleading problems; keep the id for duplicate checks.
        stand_in = Participant(id=pid, role=Role.ANY, row=row.number) if pid else None
        return None, stand_in, [Problem(row.broken, row=row.number, participant=pid or None)]
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    unknowns = False
    # One look at the whole row spares the per-cell checks on the usual short ASCII row.
    joined = "".join(row.cells)
    suspect = not joined.isascii() or len(joined) > MAX_CELL_CHARS
    formula_like = any(start in joined for start in NOTED_FORMULA_START)
    for name, index in columns.fields.items():
        text = row.cells[index]
        if suspect and (problem := cell_problem(text)) is not None:
            problems.append(Problem(problem, row=row.number, participant=pid or None, field=name))
            continue
        if formula_like and pid and text.startswith(NOTED_FORMULA_START):
            notes.formulas.setdefault(name, []).append(pid)
        if name == "id" or (name == "email" and columns.email_id is not None):
            if name == "email":
                values["email"] = pid
            continue
        try:
            values[name] = parse_cell(name, text, row.number, notes, form.answers.get(name))
        except UnknownValue as exc:
            unknown.append((name, exc, row.number, pid))
            unknowns = True
        except CellError as exc:
            problems.append(Problem(str(exc), row=row.number, participant=pid or None, field=name))
    extra = []
    for index, header in columns.extras:
        text = row.cells[index]
        if suspect and (problem := cell_problem(text)) is not None:
            problems.append(Problem(problem, row=row.number, participant=pid or None, field=header))
        elif text:
            if formula_like and pid and text.startswith(NOTED_FORMULA_START):
                notes.formulas.setdefault(header, []).append(pid)
            extra.append((header, text))
    try:
        values["availability"] = with_time_zone(values.get("availability"), values.pop("time_zone", ""))
    except UnreadableAvailability as exc:
        notes.unread_availability.append((row.number, "time_zone", row.cells[columns.fields["time_zone"]], str(exc)))
        values["availability"] = None
    if "availability" in columns.fields:
        # Not lost on the way out: a text not read is written back as it was (io/availability.py).
        zone = row.cells[columns.fields["time_zone"]] if "time_zone" in columns.fields else ""
        extra += kept_unread(values["availability"], row.cells[columns.fields["availability"]], zone)
    first, last = values.pop("first_name", ""), values.pop("last_name", "")
    if (first or last) and not values.get("name"):
        values["name"] = " ".join(part for part in (first, last) if part)
    if id_index is not None and not pid:
        problems.insert(0, Problem("must not be empty", row=row.number, field="id"))
    if not pid:
        return None, None, problems
    try:
        candidate = Participant(**{"role": Role.ANY, **values}, id=pid, row=row.number, extra=tuple(extra))
    except ValidationError as exc:
        problems.extend(exc.problems)
        # The time stamp stays with the stand-in: it decides which of two submissions is kept.
        candidate = Participant(id=pid, role=Role.ANY, row=row.number, extra=tuple(extra))
    clean = not problems and not unknowns and "role" in values
    return (candidate if clean else None), candidate, problems


_DUPLICATE = re.compile(r"duplicate id; also used on row (\d+)")


def _explain_respelled_duplicates(
    problems: list[Problem], respelled: dict[int, str]
) -> list[Problem]:
    """Say why two ids that were written differently count as the same one."""
    out = []
    for p in problems:
        match = _DUPLICATE.fullmatch(p.message) if p.field == "id" and p.row is not None else None
        other = int(match.group(1)) if match else None
        if match and other is not None and (p.row in respelled or other in respelled):
            assert p.row is not None and p.participant is not None
            here, there = respelled.get(p.row, p.participant), respelled.get(other, p.participant)
            # Letters composed differently look the same on screen; their code points show the difference.
            points = "" if (there + here).isascii() else f" (code points {there!a} and {here!a})"
            p = Problem(
                f"duplicate id; also used on row {other}: {there!r} there and {here!r} here{points} are the same "
                "id once Unicode composition (NFC), invisible characters and white space are made alike",
                row=p.row, participant=p.participant, field=p.field,
            )
        out.append(p)
    return out


def _unknown_problems(unknown: Sequence[_Unknown]) -> list[tuple[int, Problem]]:
    """Each unknown answer once, with the rows it is on, and the first of them (to sort by)."""
    groups: dict[tuple[str, str], list[_Unknown]] = {}
    for hit in unknown:
        groups.setdefault((hit[0], answer_key(hit[1].text)), []).append(hit)
    out = []
    for (name, _), hits in groups.items():
        _, exc, row, pid = hits[0]
        if len(hits) == 1:
            out.append((row, Problem(str(exc), row=row, participant=pid or None, field=name)))
            continue
        where = f"on {len(hits)} rows ({row_ranges([h[2] for h in hits])})"
        if not exc.text:
            message = f"is empty {where}; must be {exc.expected}"
        elif exc.suggestion:
            message = f"unknown value {exc.text!r} {where}; did you mean {exc.suggestion!r}?"
        else:
            message = f"unknown value {exc.text!r} {where}; must be {exc.expected}"
        out.append((row, Problem(message, field=name)))
    return out


def _cohort_facts(participants: Sequence[Participant]) -> list[str]:
    """Notes on valid input that will not match as the coordinator may expect."""
    out = []
    by_id = {p.id: p for p in participants}
    clashes = [(p.id, w) for p in participants for w in p.wishes if w in by_id and p.id in by_id[w].exclusions]
    if clashes:
        shown = ", ".join(f"{a!r} wishes for {b!r}" for a, b in clashes[:5])
        more = f" and {len(clashes) - 5} more" if len(clashes) > 5 else ""
        noun = "wish names someone who excludes" if len(clashes) == 1 else "wishes name someone who excludes"
        out.append(f"wishes: {len(clashes)} {noun} the wisher; the exclusion wins ({shown}{more})")
    # Whatever the rules: a mentor gives to a different mentee (either may be 'any'),
    # and two peers (role 'peer' or 'any') may pair with each other.
    givers = [p for p in participants if p.role.can_give]
    receivers = [p for p in participants if p.role.can_receive]
    peers = [p for p in participants if p.role in (Role.PEER, Role.ANY)]
    directed = bool(givers) and bool(receivers) and not (len(givers) == len(receivers) == 1 and givers[0] is receivers[0])
    if not directed and len(peers) < 2:
        if not receivers:
            why = "nobody can be a mentee (role 'mentee' or 'any')"
        elif not givers:
            why = "nobody can be a mentor (role 'mentor' or 'any')"
        else:
            why = f"only {givers[0].id!r} can be a mentor or a mentee"
        if peers:
            why += f" and only {peers[0].id!r} can be paired as a peer"
        else:
            why += " and nobody can be paired as a peer (role 'peer' or 'any')"
        out.append(f"no pairs are possible whatever the rules: {why}, so everybody will be left unmatched")
    return out


def table_to_cohort(
    headers: Sequence[str],
    rows: Sequence[Row],
    notes: Iterable[str] = (),
    early_problems: Iterable[Problem] = (),
    header_row: int = 1,
    form: FormMap = NO_MAP,
    *,
    strict: bool = False,
    duplicates: Duplicates = "error",
) -> Cohort:
    """Check and convert text cells to a Cohort, raising one ValidationError with every problem.

    ``form`` holds the caller's ``columns=`` and ``answers=`` (see :mod:`.form_map`);
    ``duplicates`` says what to do with a repeated submission (see :mod:`.resubmit`);
    ``strict`` refuses the cohort's warnings (see :mod:`.doubts`)."""
    check_duplicates(duplicates)
    notes = list(notes)
    problems = list(early_problems)
    if not any(headers) and not any(any(r.cells) for r in rows):
        raise ValidationError([*problems, Problem("no participants")], what="input")
    read = ReadNotes()
    headers = [read.clean(header, None, index) for index, header in enumerate(headers)]
    rows = [
        row if "".join(row.cells).isascii()
        else Row(row.number, tuple(read.clean(c, row.number, i) for i, c in enumerate(row.cells)), row.broken,
                  row.resplit)
        for row in rows
    ]
    columns, column_problems = _map_columns(headers, rows, form)
    problems.extend(column_problems)
    if columns.renamed:
        notes.append(f"columns: read {', '.join(columns.renamed)}")
    participants: list[Participant] = []
    checked: list[Participant] = []
    blank: list[int] = []
    unknown: list[_Unknown] = []
    for row in rows:
        if not any(row.cells):
            blank.append(row.number)
            continue
        again = _header_again(row, headers, columns, header_row, form)
        if again is True:
            read.header_rows.append(row.number)
            continue
        if isinstance(again, Problem):
            problems.append(again)
            continue
        clean, stand_in, row_problems = _row_participant(row, columns, read, form, unknown)
        problems.extend(row_problems)
        if stand_in is not None:
            checked.append(stand_in)
        if clean is not None:
            participants.append(clean)
    if len(blank) + len(read.header_rows) == len(rows):
        problems.append(Problem("no participants"))
    if columns.email_id is not None:
        notes.append(f"ids: there is no id column, so each participant's e-mail address "
                     f"({columns.email_id!r}) is their id")
    # A repeated submission kept once, then wishes by name or e-mail resolved against those kept.
    kept, duplicate_notes = keep_one(checked, duplicates, timestamp_header([h for _, h in columns.extras]))
    notes.extend(duplicate_notes)
    if len(kept) != len(checked):
        alive = {id(p) for p in kept}
        # A submission replaced by another is not read at all: what was wrong in it no longer matters.
        gone = {p.row for p in checked if id(p) not in alive and p.row is not None}
        ignored = sorted({p.row for p in problems if p.row is not None and p.row in gone}
                         | {hit[2] for hit in unknown if hit[2] in gone})
        if ignored:
            problems = [p for p in problems if p.row not in gone]
            unknown = [hit for hit in unknown if hit[2] not in gone]
            notes.append(f"the problems on {list_rows(ignored)} were not reported: "
                         f"{'that submission was' if len(ignored) == 1 else 'those submissions were'} replaced")
        checked, participants = kept, [p for p in participants if id(p) in alive]
    changed, reference_problems, reference_notes = resolve_references(checked)
    problems.extend(reference_problems)
    checked = [changed.get(id(p), p) for p in checked]
    participants = [changed.get(id(p), p) for p in participants]
    # Stand-ins of faulty rows take part so that duplicates and wishes naming them are judged right.
    id_index = columns.fields.get("id")
    respelled = {row: before for name, row, before, _ in read.ids if name == "id"}
    respelled.update({row: before for (row, index), before in read.changed.items() if row and index == id_index})
    problems.extend(
        Problem(f"{p.message}: submitted twice? duplicates='latest' or 'first' keeps one",
                row=p.row, participant=p.participant, field=p.field)
        if _DUPLICATE.fullmatch(p.message) else p
        for p in _explain_respelled_duplicates(cohort_problems(checked), respelled)
    )
    if problems or unknown:
        # Column problems (no row) first, then top to bottom as the coordinator reads the sheet;
        # an unknown answer on many rows where it first occurs.
        keyed = [((p.row is not None, p.row or 0), p) for p in problems]
        keyed += [((True, first), p) for first, p in _unknown_problems(unknown)]
        keyed.sort(key=lambda item: item[0])
        raise ValidationError([p for _, p in keyed], what="input")
    names = {index: name for name, index in columns.fields.items()} | dict(columns.extras)

    def column_name(index: int) -> str:
        return names.get(index) or f"column {index + 1}"

    notes.extend(read.alias_lines())
    notes.extend(read.cell_lines(column_name))
    if read.header_rows:
        count = len(read.header_rows)
        notes.append(
            f"skipped {count} repeated header row{'s' if count != 1 else ''} ({list_rows(read.header_rows)}); "
            "were files joined together?"
        )
    if blank:
        notes.append(f"skipped {len(blank)} empty row{'s' if len(blank) != 1 else ''} ({list_rows(blank)})")
    notes.extend(read.content_lines())
    notes.extend(reference_notes)
    notes.extend(_cohort_facts(participants))
    read_rows = {p.row for p in participants}
    warnings = read_warnings(columns.extras, [r.cells for r in rows if r.number in read_rows],
                             set(columns.fields), columns.kept, participants)
    warnings += unread_warnings(read.unread_availability, participants)
    warnings += zone_warnings(participants)
    if strict:
        refuse_warnings(warnings)
    return Cohort(
        tuple(participants),
        notes=tuple(dict.fromkeys(notes)),
        warnings=tuple(warnings),
        columns=tuple(columns.mapped.get(index, header) for index, header in enumerate(headers)),
        extra_columns=tuple(header for _, header in columns.extras),
    )


def _broken_row(cells: Sequence[str], width: int, sep: str | None) -> tuple[str, tuple[str, ...]]:
    """Why a row's cells cannot be trusted, with a guess at the cause where one is likely,
    and the row split at the delimiter it seems to use instead (empty when none fits)."""
    count = len(cells)
    message = f"has {count} cell{'s' if count != 1 else ''} but the header has {width} columns"
    if sep is None:
        return message, ()
    joined = sep.join(cells)
    for other in DELIMITERS:
        if other != sep and other in joined and len(joined.split(other)) == width:
            return (
                f"{message}; it looks separated by {DELIMITER_NAMES[other]} while the rest of the file "
                f"uses {DELIMITER_NAMES[sep]}",
                tuple(joined.split(other)),
            )
    if sep == "," and count > width and any(a.isdigit() and b.isdigit() for a, b in zip(cells, cells[1:])):
        return (
            f"{message}; a decimal comma as in 3,5 splits a number in two in a comma-separated file: "
            'write 3.5 or put the number in quotes ("3,5")',
            (),
        )
    return message, ()


def records_to_cohort(
    records: Sequence[Sequence[str]],
    notes: Iterable[str] = (),
    early_problems: Iterable[Problem] = (),
    sep: str | None = None,
    form: FormMap = NO_MAP,
    *,
    strict: bool = False,
    duplicates: Duplicates = "error",
) -> Cohort:
    """Treat the first non-empty record as the header; record i is spreadsheet row i + 1.

    A first record that does not name the required columns, followed by one
    that does, is a title row (merged group headings in a form tool's export)
    and is skipped with a note.
    """
    notes = list(notes)
    filled = [i for i, record in enumerate(records) if any(record)]
    start = filled[0] if filled else len(records)
    if len(filled) > 1 and not form.names_required(records[start]) and form.names_required(records[filled[1]]):
        notes.append(title_row_note(records[start], start + 1, filled[1] + 1))
        start = filled[1]
    headers = list(records[start]) if start < len(records) else []
    rows = []
    for i in range(start + 1, len(records)):
        cells = list(records[i])
        # Trailing delimiters past the header are spreadsheet padding, not data.
        while len(cells) > len(headers) and not cells[-1]:
            cells.pop()
        broken: str | None = None
        resplit: tuple[str, ...] = ()
        if len(cells) != len(headers) and any(cells):
            broken, resplit = _broken_row(cells, len(headers), sep)
        rows.append(Row(i + 1, tuple(cells), broken, resplit))
    return table_to_cohort(headers, rows, notes, early_problems, header_row=start + 1, form=form,
                           strict=strict, duplicates=duplicates)
