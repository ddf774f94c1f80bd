"""How well each encoder pairs Finnish and English goals with offers, and what it costs.

    .venv/bin/python -m benchmarks.semantic_quality                 # everything (~20 min on 2 busy cores)
    .venv/bin/python -m benchmarks.semantic_quality --skip-throughput
    .venv/bin/python -m benchmarks.semantic_quality --sizes 1000     # smaller throughput run
    .venv/bin/python -m benchmarks.semantic_quality --e5-centres     # recompute E5Encoder's centre vectors
    .venv/bin/python -m benchmarks.semantic_quality --hard           # only the harder fi/en/sv set (benchmarks/semantic_hard.py)

Quality, on benchmarks/data/semantic_pairs.csv: 96 mentee goals, each written
for one mentor offer, in four blocks of 24 (fi-fi, en-en, fi-en, en-fi: goal
language, then offer language) over the same 24 sub-topics. A goal and its
offer share no content word (checked here). Per block and encoder:

* top-1: share of goals whose most similar offer (of the block's 24) is theirs;
* MRR: mean of 1/rank of their offer;
* LSA: share of goals that scipy's linear_sum_assignment on the similarity
  matrix gives their offer (one offer per goal);
* match: share of mentees that the full ``mentorpair.match`` pairs with their
  mentor, on a cohort of the block's 24 mentors (``offers``) and 24 mentees
  (``goals``), every other field empty, ``objective=("coverage", "total")``,
  so only the goal text decides.

"mixed" pools all 96 goals and 96 offers: an offer is right when it has the
goal's sub-topic in any language (4 right answers per goal), so it shows
whether a language gap outweighs a topic gap.

Each encoder is scored two ways: "text" (one vector per text, the cosine;
what scoring did before phrase-level scoring) and "phrases"
(mentorpair.text.similarity's best-match average over phrases: what scoring does).
The match column is given for three goal_text mappings: ``max(s, 0)`` and
``(1 + s) / 2`` (both earlier) and the similarity read on the encoder's scale
(the library's, mentorpair.text.calibration). The match runs the whole
library, so goal areas, left empty in the data, are inferred from the texts.

Cost, on synthetic cohorts (mentorpair.synthetic.generator.synthetic_frame) of 1,000 /
10,000 / 20,000 participants, each (encoder, size) in a fresh process: model
load, cold encoding of every distinct phrase, a warm second run through an
on-disk CachedEncoder (must encode nothing), the phrase-level similarity
table of every distinct goal text against every distinct offer text, and
peak resident memory.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "semantic_pairs.csv"
RESULTS = ROOT / "benchmarks" / "results" / "semantic_quality.json"
DOC = ROOT / "docs" / "encoders.md"
E5_CENTRES = ROOT / "mentorpair" / "text" / "data" / "e5_centres.json"  # written by --e5-centres
BLOCKS = ("fi-fi", "en-en", "fi-en", "en-fi")
MARK_START, MARK_END = "<!-- semantic-quality:start -->", "<!-- semantic-quality:end -->"

# Function words that may appear on both sides without making a pair lexical.
_STOP = frozenset({
    "miten", "mitä", "olen", "minä", "minun", "haluan", "mutta", "sekä", "joka", "jotka", "kanssa", "have", "other",
    "with", "that", "this", "what", "from", "into", "their", "them", "they", "about", "would", "like", "when", "which",
    "been", "some", "such", "more", "most", "ovat", "oman", "omat",
})


# --------------------------------------------------------------------------- data


def load_pairs(path: Path = DATA) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["block"] = f"{r['goal_lang']}-{r['offer_lang']}"
    return rows


def shared_content_words(goal: str, offer: str) -> list[str]:
    """Five-letter word beginnings (so inflected forms count) that both texts use."""
    def stems(text: str) -> set[str]:
        return {w[:5] for w in re.findall(r"[^\W\d_]+", text.casefold()) if len(w) >= 4 and w not in _STOP}

    return sorted(stems(goal) & stems(offer))


# --------------------------------------------------------------------------- encoders


def quality_encoders() -> dict[str, Any]:
    """Every encoder measured, each base model wrapped in an in-memory cache so hybrids reuse it."""
    from mentorpair.text.cache import CachedEncoder
    from mentorpair.text.e5 import E5Encoder
    from mentorpair.text.encoders import HybridEncoder, SentenceTransformerEncoder
    from mentorpair.text.ngrams import CharNgramEncoder

    minilm = CachedEncoder(SentenceTransformerEncoder(), cache_dir=False)
    char = CachedEncoder(CharNgramEncoder(), cache_dir=False)
    e5 = CachedEncoder(E5Encoder(), cache_dir=False)
    return {
        "minilm": minilm,
        "char": char,
        "e5 raw (query:, not centred)": CachedEncoder(E5Encoder(centre=False), cache_dir=False),
        "e5 passage: (centred)": CachedEncoder(E5Encoder("passage: "), cache_dir=False),
        "e5": e5,
        "e5+char 0.8/0.2": HybridEncoder([e5, char], [0.8, 0.2]),
        "e5+minilm 0.8/0.2": HybridEncoder([e5, minilm], [0.8, 0.2]),
    }


def throughput_encoder(name: str) -> Any:
    from mentorpair.text.e5 import E5Encoder
    from mentorpair.text.encoders import HybridEncoder, SentenceTransformerEncoder
    from mentorpair.text.ngrams import CharNgramEncoder

    return {
        "minilm": SentenceTransformerEncoder,
        "char": CharNgramEncoder,
        "e5": E5Encoder,
        "e5+char": lambda: HybridEncoder([E5Encoder(), CharNgramEncoder()], [0.8, 0.2]),
    }[name]()


# --------------------------------------------------------------------------- quality


def similarity_matrix(encoder: Any, goals: list[str], offers: list[str], mode: str, goal_weight: float) -> np.ndarray:
    if mode == "text":
        texts = sorted(set(goals) | set(offers))
        vectors = np.asarray(encoder.encode(texts), dtype=np.float64)
        row = {t: i for i, t in enumerate(texts)}
        return vectors[[row[g] for g in goals]] @ vectors[[row[o] for o in offers]].T
    from mentorpair.text.similarity import pair_text_similarity

    result = pair_text_similarity(
        encoder, [g for g in goals for _ in offers], [o for _ in goals for o in offers], goal_weight=goal_weight
    )
    return result.similarity.astype(np.float64).reshape(len(goals), len(offers))


def ranking_metrics(sim: np.ndarray, correct: np.ndarray) -> dict[str, float]:
    from scipy.optimize import linear_sum_assignment

    order = np.argsort(-sim, axis=1, kind="stable")
    hits = np.take_along_axis(correct, order, axis=1)
    first = hits.argmax(axis=1)
    rows, cols = linear_sum_assignment(-sim)
    return {
        "top1": round(float(hits[:, 0].mean()), 4),
        "mrr": round(float(np.mean(1.0 / (first + 1))), 4),
        "lsa": round(float(correct[rows, cols].mean()), 4),
    }


@contextlib.contextmanager
def patched_scoring(mode: str, mapping: str, goal_weight: float) -> Iterator[None]:
    """Run mp.match with scoring's text similarity as the library has it, or as it had it.

    ``mode="phrases"`` is the library: mentorpair.text.similarity's best-match average
    over phrases; ``mode="text"`` swaps in one vector per text and their
    cosine (the scoring before phrase-level scoring). ``mapping="scale"`` is the
    library's goal_text part (the similarity read on the encoder's scale,
    mentorpair.text.calibration); ``mapping="half"`` the earlier ``(1 + s) / 2``;
    ``mapping="clip"`` the earliest ``max(s, 0)``, which erases the order among
    negative similarities.
    """
    # The score table builds its TextSimilarity, which maps similarities to parts, by this module name.
    from mentorpair.scoring import table as scoring
    from mentorpair.text.similarity import GOAL_WEIGHT

    if mode == "phrases" and mapping == "scale" and goal_weight == GOAL_WEIGHT:
        yield
        return
    original_similarity = scoring.TextSimilarity

    class _Similarity(original_similarity):  # type: ignore[misc, valid-type]
        def __init__(self, people, encoder):  # type: ignore[no-untyped-def]
            super().__init__(people, encoder)
            if mode == "text":
                texts = sorted({p.goals for p in people} | {p.offers for p in people})
                self._row = {t: i for i, t in enumerate(texts)}
                self._vectors = np.asarray(encoder.encode(texts), dtype=np.float32)

        def similarity(self, goals, offers):  # type: ignore[no-untyped-def]
            if mode == "phrases":
                return self.index.similarity(goals, offers, goal_weight=goal_weight)
            if not len(goals):
                return np.zeros(0, np.float32)
            a = self._vectors[[self._row[t] for t in goals]]
            b = self._vectors[[self._row[t] for t in offers]]
            return np.round(np.einsum("ij,ij->i", a, b), 6).astype(np.float32)

        def part_of(self, similarity, empty):  # type: ignore[no-untyped-def]
            s = np.asarray(similarity, dtype=np.float64)
            if mapping == "clip":
                return np.clip(s, 0.0, 1.0)
            if mapping == "half":
                return np.clip((1.0 + s) / 2.0, 0.0, 1.0)
            return super().part_of(similarity, empty)

    scoring.TextSimilarity = _Similarity  # type: ignore[misc]
    try:
        yield
    finally:
        scoring.TextSimilarity = original_similarity  # type: ignore[misc]


def match_accuracy(encoder: Any, goals: list[str], offers: list[str], subtopics: list[str], mode: str,
                   goal_weight: float, mapping: str = "clip") -> float:
    import mentorpair as mp

    mentors = [mp.Participant(f"M{i:02d}", mp.Role.MENTOR, offers=o) for i, o in enumerate(offers)]
    mentees = [mp.Participant(f"A{i:02d}", mp.Role.MENTEE, goals=g) for i, g in enumerate(goals)]
    cohort = mp.Cohort(tuple(mentors + mentees))
    programme = mp.Programme(objective=("coverage", "total"))
    with patched_scoring(mode, mapping, goal_weight):
        matching = mp.match(cohort, programme, encoder=encoder)
    right = 0
    for mentor_id, mentee_id in zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"]):
        right += subtopics[int(mentor_id[1:])] == subtopics[int(mentee_id[1:])]
    return round(right / len(goals), 4)


def quality(rows: list[dict[str, str]], goal_weight: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, encoder in quality_encoders().items():
        for mode in ("text", "phrases"):
            key = f"{name} [{mode}]"
            started = time.perf_counter()
            record: dict[str, Any] = {"encoder": name, "encoder_id": encoder.id, "scoring": mode}
            for block in (*BLOCKS, "mixed"):
                sub = rows if block == "mixed" else [r for r in rows if r["block"] == block]
                goals, offers = [r["goal"] for r in sub], [r["offer"] for r in sub]
                topics = [r["subtopic"] for r in sub]
                sim = similarity_matrix(encoder, goals, offers, mode, goal_weight)
                correct = np.array(topics)[:, None] == np.array(topics)[None, :]
                metrics = ranking_metrics(sim, correct)
                metrics["match"] = match_accuracy(encoder, goals, offers, topics, mode, goal_weight)
                metrics["match_half"] = match_accuracy(encoder, goals, offers, topics, mode, goal_weight, "half")
                metrics["match_scale"] = match_accuracy(encoder, goals, offers, topics, mode, goal_weight, "scale")
                if block != "mixed":
                    diagonal = np.diag(sim)
                    metrics["cos_right"] = round(float(diagonal.mean()), 4)
                    metrics["cos_other"] = round(float((sim.sum() - diagonal.sum()) / (sim.size - len(diagonal))), 4)
                record[block] = metrics
            means = {m: round(float(np.mean([record[b][m] for b in BLOCKS])), 4)
                     for m in ("top1", "mrr", "lsa", "match", "match_half", "match_scale")}
            record["mean of blocks"] = means
            record["seconds"] = round(time.perf_counter() - started, 1)
            out[key] = record
            print(f"  {key:45s} " + "  ".join(f"{b} {record[b]['top1']:.2f}/{record[b]['lsa']:.2f}/{record[b]['match']:.2f}"
                                             for b in (*BLOCKS, "mixed")), flush=True)
    return out


def multi_topic(rows: list[dict[str, str]], goal_weight: float) -> dict[str, Any]:
    """Texts about two topics, made from the set's own items (pairs k and k+12 of a block).

    * multi-offer: 12 mentors per block, each offering two topics (offer k + offer k+12);
      each of the 24 goals must rank the mentor holding its offer first;
    * multi-goal: 12 mentees per block, each with two goals (goal k + goal k+12), against
      the block's 24 single offers; the top offer must answer one of the two goals.

    This is where one vector per person averages two topics away and phrase scoring
    should help.
    """
    encoders = quality_encoders()
    out: dict[str, Any] = {}
    for name in ("minilm", "e5", "e5+minilm 0.8/0.2"):
        encoder = encoders[name]
        for mode in ("text", "phrases"):
            offer_hits, goal_hits = [], []
            for block in BLOCKS:
                sub = [r for r in rows if r["block"] == block]
                half = len(sub) // 2
                offers = [f"{sub[k]['offer']} {sub[k + half]['offer']}" for k in range(half)]
                sim = similarity_matrix(encoder, [r["goal"] for r in sub], offers, mode, goal_weight)
                offer_hits += [int(np.argmax(sim[i])) == i % half for i in range(len(sub))]
                goals = [f"{sub[k]['goal']} {sub[k + half]['goal']}" for k in range(half)]
                sim = similarity_matrix(encoder, goals, [r["offer"] for r in sub], mode, goal_weight)
                goal_hits += [int(np.argmax(sim[k])) % half == k for k in range(half)]
            out[f"{name} [{mode}]"] = {"multi_offer_top1": round(float(np.mean(offer_hits)), 4),
                                       "multi_goal_top1": round(float(np.mean(goal_hits)), 4),
                                       "goals": len(offer_hits), "mentees": len(goal_hits)}
    return out


def weight_sweep(rows: list[dict[str, str]]) -> dict[str, Any]:
    """The goal-side weight of the best-match average, measured with e5."""
    encoder = quality_encoders()["e5"]
    out = {}
    for w in (0.5, 0.6, 0.75, 0.9, 1.0):
        scores = []
        for block in BLOCKS:
            sub = [r for r in rows if r["block"] == block]
            sim = similarity_matrix(encoder, [r["goal"] for r in sub], [r["offer"] for r in sub], "phrases", w)
            scores.append(ranking_metrics(sim, np.eye(len(sub), dtype=bool)))
        out[str(w)] = {m: round(float(np.mean([s[m] for s in scores])), 4) for m in ("top1", "mrr", "lsa")}
    return out


def inference(rows: list[dict[str, str]]) -> dict[str, Any]:
    """Goal-area inference against each item's intended area, on goals and offers alike."""
    from mentorpair.text.infer import infer_many

    encoder = quality_encoders()["e5"]
    texts = [r["goal"] for r in rows] + [r["offer"] for r in rows]
    gold = [r["area"] for r in rows] * 2
    out = {}
    for label, enc in (("keywords", None), ("keywords + e5", encoder)):
        inferred = infer_many(texts, encoder=enc)
        out[label] = {
            "top1": round(float(np.mean([bool(a) and a[0] == g for a, g in zip(inferred, gold)])), 4),
            "recall_at_3": round(float(np.mean([g in a for a, g in zip(inferred, gold)])), 4),
            "coverage": round(float(np.mean([bool(a) for a in inferred])), 4),
            "precision_at_1": round(float(np.mean([a[0] == g for a, g in zip(inferred, gold) if a] or [0.0])), 4),
            "mean_areas": round(float(np.mean([len(a) for a in inferred])), 2),
        }
    return out


