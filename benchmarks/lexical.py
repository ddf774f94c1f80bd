"""What the lexical channel (mentorpair.text.terms) adds to the goal-text similarity, by its weight.

    .venv/bin/python -m benchmarks.lexical            # seconds from the vector cache

Three sets, each scored by ``mp.goal_text_similarity`` (what ``match`` scores the
goal text with) with the default encoder, for each ``LEXICAL_WEIGHT``:

* benchmarks/data/semantic_terms.csv: 16 sub-topics in 4 themes whose goal and
  offer share one specific term, inflected (paikkatieto, Python, Horizon Europe,
  sytostaatit, palkkaneuvottelut...), in Finnish and English; blocks fi-fi,
  en-en, fi-en, en-fi, 16 goals against 16 offers;
* benchmarks/data/semantic_hard.csv: 32 neighbouring sub-topics in fi/en/sv whose
  goal and offer share no content word (the lexical channel must not hurt
  there: only words shared by accident can move it), mean over the 9 pairs;
* benchmarks/data/semantic_pairs.csv: the 96 goals of the first benchmark, per
  block of 24 (no content word shared either).

Cells: top-1 / assignment (scipy's linear_sum_assignment) accuracy.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
TERMS = ROOT / "benchmarks" / "data" / "semantic_terms.csv"
RESULTS = ROOT / "benchmarks" / "results" / "lexical.json"
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5)


def _metrics(sim: np.ndarray, label: np.ndarray) -> tuple[float, float]:
    from scipy.optimize import linear_sum_assignment

    correct = label[:, None] == label[None, :]
    top = np.argmax(sim, axis=1)
    rows, cols = linear_sum_assignment(-sim)
    return round(float(correct[np.arange(len(top)), top].mean()), 3), round(float(correct[rows, cols].mean()), 3)


def terms_set(similarity: Any) -> dict[str, tuple[float, float]]:
    with TERMS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    label = np.array([r["subtopic"] for r in rows])
    out = {}
    for g, o in (("fi", "fi"), ("en", "en"), ("fi", "en"), ("en", "fi")):
        out[f"{g}-{o}"] = _metrics(similarity([r[f"goal_{g}"] for r in rows], [r[f"offer_{o}"] for r in rows]), label)
    return out


def hard_set(similarity: Any) -> dict[str, tuple[float, float]]:
    from benchmarks.semantic_hard import LANGS, PAIRS, load_rows

    rows = load_rows()
    label = np.array([r["subtopic"] for r in rows])
    results = []
    for pair in PAIRS:
        g, o = pair.split("-")
        results.append(_metrics(similarity([r[f"goal_{g}"] for r in rows], [r[f"offer_{o}"] for r in rows]), label))
    assert len(LANGS) == 3
    return {"mean of 9": (round(float(np.mean([r[0] for r in results])), 3),
                          round(float(np.mean([r[1] for r in results])), 3)),
            "worst": (min(r[0] for r in results), min(r[1] for r in results))}


def pairs_set(similarity: Any) -> dict[str, tuple[float, float]]:
    from benchmarks.semantic_quality import BLOCKS, load_pairs

    rows = load_pairs()
    out = {}
    for block in BLOCKS:
        mine = [r for r in rows if r["block"] == block]
        out[block] = _metrics(similarity([r["goal"] for r in mine], [r["offer"] for r in mine]),
                              np.array([r["subtopic"] for r in mine]))
    return out


def run(weights: tuple[float, ...] = WEIGHTS) -> dict[str, Any]:
    import mentorpair as mp
    import mentorpair.text.similarity as similarity_module
    from mentorpair.pipeline import default_encoder

    encoder = default_encoder()
    report: dict[str, Any] = {"encoder": encoder.id, "weights": {}}
    default = similarity_module.LEXICAL_WEIGHT
    try:
        for w in weights:
            similarity_module.LEXICAL_WEIGHT = w

            def similarity(goals: list[str], offers: list[str]) -> np.ndarray:
                return np.asarray(mp.goal_text_similarity(goals, offers, encoder=encoder), dtype=np.float64)

            report["weights"][str(w)] = {"terms": terms_set(similarity), "hard": hard_set(similarity),
                                         "pairs": pairs_set(similarity)}
            print(w, json.dumps(report["weights"][str(w)]), flush=True)
    finally:
        similarity_module.LEXICAL_WEIGHT = default
    report["default"] = default
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    report = run()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
