"""The documentation's code examples run, and the site builds with warnings as errors.

Every fenced ```python block in ``docs/*.md`` is executed, page by page and in
order, in one namespace per page (like a notebook), in a temporary directory
that holds ``applicants.csv`` (the demo cohort) and, when the page has a
```toml block, that block as ``rules.toml``. ``mp.match`` without an explicit
encoder uses a small deterministic stand-in for the text model, so that the
examples stay fast; an example that names an encoder gets that encoder.

A block that cannot run here (it needs a network, a GPU, a file nobody has)
is marked by an HTML comment on the line just before its opening fence::

    <!-- docs-test: skip -->

Blocks in other languages (```bash, ```toml, plain ```) are not run.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import mentorpair as mp
from mentorpair.testing import HashEncoder

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p.name for p in DOCS.glob("*.md"))
SKIP = "<!-- docs-test: skip -->"
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+-]*)[^\n]*$")


def blocks(text: str) -> list[tuple[int, str, str, bool]]:
    """``(line, language, source, skipped)`` for every fenced block of a Markdown page."""
    lines = text.splitlines()
    out = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence, lang = opening["indent"], opening["fence"], opening["lang"].lower()
        skipped = i > 0 and lines[i - 1].strip() == SKIP
        body = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            body.append(lines[j].removeprefix(indent))
            j += 1
        out.append((i + 2, lang, "\n".join(body) + "\n", skipped))
        i = j + 1
    return out


def test_blocks_are_found() -> None:
    page = "text\n\n<!-- docs-test: skip -->\n```python\nx = 1\n```\n\n```python\ny = 2\n```\n```bash\nls\n```\n"
    assert blocks(page) == [(5, "python", "x = 1\n", True), (9, "python", "y = 2\n", False), (12, "bash", "ls\n", False)]


def test_every_page_is_in_the_nav() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in PAGES:
        assert re.search(rf":\s*{re.escape(page)}\s*$", config, re.MULTILINE), f"{page} is not in mkdocs.yml's nav"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory with the files the examples name, and the fast encoder as the default."""
    import mentorpair.pipeline

    mp.write_csv(mp.demo_cohort(), tmp_path / "applicants.csv")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    encoder = HashEncoder()
    monkeypatch.setattr(mentorpair.pipeline, "default_encoder", lambda: encoder)
    return tmp_path


@pytest.mark.parametrize("page", PAGES)
def test_examples_run(page: str, workdir: Path) -> None:
    run_page(page, workdir)


@pytest.mark.model
def test_rule_examples_hold_with_the_real_model(workdir: Path, real_encoder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The rules page states outcomes (who is paired with whom); they hold for readers, who use the real model."""
    import mentorpair.pipeline

    monkeypatch.setattr(mentorpair.pipeline, "default_encoder", lambda: real_encoder)
    run_page("rules.md", workdir)


def run_page(page: str, workdir: Path) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    found = blocks(text)
    for _, lang, source, _ in found:
        if lang == "toml":
            (workdir / "rules.toml").write_text(source, encoding="utf-8")
    runnable = [(line, source) for line, lang, source, skipped in found if lang in ("python", "py") and not skipped]
    if not runnable:
        pytest.skip(f"{page} has no Python examples")
    namespace: dict[str, Any] = {"__name__": f"docs_{page[:-3].replace('-', '_')}"}
    for line, source in runnable:
        # Padded to its place in the page, so that a traceback shows the page's own lines.
        code = compile("\n" * (line - 1) + source, str(DOCS / page), "exec")
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, namespace)  # noqa: S102 - the examples are ours and are meant to run


def test_every_rule_has_an_example() -> None:
    from dataclasses import fields

    rules = (DOCS / "rules.md").read_text(encoding="utf-8")
    headings = " ".join(re.findall(r"^## (.+)$", rules, re.MULTILINE))
    code = "\n".join(source for _, lang, source, _ in blocks(rules) if lang == "python")
    for f in fields(mp.Programme):
        assert f.name in headings, f"docs/rules.md has no section on {f.name}"
        if f.name not in ("seed", "num_workers", "group_size", "group_cohesion_weight", "group_candidates"):
            assert f"{f.name}=" in code, f"docs/rules.md has no example that sets {f.name}"


def test_site_builds_strict(tmp_path: Path) -> None:
    """What ``make docs`` does: warnings (a broken link, a missing page, a bad docstring) fail it."""
    for module in ("mkdocs", "material", "mkdocstrings_handlers.python"):
        pytest.importorskip(module)
    if not (DOCS / "encoders.md").exists():
        pytest.skip("docs/encoders.md, which mkdocs.yml's nav names, is not written yet")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "site" / "api" / "index.html").exists()
