"""Small random helpers of the synthetic generator.

Every draw goes through the one ``numpy.random.Generator`` passed in, in a
fixed order, which is what makes the output reproducible.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["Rng", "pick", "share_count", "weighted_index", "zipf_weights"]

Rng = np.random.Generator


def pick(rng: Rng, options: Sequence[str]) -> str:
    return options[int(rng.integers(len(options)))]


def weighted_index(rng: Rng, weights: npt.ArrayLike) -> int:
    p = np.asarray(weights, dtype=float)
    return int(rng.choice(len(p), p=p / p.sum()))


def share_count(share: float, n: int) -> int:
    """``share`` of ``n`` rounded half up (not to even), so that 2.5 people become 3."""
    return int(math.floor(share * n + 0.5))


def zipf_weights(k: int, exponent: float = 1.1) -> np.ndarray:
    return 1.0 / np.arange(1, k + 1, dtype=float) ** exponent
