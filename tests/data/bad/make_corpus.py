"""Writes the bad-input corpus next to this script, and its manifest expected.json.

Run ``python tests/data/bad/make_corpus.py`` from the repository root; the
outputs are committed. The writing is reproducible byte for byte: CSV files
are built as bytes (so their encodings, byte order marks and line endings are
exactly what the case needs), and workbooks are written by the small .xlsx
writer below with fixed zip timestamps, because openpyxl stamps the time of
saving into every file and cannot store a formula's saved result.

Each case is one file and one expectation:

- ``{"error": [[row, participant, field, substring], ...]}``: reading raises
  one ValidationError whose problems are exactly these, in this order, each
  problem's message containing the substring;
- ``{"accepted": true, "notes": [substring, ...]}``: reading succeeds and the
  cohort's notes are exactly as many as the substrings, each note containing
  its substring, in this order.

Two more cases are too big to commit and are written by the tests into a
temporary folder with :func:`many_rows_csv` and :func:`long_goal_csv`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).parent

HEADER = "id,role,organisation,experience_years,goal_areas,goals,offers,languages,meeting_mode,location,capacity,wishes,exclusions"
ROLE_HELP = "must be mentor, mentee, peer or any"
NUMBER = "must be a number of years from 0 to 80"
INTEGER = "must be an integer >= 1"
UTF8 = "read as UTF-8"
COMMA = "delimiter ',' detected"
SEMI = "delimiter ';' detected"


# --------------------------------------------------------------------------- big cases (written by the tests)


def many_rows_csv(n: int) -> bytes:
    """``n`` valid sign-ups, half mentors and half mentees, as UTF-8 CSV bytes."""
    lines = [HEADER]
    for i in range(n):
        role = "mentor" if i % 2 else "mentee"
        lines.append(
            f"P{i:06d},{role},Organisaatio {i % 97},{i % 40},leadership|career_planning,"
            f'"Haluan kehittyä, numero {i}",,fi|en,remote,Oulu,{1 + i % 3},,'
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def long_goal_csv(chars: int) -> bytes:
    """Two sign-ups, the mentee's goal ``chars`` characters long."""
    goal = ("Haluan oppia johtamaan. " * (chars // 24 + 1))[: chars - 1] + "!"
    return f'{HEADER}\nM1,mentor,,,,,,,,,,,\nA1,mentee,,,,"{goal}",,,,,,,\n'.encode()


# --------------------------------------------------------------------------- a minimal, reproducible .xlsx writer


@dataclass(frozen=True)
class Formula:
    """A formula cell; ``result`` is what a spreadsheet program saved for it (None: nothing saved)."""

    text: str
    result: str | float | None = None


@dataclass(frozen=True)
class Error:
    """A cell holding a spreadsheet error value such as #N/A."""

    code: str


_FIXED_TIME = (2025, 1, 1, 0, 0, 0)
_EPOCH = dt.datetime(1899, 12, 30)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_xml(ref: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Formula):
        if value.result is None:
            return f'<c r="{ref}"><f>{escape(value.text)}</f></c>'
        if isinstance(value.result, str):
            return f'<c r="{ref}" t="str"><f>{escape(value.text)}</f><v>{escape(value.result)}</v></c>'
        return f'<c r="{ref}"><f>{escape(value.text)}</f><v>{value.result!r}</v></c>'
    if isinstance(value, Error):
        return f'<c r="{ref}" t="e"><v>{escape(value.code)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        serial = (value - _EPOCH).total_seconds() / 86400
        style = 1 if value.time() == dt.time(0) else 2
        return f'<c r="{ref}" s="{style}"><v>{serial!r}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    text = escape(str(value))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, sheet: str = "Ilmoittautuneet", merged: Sequence[str] = ()) -> bytes:
    """A one-sheet workbook as Excel would open it; row 1 of ``rows`` is spreadsheet row 1."""
    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell_xml(f"{_column_letter(c)}{r}", value) for c, value in enumerate(row))
        sheet_rows.append(f'<row r="{r}">{cells}</row>')
    merges = ""
    if merged:
        merges = f'<mergeCells count="{len(merged)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merged)
        merges += "</mergeCells>"
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {ns} {rel_ns}>'
            f'<sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet {ns}>'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
            '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
            "</styleSheet>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {ns}>'
            f"<sheetData>{''.join(sheet_rows)}</sheetData>{merges}</worksheet>"
        ),
    }
    buffer = io.BytesIO()
    # Stored, not deflated: compressed bytes could differ between zlib builds, and the
    # files must come out the same everywhere.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def lines(*rows: str, end: str = "\n") -> bytes:
    return (end.join(rows) + end).encode("utf-8")


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + b"\x00" * 488

