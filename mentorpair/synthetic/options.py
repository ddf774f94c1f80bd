"""The arguments of :func:`~mentorpair.synthetic.generator.synthetic_frame`, checked, and the cohort shape they ask for.

The forms of mentoring a programme runs decide who signs up (peers only with
peer mentoring, mentors able to take a group only with group mentoring,
junior mentors only with reverse mentoring): :func:`cohort_shape` turns the
forms and any explicit role shares into a :class:`Shape`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..model.vocab import FORMS, Role

__all__ = [
    "LANGUAGE_WEIGHT",
    "Shape",
    "check_forms",
    "check_languages",
    "check_role_shares",
    "check_share",
    "cohort_shape",
    "is_int",
]

#: how often each of the programme's languages is a participant's first
LANGUAGE_WEIGHT: dict[str, float] = {"fi": 0.6, "en": 0.3, "sv": 0.1}
_KNOWN_LANGUAGES = tuple(LANGUAGE_WEIGHT)
_DEFAULT_ROLE_SHARES: dict[Role, float] = {Role.MENTOR: 0.4, Role.MENTEE: 0.5, Role.PEER: 0.05, Role.ANY: 0.05}
_ROLE_ALIASES: dict[str, Role] = {"aktori": Role.MENTEE, "mentoroitava": Role.MENTEE}

# Mentor-mentee forms; "peer" is the one without a mentor.
_ONE_WAY_FORMS = frozenset({"traditional", "reverse", "group"})
_MENTEE_PROFILES: dict[str, float] = {"student": 0.2, "jobseeker": 0.15, "professional": 0.65}
_JUNIOR_MENTOR_SHARE = 0.1


def is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def check_share(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise ValueError(f"{name} must be a number from 0 to 1, got {value!r}")
    share = float(value)
    if not (math.isfinite(share) and 0.0 <= share <= 1.0):
        raise ValueError(f"{name} must be a number from 0 to 1, got {value!r}")
    return share


def check_languages(languages: object) -> tuple[str, ...]:
    if isinstance(languages, str):  # a lone code: ("fi") is an easy slip for ("fi",)
        languages = (languages,)
    if not isinstance(languages, Sequence) or not languages:
        raise ValueError(f"languages must be a non-empty sequence of codes from {list(_KNOWN_LANGUAGES)}, "
                         f"got {languages!r}")
    codes = tuple(str(code).strip().casefold() if isinstance(code, str) else code for code in languages)
    unknown = [code for code in codes if code not in _KNOWN_LANGUAGES]
    if unknown:
        raise ValueError(f"languages must be codes from {list(_KNOWN_LANGUAGES)}, got unknown {unknown!r}")
    if len(set(codes)) != len(codes):
        raise ValueError(f"languages must not repeat a code, got {languages!r}")
    return codes


def check_role_shares(role_shares: object) -> dict[Role, float]:
    if not isinstance(role_shares, Mapping):
        raise ValueError(f"role_shares must be a mapping from role to share, got {role_shares!r}")
    shares = {role: 0.0 for role in Role}
    for key, value in role_shares.items():
        role = _as_role(key)
        shares[role] += check_share(f"role_shares[{key!r}]", value)
    total = sum(shares.values())
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise ValueError(f"role_shares must add up to 1, got {total:g} from {dict(role_shares)!r}")
    return shares


def _as_role(key: object) -> Role:
    if isinstance(key, Role):
        return key
    if isinstance(key, str):
        folded = key.strip().casefold()
        if folded in _ROLE_ALIASES:
            return _ROLE_ALIASES[folded]
        for role in Role:
            if role.value == folded:
                return role
    raise ValueError(f"role_shares has unknown role {key!r}; roles are {[r.value for r in Role]}")


def check_forms(forms: object) -> frozenset[str]:
    if isinstance(forms, str):  # a lone form: ("peer") is an easy slip for ("peer",)
        forms = (forms,)
    if not isinstance(forms, Iterable) or isinstance(forms, Mapping):
        raise ValueError(f"forms must be an iterable of forms from {list(FORMS)}, got {forms!r}")
    items = list(forms)
    unknown = [f for f in items if not isinstance(f, str) or f.strip().casefold() not in FORMS]
    if unknown:
        raise ValueError(f"forms must be forms from {list(FORMS)}, got unknown {unknown!r}")
    if not items:
        raise ValueError(f"forms must name at least one form from {list(FORMS)}, got none")
    return frozenset(f.strip().casefold() for f in items)


@dataclass(frozen=True)
class Shape:
    """What the programme's forms of mentoring ask of the people who sign up."""

    role_shares: dict[Role, float]
    junior_mentor_share: float  # mentors who are junior specialists: the reverse mentors
    mentee_profiles: dict[str, float]
    mentor_capacity: dict[int, float]


def cohort_shape(forms: frozenset[str], role_shares: dict[Role, float] | None) -> Shape:
    """The cohort's shape for ``forms``; with all four it is the historical mix the demo file was made with."""
    one_way = forms & _ONE_WAY_FORMS
    # Without traditional or group pairs, only reverse pairs can use a mentor.
    reverse_only = one_way == {"reverse"}
    if role_shares is None:
        if not one_way:
            role_shares = {role: float(role is Role.PEER) for role in Role}
        elif "peer" in forms:
            role_shares = dict(_DEFAULT_ROLE_SHARES)
        else:  # the peers' tenth goes to mentors and mentees, 4 : 5 as the rest
            role_shares = {Role.MENTOR: 0.45, Role.MENTEE: 0.55, Role.PEER: 0.0, Role.ANY: 0.0}
    else:
        _check_roles_fit_forms(role_shares, forms)
    if "group" not in forms:
        capacity = {1: 0.7, 2: 0.3}  # one-to-one programmes: a second mentee at most
    elif one_way == {"group"}:
        capacity = {2: 0.6, 3: 0.4}  # every mentor can take a group of two or more
    else:
        capacity = {1: 0.55, 2: 0.3, 3: 0.15}
    return Shape(
        role_shares=role_shares,
        junior_mentor_share=(1.0 if reverse_only else _JUNIOR_MENTOR_SHARE) if "reverse" in forms else 0.0,
        # Reverse mentees are long-serving staff, more experienced than any junior mentor.
        mentee_profiles={"seasoned": 1.0} if reverse_only else dict(_MENTEE_PROFILES),
        mentor_capacity=capacity,
    )


def _check_roles_fit_forms(shares: Mapping[Role, float], forms: frozenset[str]) -> None:
    if shares[Role.PEER] > 0 and "peer" not in forms:
        raise ValueError(f"role_shares gives peers {shares[Role.PEER]:g} but forms {sorted(forms)} has no 'peer'")
    one_way = shares[Role.MENTOR] + shares[Role.MENTEE]
    if one_way > 0 and not forms & _ONE_WAY_FORMS:
        raise ValueError(f"role_shares gives mentors and mentees {one_way:g} but forms {sorted(forms)} "
                         f"has none of {sorted(_ONE_WAY_FORMS)}")
