"""Wishes and exclusions that name a participant by id, e-mail address or name, resolved to ids.

A form asks "who would you like as your pair?" and people answer with a name or
an e-mail address as often as with a code. Reading compares them without case,
accents or extra spaces (so "anna-liisa  virtanen" names "Anna-Liisa Virtanen");
a name two people share, or one that names nobody, is a problem that lists the
closest participants. A wish in words that names nobody ("joku datatieteilijä",
"someone in data science") is kept as text and noted: it is not a mistake, but
the matching cannot use it.
"""

from __future__ import annotations

import dataclasses
import difflib
import unicodedata
from collections.abc import Sequence

from ..exceptions import Problem, ValidationError
from ..model.participant import Participant

__all__ = ["FREE_TEXT_WISH", "fold", "resolve_references"]

#: The extra column a wish in words is kept in.
FREE_TEXT_WISH = "wish (free text)"


def fold(text: str) -> str:
    """Text compared without case, accents or extra spaces: NFKD, combining marks out, casefold."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


# How a form may have joined the parts of one id or name that a list cell split apart.
_JOINERS = (", ", ",", "; ", ";", "\n")


def _rejoined(refs: Sequence[str], ids: set[str], index: dict[str, dict[str, Participant]]) -> list[str]:
    """References with the pieces of one split id or name put back together.

    A list cell splits on ';', ',' and line breaks, so "Virtanen, Anna" or an id
    holding ';' arrives in pieces. Where a piece names nobody, it and the next
    one or two are tried joined as the cell could have joined them; the first
    join that names a participant replaces them.
    """
    out: list[str] = []
    i = 0
    while i < len(refs):
        ref = refs[i]
        if ref not in ids and fold(ref) not in index:
            for end in range(min(len(refs), i + 3), i + 1, -1):
                found = next((joined for joiner in _JOINERS
                              if (joined := joiner.join(refs[i:end])) in ids or fold(joined) in index), None)
                if found is not None:
                    out.append(found)
                    i = end
                    break
            else:
                out.append(ref)
                i += 1
            continue
        out.append(ref)
        i += 1
    return out


def _free_text(ref: str) -> bool:
    """Whether a reference that names nobody reads as a wish in words rather than a mistyped name or id."""
    words = ref.split()
    return len(words) > 3 or (len(words) > 1 and ref[:1].islower())


def _who(p: Participant) -> str:
    known = [text for text in (p.name, p.email) if text and text != p.id]
    return f"{p.id!r} ({', '.join(known)})" if known else repr(p.id)


def resolve_references(
    people: Sequence[Participant],
) -> tuple[dict[int, Participant], list[Problem], list[str]]:
    """Each participant whose wishes or exclusions changed (by ``id()`` of the one given), the
    problems (ambiguous or unknown names) and the notes (names read as ids, wishes kept as text)."""
    ids = {p.id for p in people}
    index: dict[str, dict[str, Participant]] = {}
    for p in people:
        for text in (p.id, p.email, p.name):
            if text:
                index.setdefault(fold(text), {})[p.id] = p
    changed: dict[int, Participant] = {}
    problems: list[Problem] = []
    resolved: list[str] = []
    texts: list[tuple[Participant, str]] = []
    for p in people:
        refs = {"wishes": p.wishes, "exclusions": p.exclusions}
        if all(ref in ids for values in refs.values() for ref in values):
            continue
        new: dict[str, list[str]] = {}
        extra = list(p.extra)
        words: list[str] = []
        for name, values in refs.items():
            kept: list[str] = []
            for ref in _rejoined(values, ids, index):
                if ref in ids:
                    kept.append(ref)
                    continue
                hits = index.get(fold(ref), {})
                if len(hits) == 1:
                    target = next(iter(hits))
                    kept.append(target)
                    resolved.append(f"{ref!r} as {target!r}")
                elif hits:
                    shown = " and ".join(_who(q) for q in hits.values())
                    problems.append(Problem(
                        f"{ref!r} names more than one participant: {shown}; write the id or the e-mail address",
                        row=p.row, participant=p.id, field=name))
                elif name == "wishes" and _free_text(ref):
                    texts.append((p, ref))
                    words.append(ref)
                else:
                    close = difflib.get_close_matches(fold(ref), list(index), n=3, cutoff=0.5)
                    people_close = list({q.id: q for key in close for q in index[key].values()}.values())[:3]
                    hint = (f"; the closest are {', '.join(_who(q) for q in people_close)}" if people_close
                            else "")
                    problems.append(Problem(f"names unknown participant {ref!r}{hint}",
                                            row=p.row, participant=p.id, field=name))
            new[name] = list(dict.fromkeys(kept))
        if words:
            # One column, one value: every wish in words joined, after any the row already had.
            had = [v for h, v in extra if h == FREE_TEXT_WISH and v]
            extra = [(h, v) for h, v in extra if h != FREE_TEXT_WISH] + [(FREE_TEXT_WISH, "; ".join([*had, *words]))]
        try:
            changed[id(p)] = dataclasses.replace(
                p, wishes=tuple(new["wishes"]), exclusions=tuple(new["exclusions"]), extra=tuple(extra))
        except ValidationError as exc:
            problems.extend(exc.problems)
            changed[id(p)] = dataclasses.replace(p, wishes=(), exclusions=())
    notes = []
    if resolved:
        shown = ", ".join(resolved[:8]) + (f" and {len(resolved) - 8} more" if len(resolved) > 8 else "")
        notes.append(f"wishes and exclusions: read names and e-mail addresses as ids ({shown})")
    if texts:
        shown = ", ".join(f"row {p.row}: {text!r}" if p.row else f"{p.id!r}: {text!r}" for p, text in texts[:5])
        more = f" and {len(texts) - 5} more" if len(texts) > 5 else ""
        noun = "wish names" if len(texts) == 1 else "wishes name"
        notes.append(f"wishes: {len(texts)} {noun} nobody and {'is' if len(texts) == 1 else 'are'} kept as text "
                     f"in the column {FREE_TEXT_WISH!r}, which the matching does not use ({shown}{more})")
    return changed, problems, notes
