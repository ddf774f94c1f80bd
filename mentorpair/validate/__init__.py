"""An independent check that a matching obeys the programme's hard rules.

:func:`validate` re-derives every hard rule from the participants' own fields
and the programme. It reads only the cohort, the programme and a matching's
public ``pairs``, ``unmatched`` and ``status``; it shares no code with scoring
or the solver, so that a bug there cannot hide itself here.

Each rule is one small function. A *pair rule* looks at the two people of one
row and its kind and returns a message or ``None``; a *matching rule* looks at
the whole matching and yields messages. Adding a rule means writing one
function and listing it in :data:`PAIR_RULES` or :data:`MATCHING_RULES`.

Vocabulary: in a ``traditional``, ``reverse`` or ``group`` row the mentor
*gives* and the mentee *receives*; in a ``peer`` row both receive (each
mentors the other). Everyone receives at most once.

Not checked here: ``Programme.stability_delta`` (no blocking pairs). Whether two
people would both gain from each other depends on scores, which the validator
never computes; :meth:`~mentorpair.Matching.blocking_pairs` reports it.
"""

from .facts import (
    INDIVIDUAL_KINDS,
    KINDS,
    co_mentees_clash,
    group_size_range,
    individual_kind,
    most_mentees,
)
from .matching_rules import MATCHING_RULES, validate
from .pair_rules import PAIR_RULES, pair_violations

__all__ = [
    "INDIVIDUAL_KINDS",
    "KINDS",
    "MATCHING_RULES",
    "PAIR_RULES",
    "co_mentees_clash",
    "group_size_range",
    "individual_kind",
    "most_mentees",
    "pair_violations",
    "validate",
]
