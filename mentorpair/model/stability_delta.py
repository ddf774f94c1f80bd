"""``Programme.stability_delta``: a matching without blocking pairs, checked when the programme is built.

A blocking pair is two people, not paired together, who would both gain more
than ``delta`` (in score units of the score ``Matching.pairs`` shows) from
pairing with each other (the definition is ``mentorpair.result.stability``'s).
With ``stability_delta`` set, the solver keeps only matchings where
``Matching.blocking_pairs(stability_delta)`` is empty.

Groups are refused with it: a group member's current score includes their
share of the group's cohesion, which depends on who else is in the group, so
"this member would not gain more than delta" is not a linear rule over the
arcs the solver chooses. The rule is then said to be at odds with the form,
when the programme is built, rather than solved approximately.
"""

from __future__ import annotations

import math

from ..exceptions import Problem

__all__ = ["margin_units", "stability_delta_problems"]


def stability_delta_problems(delta: object, forms: object) -> list[Problem]:
    """Why ``delta`` is not a usable ``stability_delta`` for a programme running ``forms``; [] when it is."""
    if delta is None:
        return []
    if isinstance(delta, bool) or not isinstance(delta, (int, float)) or not math.isfinite(delta) or delta < 0:
        return [Problem(f"must be None (off) or a number of score units >= 0, like Matching.blocking_pairs' "
                        f"delta, got {delta!r}", field="stability_delta")]
    if isinstance(forms, (set, frozenset, tuple, list)) and "group" in forms:
        return [Problem("cannot be used with the 'group' form: a group member's score includes their share of "
                        "the group's cohesion, which depends on who else is in the group, so whether they would "
                        "gain more than delta elsewhere is not a rule the solver can state exactly; drop 'group' "
                        "from forms, or stability_delta", field="stability_delta")]
    return []


def margin_units(delta: float, scale: int) -> int:
    """The largest gain, in integer score units, that does not make a side block.

    ``Matching.blocking_pairs`` blocks on a margin (an integer number of units,
    as a float) greater than this, and the model states the same bound, so the two agree at the
    boundary. The product is rounded to 6 decimals before the floor: ``0.57 * 10000`` is
    ``5699.999999999999`` in floating point, and a gain of exactly 0.57 must not block.
    """
    return math.floor(round(delta * scale, 6))