# --------------------------------------------------------------------------- the cases

CASES: dict[str, tuple[bytes, dict[str, Any]]] = {}


def case(name: str, data: bytes, **expected: Any) -> None:
    assert name not in CASES, name
    CASES[name] = (data, expected)


def error(*problems: tuple[int | None, str | None, str | None, str]) -> dict[str, Any]:
    return {"error": [list(p) for p in problems]}


def accepted(*notes: str) -> dict[str, Any]:
    return {"accepted": True, "notes": list(notes)}


# --- delimiters

case(
    "delimiter_mix_rows.csv",
    lines(
        "id;role;organisation;goals",
        "M1;mentor;Kaupunki Oy;Johtaminen",
        "A1,mentee,Start-up Oy,Haluan oppia",
        "A2;mentee;Säätiö ry;Verkostot",
        "A3,mentee,Yliopisto,Ura",
    ),
    **error(
        (3, "A1", None, "it looks separated by ',' while the rest of the file uses ';'"),
        (5, "A3", None, "it looks separated by ',' while the rest of the file uses ';'"),
    ),
)
case(
    "delimiter_header_comma_data_semicolon.csv",
    lines("id,role,organisation", "M1;mentor;Kaupunki Oy", "A1;mentee;Start-up Oy"),
    **error(
        (2, "M1", None, "has 1 cell but the header has 3 columns; it looks separated by ';'"),
        (3, "A1", None, "has 1 cell but the header has 3 columns; it looks separated by ';'"),
    ),
)
case(
    "delimiter_tab_file_with_semicolon_row.tsv",
    lines("id\trole\tgoals", "M1\tmentor\tJohtaminen", "A1;mentee;Haluan oppia"),
    **error((3, "A1", None, "it looks separated by ';' while the rest of the file uses tab")),
)

# --- quoting

case(
    "quote_unclosed.csv",
    lines("id,role,goals", 'M1,mentor,"Johtaminen"', 'A1,mentee,"Haluan oppia', "A2,mentee,Verkostot"),
    **error((3, None, None, "broken quoting: unexpected end of data (the row starts on line 3)")),
)
case(
    "quote_text_after_closing.csv",
    lines("id;role;goals", 'M1;mentor;"Johtaminen"', 'A1;mentee;"Haluan" oppia'),
    **error((3, None, None, "broken quoting: ';' expected after '\"' (the row starts on line 3)")),
)
case(
    "quote_inside_unquoted_cell.csv",
    lines("id,role,goals", 'M1,mentor,Hän sanoi "kyllä" heti', "A1,mentee,Haluan oppia"),
    **accepted(UTF8, COMMA),
)

# --- byte order marks in the middle, joined files

BOM = "\ufeff"
case(
    "bom_in_middle_joined_files.csv",
    lines(f"{BOM}id,role,organisation", "M1,mentor,Kaupunki Oy", f"{BOM}id,role,organisation", "A1,mentee,Start-up Oy"),
    **accepted(
        "read as UTF-8 (with byte order mark)",
        COMMA,
        "removed the invisible byte order mark U+FEFF from 1 cell (id: row 3); were two files joined together?",
        "skipped 1 repeated header row (row 3); were files joined together?",
    ),
)
case(
    "bom_in_middle_different_columns.csv",
    lines(f"{BOM}id,role,organisation", "M1,mentor,Kaupunki Oy", f"{BOM}role,id,organisation", "mentee,A1,Start-up Oy"),
    **error(
        (3, None, None, "is a second header row whose columns differ from the header on row 1: column 1 is 'role'"),
        (4, "mentee", "role", "got 'A1'"),
    ),
)
case(
    "bom_before_an_id.csv",
    lines("id,role,wishes", "M1,mentor,", f"{BOM}A1,mentee,M1", "A2,mentee,"),
    **accepted(UTF8, COMMA, "removed the invisible byte order mark U+FEFF from 1 cell (id: row 3)"),
)

# --- encodings

