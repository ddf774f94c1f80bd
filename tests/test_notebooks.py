"""The notebooks: committed without outputs, and each runs top to bottom in a fresh kernel.

Running them loads the real sentence-transformers model in each kernel, so
those tests carry the ``model`` mark (``pytest -m "not model"`` leaves them out).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
EXPECTED = ["01_quickstart.ipynb", "02_programme_forms.ipynb", "03_benchmarks.ipynb", "04_decision_loop.ipynb"]

# sentence-transformers imports tqdm.autonotebook, which warns in a kernel without
# ipywidgets; it is not mentorpair's and says nothing about the notebook.
KNOWN_NOISE = ("TqdmWarning: IProgress not found",)

nbformat = pytest.importorskip("nbformat")


def read(name: str) -> Any:
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def test_the_notebooks_are_there() -> None:
    assert set(EXPECTED) <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name: str) -> None:
    book = read(name)
    nbformat.validate(book)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{name}: cell {cell.get('id')} has outputs; clear them before committing"
            assert cell.execution_count is None, f"{name}: cell {cell.get('id')} has an execution count"
        assert not cell.get("attachments"), f"{name}: cell {cell.get('id')} has attachments"
    assert "widgets" not in book.metadata
    assert book.metadata.get("kernelspec", {}).get("name") == "python3"


def outputs_of(book: Any, kind: str) -> list[str]:
    """Every output of the given MIME type (or 'stream' text), in cell order."""
    found = []
    for cell in book.cells:
        for out in cell.get("outputs", []):
            if kind == "stream" and out.get("output_type") == "stream":
                found.append(out.get("text", ""))
            elif kind in out.get("data", {}):
                found.append(str(out["data"][kind]))
    return found


def execute(name: str, tmp_path: Path) -> tuple[Any, float]:
    """Run a notebook in a fresh kernel of this very interpreter (not whatever "python3" a machine has)."""
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (mentorpair tests)", "language": "python",
    }), encoding="utf-8")
    env = {"HF_HUB_OFFLINE": "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
           "JUPYTER_PATH": str(tmp_path / "jupyter")}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    book = read(name)
    client = nbclient.NotebookClient(book, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    started = time.perf_counter()
    try:
        client.execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return book, time.perf_counter() - started


@pytest.mark.model
@pytest.mark.parametrize("name", EXPECTED)
def test_runs_top_to_bottom(name: str, record_property: Any, tmp_path: Path) -> None:
    book, seconds = execute(name, tmp_path)
    record_property("seconds", round(seconds, 1))
    print(f"{name}: {seconds:.1f} s")
    errors = [out for cell in book.cells for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert not errors
    stderr = [out.get("text", "") for cell in book.cells for out in cell.get("outputs", [])
              if out.get("output_type") == "stream" and out.get("name") == "stderr"]
    noise = [s for s in stderr if ("Warning" in s or "Traceback" in s) and not any(k in s for k in KNOWN_NOISE)]
    assert not noise, noise
    html = "\n".join(outputs_of(book, "text/html"))
    text = "\n".join(outputs_of(book, "stream") + outputs_of(book, "text/plain"))
    if name == "04_decision_loop.ipynb":
        assert "Forcing" in text and "kiinnittäminen" in text  # why not, in English and in Finnish
        assert "counterpart_id" in html and "lose_partner" in html  # the alternatives table
        assert "broken" in html and "pairs_in_common" in html  # the diff after a drop-out; the comparison
    elif name == "01_quickstart.ipynb":
        assert 'class="mentorpair-matching"' in html and 'class="mentorpair-cohort"' in html
        assert 'class="mentorpair-programme"' in html
        assert "is mentored by" in text and "pisteet" in text  # explained in English and in Finnish
        assert "is not matched" in text
        assert len(outputs_of(book, "image/png")) == 1, "matching.plot() should show its figure once"
    elif name == "02_programme_forms.ipynb":
        for kind in ("traditional", "reverse", "group", "peer"):
            assert kind in html, kind
        assert "announced pairs kept: True" in text
        assert "INFEASIBLE" in text and "require_all" in text
        assert "These hard rules cannot all hold" in html
        assert "hard wish" in text
    elif name == "03_benchmarks.ipynb":
        assert outputs_of(book, "image/png"), "the benchmark plots showed no figure"
        assert "mentorpair.match" in html
