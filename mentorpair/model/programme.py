"""A programme's matching rules and score weights, checked when built.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from ..exceptions import Problem, ValidationError, integer_problem
from .availability import AvailabilityRule, availability_rule_problem
from .balance import balance_problems, balance_stages
from .history import in_force, past_pairs
from .html import programme_html
from .options import (
    STAGES,
    SolveOptions,
    objective_problem,
    time_limit_problem,
    work_limit_problem,
)
from .participant import Participant
from .stability_delta import stability_delta_problems
from .vocab import (
    FORMS,
    KEPT_STAGE,
    MAX_CAPACITY,
    MENTORING_FORMS,
    ORGANISATION_KEYS,
    REPEAT_RULES,
    WISH_MODES,
    WISHES_STAGE,
    Form,
    MeetingRule,
    OrganisationKeyName,
    RepeatRule,
    SameOrganisation,
    Stage,
    WishMode,
)

#: what ``Programme.organisation_key`` takes: a built-in name or a function of a participant
OrganisationKey = OrganisationKeyName | Callable[[Participant], str]


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each named score component counts. Each component is in [0, 1]
    before weighting (the same-organisation penalty in [-1, 0]; ``repeat``, a pair of an
    earlier round, -1 under ``repeat="avoid"`` and 1 under ``"prefer"``; ``availability``, the
    share of time in common, counts only under ``Programme(availability="soft")``), so a pair's
    score is at most the sum of the positive weights."""

    goal_text: float = 0.40
    goal_areas: float = 0.25
    experience: float = 0.15
    meeting: float = 0.10
    wish: float = 0.20
    same_organisation: float = 0.15
    repeat: float = 0.30
    availability: float = 0.10

    def __post_init__(self) -> None:
        problems = [
            Problem(f"must be a finite number >= 0, got {getattr(self, f.name)!r}", field=f"weights.{f.name}")
            for f in fields(self)
            if isinstance(getattr(self, f.name), bool)
            or not isinstance(getattr(self, f.name), (int, float))
            or not math.isfinite(getattr(self, f.name))
            or getattr(self, f.name) < 0
        ]
        if problems:
            raise ValidationError(problems, what="weights")

    @classmethod
    def coerce(cls, value: Weights | Mapping[str, float] | None) -> Weights:
        if value is None:
            return cls()
        if isinstance(value, Weights):
            return value
        if isinstance(value, Mapping):
            known = {f.name for f in fields(cls)}
            unknown = sorted(set(value) - known)
            if unknown:
                raise ValidationError(
                    [Problem(f"unknown score component; known are {sorted(known)}", field=f"weights.{k}")
                     for k in unknown],
                    what="weights",
                )
            return replace(cls(), **{k: float(v) if not isinstance(v, bool) else v for k, v in value.items()})
        raise ValidationError([Problem(f"must be a Weights or a mapping, got {value!r}", field="weights")],
                              what="programme")

    def as_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# Peers signed up to be paired with each other, so peer pairing is on unless switched off.
