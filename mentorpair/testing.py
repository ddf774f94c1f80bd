"""Helpers for tests and benchmarks of code that uses mentorpair.

:class:`HashEncoder` stands in for a sentence model where what is measured or
tested is not the model: it needs no weights, is instant, and gives the same
vectors on every machine.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np

__all__ = ["HashEncoder"]


class HashEncoder:
    """Bag of words hashed (zlib.crc32) into 32 dimensions; unit rows, zero rows for empty text.

    Deterministic across processes and machines (unlike ``hash``), needs no model.
    With 32 buckets some words share one ("python", "teams" and "gardening" do),
    so example tests pick words that do not.
    """

    id = "hash-bow-32"
    dims = 32

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.casefold()):
                out[i, zlib.crc32(word.encode("utf-8")) % self.dims] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.asarray(np.divide(out, norms, out=np.zeros_like(out), where=norms > 0))
