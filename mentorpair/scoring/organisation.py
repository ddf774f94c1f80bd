"""Which organisation a participant counts as under the programme's ``organisation_key``.

One place for the rule, read by the score table (the same-organisation penalty
and hard rule) and by explanations, which say the organisation as compared
(:func:`organisation_of`). :mod:`mentorpair.validate` derives the same rule on
its own, so that a bug here cannot hide itself there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..exceptions import Problem, ValidationError
from ..model.participant import Participant
from ..model.programme import Programme

__all__ = ["PREFIX_SEPARATOR", "organisation_key_of", "organisation_keys", "organisation_of"]

#: where ``organisation_key="prefix"`` cuts an organisation: " / ", "," or a dash with space around it
#: (a hyphen inside a name, as in "Itä-Suomen yliopisto", is no separator)
PREFIX_SEPARATOR = re.compile(r"\s+/\s+|,|\s+[-–—]\s+")


def organisation_of(participant: Participant, programme: Programme) -> str:
    """The organisation as the programme compares it, as written: ``""`` when there is none.

    ``"exact"``: the ``organisation`` text; ``"prefix"``: its text before the
    first separator (:data:`PREFIX_SEPARATOR`); ``"email_domain"``: the domain
    of the ``email`` field; a function: what it returns for the participant.
    Surrounding space is stripped. Two people are of the same organisation when
    these texts are non-empty and equal ignoring case and repeated space
    (:func:`organisation_key_of`).
    """
    key = programme.organisation_key
    if callable(key):
        found = key(participant)
        if not isinstance(found, str):
            raise ValidationError([Problem(
                f"the organisation_key function must return a text, got {type(found).__name__}",
                row=participant.row, participant=participant.id, field="organisation_key")], what="programme")
        return found.strip()
    if key == "prefix":
        return PREFIX_SEPARATOR.split(participant.organisation, maxsplit=1)[0].strip()
    if key == "email_domain":
        return participant.email.rpartition("@")[2].strip() if "@" in participant.email else ""
    return participant.organisation.strip()


def organisation_key_of(participant: Participant, programme: Programme) -> str:
    """What is compared: :func:`organisation_of` without case or repeated space; ``""`` is no organisation."""
    return " ".join(organisation_of(participant, programme).split()).casefold()


def organisation_keys(people: Sequence[Participant], programme: Programme) -> list[str]:
    """Every participant's key, a function's failures all reported at once."""
    keys: list[str] = []
    problems: list[Problem] = []
    for p in people:
        try:
            keys.append(organisation_key_of(p, programme))
        except ValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems, what="programme")
    return keys
