"""Goal-text similarity on real Finnish paraphrases: the Turku Paraphrase Corpus (issue #18).

    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.real_paraphrase   # a few minutes cold, seconds warm

benchmarks/data/turku_paraphrase_sample.jsonl holds 406 human-labelled Finnish
text pairs from the corpus's test split (CC BY-SA 4.0; source, commit, labels
and how the sample was drawn: benchmarks/data/README_turku_paraphrase.md):
label 4 (a paraphrase in all reasonable contexts, with or without the flags
``< > i s``), 3 (a paraphrase in its document context only) and 2 (related but
not a paraphrase). Unlike the hand-written sets of semantic_quality and
semantic_hard, no text here was written for this library.

Two questions, for each method:

*retrieval* (like a mentee finding their mentor): the label-4 pairs only; each
txt1 against every txt2 of those pairs. top-1: share whose own txt2 scores
highest (a tie with another txt2 is a miss); MRR: mean of 1 / rank of the own
txt2 (a tie counts half a place); LSA: share that scipy's linear_sum_assignment
gives their own txt2 (one txt2 each, as a matching does when only the text counts).

*calibration across pairs* (a matching compares scores of different pairs, not
only the offers of one mentee): ROC AUC of the pair's similarity, label 4 as
positive against label 2 ("related, not a paraphrase"), against label 3 and
against both. 0.5 is chance; below it, the method scores the negatives higher.
With only 10 label-2 pairs that AUC is coarse, so each AUC comes with a 95%
interval from 2,000 bootstrap resamples (fixed seed).

Methods: the library's goal-text similarity as ``match`` uses it (phrase
best-match average, e5 centred by language: ``mp.goal_text_similarity`` with the
default encoder), the same phrase scoring on raw e5, whole-text cosines of raw
e5, of e5 centred by language, of the bundled English MiniLM and of character
n-gram TF-IDF, and Okapi BM25 over words (``rank_bm25``, not a dependency of the
library) and over 5-letter word beginnings (a crude Finnish stemmer). BM25 is
fitted once on all 406 txt2 texts, so its IDF is the same for both questions;
its scores are not bounded, which is part of what the calibration measures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "turku_paraphrase_sample.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "real_paraphrase.json"
SOURCE = {"repository": "TurkuNLP/Turku-paraphrase-corpus", "file": "data/test.json",
          "commit": "5a30de228ad4b409a79614de85c4c7a0a38b5e9f", "licence": "CC BY-SA 4.0",
          "citation": "Kanerva et al. 2021, Finnish Paraphrase Corpus, NoDaLiDa 2021"}
BOOTSTRAP, SEED = 2000, 0

Similarity = Callable[[list[str], list[str]], np.ndarray]


def load_rows(path: Path = DATA) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main_label(label: str) -> str:
    """``"4<i"`` -> ``"4"``: the flags refine a label 4, they do not change it (corpus README)."""
    return label[0]


def retrieval(sim: np.ndarray) -> dict[str, float]:
    from scipy.optimize import linear_sum_assignment

    own = np.diag(sim)[:, None]
    greater = (sim > own).sum(axis=1)
    ties = (sim == own).sum(axis=1) - 1  # minus the own txt2 itself
    rows, cols = linear_sum_assignment(-sim)
    return {"top1": round(float(((greater == 0) & (ties == 0)).mean()), 4),
            "mrr": round(float((1.0 / (1.0 + greater + 0.5 * ties)).mean()), 4),
            "lsa": round(float((rows == cols).mean()), 4)}


def auc(pos: np.ndarray, neg: np.ndarray) -> dict[str, Any]:
    """ROC AUC of label 4 against ``neg`` and a percentile-bootstrap 95% interval (each class resampled).

    The interval uses the AUC's pairwise form (share of (positive, negative) pairs ranked right, a tie
    half), which equals scikit-learn's ``roc_auc_score`` (checked) and is fast to resample.
    """
    from sklearn.metrics import roc_auc_score

    right = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    value = float(roc_auc_score(np.r_[np.ones(len(pos)), np.zeros(len(neg))], np.r_[pos, neg]))
    assert abs(value - float(right.mean())) < 1e-9, (value, float(right.mean()))
    rng = np.random.default_rng(SEED)
    boot = [right[np.ix_(rng.integers(0, len(pos), len(pos)), rng.integers(0, len(neg), len(neg)))].mean()
            for _ in range(BOOTSTRAP)]
    lo, hi = np.percentile(boot, [2.5, 97.5])
    return {"auc": round(value, 4), "ci95": [round(float(lo), 4), round(float(hi), 4)]}


def whole_text(encoder: Any) -> Similarity:
    """Cosine of the whole texts: the encoders give unit rows, so the cosine is a dot product."""
    def sim(a: list[str], b: list[str]) -> np.ndarray:
        return np.asarray(encoder.encode(a), dtype=np.float64) @ np.asarray(encoder.encode(b), dtype=np.float64).T
    return sim


def phrases(encoder: Any | None) -> Similarity:
    """The library's goal-text similarity (what ``match`` scores with); ``None``: its default encoder."""
    import mentorpair as mp

    def sim(a: list[str], b: list[str]) -> np.ndarray:
        return np.asarray(mp.goal_text_similarity(a, b, encoder=encoder), dtype=np.float64)
    return sim


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def stems(text: str) -> list[str]:
    return [w[:5] for w in words(text)]