case(
    "mixed_encodings_one_row.csv",
    lines("id,role,organisation,location", "M1,mentor,Yliopisto Jyväskylä,Jyväskylä")
    + b"A1,mentee,Yliopisto Jyv\xe4skyl\xe4,Jyv\xe4skyl\xe4\n"
    + lines("A2,mentee,Åbo Akademi,Turku"),
    **error(
        (3, "A1", "organisation", "is not UTF-8 text like the rest of the file (byte 0xe4); read as cp1252 it would be 'Yliopisto Jyväskylä'"),
        (3, "A1", "location", "read as cp1252 it would be 'Jyväskylä'"),
    ),
)
case(
    "mixed_encodings_with_bom.csv",
    b"\xef\xbb\xbf"
    + lines("tunniste;rooli;tavoitteet;Sähköposti", "M1;mentori;Johtaminen;m1@example.fi")
    + b"A1;aktori;Ty\xf6el\xe4m\xe4\xe4n;a1@example.fi\n"
    + b"A\xc42;aktori;Verkostot;\n"
    + b"A3;aktori;Ura;k\xe4ytt\xe4j\xe4@example.fi\n",
    **error(
        (3, "A1", "goals", "(byte 0xf6); read as cp1252 it would be 'Työelämään'"),
        (4, "A\udcc42", "id", "read as cp1252 it would be 'AÄ2'"),
        (5, "A3", "email", "read as cp1252 it would be 'käyttäjä@example.fi'"),
    ),
)
case(
    "cp1252_with_undefined_byte.csv",
    b"id,role,organisation\nM1,mentor,Jyv\xe4skyl\xe4\nA1,mentee,Oy \x81\n",
    **error((None, None, None, "cannot be read as UTF-8 or cp1252 text (byte 0x81 on line 3)")),
)
case(
    "utf16_without_bom.csv",
    "id,role\nM1,mentor\nA1,mentee\n".encode("utf-16-le"),
    **error((None, None, None, "contains NUL bytes (the first on line 1): it is UTF-16 text without a byte order mark")),
)
case(
    "utf16_with_bom.csv",
    "id\trole\tgoals\nM1\tmentor\tJohtaminen\nA1\tmentee\tTyöelämä\n".encode("utf-16"),
    **accepted("read as UTF-16", "delimiter tab detected"),
)
case(
    "workbook_saved_as_csv.csv",
    xlsx_bytes([["id", "role"], ["M1", "mentor"]]),
    **error((None, None, None, "is an Excel .xlsx workbook (or another zip file), not CSV text")),
)
case(
    "old_xls_saved_as_csv.csv",
    OLE_HEADER,
    **error((None, None, None, "is an old Excel .xls workbook or a password-protected file, not CSV text")),
)

# --- ids: case, white space, Unicode

case(
    "duplicate_ids_case.csv",
    lines("id,role", "Anna,mentor", "anna,mentee", "ANNA,mentee", "M1,mentor", "m1,mentee"),
    **error(
        (3, "anna", "id", "differs from 'Anna' (row 2) only by letter case"),
        (4, "ANNA", "id", "differs from 'Anna' (row 2) only by letter case"),
        (6, "m1", "id", "differs from 'M1' (row 5) only by letter case"),
    ),
)
case(
    "duplicate_ids_whitespace.csv",
    lines(
        "id,role",
        "M1,mentor",
        '" M1 ",mentee',
        "Anna Virtanen,mentor",
        "Anna  Virtanen,mentee",
        "Aino\u00a0Aalto,mentee",
        "Aino Aalto,mentor",
    ),
    **error(
        (3, "M1", "id", "duplicate id; also used on row 2"),
        (5, "Anna Virtanen", "id", "'Anna Virtanen' there and 'Anna  Virtanen' here"),
        (7, "Aino Aalto", "id", "'Aino\\xa0Aalto' there and 'Aino Aalto' here"),
    ),
)
case(
    "ids_nfc_nfd_collision.csv",
    lines("id,role", "\u00c41,mentor", "A\u03081,mentee", "\u00d6ljy,mentee", "O\u0308ljy,mentor"),
    **error(
        (3, "\u00c41", "id", "code points '\\xc41' and 'A\\u03081') are the same id once Unicode composition (NFC)"),
        (5, "\u00d6ljy", "id", "code points '\\xd6ljy' and 'O\\u0308ljy')"),
    ),
)
case(
    "ids_nfd_accepted.csv",
    lines(
        "id,role,organisation,wishes",
        "A\u0308ij\u00e4,mentor,Yliopisto Jyva\u0308skyla\u0308,",
        "B1,mentee,Yliopisto Jyväskylä,\u00c4ij\u00e4",
        "B2,mentee,,A\u0308ija\u0308",
    ),
    **accepted(
        UTF8,
        COMMA,
        "Unicode: rewrote 3 cells in composed form (NFC), so that letters such as 'Ä' compare equal however they "
        "were typed (id: row 2; organisation: row 2; wishes: row 4)",
    ),
)
case(
    "ids_invisible_characters.csv",
    lines(
        "id,role,wishes,exclusions",
        "M\u200b1,mentor,,",
        "Aino\u00a0Aalto,mentee,M1,",
        "Eino\u2060Esa,mentee,,M\u200b1",
        "V1,peer,,Aino   Aalto",
    ),
    **accepted(
        UTF8,
        COMMA,
        "ids: removed invisible characters or extra white space: read 'M\\u200b1' as 'M1' (id, row 2), "
        "'Aino\\xa0Aalto' as 'Aino Aalto' (id, row 3), 'Eino\\u2060Esa' as 'EinoEsa' (id, row 4), "
        "'M\\u200b1' as 'M1' (exclusions, row 4), 'Aino   Aalto' as 'Aino Aalto' (exclusions, row 5)",
    ),
)
case(
    "ids_invisible_unknown_reference.csv",
    lines("id,role,exclusions", "M1,mentor,", "A1,mentee,M 1"),
    **error((3, "A1", "exclusions", "names unknown participant 'M 1'")),
)