# --------------------------------------------------------------------------- throughput


def peak_mb() -> float:
    """This process's peak resident memory.

    VmHWM belongs to the process image, so it starts afresh after exec; ru_maxrss
    on Linux carries the parent's peak over into a spawned worker.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:  # not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_texts(n: int) -> dict[str, list[str]]:
    from mentorpair.synthetic.generator import synthetic_frame

    frame = synthetic_frame(n, seed=1)
    givers = frame["role"].isin(["mentor", "any"])
    receivers = frame["role"].isin(["mentee", "any"])
    return {
        "goals": sorted({t for t in frame.loc[receivers, "goals"] if t.strip()}),
        "offers": sorted({t for t in frame.loc[givers, "offers"] if t.strip()}),
        "n_givers": [str(int(givers.sum()))],
        "n_receivers": [str(int(receivers.sum()))],
    }


def worker(encoder_name: str, texts_file: Path) -> dict[str, Any]:
    """One (encoder, cohort) measurement, in its own process so peak memory is its own."""
    from mentorpair.text.cache import CachedEncoder
    from mentorpair.text.phrases import split_phrases
    from mentorpair.text.similarity import text_similarity_matrix

    data = json.loads(texts_file.read_text(encoding="utf-8"))
    goals, offers = data["goals"], data["offers"]
    texts = sorted(set(goals) | set(offers))
    phrases = sorted({p for t in texts for p in split_phrases(t)})
    encoder = throughput_encoder(encoder_name)

    started = time.perf_counter()
    encoder.encode(["warm-up: load the model"])
    load_s = time.perf_counter() - started

    class Counting:
        def __init__(self, inner: Any) -> None:
            self.inner, self.calls, self.texts = inner, 0, 0

        @property
        def id(self) -> str:
            return self.inner.id

        def encode(self, batch: list[str]) -> np.ndarray:
            self.calls += 1
            self.texts += len(batch)
            return self.inner.encode(batch)

    with tempfile.TemporaryDirectory() as cache_dir:
        counting = Counting(encoder)
        started = time.perf_counter()
        CachedEncoder(counting, cache_dir=cache_dir).encode(phrases)
        cold_s = time.perf_counter() - started
        second = Counting(encoder)
        cached = CachedEncoder(second, cache_dir=cache_dir)  # a new object: as a second run would build
        started = time.perf_counter()
        cached.encode(phrases)
        warm_s = time.perf_counter() - started
        assert second.texts == 0, "the warm run encoded something"
        started = time.perf_counter()
        matrix = text_similarity_matrix(cached, goals, offers)
        table_s = time.perf_counter() - started
    return {
        "encoder": encoder_name,
        "encoder_id": encoder.id,
        "distinct_goal_texts": len(goals),
        "distinct_offer_texts": len(offers),
        "distinct_texts": len(texts),
        "distinct_phrases": len(phrases),
        "mean_words_per_phrase": round(float(np.mean([len(p.split()) for p in phrases])), 1),
        "mean_words_per_text": round(float(np.mean([len(t.split()) for t in texts])), 1),
        "load_s": round(load_s, 2),
        "cold_s": round(cold_s, 2),
        "cold_phrases_per_s": round(len(phrases) / cold_s, 1),
        "warm_s": round(warm_s, 3),
        "warm_phrases_per_s": round(len(phrases) / warm_s, 1),
        "similarity_table_s": round(table_s, 2),
        "similarity_table_shape": list(matrix.shape),
        "peak_mb": round(peak_mb()),
    }


def text_rate(encoder_name: str, texts: list[str]) -> float:
    """Whole texts per second on a sample, for extrapolating text-level encoding."""
    encoder = throughput_encoder(encoder_name)
    encoder.encode(["warm-up"])
    started = time.perf_counter()
    encoder.encode(texts)
    return len(texts) / (time.perf_counter() - started)


def throughput(sizes: list[int], encoders: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"records": [], "load_average_at_start": round(os.getloadavg()[0], 1)}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            started = time.perf_counter()
            data = synthetic_texts(n)
            print(f"  synthetic_frame({n}) in {time.perf_counter() - started:.0f}s", flush=True)
            path = Path(tmp) / f"texts-{n}.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            for name in encoders:
                cmd = [sys.executable, "-m", "benchmarks.semantic_quality", "--worker", name, str(path)]
                done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    print(done.stderr[-2000:], file=sys.stderr)
                    raise SystemExit(f"worker {name} {n} failed")
                record = json.loads(done.stdout.strip().splitlines()[-1])
                record["participants"] = n
                record["givers"] = int(data["n_givers"][0])
                record["receivers"] = int(data["n_receivers"][0])
                record["pairs"] = record["givers"] * record["receivers"]
                out["records"].append(record)
                print(f"  {name:8s} n={n:6d} phrases {record['distinct_phrases']:5d} cold {record['cold_phrases_per_s']:7.1f}/s "
                      f"warm {record['warm_phrases_per_s']:9.1f}/s table {record['similarity_table_s']:6.1f}s "
                      f"peak {record['peak_mb']} MB", flush=True)
        # Text-level encoding of real sign-ups (every text distinct, ~23 words) is extrapolated from a sample.
        sample = synthetic_texts(300)
        texts = sorted(set(sample["goals"]) | set(sample["offers"]))[:200]
        out["text_rate_sample"] = {"texts": len(texts), "mean_words": round(float(np.mean([len(t.split()) for t in texts])), 1)}
        out["texts_per_s"] = {name: round(text_rate(name, texts), 1) for name in encoders}
    return out


# --------------------------------------------------------------------------- e5 centres


def e5_centres(path: Path = E5_CENTRES) -> None:
    """Recompute E5Encoder's centre vectors from the bundled reference corpus and write them to ``path``."""
    from mentorpair.text.e5 import E5Encoder, centres_document
    from mentorpair.text.language import CENTRED_LANGUAGES, detect_language
    from mentorpair.text.reference import reference_corpus

    corpus = reference_corpus()
    languages = np.array([detect_language(t) or "" for t in corpus.texts])
    vectors = {prefix: E5Encoder(prefix, centre=False).encode(list(corpus.texts)).astype(np.float64)
               for prefix in ("query: ", "passage: ")}
    means = {prefix: v.mean(axis=0) for prefix, v in vectors.items()}
    by_language = {prefix: {lang: v[languages == lang].mean(axis=0) for lang in CENTRED_LANGUAGES}
                   for prefix, v in vectors.items()}
    counts = {lang: int((languages == lang).sum()) for lang in CENTRED_LANGUAGES}
    path.write_text(centres_document(means, by_language, counts), encoding="utf-8", newline="\n")
    print(f"wrote {path} (reference corpus version {corpus.version}, digest {corpus.digest[:12]})")