def bm25(tokenize: Callable[[str], list[str]], corpus: list[str]) -> Similarity:
    """Okapi BM25 (k1 1.5, b 0.75, rank_bm25's defaults) fitted on ``corpus``; each text of ``b`` must be in it."""
    from rank_bm25 import BM25Okapi

    model = BM25Okapi([tokenize(t) for t in corpus])
    index = {t: i for i, t in enumerate(corpus)}

    def sim(a: list[str], b: list[str]) -> np.ndarray:
        cols = [index[t] for t in b]
        return np.array([model.get_scores(tokenize(q))[cols] for q in a], dtype=np.float64)
    return sim


def methods(corpus: list[str]) -> dict[str, Similarity]:
    from mentorpair.text.cache import CachedEncoder
    from mentorpair.text.e5 import E5Encoder
    from mentorpair.text.encoders import SentenceTransformerEncoder
    from mentorpair.text.ngrams import CharNgramEncoder

    return {"library: goal_text_similarity (phrases, e5 centred by language)": phrases(None),
            "phrases, raw e5": phrases(CachedEncoder(E5Encoder(centre=False))),
            "whole text, raw e5": whole_text(CachedEncoder(E5Encoder(centre=False))),
            "whole text, e5 centred by language": whole_text(CachedEncoder(E5Encoder())),
            "whole text, MiniLM (English)": whole_text(CachedEncoder(SentenceTransformerEncoder())),
            "whole text, character n-grams (TF-IDF)": whole_text(CharNgramEncoder()),
            "BM25, words": bm25(words, corpus),
            "BM25, 5-letter word beginnings": bm25(stems, corpus)}


def measure(rows: list[dict[str, str]], sim: Similarity) -> dict[str, Any]:
    labels = np.array([main_label(r["label"]) for r in rows])
    txt1, txt2 = [r["txt1"] for r in rows], [r["txt2"] for r in rows]
    # One matrix over all pairs: a pair's value depends on its two texts only (BM25: on the fixed corpus too),
    # so the diagonal is every pair's similarity and the label-4 block is the retrieval pool.
    full = sim(txt1, txt2)
    pair = np.diag(full)
    four = np.flatnonzero(labels == "4")
    out: dict[str, Any] = retrieval(full[np.ix_(four, four)])
    pos = pair[labels == "4"]
    out["auc_4_vs_2"] = auc(pos, pair[labels == "2"])
    out["auc_4_vs_3"] = auc(pos, pair[labels == "3"])
    out["auc_4_vs_2_or_3"] = auc(pos, pair[(labels == "2") | (labels == "3")])
    out["mean_similarity"] = {k: round(float(pair[labels == k].mean()), 4) for k in ("4", "3", "2")}
    return out


def markdown(report: dict[str, Any]) -> str:
    n = report["counts"]
    lines = [(f"Turku Paraphrase Corpus sample ({SOURCE['licence']}): label 4 n = {n['4']}, label 3 n = {n['3']}, "
              f"label 2 n = {n['2']}. Retrieval over the {n['4']} label-4 pairs; AUC of label 4 against the others "
              "(95% bootstrap intervals)."), "",
             ("| method | top-1 | MRR | LSA | AUC 4 vs 2 (95% CI) | AUC 4 vs 3 (95% CI) | AUC 4 vs 2∪3 | "
              "mean sim 4 / 3 / 2 | s |"),
             "|---|---|---|---|---|---|---|---|---|"]
    for name, r in report["methods"].items():
        ci, ci3 = r["auc_4_vs_2"]["ci95"], r["auc_4_vs_3"]["ci95"]
        m = r["mean_similarity"]
        lines.append(f"| {name} | {r['top1']:.3f} | {r['mrr']:.3f} | {r['lsa']:.3f} | {r['auc_4_vs_2']['auc']:.3f} "
                     f"({ci[0]:.2f}–{ci[1]:.2f}) | {r['auc_4_vs_3']['auc']:.3f} ({ci3[0]:.2f}–{ci3[1]:.2f}) "
                     f"| {r['auc_4_vs_2_or_3']['auc']:.3f} "
                     f"| {m['4']:.2f} / {m['3']:.2f} / {m['2']:.2f} | {r['seconds']:.1f} |")
    return "\n".join(lines)


def run(out: Path = RESULTS) -> dict[str, Any]:
    started_all = time.perf_counter()
    rows = load_rows()
    counts = {k: sum(main_label(r["label"]) == k for r in rows) for k in ("4", "3", "2", "1")}
    report: dict[str, Any] = {"date": time.strftime("%Y-%m-%d"), "source": SOURCE, "pairs": len(rows),
                              "counts": counts, "methods": {}}
    for name, sim in methods([r["txt2"] for r in rows]).items():
        started = time.perf_counter()
        record = measure(rows, sim)
        record["seconds"] = round(time.perf_counter() - started, 1)
        report["methods"][name] = record
        print(f"{name:66s} top-1 {record['top1']:.3f} MRR {record['mrr']:.3f} LSA {record['lsa']:.3f} "
              f"AUC 4v2 {record['auc_4_vs_2']['auc']:.3f} 4v3 {record['auc_4_vs_3']['auc']:.3f} "
              f"({record['seconds']:.1f} s)", flush=True)
    report["seconds"] = round(time.perf_counter() - started_all, 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(markdown(report))
    print(f"\nwrote {out} ({report['seconds']:.0f} s)")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=RESULTS)
    run(parser.parse_args().out)


if __name__ == "__main__":
    main()