# --- empty rows, title rows, header rows

case(
    "empty_rows.csv",
    lines("", "id;role;goals", "M1;mentor;Johtaminen", "", ";;", "  ;  ; ", "A1;mentee;Ura", "", end="\r\n"),
    **accepted(UTF8, SEMI, "skipped 4 empty rows (rows 4, 5, 6, 8)"),
)
case(
    "empty_rows_only.csv",
    lines("id,role,goals", ",,", "", " , , "),
    **error((None, None, None, "no participants")),
)
case("empty_file.csv", b"", **error((None, None, None, "no participants")))
case("header_only.csv", lines("tunniste;rooli"), **error((None, None, None, "no participants")))
case(
    "merged_header_title_row.csv",
    lines(
        "Osallistuja,,Tausta,,Toiveet,",
        "tunniste,rooli,organisaatio,kokemus_vuosina,toiveet,poissulut",
        "M1,mentori,Kaupunki Oy,12,,",
        "A1,aktori,Start-up Oy,1,M1,",
    ),
    **accepted(
        UTF8,
        COMMA,
        "row 1 ('Osallistuja', 'Tausta', 'Toiveet') is a title row above the header on row 2; it was not read as data",
        "columns: read 'tunniste' as 'id', 'rooli' as 'role'",
        "role: read 'mentori' as 'mentor' (1 row), 'aktori' as 'mentee' (1 row)",
    ),
)
case(
    "two_header_rows_fi_en.csv",
    lines("tunniste;rooli;organisaatio", "id;role;organisation", "M1;mentori;Kaupunki Oy", "A1;aktori;Start-up Oy"),
    **accepted(
        UTF8,
        SEMI,
        "columns: read 'tunniste' as 'id', 'rooli' as 'role', 'organisaatio' as 'organisation'",
        "role: read 'mentori' as 'mentor' (1 row), 'aktori' as 'mentee' (1 row)",
        "skipped 1 repeated header row (row 2)",
    ),
)
case(
    "title_row_without_header.csv",
    lines("Kevät 2025 ilmoittautuneet,,", "M1,mentor,Kaupunki Oy", "A1,mentee,Start-up Oy"),
    **error(
        (None, None, None, "column 2 has values but no header"),
        (None, None, None, "column 3 has values but no header"),
        (None, None, "id", "required column is missing; name it 'id' (or 'tunniste')"),
        (None, None, "role", "required column is missing; name it 'role' (or 'rooli')"),
    ),
)
case(
    "excel_sep_line.csv",
    lines("sep=;", "id;role;goals", "M1;mentor;Johtaminen, viestintä", "A1;mentee;Ura", end="\r\n"),
    **accepted(UTF8, "delimiter ';' taken from the 'sep=' line"),
)

# --- numbers

