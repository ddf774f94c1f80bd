"""Sentences, in English or Finnish, built from score components and solver facts.

Nothing here decides anything: it only puts into words what scoring and the
solver already determined. Displayed parts are rounded so that they add up to
the displayed score exactly. The words live by job in :mod:`mentorpair.result.words`:
the coordinator's paragraph on a pair (:mod:`~.words.pair`), the text a
participant is sent (:mod:`~.words.pair_participant`), why someone is
unmatched (:mod:`~.words.unmatched`) and the hard rules (:mod:`~.words.rules`);
this module gathers the names the rest of the package uses.

Two audiences: ``"coordinator"`` (the numbers, the encoder, everyone's ids) and
``"participant"`` (text to forward: the partner's name, the two people's own
words, what is practical; no number with a decimal, no encoder, no other participant).
"""

from __future__ import annotations

from .words.common import (
    AUDIENCES,
    MEETS_SIMILARITY,
    Audience,
    Language,
    check_audience,
    rounded_parts,
    total_text,
)
from .words.pair import pair_sentence
from .words.pair_participant import participant_pair_text
from .words.reading import TextEvidence
from .words.rules import block_text, rule_text, unproven_text
from .words.unmatched import unmatched_reason

__all__ = [
    "AUDIENCES", "Audience", "Language", "MEETS_SIMILARITY", "TextEvidence", "block_text", "check_audience",
    "pair_sentence", "participant_pair_text", "rounded_parts", "rule_text", "total_text", "unmatched_reason",
    "unproven_text",
]