_DEFAULT_FORMS: frozenset[Form] = frozenset({"traditional", "peer"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Programme:
    """A programme's matching rules.

    Parameters
    ----------
    same_organisation
        ``"allowed"``, ``"discouraged"`` (a score penalty) or ``"forbidden"`` (a hard rule).
    organisation_key
        What makes two people "of the same organisation" for ``same_organisation``:
        ``"exact"`` (default) the ``organisation`` texts are equal, ignoring case and
        repeated or surrounding space; ``"prefix"`` the texts before the first
        ``" / "``, ``","`` or ``" - "`` (also ``" – "``) are equal, so
        "Jyväskylän yliopisto / Kemian laitos" and "Jyväskylän yliopisto, Kasvatustieteiden
        laitos" are one organisation; ``"email_domain"`` the domains of the ``email``
        fields are equal (``a@jyu.fi`` and ``b@JYU.fi``; ``student.jyu.fi`` is another
        domain). Or a function taking a :class:`Participant` and returning the text to
        compare, compared like ``"exact"``. Whoever has no key (no organisation, no
        e-mail address, or the function returned ``""``) is never of the same
        organisation as anyone. A function is not saved with a matching
        (:func:`mentorpair.result.persist.save_matching` refuses it: it could not be checked later).
    max_mentees_per_mentor
        The most mentees a mentor takes, in separate pairs or in one group; a
        participant's own ``capacity`` lowers it for them, never raises it
        (one who stated none may take this many). ``None``: as stated, each
        mentor's own ``capacity`` (1 for one who stated none), in pairs and in a
        group alike: one who stated none leads no group (1 is below the smallest
        group), one who stated 3 leads a group of at most 3. Mentors whose stated
        capacity the maximum cut are named in ``Matching.warnings``.
    wishes
        ``"bonus"`` adds the ``wish`` component; ``"hard"`` requires that a participant who
        named wishes has at least one pair with someone they named (a mentor's other places
        may go to anyone); ``"hard-if-possible"`` honours as many of those hard wishes as
        can hold together with the other rules (a first objective stage, ``"wishes"``,
        before ``objective``), adds the ``wish`` component like ``"bonus"``, and names the
        wishers it could not honour in ``Matching.warnings``; ``"ignore"`` disregards wishes.
    meeting
        ``"soft"`` (default): how well two people can meet is a score part only.
        ``"hard"``: a pair that cannot meet as both asked is not allowed: no meeting
        mode in common, or meeting only in person with both locations given and
        different (the ``meeting`` part's ``no_common_mode`` and ``in_person_apart``).
        Co-mentees of a group are not checked against each other.
    availability
        What participants' ``availability`` (weekly slots and a time zone, see
        :mod:`mentorpair.model.availability`) does: ``"ignore"`` (default: scores as before
        anyone gave one); ``"soft"``: the ``availability`` score part, the share of time in common
        (weight ``Weights.availability``, 0.10; 0.5 when either is unknown); ``"hard"``: two people
        who both gave one and share no time are not a pair (a group's mentor with each member;
        co-mentees are not checked against each other).
    weights
        A :class:`Weights` or a mapping overriding some of its fields.
    objective
        Stages solved in order, each one's optimum fixed before the next:
        ``"coverage"`` (people matched), ``"fairness"`` (weakest pair), ``"total"``.
    time_limit
        Wall-clock seconds for the whole solve, or ``None`` (default) for none. A
        solve it stops may end differently on a faster or busier machine.
    work_limit
        The limit on the search's work, in CP-SAT's deterministic seconds:
        ``"auto"`` (default; half a minute to five minutes of work by cohort size, see
        :func:`mentorpair.model.options.auto_work_limit`), a number, or ``None``
        for no limit. A solve it stops gives the same matching on every run
        (with ``num_workers=1``), so the default never waits without end and
        stays reproducible.
    seed
        Solver random seed. Same input and seed give the same output.
    num_workers
        CP-SAT search workers. 1 (the default) makes results reproducible
        whatever the machine; more may be faster on large cohorts.
    forms
        Forms of mentoring the programme runs, decided jointly in one model:
        ``"traditional"`` (the mentor is at least as experienced), ``"reverse"``
        (the mentor is less experienced but answers the mentee's goals),
        ``"group"`` (one mentor with ``group_size`` mentees together) and
        ``"peer"`` (two people with role peer/any mentor each other).
    group_size
        ``(smallest, largest)`` number of mentees in a group.
    group_cohesion_weight
        Weight of how well co-mentees' goals fit each other in a group's score.
    group_candidates
        A mentor's group is drawn from their this-many best-fitting mentees,
        which keeps the cohesion terms of the model small.
    dual_roles
        Let a participant with role ``any`` be a mentee in one pair and a mentor
        in another (never both with the same person).
    require_all
        Everyone must be matched; when impossible, ``Matching.conflicts`` says why.
    fixed_pairs
        ``(mentor_id, mentee_id)`` pairs (for peers, the two ids) that were already
        announced and must stay.
    exclusions
        ``(id, id)`` pairs the coordinator rules out, on top of participants' own exclusions.
    keep_pairs
        ``(mentor_id, mentee_id)`` pairs (for peers, the two ids) announced earlier that should
        stay where they can: a stage ``"kept"`` right after ``"coverage"`` (first, when the
        objective does not start with coverage) keeps as many of them as possible, and the later
        stages optimise among the matchings that do. Unlike ``fixed_pairs`` they never make
        the rules infeasible. :func:`mentorpair.rematch` sets them from a previous matching.
    history
        Earlier rounds' pairs: saved matchings, one per round (a list, oldest first, or a
        mapping ``{2024: matching, ...}``), or a table with ``mentor_id``, ``mentee_id`` and
        ``round`` (or ``year``) columns. Read into ``(first, second, round)`` triples
        (:mod:`mentorpair.model.history`); co-members of one group count as paired. Ids not in
        this cohort are fine (people leave).
    repeat
        What a pair of two people paired in a round that counts is: ``"forbid"`` (the default):
        not allowed, a hard rule, in groups too; ``"avoid"``: allowed with the ``repeat`` score
        part at -1 (weight ``Weights.repeat``, 0.30); ``"prefer"``: the part at +1 (a mentee
        continuing with the same mentor). Explanations say "paired in round 2025".
    cooldown
        Only the last this-many rounds of ``history`` count (by round number: rounds 2023–2025 and
        ``cooldown=2`` count 2024 and 2025); ``None`` (default): every round.
    memory_budget_mb
        Refuse, before building anything large, a model estimated to need more
        memory than this (``None``: no limit). See ``mentorpair.solve.budget``.
    candidates_per_person
        On a large cohort the model keeps only each person's this-many best
        arcs per side (plus fixed pairs, wishes and group candidates), and the
        arcs left out are priced afterwards: the result says whether it is
        still provably optimal, or its proven bound and gap. ``None`` (the
        default) keeps every arc up to 60,000 allowed arcs and 10 per person
        beyond; ``0`` always keeps every arc. See ``mentorpair.scoring.candidates``.
    stability_delta
        ``None`` (default): off. A number (score units, like ``Matching.blocking_pairs``' ``delta``):
        a hard rule that no two people who are not paired together would both gain more than
        this from each other, so ``matching.blocking_pairs(stability_delta)`` is empty. Solved by
        CP-SAT over every allowed pair; ``Matching.warnings`` says what the rule cost (a second
        solve without it). Not with the ``"group"`` form (:mod:`mentorpair.model.stability_delta`).
    balance
        Balance across the cohort (:mod:`mentorpair.model.balance`): a :class:`~mentorpair.Share`
        (``Share("cross_organisation", at_least=0.6)``: that share of pair rows of that kind, hard
        or, by default, as near as a stage ``"balance"`` after coverage gets), a
        :class:`~mentorpair.GroupMix` (no group's mentees more than a share of one organisation or
        language) or a :class:`~mentorpair.Floor` (a stage ``"floor"`` after fairness raising each
        organisation's or language's weakest pair), or a sequence of them. ``Matching.balance`` reports
        what each reached. With any of them the model is CP-SAT's over every allowed pair.

    Examples
    --------
    >>> Programme(same_organisation="forbidden", max_mentees_per_mentor=2)
    Programme(same_organisation='forbidden', max_mentees_per_mentor=2)
    """

    same_organisation: SameOrganisation = "allowed"
    max_mentees_per_mentor: int | None = 1
    wishes: WishMode = "bonus"
    weights: Weights | Mapping[str, float] | None = None
    objective: tuple[Stage, ...] = STAGES
    time_limit: float | None = None
    work_limit: float | Literal["auto"] | None = "auto"
    seed: int = 0
    num_workers: int = 1
    forms: frozenset[Form] | tuple[Form, ...] = _DEFAULT_FORMS
    group_size: tuple[int, int] = (2, 3)
    group_cohesion_weight: float = 0.10
    group_candidates: int = 8
    dual_roles: bool = False
    require_all: bool = False
    fixed_pairs: tuple[tuple[str, str], ...] = ()
    exclusions: tuple[tuple[str, str], ...] = ()
    keep_pairs: tuple[tuple[str, str], ...] = ()
    history: Any = ()
    repeat: RepeatRule = "forbid"
    cooldown: int | None = None
    memory_budget_mb: float | None = 4096.0
    candidates_per_person: int | None = None
    stability_delta: float | None = None
    organisation_key: OrganisationKey = "exact"
    meeting: MeetingRule = "soft"
    availability: AvailabilityRule = "ignore"
    balance: Any = ()

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        problems += self._form_problems()
        problems += stability_delta_problems(self.stability_delta, self.forms)
        problems += [p for p in (availability_rule_problem(self.availability),) if p is not None]

        def bad(name: str, message: str) -> None:
            problems.append(Problem(message, field=name))

        if self.same_organisation not in ("allowed", "discouraged", "forbidden"):
            bad("same_organisation", f"must be 'allowed', 'discouraged' or 'forbidden', got {self.same_organisation!r}")
        if (message := integer_problem(self.max_mentees_per_mentor, 1, most=MAX_CAPACITY, none_ok=True)) is not None:
            bad("max_mentees_per_mentor", message)
        elif (isinstance(self.max_mentees_per_mentor, int) and isinstance(self.group_size, tuple)
              and isinstance(self.forms, frozenset) and "group" in self.forms
              and self.max_mentees_per_mentor < self.group_size[0]):
            # A mentor never has more mentees than the maximum, as pairs or as a group: asking for groups
            # the maximum makes impossible is two rules at odds, said now rather than as no group formed.
            bad("max_mentees_per_mentor",
                f"is {self.max_mentees_per_mentor}, below the smallest group (group_size {self.group_size}), so the "
                f"'group' form could never run; set it to at least {self.group_size[0]}, or to None to take each "
                "mentor's stated capacity")
        if not isinstance(self.wishes, str) or self.wishes not in WISH_MODES:
            bad("wishes", f"must be one of {list(WISH_MODES)}, got {self.wishes!r}")
        key = self.organisation_key
        if not callable(key) and (not isinstance(key, str) or key not in ORGANISATION_KEYS):
            bad("organisation_key", f"must be one of {list(ORGANISATION_KEYS)} or a function of a participant "
                                    f"returning a text, got {key!r}")
        if not isinstance(self.meeting, str) or self.meeting not in ("soft", "hard"):
            bad("meeting", f"must be 'soft' or 'hard', got {self.meeting!r}")
        try:
            object.__setattr__(self, "history", past_pairs(self.history))
        except ValidationError as exc:
            problems.extend(exc.problems)
        if not isinstance(self.repeat, str) or self.repeat not in REPEAT_RULES:
            bad("repeat", f"must be one of {list(REPEAT_RULES)}, got {self.repeat!r}")
        if (message := integer_problem(self.cooldown, 1, none_ok=True)) is not None:
            bad("cooldown", message)
        try:
            object.__setattr__(self, "weights", Weights.coerce(self.weights))
        except ValidationError as exc:
            problems.extend(exc.problems)
        if (message := objective_problem(self.objective)) is not None:
            bad("objective", message)
        else:
            object.__setattr__(self, "objective", tuple(self.objective))
        if (message := time_limit_problem(self.time_limit)) is not None:
            bad("time_limit", message)
        if (message := work_limit_problem(self.work_limit)) is not None:
            bad("work_limit", message)
        if (message := integer_problem(self.seed, 0)) is not None:
            bad("seed", message)
        mb = self.memory_budget_mb
        if mb is not None and (isinstance(mb, bool) or not isinstance(mb, (int, float)) or not math.isfinite(mb) or mb <= 0):
            bad("memory_budget_mb", f"must be a number of megabytes > 0 or None, got {mb!r}")
        if (message := integer_problem(self.num_workers, 1)) is not None:
            bad("num_workers", message)
        if (message := integer_problem(self.candidates_per_person, 0, none_ok=True)) is not None:
            bad("candidates_per_person", message)
        problems += balance_problems(self)
        if problems:
            raise ValidationError(problems, what="programme")

    def _form_problems(self) -> list[Problem]:
        out: list[Problem] = []
        forms = self.forms
        if isinstance(forms, (str, bytes)) or not isinstance(forms, (set, frozenset, tuple, list)):
            out.append(Problem(f"must be a set of forms from {list(FORMS)}, got {forms!r}", field="forms"))
        else:
            unknown = sorted(set(forms) - set(FORMS))
            if unknown or not forms:
                out.append(Problem(f"must be a non-empty set of forms from {list(FORMS)}, got {sorted(forms)!r}",
                                   field="forms"))
            else:
                object.__setattr__(self, "forms", frozenset(forms))
        size = self.group_size
        if (not isinstance(size, (tuple, list)) or len(size) != 2
                or any(isinstance(v, bool) or not isinstance(v, int) for v in size)
                or not 2 <= size[0] <= size[1] <= MAX_CAPACITY):
            out.append(Problem(f"must be (smallest, largest) integers with 2 <= smallest <= largest <= "
                               f"{MAX_CAPACITY:,}, got {size!r}", field="group_size"))
        else:
            object.__setattr__(self, "group_size", tuple(size))
        w = self.group_cohesion_weight
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(w) or w < 0:
            out.append(Problem(f"must be a finite number >= 0, got {w!r}", field="group_cohesion_weight"))
        if (message := integer_problem(self.group_candidates, 2)) is not None:
            out.append(Problem(message, field="group_candidates"))
        for name in ("dual_roles", "require_all"):
            if not isinstance(getattr(self, name), bool):
                out.append(Problem(f"must be True or False, got {getattr(self, name)!r}", field=name))
        for name in ("fixed_pairs", "exclusions", "keep_pairs"):
            pairs = getattr(self, name)
            ok = isinstance(pairs, (tuple, list)) and all(
                isinstance(p, (tuple, list)) and len(p) == 2 and all(isinstance(i, str) and i for i in p) and p[0] != p[1]
                for p in pairs)
            if not ok:
                out.append(Problem(f"must be a sequence of (id, id) pairs of two different ids, got {pairs!r}",
                                   field=name))
            else:
                object.__setattr__(self, name, tuple(tuple(p) for p in pairs))
        if self.fixed_pairs and isinstance(self.exclusions, tuple):
            both = {frozenset(p) for p in self.fixed_pairs} & {frozenset(p) for p in self.exclusions}
            for pair in sorted(tuple(sorted(p)) for p in both):
                out.append(Problem(f"pair {pair[0]!r}-{pair[1]!r} is both fixed and excluded", field="fixed_pairs"))
        return out

    def reference_problems(self, ids: Sequence[str] | frozenset[str]) -> list[Problem]:
        """Problems with ids in fixed, excluded and kept pairs that the cohort does not have."""
        known = set(ids)
        return [
            Problem(f"names unknown participant {i!r}", participant=i, field=name)
            for name in ("fixed_pairs", "exclusions", "keep_pairs")
            for pair in getattr(self, name)
            for i in pair
            if i not in known
        ]

    @property
    def named_pairs(self) -> tuple[tuple[str, str], ...]:
        """The pairs the rules name to be made: ``fixed_pairs``, then ``keep_pairs``; a table of each
        person's best pairs always holds their arcs."""
        return (*self.fixed_pairs, *self.keep_pairs)

    @property
    def past_pairs(self) -> dict[frozenset[str], int]:
        """Each two people of ``history`` paired in a round that counts (``cooldown``), with the latest
        round they were paired in: what ``repeat`` forbids, avoids or prefers."""
        assert isinstance(self.history, tuple)  # read in __post_init__
        return in_force(self.history, self.cooldown if isinstance(self.cooldown, int) else None)

    @property
    def score_weights(self) -> Weights:
        assert isinstance(self.weights, Weights)  # coerced in __post_init__
        return self.weights

    def capacity_of(self, participant: Participant) -> int:
        """How many mentees this participant may take as a mentor of separate pairs.

        The smaller of ``max_mentees_per_mentor`` and their own stated ``capacity``;
        with ``max_mentees_per_mentor=None``, their stated capacity (1 when none).
        """
        most, stated = self.max_mentees_per_mentor, participant.capacity
        if most is None:
            return 1 if stated is None else stated
        return most if stated is None else min(stated, most)

    def capacity_cut(self, participant: Participant) -> bool:
        """Whether this participant, who may mentor under the programme's forms, stated a capacity
        above ``max_mentees_per_mentor``. Under peer mentoring alone nobody mentors: nobody is cut."""
        most, stated = self.max_mentees_per_mentor, participant.capacity
        mentoring = not MENTORING_FORMS.isdisjoint(self.forms)
        return (mentoring and participant.role.can_give and most is not None and stated is not None
                and stated > most)

    def group_limits_of(self, participant: Participant) -> tuple[int, int] | None:
        """(smallest, largest) group this participant may mentor, or None if no group fits.

        The largest is the smaller of ``group_size``'s largest and :meth:`capacity_of`
        (the programme's maximum and their own stated ``capacity``; as stated, 1 for one who
        stated none): a group's mentees are mentees like any others.
        """
        if "group" not in self.forms:
            return None
        smallest, largest = self.group_size
        largest = min(largest, self.capacity_of(participant))
        return (smallest, largest) if largest >= smallest else None

    @property
    def stages(self) -> tuple[str, ...]:
        """Every objective stage solved, in order: ``"wishes"`` first under ``wishes="hard-if-possible"``,
        ``"kept"`` after ``"coverage"`` with ``keep_pairs`` (see :func:`solve_stages`)."""
        return balance_stages(solve_stages(self.objective, wishes=self.wishes == "hard-if-possible",
                                           kept=bool(self.keep_pairs)), self.balance)

    @property
    def options(self) -> SolveOptions:
        """How the solve runs: the objective, limits, seed and workers of these rules."""
        return SolveOptions(objective=self.objective, time_limit=self.time_limit, seed=self.seed,
                            num_workers=self.num_workers, work_limit=self.work_limit)

    def changed_fields(self) -> dict[str, Any]:
        """The rules that differ from the defaults, for printing."""
        default = Programme()
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) != getattr(default, f.name)}

    def _repr_html_(self) -> str:
        return programme_html(self)

    def __repr__(self) -> str:
        shown = {k: (sorted(v) if isinstance(v, frozenset) else v) for k, v in self.changed_fields().items()}
        # A function's own repr carries its memory address: the name keeps the repr the same on every run.
        text = {k: function_name(v) if callable(v) else _short_repr(k, v) for k, v in shown.items()}
        return f"Programme({', '.join(f'{k}={v}' for k, v in text.items())})"