case(
    "thousand_separators.csv",
    lines(
        "id;role;kokemus_vuosina;kapasiteetti",
        "M1;mentori;12;1,000",
        "M2;mentori;1 000;2.000",
        "M3;mentori;5;1 000",
        "M4;mentori;2\u202f500;1",
        "A1;aktori;1;",
    ),
    **error(
        (2, "M1", "capacity", "is ambiguous: '1,000' could be 1 or 1000 (a thousands separator)"),
        (3, "M2", "experience_years", f"{NUMBER}, got '1 000'"),
        (3, "M2", "capacity", "is ambiguous: '2.000' could be 2 or 2000"),
        (4, "M3", "capacity", f"{INTEGER}, got '1 000'"),
        (5, "M4", "experience_years", f"{NUMBER}, got '2\\u202f500'"),
    ),
)
case(
    "decimal_commas.csv",
    lines(
        "tunniste;rooli;kokemus_vuosina;kapasiteetti",
        "M1;mentori;12,5;2,0",
        "M2;mentori;3;1",
        "A1;aktori;0,5;",
        "A2;aktori;1,25;",
        end="\r\n",
    ),
    **accepted(
        UTF8,
        SEMI,
        "columns: read 'tunniste' as 'id', 'rooli' as 'role', 'kokemus_vuosina' as 'experience_years', "
        "'kapasiteetti' as 'capacity'",
        "role: read 'mentori' as 'mentor' (2 rows), 'aktori' as 'mentee' (2 rows)",
        "experience_years: read a decimal comma as a decimal point (rows 2, 4, 5)",
        "capacity: read a decimal comma as a decimal point (row 2)",
    ),
)
case(
    "decimal_comma_unquoted.csv",
    lines("id,role,experience_years,capacity", "M1,mentor,12,5,2", 'M2,mentor,"3,5",1', "A1,mentee,0,5,1"),
    **error(
        (2, "M1", None, "has 5 cells but the header has 4 columns; a decimal comma as in 3,5 splits a number in two"),
        (4, "A1", None, "has 5 cells but the header has 4 columns; a decimal comma"),
    ),
)
case(
    "dates_in_numbers.csv",
    lines(
        "id;role;experience_years;capacity",
        "M1;mentor;2019-05-01;2",
        "M2;mentor;3.5.2024;2024-01-01",
        "M3;mentor;1.2.;1",
        "A1;mentee;5.3.;",
    ),
    **error(
        (2, "M1", "experience_years", f"{NUMBER}, got '2019-05-01'"),
        (3, "M2", "experience_years", f"{NUMBER}, got '3.5.2024'"),
        (3, "M2", "capacity", f"{INTEGER}, got '2024-01-01'"),
        (4, "M3", "experience_years", f"{NUMBER}, got '1.2.'"),
        (5, "A1", "experience_years", f"{NUMBER}, got '5.3.'"),
    ),
)
case(
    "capacity_zero.csv",
    lines("id,role,capacity", "M1,mentor,0", "M2,mentor,-1", "M3,mentor,0.5", "M4,mentor,ei", "M5,mentor,1", "A1,mentee,"),
    **error(
        (2, "M1", "capacity", f"{INTEGER}, got '0'"),
        (3, "M2", "capacity", f"{INTEGER}, got '-1'"),
        (4, "M3", "capacity", f"{INTEGER}, got '0.5'"),
        (5, "M4", "capacity", f"{INTEGER}, got 'ei'"),
    ),
)

# --- wishes and exclusions

case(
    "wish_naming_oneself.csv",
    lines("id,role,wishes,exclusions", "M1,mentor,M1,", "A1,mentee,,A1", "A2,mentee,M1|A2,"),
    **error(
        (2, "M1", "wishes", "names the participant themself"),
        (3, "A1", "exclusions", "names the participant themself"),
        (4, "A2", "wishes", "names the participant themself"),
    ),
)
case(
    "wish_and_exclusion_same_person.csv",
    lines("id,role,wishes,exclusions", "M1,mentor,,", "M2,mentor,,", "A1,mentee,M1|M2,M2"),
    **error((4, "A1", "exclusions", "names 'M2', who is also wished for")),
)
case(
    "wish_contradicts_exclusion.csv",
    lines(
        "id,role,wishes,exclusions",
        "M1,mentor,,A1",
        "M2,mentor,,A2",
        "A1,mentee,M1,",
        "A2,mentee,,M2",
        "A3,mentee,M2,",
    ),
    **accepted(UTF8, COMMA, "wishes: 1 wish names someone who excludes the wisher; the exclusion wins ('A1' wishes for 'M1')"),
)
case(
    "unknown_references.csv",
    lines("id,role,wishes,exclusions", "M1,mentor,,", "A1,mentee,m1|X9,Y"),
    **error(
        # 'm1' names 'M1': references are compared without case (issue 15).
        (3, "A1", "wishes", "names unknown participant 'X9'"),
        (3, "A1", "exclusions", "names unknown participant 'Y'"),
    ),
)

# --- cohorts that cannot pair

