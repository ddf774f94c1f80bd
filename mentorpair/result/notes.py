"""The warnings a matching gives the coordinator, in words (English).

:mod:`mentorpair.result.assemble` gathers the facts (who was capped, whose hard
wish was not honoured, whether the search proved it); this module only words them.
"""

from __future__ import annotations

__all__ = ["LISTED_IDS", "capacity_note", "kept_note", "listed_ids", "wishes_note"]

#: ids a warning lists before it says how many more there are
LISTED_IDS = 10


def listed_ids(ids: list[str]) -> str:
    """Up to :data:`LISTED_IDS` ids, and how many more."""
    shown = ", ".join(ids[:LISTED_IDS])
    return shown + (f" and {len(ids) - LISTED_IDS} more" if len(ids) > LISTED_IDS else "")


def capacity_note(cut: list[str], most: int | None) -> str:
    """The mentors (``cut``, at least one) whose stated capacity the programme's maximum ``most`` cut."""
    many = len(cut) != 1
    return (f"{len(cut)} mentor{'s' if many else ''} offered more mentees than the programme's maximum of "
            f"{most} and {'were' if many else 'was'} capped at {most}: {listed_ids(cut)} "
            "(max_mentees_per_mentor=None takes each mentor's stated capacity)")


def wishes_note(missed: list[str], *, proven: bool) -> str:
    """The wishers (``missed``, at least one) whose hard wish the matching does not honour.

    ``proven``: the wishes stage was proven, so no matching honours more of them together with
    the other rules; otherwise (a time or work limit, a pruned model, a reopened matching
    that was not proven optimal) more might have been honoured, and the words must not say otherwise.
    """
    many = len(missed) != 1
    wishes = f"{len(missed)} hard wish{'es' if many else ''}"
    if proven:
        return f"{wishes} could not be honoured together with the other rules: {listed_ids(missed)}"
    return (f"{wishes} {'were' if many else 'was'} not honoured; more may be possible together "
            f"(the search did not prove it): {listed_ids(missed)}")


def kept_note(broken: list[str], announced: int, *, proven: bool) -> str:
    """The announced pairs (``broken``, as "A-B", at least one) of ``announced`` that the matching does not keep.

    ``proven``: the kept stage was proven, so no matching that meets the rules and the stages before it
    (coverage, by default) keeps more.
    """
    many = len(broken) != 1
    pairs = f"{len(broken)} of the {announced} announced pair{'s' if announced != 1 else ''}"
    if proven:
        return (f"{pairs} could not be kept together with the rules and the stages before it: "
                f"{listed_ids(broken)} (the reasons are in matching.diff(previous))")
    return (f"{pairs} {'were' if many else 'was'} not kept; keeping more may be possible (the search did not "
            f"prove it): {listed_ids(broken)}")
