"""Named wishes and exclusions of invented participants, as row indices of the cohort."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..model.vocab import Role
from .draws import Rng, share_count, weighted_index

__all__ = ["wishes_and_exclusions"]

_WISH_SHARE = 0.05
_EXCLUSION_SHARE = 0.03


# Whom each role could name: the opposite role (peers and "any" name each other).
_COUNTERPART_ROLES: dict[Role, frozenset[Role]] = {
    Role.MENTOR: frozenset({Role.MENTEE}),
    Role.MENTEE: frozenset({Role.MENTOR}),
    Role.PEER: frozenset({Role.PEER, Role.ANY}),
    Role.ANY: frozenset({Role.PEER, Role.ANY}),
}


class _Counterparts:
    """Row indices each participant could name, in row order.

    One index array per role rather than a list per person: listing
    everyone's counterparts up front is quadratic in time and memory
    (20,000 people took a minute and 6 GB).
    """

    def __init__(self, roles: Sequence[Role]) -> None:
        self._roles = roles
        self._pools: dict[Role, npt.NDArray[np.intp]] = {
            role: np.flatnonzero([r in wanted for r in roles]) for role, wanted in _COUNTERPART_ROLES.items()
        }

    def count(self, i: int) -> int:
        role = self._roles[i]
        return len(self._pools[role]) - int(role in _COUNTERPART_ROLES[role])

    def of(self, i: int) -> npt.NDArray[np.intp]:
        pool = self._pools[self._roles[i]]
        others: npt.NDArray[np.intp] = pool[pool != i]
        return others


def wishes_and_exclusions(rng: Rng, roles: Sequence[Role], orgs: Sequence[str],
                          areas: Sequence[Sequence[str]]) -> tuple[list[int | None], list[int | None]]:
    """One named wish for about 5 % and one exclusion for about 3 %, as row indices.

    Wishes mostly come from mentees and favour someone with shared topics or a
    colleague (programmes invite tips on a suitable counterpart). Exclusions
    favour a colleague: the usual reason is not wanting one's own manager.
    """
    n = len(roles)
    options = _Counterparts(roles)
    eligible = [i for i in range(n) if options.count(i)]
    # Topic overlap and same employer as array operations: a wish weighs every candidate.
    area_keys = sorted({a for person in areas for a in person})
    column = {a: k for k, a in enumerate(area_keys)}
    area_matrix = np.zeros((n, len(area_keys)))
    for i, person in enumerate(areas):
        area_matrix[i, [column[a] for a in person]] = 1.0
    org_codes = np.unique(orgs, return_inverse=True)[1]
    wishes: list[int | None] = [None] * n
    exclusions: list[int | None] = [None] * n

    def choose_people(k: int, weight_of: Any) -> list[int]:
        if not eligible or k == 0:
            return []
        w = np.array([weight_of(i) for i in eligible], dtype=float)
        picked = rng.choice(len(eligible), size=min(k, len(eligible)), replace=False, p=w / w.sum())
        return sorted(eligible[int(p)] for p in picked)

    for i in choose_people(share_count(_WISH_SHARE, n), lambda i: 3.0 if roles[i] is Role.MENTEE else 1.0):
        cands = options.of(i)
        shared_areas = area_matrix[cands] @ area_matrix[i]  # 0/1 rows: exact counts
        w = 1.0 + 3.0 * shared_areas + 2.0 * (org_codes[cands] == org_codes[i])
        wishes[i] = int(cands[weighted_index(rng, w)])
    for i in choose_people(share_count(_EXCLUSION_SHARE, n), lambda i: 1.0):
        cands = options.of(i)
        if wishes[i] is not None:
            cands = cands[cands != wishes[i]]
        if len(cands):
            exclusions[i] = int(cands[weighted_index(rng, np.where(org_codes[cands] == org_codes[i], 5.0, 1.0))])
    return wishes, exclusions