case(
    "mentor_only.csv",
    lines("id,role,capacity", "M1,mentor,2", "M2,mentor,1", "M3,mentori,"),
    **accepted(
        UTF8,
        COMMA,
        "role: read 'mentori' as 'mentor' (1 row)",
        "no pairs are possible whatever the rules: nobody can be a mentee (role 'mentee' or 'any') and nobody can "
        "be paired as a peer (role 'peer' or 'any'), so everybody will be left unmatched",
    ),
)
case(
    "mentee_only.csv",
    lines("id,role", "A1,mentee", "A2,aktori", "P1,peer"),
    **accepted(
        UTF8,
        COMMA,
        "role: read 'aktori' as 'mentee' (1 row)",
        "no pairs are possible whatever the rules: nobody can be a mentor (role 'mentor' or 'any') and only 'P1' "
        "can be paired as a peer",
    ),
)
case(
    "single_participant.csv",
    lines("id,role", "X1,any"),
    **accepted(UTF8, COMMA, "no pairs are possible whatever the rules: only 'X1' can be a mentor or a mentee and only "
               "'X1' can be paired as a peer"),
)
case(
    "peers_only.csv",
    lines("id,role", "P1,peer", "P2,vertainen"),
    **accepted(UTF8, COMMA, "role: read 'vertainen' as 'peer' (1 row)"),
)

# --- what participants wrote: formulas, HTML, emoji, right-to-left

case(
    "formulas_in_cells.csv",
    lines(
        "id,role,organisation,goals,offers,Puhelin",
        'M1,mentor,=1+1,"=HYPERLINK(""http://example.com/x"",""Klikkaa"")",@SUM(A1:A9),+358 40 123 4567',
        'A1,mentee,Yliopisto,"-Ura, -verkostot",=cmd|\' /C calc\'!A0,',
        '=A1,mentee,,,,',
    ),
    **accepted(
        UTF8,
        COMMA,
        "organisation: 1 cell starts with '=' or '@'",
        "goals: 1 cell starts with '=' or '@'",
        "offers: 2 cells start with '=' or '@', which a spreadsheet would run as a formula; kept as text; "
        "workbooks store them as text cells and CSV exports with a leading apostrophe (participants 'M1', 'A1')",
        "id: 1 cell starts with '=' or '@', which a spreadsheet would run as a formula; kept as text; workbooks "
        "store them as text cells and CSV exports with a leading apostrophe (participant '=A1')",
    ),
)
case(
    "html_in_cells.csv",
    lines(
        "id,role,organisation,goals,offers",
        'M1,mentor,<b>Kaupunki</b> Oy,"<script>alert(\'x\')</script>",<img src=x onerror=alert(1)>',
        'A1,mentee,"Start-up &amp; Oy","<a href=""javascript:alert(1)"">ura</a>",</td></tr>',
    ),
    **accepted(UTF8, COMMA),
)
case(
    "emoji_and_right_to_left.csv",
    lines(
        "id,role,organisation,goals,offers,languages,wishes",
        "🦊-1,mentor,شركة الأمل,أريد أن أتعلم القيادة 🚀,\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd,ar|fi,",
        "👩‍💻,mentee,\u200fמרכז\u200f,Haluan oppia ohjelmoimaan 👩🏽‍💻 ja johtamaan,,arabia|suomi,🦊-1",
        "A\u200d1,mentee,Yliopisto 🎓,مرحبا mixed עברית text,,fi,",
    ),
    **accepted(UTF8, COMMA, "languages: read 'arabia' as 'ar' (1 row), 'suomi' as 'fi' (1 row)"),
)

# --- other mistakes

case(
    "goal_over_cell_limit.csv",
    long_goal_csv(32_768),
    **error((3, "A1", "goals", "is 32,768 characters long; a cell may hold at most 32,767")),
)
case(
    "unknown_values.csv",
    lines("id,role,meeting_mode", "M1,boss,remote", "A1,mentee,sometimes", "A2,,online"),
    **error(
        (2, "M1", "role", f"{ROLE_HELP} (in Finnish"),
        (3, "A1", "meeting_mode", "must be in_person, remote or either"),
        (4, "A2", "role", "got ''"),
    ),
)
case(
    "missing_required_columns.csv",
    lines("name,organisation,capacity", "Anna,Kaupunki Oy,0"),
    **error(
        (None, None, "id", "required column is missing; name it 'id' (or 'tunniste')"),
        (None, None, "role", "required column is missing; name it 'role' (or 'rooli')"),
        (2, None, "capacity", f"{INTEGER}, got '0'"),
    ),
)
case(
    "typo_and_twice_given_columns.csv",
    lines("id,role,Organsation,kapasitetti,org,organization", "M1,mentor,x,1,a,b"),
    **error(
        (None, None, "Organsation", "unknown column 'Organsation'; did you mean 'organisation'?"),
        (None, None, "kapasitetti", "did you mean 'kapasiteetti'?"),
        (None, None, "organisation", "given by two columns, 'org' and 'organization'"),
    ),
)
case(
    "ragged_rows.csv",
    lines("id;role;capacity", "M1;mentor", "M2;mentor;1;x", "M3;mentor;1;;", "A1;mentee;"),
    **error(
        (2, "M1", None, "has 2 cells but the header has 3 columns"),
        (3, "M2", None, "has 4 cells but the header has 3 columns"),
    ),
)
case(
    "many_problems_one_error.csv",
    lines(
        "id,role,organsation,experience_years,capacity,wishes,Name",
        "M1,mentor,,5,2,,Ann",
        "M1,mentor,,3,1,,Bob",
        "m1,mentee,,1,,M1,Cat",
        "A1,mentorr,,2,,,Dan",
        "A2,mentee,,3 years,,,Eve",
        "M7,mentor,,10,0,,Fay",
        "A3,mentee,,1,,Nobody,Gus",
        ",mentee,,1,,,Hal",
        "A4,mentee,,1,,",
    ),
    **error(
        (None, None, "organsation", "did you mean 'organisation'?"),
        (3, "M1", "id", "duplicate id; also used on row 2"),
        (4, "m1", "id", "only by letter case"),
        (5, "A1", "role", "got 'mentorr'"),
        (6, "A2", "experience_years", "got '3 years'"),
        (7, "M7", "capacity", "got '0'"),
        (8, "A3", "wishes", "names unknown participant 'Nobody'"),
        (9, None, "id", "must not be empty"),
        (10, "A4", None, "has 6 cells but the header has 7 columns"),
    ),
)

