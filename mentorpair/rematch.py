"""After a drop-out, a late sign-up, a banned or a forced pair: solve again, breaking as few announced pairs as possible.

The announced pairs become the programme's ``keep_pairs``, which the solver keeps as
often as it can in a stage right after coverage (:func:`mentorpair.model.programme.solve_stages`
says why there): nobody is left out to keep a pair, and no score gain breaks one that
could stay. :meth:`Matching.diff` then says, pair by pair, what changed and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Literal

# The module, not its functions: tests and embedding apps replace pipeline.match and default_encoder.
from . import pipeline
from .exceptions import Problem, ValidationError
from .model.cohort import Cohort
from .model.participant import Participant
from .model.programme import Programme
from .result.diff import matching_diff
from .result.matching import Matching, MatchingRecord
from .result.persist import SavedMatching, cohort_sha256, verify_saved
from .text.encoders import Encoder

__all__ = ["DISRUPTIONS", "Disruption", "rematch"]

Disruption = Literal["min", "none", "ignore"]
#: what ``rematch(disruption=...)`` takes
DISRUPTIONS: tuple[Disruption, ...] = ("min", "none", "ignore")

Pair = tuple[str, str]


def rematch(
    previous: MatchingRecord,
    cohort: Cohort | None = None,
    programme: Programme | None = None,
    *,
    drop: str | Iterable[str] = (),
    add: Cohort | Iterable[Participant] | None = None,
    ban: Iterable[Pair] = (),
    force: Iterable[Pair] = (),
    disruption: Disruption = "min",
    encoder: Encoder | None = None,
    verify: bool = True,
) -> Matching:
    """Match again after a change, keeping as many of ``previous``'s announced pairs as possible.

    Parameters
    ----------
    previous
        The announced matching: a :class:`Matching`, or one saved and read back with
        :func:`mentorpair.load_matching`.
    cohort
        The sign-ups ``previous`` was made from; ``previous``'s own when ``None`` (a saved
        matching holds no sign-ups, so give them with it).
    programme
        The rules; ``previous``'s when ``None``.
    drop
        Ids of people who left (any letter case). Others' wishes and exclusions naming them are
        dropped (:meth:`Cohort.without`), and so are the programme's fixed, excluded and kept
        pairs that name them; ``warnings`` says so.
    add
        Late sign-ups: a :class:`Cohort` (e.g. read with :func:`mentorpair.read_csv`) or
        participants, added after everyone else. Their ids must be new.
    ban
        ``(id, id)`` pairs that may no longer be paired (added to ``exclusions``).
    force
        ``(mentor_id, mentee_id)`` pairs (for peers, the two ids) that must be paired (added to
        ``fixed_pairs``).
    disruption
        ``"min"`` (default): keep as many announced pairs as possible without leaving anyone
        out who could be matched; the fairness and total stages then optimise among the
        matchings that do. ``"none"``: every announced pair that is still possible stays,
        as a hard rule (a forced pair that takes someone from their announced partner then
        makes the rules infeasible, and ``conflicts`` names both). ``"ignore"``: solve
        afresh, as if nothing had been announced (to see what the change would cost).
    encoder
        As for :func:`mentorpair.match`.
    verify
        Refuse (``ValidationError``) a ``cohort`` that is not the one ``previous`` was made
        from, and a saved matching edited after saving or breaking a saved rule
        (:func:`~mentorpair.result.persist.verify_saved`): announced pairs read against other
        sign-ups would be kept or broken by accident. Make changes with ``drop`` and ``add``.
        With ``False`` the findings go to ``warnings`` instead.

    Returns
    -------
    Matching
        Its ``warnings`` say what changed and how many announced pairs were kept;
        ``previous.diff(result)`` (:func:`mentorpair.result.diff.matching_diff` for a saved one) lists every kept, broken and new pair with its reason.

    Raises
    ------
    ValidationError
        Every id in ``drop``, ``ban`` or ``force`` the cohort does not have, every late
        sign-up whose id is taken, at once.
    """
    if not isinstance(previous, MatchingRecord):
        raise TypeError(f"previous must be a Matching or a saved matching (load_matching), got "
                        f"{type(previous).__name__}")
    if disruption not in DISRUPTIONS:
        raise ValueError(f"disruption must be one of {list(DISRUPTIONS)}, got {disruption!r}")
    cohort = cohort if cohort is not None else _cohort_of(previous)
    programme = programme if programme is not None else previous.programme
    if programme is None:
        raise TypeError("previous was made from caller-given scores (assign / pair_peers), without rules: "
                        "give programme=")
    findings = _findings(previous, cohort)
    if findings and verify:
        raise ValidationError([Problem(f) for f in findings], what="previous matching (verify=False to go on)")
    changes: list[str] = []
    dropped = _dropped(cohort, drop)
    if dropped:
        cohort = cohort.without(dropped)
        changes.append(f"dropped {', '.join(dropped)}")
    late = _late(add)
    if late:
        cohort = _extended(cohort, late)
        changes.append(f"added {', '.join(p.id for p in late)}")
    banned, forced = _pairs(cohort, ban, "ban"), _pairs(cohort, force, "force")
    if banned:
        changes.append(f"banned {_listed(banned)}")
    if forced:
        changes.append(f"forced {_listed(forced)}")
    programme, gone = _without_leavers(programme, cohort)
    announced = [pair for pair in previous.id_pairs
                 if pair[0] in cohort and pair[1] in cohort and frozenset(pair) not in map(frozenset, banned)]
    # A ban overrides a fixed pair of the earlier rules (one announced and kept with fixed=, say).
    unfixed = [p for p in programme.fixed_pairs if frozenset(p) in map(frozenset, banned)]
    if unfixed:
        gone.append(f"no longer fixed, being banned: {_listed(unfixed)}")
    rules = replace(programme, exclusions=_merged(programme.exclusions, banned), keep_pairs=(),
                    fixed_pairs=_merged(tuple(p for p in programme.fixed_pairs if p not in unfixed), forced))
    if disruption == "min":
        rules = replace(rules, keep_pairs=tuple(announced))
    elif disruption == "none":
        rules = replace(rules, fixed_pairs=_merged(rules.fixed_pairs, announced))
    matching = pipeline.match(cohort, rules, encoder=encoder)
    notes = [*findings, *gone, _kept_line(previous, matching, announced, changes, disruption)]
    return replace(matching, warnings=(*matching.warnings, *notes))


def _findings(previous: MatchingRecord, cohort: Cohort) -> list[str]:
    """What keeps ``previous`` from being the announced matching of ``cohort``."""
    if isinstance(previous, SavedMatching):
        return verify_saved(previous, cohort, previous.programme)
    own = previous._cohort if isinstance(previous, Matching) else None
    if own is not None and own is not cohort and cohort_sha256(own) != cohort_sha256(cohort):
        return ["the cohort is not the one previous was made from (give the changes as drop= and add=)"]
    return []


def _cohort_of(previous: MatchingRecord) -> Cohort:
    own = previous._cohort if isinstance(previous, Matching) else None
    if own is None:
        raise TypeError("previous holds no sign-ups (a saved matching, or one made by assign / pair_peers): "
                        "give cohort=, the sign-ups it was made from")
    return own


def _dropped(cohort: Cohort, drop: str | Iterable[str]) -> tuple[str, ...]:
    """The ids to drop as the cohort spells them; :meth:`Cohort.without` refuses unknown ones, all at once."""
    given = (drop,) if isinstance(drop, str) else tuple(drop)
    return tuple(dict.fromkeys(cohort.find(pid) or pid for pid in given))


def _late(add: Cohort | Iterable[Participant] | None) -> tuple[Participant, ...]:
    if add is None:
        return ()
    late = tuple(add)
    wrong = [type(p).__name__ for p in late if not isinstance(p, Participant)]
    if wrong:
        raise TypeError(f"add must be a Cohort or participants, got {', '.join(sorted(set(wrong)))}")
    return late


def _extended(cohort: Cohort, late: tuple[Participant, ...]) -> Cohort:
    """The cohort with the late sign-ups after everyone else; every id already taken is refused at once."""
    taken = [Problem(f"is already in the cohort{'' if cohort.find(p.id) == p.id else f' as {cohort.find(p.id)!r}'}",
                     row=p.row, participant=p.id, field="id")
             for p in late if cohort.find(p.id) is not None]
    if taken:
        raise ValidationError(taken, what="late sign-ups")
    return Cohort((*cohort.participants, *late), notes=(*cohort.notes, f"added {len(late)} late sign-up(s)"),
                  columns=cohort.columns, extra_columns=cohort.extra_columns, warnings=cohort.warnings)


def _pairs(cohort: Cohort, given: Iterable[Pair], name: str) -> tuple[Pair, ...]:
    """``given`` as the cohort spells its ids; every malformed pair and unknown id refused at once."""
    out: list[Pair] = []
    problems: list[Problem] = []
    for pair in given:
        if not isinstance(pair, (tuple, list)) or len(pair) != 2 or not all(isinstance(i, str) for i in pair):
            problems.append(Problem(f"must be (id, id) pairs, got {pair!r}", field=name))
            continue
        found = [cohort.find(pid) for pid in pair]
        for pid, spelt in zip(pair, found):
            if spelt is None:
                problems.append(Problem(f"no such participant in the cohort{cohort.did_you_mean(pid)}",
                                        participant=pid, field=name))
        if found[0] is not None and found[1] is not None:
            out.append((found[0], found[1]))
    if problems:
        raise ValidationError(problems, what=f"pairs to {name}")
    return tuple(dict.fromkeys(out))


def _without_leavers(programme: Programme, cohort: Cohort) -> tuple[Programme, list[str]]:
    """The programme without the fixed, excluded and kept pairs that name someone no longer in the cohort."""
    kept: dict[str, tuple[Pair, ...]] = {}
    notes = []
    for name in ("fixed_pairs", "exclusions", "keep_pairs"):
        pairs: tuple[Pair, ...] = getattr(programme, name)
        kept[name] = tuple(p for p in pairs if p[0] in cohort and p[1] in cohort)
        # The previous round's kept pairs are replaced by this round's announced ones: no note for them.
        if len(kept[name]) < len(pairs) and name != "keep_pairs":
            gone = [p for p in pairs if p not in kept[name]]
            notes.append(f"left out of {name}, naming someone no longer in the cohort: {_listed(gone)}")
    return replace(programme, **kept), notes  # type: ignore[arg-type]


def _merged(first: tuple[Pair, ...], second: Iterable[Pair]) -> tuple[Pair, ...]:
    return tuple(dict.fromkeys([*first, *second]))


def _listed(pairs: Iterable[Pair]) -> str:
    return ", ".join(f"{a}-{b}" for a, b in pairs)


def _kept_line(previous: MatchingRecord, matching: Matching, announced: list[Pair], changes: list[str],
               disruption: Disruption) -> str:
    """What the re-solve changed and how many of the announced pairs it kept."""
    kept = int((matching_diff(previous, matching)["change"] == "kept").sum())
    total = len(previous.pairs)
    what = "; ".join(changes) if changes else "no change to the cohort or the pairs"
    how = {"min": "breaking as few as possible", "none": "every possible one kept as a rule",
           "ignore": "solved afresh, none kept on purpose"}[disruption]
    still = f" ({len(announced)} still possible)" if len(announced) != total else ""
    return f"re-solved after: {what}; kept {kept} of the {total} announced pairs{still}, {how}"