#: pair lists longer than this are counted in a repr, not listed: a rematch keeps hundreds of pairs,
#: and a programme of several yearly rounds has thousands of past pairs, which buried every other rule
_LISTED_PAIRS = 6


def _short_repr(name: str, value: Any) -> str:
    """A rule's value as the repr shows it: long pair lists as their count (and the rounds of a history)."""
    if name not in _PAIR_LISTS or not isinstance(value, tuple) or len(value) <= _LISTED_PAIRS:
        return repr(value)
    if name == "history":
        rounds = sorted({r for *_, r in value})
        span = f"round {rounds[0]}" if len(rounds) == 1 else f"rounds {rounds[0]}–{rounds[-1]}"
        return f"<{len(value)} pairs of {span}>"
    return f"<{len(value)} pairs>"


#: the rules whose value is a list of pairs of ids
_PAIR_LISTS = ("fixed_pairs", "exclusions", "keep_pairs", "history")


def solve_stages(objective: Sequence[str], *, wishes: bool, kept: bool) -> tuple[str, ...]:
    """The stages solved, in order, for an objective with a wishes stage and/or a kept stage.

    Wishes come first (a hard wish is a rule, honoured where it can be). Kept pairs come right
    after coverage when the objective starts with it (the default), else first: leaving someone
    out is the worst outcome a programme knows, so keeping an announced pair never costs anyone
    their place, while breaking one, which its two people were told of, weighs more than any
    score difference the later stages could gain. An objective that puts coverage after a score
    stage ranks scores above people matched; kept pairs then come before both.
    """
    stages = list(objective)
    if kept:
        stages.insert(1 if stages[0] == "coverage" else 0, KEPT_STAGE)
    return ((WISHES_STAGE,) if wishes else ()) + tuple(stages)


def function_name(function: Callable[..., object]) -> str:
    """A function as ``<function module.qualified_name>``, the same on every run."""
    module = getattr(function, "__module__", None)
    name = getattr(function, "__qualname__", None) or type(function).__qualname__
    return f"<function {module + '.' if module else ''}{name}>"
