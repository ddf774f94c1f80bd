"""The real-data paraphrase benchmark's sample and metrics (benchmarks/real_paraphrase.py); no model is loaded."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import real_paraphrase as rp


def test_the_sample_is_what_its_readme_says() -> None:
    rows = rp.load_rows()
    assert all(set(r) == {"label", "txt1", "txt2"} for r in rows)
    assert Counter(rp.main_label(r["label"]) for r in rows) == {"4": 302, "3": 94, "2": 10}
    assert all(r["label"][0] in "234" and set(r["label"][1:]) <= set("<>is") for r in rows)
    # each text once, none blank: the retrieval pool has one right answer per row
    assert len({r["txt1"] for r in rows}) == len({r["txt2"] for r in rows}) == len(rows)
    assert all(r["txt1"].strip() and r["txt2"].strip() for r in rows)
    readme = (rp.DATA.parent / "README_turku_paraphrase.md").read_text(encoding="utf-8")
    assert rp.SOURCE["commit"] in readme and "CC BY-SA 4.0" in readme
    # the file is plain UTF-8 JSON lines, texts not escaped to ASCII
    raw = rp.DATA.read_text(encoding="utf-8")
    assert "ä" in raw and all(json.loads(line) for line in raw.splitlines())


def test_retrieval_counts_ties_against_the_own_text() -> None:
    sim = np.array([[0.9, 0.1, 0.1],   # right, alone at the top
                    [0.5, 0.5, 0.1],   # tied with another: a miss, rank 1.5
                    [0.0, 0.8, 0.3]])  # second
    r = rp.retrieval(sim)
    assert r["top1"] == pytest.approx(1 / 3, abs=1e-4)
    assert r["mrr"] == pytest.approx((1 + 1 / 1.5 + 1 / 2) / 3, abs=1e-4)
    assert r["lsa"] == pytest.approx(1 / 3, abs=1e-4)  # the best assignment is 0-0, 1-2, 2-1 (1.8 against 1.7)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=2, max_size=30), st.lists(st.integers(0, 5), min_size=2, max_size=30))
def test_auc_is_sklearns_and_inside_its_interval(pos: list[int], neg: list[int]) -> None:
    from sklearn.metrics import roc_auc_score

    p, n = np.array(pos, dtype=float), np.array(neg, dtype=float)  # small integers: many ties
    out = rp.auc(p, n)
    want = roc_auc_score(np.r_[np.ones(len(p)), np.zeros(len(n))], np.r_[p, n])
    assert out["auc"] == pytest.approx(want, abs=1e-4)
    lo, hi = out["ci95"]
    assert 0.0 <= lo <= hi <= 1.0


def test_bm25_scores_only_the_asked_columns() -> None:
    pytest.importorskip("rank_bm25")  # the benchmark's baseline, not a dependency of the library
    corpus = ["kissa istuu puussa", "koira juoksee", "kissa ja koira"]
    sim = rp.bm25(rp.words, corpus)(["kissa puussa"], [corpus[2], corpus[0]])
    assert sim.shape == (1, 2) and sim[0, 1] > sim[0, 0] > 0
