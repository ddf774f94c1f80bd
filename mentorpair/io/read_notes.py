"""What reading changed or found, gathered while parsing and worded for :attr:`Cohort.notes`.

Whatever reading changes beyond stripping white space is listed in the
cohort's notes, so that no normalisation is silent; the wording helpers here
are shared by every reader.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .cells import NOTED_FORMULA_START

__all__ = ["ReadNotes", "count_cells", "list_rows", "row_ranges"]

# Characters that show as nothing and only make equal-looking ids differ. The
# zero-width joiners U+200C and U+200D are left alone: emoji and scripts need them.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff]")
# "'=' or '@'": the characters a cell noted as a formula starts with.
_STARTS = " or ".join(map(repr, NOTED_FORMULA_START))


@dataclass(slots=True)
class ReadNotes:
    """What reading changed or found, gathered while parsing and reported once per kind.

    ``changed`` maps (row, column index) to a cell's text before NFC or a byte
    order mark was taken out (row ``None`` is the header), so that notes and
    duplicate-id messages can show what was written.
    """

    aliases: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)
    decimal_comma: dict[str, list[int]] = field(default_factory=dict)
    bom: list[tuple[int | None, int]] = field(default_factory=list)
    nfc: list[tuple[int | None, int]] = field(default_factory=list)
    changed: dict[tuple[int | None, int], str] = field(default_factory=dict)
    ids: list[tuple[str, int, str, str]] = field(default_factory=list)
    formulas: dict[str, list[str]] = field(default_factory=dict)
    header_rows: list[int] = field(default_factory=list)
    # Availability texts not read: (row, field, text, why); each is a warning (io/availability.py).
    unread_availability: list[tuple[int, str, str, str]] = field(default_factory=list)

    def add(self, name: str, original: str, canonical: str) -> None:
        per_field = self.aliases.setdefault(name, {})
        key = (original, canonical)
        per_field[key] = per_field.get(key, 0) + 1

    def clean(self, text: str, row: int | None, column: int) -> str:
        """``text`` without byte order marks and in NFC form, each change recorded."""
        if text.isascii():
            return text
        original = text
        if "\ufeff" in text:
            text = text.replace("\ufeff", "").strip()
            self.bom.append((row, column))
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
            self.nfc.append((row, column))
        if text != original:
            self.changed[(row, column)] = original
        return text

    def identifier(self, name: str, row: int, text: str) -> str:
        """An id or a reference to one without invisible characters and with single spaces."""
        if text.isascii() and "  " not in text and "\t" not in text and "\n" not in text:
            return text
        fixed = " ".join(_INVISIBLE.sub("", text).split())
        if fixed != text:
            self.ids.append((name, row, text, fixed))
        return fixed

    def alias_lines(self) -> list[str]:
        out = []
        for name, uses in self.aliases.items():
            parts = [
                f"{'empty' if not original else repr(original)} as {canonical!r} ({_rows(count)})"
                for (original, canonical), count in uses.items()
            ]
            out.append(f"{name}: read {', '.join(parts)}")
        return out

    def cell_lines(self, column_name: Callable[[int], str]) -> list[str]:
        out = []
        if self.bom:
            out.append(
                f"removed the invisible byte order mark U+FEFF from {count_cells(len(self.bom))} "
                f"({_where(self.bom, column_name)}); were two files joined together?"
            )
        if self.nfc:
            out.append(
                f"Unicode: rewrote {count_cells(len(self.nfc))} in composed form (NFC), so that letters such as "
                f"'Ä' compare equal however they were typed ({_where(self.nfc, column_name)})"
            )
        if self.ids:
            shown = ", ".join(f"{before!r} as {after!r} ({name}, row {row})" for name, row, before, after in self.ids[:5])
            more = f" and {len(self.ids) - 5} more" if len(self.ids) > 5 else ""
            out.append(f"ids: removed invisible characters or extra white space: read {shown}{more}")
        for name, rows in self.decimal_comma.items():
            out.append(f"{name}: read a decimal comma as a decimal point ({list_rows(rows)})")
        return out

    def content_lines(self) -> list[str]:
        # Named by participant id, not row, so that the note reads the same after a round trip.
        out = []
        for name, ids in self.formulas.items():
            out.append(
                f"{name}: {count_cells(len(ids))} {'starts' if len(ids) == 1 else 'start'} with {_STARTS}, "
                "which a spreadsheet would run as a formula; kept as text; "
                f"workbooks store them as text cells and CSV exports with a leading apostrophe ({_list_ids(ids)})"
            )
        return out


def count_cells(count: int) -> str:
    return f"{count} cell{'s' if count != 1 else ''}"


def _list_ids(ids: Sequence[str]) -> str:
    shown = ", ".join(map(repr, ids[:10]))
    more = f" and {len(ids) - 10} more" if len(ids) > 10 else ""
    return f"participant{'s' if len(ids) != 1 else ''} {shown}{more}"


def _where(cells: Sequence[tuple[int | None, int]], column_name: Callable[[int], str]) -> str:
    """'Sähköposti: header; id: rows 3, 4' -- the cells grouped by column."""
    by_column: dict[str, list[int | None]] = {}
    for row, column in cells:
        by_column.setdefault(column_name(column), []).append(row)
    parts = []
    for name, rows in by_column.items():
        header = [r for r in rows if r is None]
        numbers = [r for r in rows if r is not None]
        if header:
            parts.append(f"{name}: header")
        if numbers:
            parts.append(f"{name}: {list_rows(numbers)}")
    return "; ".join(parts)


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


def list_rows(numbers: Sequence[int]) -> str:
    shown = ", ".join(map(str, numbers[:10]))
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"row{'s' if len(numbers) != 1 else ''} {shown}{more}"


def row_ranges(numbers: Sequence[int], *, most: int = 12) -> str:
    """Rows as compact ranges, '2–5, 9, 12–20'; past ``most`` ranges, how many rows more."""
    ordered = sorted(set(numbers))
    spans: list[tuple[int, int]] = []
    for n in ordered:
        if spans and n == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], n)
        else:
            spans.append((n, n))
    shown = ", ".join(f"{a}" if a == b else f"{a}\u2013{b}" for a, b in spans[:most])
    if len(spans) > most:
        rest = sum(b - a + 1 for a, b in spans[most:])
        shown += f" and {rest} more"
    return shown