# --- workbooks

XHEAD = ["id", "role", "organisation", "experience_years", "goals", "capacity", "wishes"]

case(
    "xlsx_merged_title_row.xlsx",
    xlsx_bytes(
        [
            ["Osallistuja", None, "Tausta", None, "Tavoitteet"],
            ["tunniste", "rooli", "organisaatio", "kokemus_vuosina", "tavoitteet"],
            ["M1", "mentori", "Kaupunki Oy", 12, None],
            ["A1", "aktori", "Start-up Oy", 1.5, "Haluan oppia johtamaan"],
        ],
        merged=["A1:B1", "C1:D1"],
    ),
    **accepted(
        "read sheet 'Ilmoittautuneet'",
        "row 1 ('Osallistuja', 'Tausta', 'Tavoitteet') is a title row above the header on row 2",
        "columns: read 'tunniste' as 'id', 'rooli' as 'role', 'organisaatio' as 'organisation', "
        "'kokemus_vuosina' as 'experience_years', 'tavoitteet' as 'goals'",
        "role: read 'mentori' as 'mentor' (1 row), 'aktori' as 'mentee' (1 row)",
    ),
)
case(
    "xlsx_formulas_with_saved_results.xlsx",
    xlsx_bytes(
        [
            XHEAD,
            [Formula('"M"&1', "M1"), "mentor", "Kaupunki Oy", Formula("10+2", 12), None, 2, None],
            ["A1", "mentee", None, 1, Formula('HYPERLINK("http://example.com","Klikkaa tästä")', "Klikkaa tästä"),
             None, Formula("A2", "M1")],
        ]
    ),
    **accepted("read sheet 'Ilmoittautuneet'", "read the saved result of 4 cells holding a formula (rows 2, 3)"),
)
case(
    "xlsx_formulas_without_saved_results.xlsx",
    xlsx_bytes(
        [
            XHEAD,
            ["M1", "mentor", Formula("1+1"), 12, None, 2, None],
            ["A1", "mentee", None, 1, Formula('HYPERLINK("http://example.com","Klikkaa")'), None, None],
        ]
    ),
    **accepted(
        "read sheet 'Ilmoittautuneet'",
        "2 cells holding a formula have no saved result (the workbook was not saved by a spreadsheet program); "
        "read the formula itself as text (rows 2, 3)",
        "organisation: 1 cell starts with '=' or '@'",
        "goals: 1 cell starts with '=' or '@'",
    ),
)
case(
    "xlsx_formula_without_result_in_number.xlsx",
    xlsx_bytes([XHEAD, ["M1", "mentor", None, Formula("10+2"), None, 2, None], ["A1", "mentee"]]),
    **error((2, "M1", "experience_years", f"{NUMBER}, got '=10+2'")),
)
case(
    "xlsx_dates_in_numbers.xlsx",
    xlsx_bytes(
        [
            XHEAD,
            ["M1", "mentor", None, dt.datetime(2025, 5, 3), None, 2, None],
            ["M2", "mentor", None, 4, None, dt.datetime(2025, 1, 2, 9, 30), None],
            ["A1", "mentee", None, 1, None, None, None],
        ]
    ),
    **error(
        (2, "M1", "experience_years", f"{NUMBER}, got '2025-05-03'"),
        (3, "M2", "capacity", f"{INTEGER}, got '2025-01-02 09:30:00'"),
    ),
)
case(
    "xlsx_error_value_in_number.xlsx",
    xlsx_bytes(
        [XHEAD, ["M1", "mentor", None, Error("#VALUE!"), None, Error("#N/A"), None], ["A1", "mentee"]]
    ),
    **error(
        (2, "M1", "experience_years", f"{NUMBER}, got '#VALUE!'"),
        (2, "M1", "capacity", f"{INTEGER}, got '#N/A'"),
    ),
)
case(
    "xlsx_error_value_in_text.xlsx",
    xlsx_bytes([XHEAD, ["M1", "mentor", Error("#REF!"), 3, None, 1, None], ["A1", "mentee"]]),
    **accepted("read sheet 'Ilmoittautuneet'", "cells holding spreadsheet errors ('#REF!') were read as that text (row 2)"),
)
case(
    "xlsx_duplicate_ids.xlsx",
    xlsx_bytes([XHEAD, [101, "mentor"], ["101", "mentee"], ["Anna", "mentor"], ["ANNA", "mentee"], [101.0, "mentee"]]),
    **error(
        (3, "101", "id", "duplicate id; also used on row 2"),
        (5, "ANNA", "id", "differs from 'Anna' (row 4) only by letter case"),
        (6, "101", "id", "duplicate id; also used on row 2"),
    ),
)
case(
    "xlsx_ids_nfc_nfd_collision.xlsx",
    xlsx_bytes([["id", "role"], ["\u00c4ij\u00e4", "mentor"], ["A\u0308ij\u00e4", "mentee"]]),
    **error((3, "\u00c4ij\u00e4", "id", "are the same id once Unicode composition (NFC)")),
)
case(
    "xlsx_capacity_bad.xlsx",
    xlsx_bytes([XHEAD, ["M1", "mentor", None, None, None, 0], ["M2", "mentor", None, None, None, 2.5],
                ["M3", "mentor", None, None, None, True], ["A1", "mentee"]]),
    **error(
        (2, "M1", "capacity", f"{INTEGER}, got '0'"),
        (3, "M2", "capacity", f"{INTEGER}, got '2.5'"),
        (4, "M3", "capacity", f"{INTEGER}, got 'True'"),
    ),
)
case(
    "xlsx_emoji_rtl_html.xlsx",
    xlsx_bytes(
        [
            XHEAD,
            ["🦊", "mentor", "شركة الأمل", 7, "<script>alert(1)</script> 🚀", 1, None],
            ["\u05d0\u05d1", "mentee", "<b>Oy</b>", 1, "\u200fשלום\u200f & <i>hei</i>", None, "🦊"],
        ]
    ),
    **accepted("read sheet 'Ilmoittautuneet'"),
)
case("xlsx_empty_sheet.xlsx", xlsx_bytes([]), **error((None, None, None, "no participants")))
case(
    "xlsx_mentor_only.xlsx",
    xlsx_bytes([["id", "role"], ["M1", "mentor"], ["M2", "mentor"]]),
    **accepted("read sheet 'Ilmoittautuneet'", "no pairs are possible whatever the rules: nobody can be a mentee"),
)
case(
    "xlsx_cell_over_limit.xlsx",
    xlsx_bytes([XHEAD, ["M1", "mentor"], ["A1", "mentee", None, None, "x" * 40_000]]),
    **error((3, "A1", "goals", "is 40,000 characters long; a cell may hold at most 32,767")),
)
case(
    "xlsx_truncated.xlsx",
    xlsx_bytes([["id", "role"], ["M1", "mentor"]])[:300],
    **error((None, None, None, "cannot be read as an Excel .xlsx workbook (BadZipFile")),
)
case(
    "xlsx_that_is_csv.xlsx",
    lines("id,role", "M1,mentor"),
    **error((None, None, None, "cannot be read as an Excel .xlsx workbook (BadZipFile")),
)
case(
    "xlsx_old_format.xls",
    OLE_HEADER,
    **error((None, None, None, "is an old Excel .xls workbook or a password-protected file, which cannot be read")),
)


def write_all(folder: Path = HERE) -> None:
    manifest = {}
    for name, (data, expected) in CASES.items():
        (folder / name).write_bytes(data)
        manifest[name] = expected
    text = json.dumps(manifest, ensure_ascii=True, indent=1, sort_keys=True) + "\n"
    (folder / "expected.json").write_text(text, encoding="ascii", newline="\n")


if __name__ == "__main__":
    write_all()
    print(f"wrote {len(CASES)} files and expected.json to {HERE}")