# --------------------------------------------------------------------------- report


def markdown(report: dict[str, Any]) -> str:
    lines = [MARK_START, "", (f"Measured {report['date']} on {report['machine']} "
             "(quality numbers are deterministic; only the cost table depends on the machine and its load)."), ""]
    columns = (*BLOCKS, "mixed", "mean of blocks")
    header = "| encoder | scoring | " + " | ".join(("*mixed*" if b == "mixed" else b) for b in columns) + " |"
    rule = "|---|---|" + "---|" * len(columns)
    lines += ["**Ranking**: top-1 / MRR / LSA accuracy (24 pairs a block, 96 in *mixed*)", "", header, rule]
    for record in report["quality"].values():
        cells = [f"{record[b]['top1']:.2f} / {record[b]['mrr']:.2f} / {record[b]['lsa']:.2f}" for b in columns]
        lines.append(f"| {record['encoder']} | {record['scoring']} | " + " | ".join(cells) + " |")
    lines += ["", ("**Assignment by the full `mentorpair.match`**: share of mentees paired with their intended mentor, "
              "goal_text part max(s, 0) / (1 + s) / 2 (both earlier) / read on the encoder's scale (the library, mentorpair.text.calibration). *phrases* is what the library scores; goal areas are inferred from the texts"), "",
              header, rule]
    for record in report["quality"].values():
        cells = [f"{record[b]['match']:.2f} / {record[b]['match_half']:.2f} / {record[b]['match_scale']:.2f}"
                 for b in columns]
        lines.append(f"| {record['encoder']} | {record['scoring']} | " + " | ".join(cells) + " |")
    lines += ["", "Mean cosine of a goal with its own offer / with the other 23 offers (text scoring, mean of blocks):", ""]
    lines += ["| encoder | own offer | other offers |", "|---|---|---|"]
    for record in report["quality"].values():
        if record["scoring"] == "text":
            right = np.mean([record[b]["cos_right"] for b in BLOCKS])
            other = np.mean([record[b]["cos_other"] for b in BLOCKS])
            lines.append(f"| {record['encoder']} | {right:.3f} | {other:.3f} |")
    sweep = report.get("goal_weight_sweep")
    if sweep:
        lines += ["", "Goal-side weight of the phrase best-match average (e5, mean of the four blocks):", ""]
        lines += ["| goal weight | top-1 | MRR | LSA |", "|---|---|---|---|"]
        lines += [f"| {w} | {m['top1']:.3f} | {m['mrr']:.3f} | {m['lsa']:.3f} |" for w, m in sweep.items()]
    multi = report.get("multi_topic")
    if multi:
        lines += ["", ("Texts about two topics (made from the set: mentors offering two of the block's topics, "
                  "mentees with two goals); top-1 over the four blocks:"), ""]
        lines += [("| encoder | scoring | mentor offering two topics found (96 goals) | a goal of a two-goal mentee "
                  "answered (48 mentees) |"), "|---|---|---|---|"]
        for key, m in multi.items():
            encoder, mode = key.rsplit(" [", 1)
            lines.append(f"| {encoder} | {mode[:-1]} | {m['multi_offer_top1']:.2f} | {m['multi_goal_top1']:.2f} |")
    inf = report.get("inference")
    if inf:
        lines += ["", "Goal-area inference (192 texts: every goal and offer against its intended area):", ""]
        lines += ["| method | top-1 | recall in ≤3 | texts given an area | precision of the first | areas per text |",
                  "|---|---|---|---|---|---|"]
        lines += [f"| {k} | {m['top1']:.2f} | {m['recall_at_3']:.2f} | {m['coverage']:.2f} | {m['precision_at_1']:.2f} | "
                  f"{m['mean_areas']:.2f} |" for k, m in inf.items()]
    tp = report.get("throughput")
    if tp:
        load = f"load average {tp.get('load_average_at_start', '?')} at start, {tp.get('load_average_at_end', '?')} at end"
        lines += ["", (f"**Cost** on synthetic cohorts, 2 cores shared with other jobs ({load}); each row a fresh "
                  "process; phrases are what phrase scoring encodes; the similarity table is every distinct goal "
                  "text against every distinct offer text:"), ""]
        lines += [("| encoder | participants | distinct texts | distinct phrases | load s | cold phrases/s | warm (cache) phrases/s "
                  "| similarity table s | peak MB |"), "|---|---|---|---|---|---|---|---|---|"]
        for r in tp["records"]:
            lines.append(
                f"| {r['encoder']} | {r['participants']:,} | {r['distinct_texts']:,} | {r['distinct_phrases']:,} | {r['load_s']} | "
                f"{r['cold_phrases_per_s']} | {r['warm_phrases_per_s']:,} | {r['similarity_table_s']} | {r['peak_mb']:,} |"
            )
        rates = tp.get("texts_per_s", {})
        if rates:
            sample = tp["text_rate_sample"]
            lines += ["", (f"Whole texts per second (cold, {sample['texts']} distinct texts of ~{sample['mean_words']} words), "
                      "and the **extrapolated** cold encoding time if every participant's text were distinct and encoded "
                      "whole (real sign-ups repeat far less than the synthetic phrase banks):"), ""]
            lines += ["| encoder | texts/s | 1,000 | 10,000 | 20,000 |", "|---|---|---|---|---|"]
            for name, rate in rates.items():
                est = [f"{n / rate / 60:.1f} min" for n in (1000, 10_000, 20_000)]
                lines.append(f"| {name} | {rate} | " + " | ".join(est) + " |")
    lines += ["", MARK_END]
    return "\n".join(lines)


