"""`mentorpair demo` prints exactly what it printed before the restructuring (issue 13).

The golden file was recorded from the flat layout; any change to scores, the solve or the
words shows up here as a diff. When a change is meant, re-record it with
``.venv/bin/mentorpair demo > tests/data/golden/demo.txt`` and say why in the commit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorpair.cli import main

GOLDEN = Path(__file__).parent / "data" / "golden" / "demo.txt"


def test_demo_output_is_byte_identical_to_the_golden_file(real_encoder, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["demo"]) in (0, None)
    printed = capsys.readouterr().out
    assert printed == GOLDEN.read_text(encoding="utf-8")
