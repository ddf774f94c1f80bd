"""Shared fixtures: a tiny deterministic encoder, the real model, hypothesis profiles."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings

# The fake encoder lives in the library, so benchmarks and users' own tests share it.
from mentorpair.testing import HashEncoder

settings.register_profile("default", max_examples=60, deadline=None, derandomize=True)
settings.register_profile("deep", max_examples=10_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# Finnish writes decimal commas: "Osat: 0,28 + 0,13 - 0,15 = 0,26."
_PARTS = re.compile(r"(?:Parts|Osat): (-?\d+[.,]\d\d(?: [+-] \d+[.,]\d\d)*) = (-?\d+[.,]\d\d)\.")


def explanation_parts(text: str) -> list[tuple[list[int], int]]:
    """Every "Parts: a + b - c = t." (or "Osat: ..." with decimal commas) in an explanation, in hundredths.

    >>> explanation_parts("... Parts: 0.28 + 0.13 - 0.15 = 0.26.")
    [([28, 13, -15], 26)]
    >>> explanation_parts("... Osat: 0,28 + 0,13 - 0,15 = 0,26.")
    [([28, 13, -15], 26)]
    """
    found = []
    for expression, total in _PARTS.findall(text):
        tokens = expression.replace(",", ".").split(" ")
        total = total.replace(",", ".")
        parts = [round(float(tokens[0]) * 100)]
        for sign, number in zip(tokens[1::2], tokens[2::2]):
            parts.append(round(float(number) * 100) * (1 if sign == "+" else -1))
        found.append((parts, round(float(total) * 100)))
    return found


@pytest.fixture(scope="session", autouse=True)
def _private_embedding_cache(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Tests never write to the user's own embedding cache (~/.cache/mentorpair)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MENTORPAIR_CACHE_DIR", str(tmp_path_factory.mktemp("embedding-cache")))
        yield


@pytest.fixture
def fake_encoder() -> HashEncoder:
    return HashEncoder()


@pytest.fixture(scope="session")
def solve():  # type: ignore[no-untyped-def]
    """``solve(cohort, programme=None)``: the HashEncoder matching of a cohort, solved once per session.

    The one factory the modules' ``matching`` fixtures use, so a cohort and rules shared by
    several test modules are solved once (Cohort and Programme are frozen, so they are keys).
    """
    import mentorpair as mp

    solved: dict[tuple[object, object], mp.Matching] = {}

    def solve(cohort: mp.Cohort, programme: mp.Programme | None = None) -> mp.Matching:
        key = (cohort, programme)
        if key not in solved:
            solved[key] = mp.match(cohort, programme, encoder=HashEncoder())
        return solved[key]

    return solve


@pytest.fixture(scope="session")
def real_encoder(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The default encoder (the real model), loaded once for the whole session.

    Its vector cache goes to a temporary folder, not the user's cache.
    """
    from mentorpair.pipeline import default_encoder

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MENTORPAIR_CACHE_DIR", str(tmp_path_factory.mktemp("encoder-cache")))
        yield default_encoder()


def load_script(name: str, path: Path) -> ModuleType:
    """A data-making script beside the tests (tests/data/*/make_*.py) as a module, loaded once."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