def write_doc(table: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Encoders\n\n{MARK_START}\n{MARK_END}\n"
    if MARK_START in text and MARK_END in text:
        head, rest = text.split(MARK_START, 1)
        _, tail = rest.split(MARK_END, 1)
        text = head + table + tail
    else:
        text = text.rstrip() + "\n\n" + table + "\n"
    DOC.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10_000, 20_000])
    parser.add_argument("--throughput-encoders", nargs="*", default=["minilm", "char", "e5", "e5+char"])
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--goal-weight", type=float, default=None, help="default: mentorpair.text.similarity.GOAL_WEIGHT")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite the table in docs/encoders.md")
    parser.add_argument("--worker", nargs=2, metavar=("ENCODER", "TEXTS_JSON"), help=argparse.SUPPRESS)
    parser.add_argument("--e5-centres", action="store_true")
    parser.add_argument("--hard", action="store_true", help="only the harder set: 32 neighbouring sub-topics, fi/en/sv")
    args = parser.parse_args()
    if args.hard:
        from benchmarks.semantic_hard import run

        run(doc=not args.no_doc)
        return
    if args.worker:
        print(json.dumps(worker(args.worker[0], Path(args.worker[1]))))
        return
    if args.e5_centres:
        e5_centres()
        return
    from mentorpair.text.similarity import GOAL_WEIGHT

    goal_weight = GOAL_WEIGHT if args.goal_weight is None else args.goal_weight
    rows = load_pairs()
    previous = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    report: dict[str, Any] = {
        # Date and machine of the quality run; the throughput run records its own load.
        "date": previous.get("date") if args.skip_quality and "date" in previous else time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "dataset": {
            "pairs": len(rows),
            "per_block": {b: sum(r["block"] == b for r in rows) for b in BLOCKS},
            "pairs_sharing_a_content_word": {r["item"]: shared_content_words(r["goal"], r["offer"])
                                             for r in rows if shared_content_words(r["goal"], r["offer"])},
        },
        "goal_weight": goal_weight,
    }
    print(f"{len(rows)} pairs; sharing a content word: {len(report['dataset']['pairs_sharing_a_content_word'])}")
    if not args.skip_quality:
        print("quality (top-1/LSA/match per block):")
        report["quality"] = quality(rows, goal_weight)
        report["goal_weight_sweep"] = weight_sweep(rows)
        report["multi_topic"] = multi_topic(rows, goal_weight)
        report["inference"] = inference(rows)
    else:
        for key in ("quality", "goal_weight_sweep", "multi_topic", "inference"):
            if key in previous:
                report[key] = previous[key]
    if not args.skip_throughput:
        print("throughput:")
        report["throughput"] = throughput(args.sizes, args.throughput_encoders)
        report["throughput"]["load_average_at_end"] = round(os.getloadavg()[0], 1)
    elif "throughput" in previous:
        report["throughput"] = previous["throughput"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not args.no_doc:
        write_doc(markdown(report))
    print(f"wrote {args.out}" + ("" if args.no_doc else f" and {DOC}"))


if __name__ == "__main__":
    main()
