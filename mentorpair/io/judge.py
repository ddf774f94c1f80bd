"""How a column's header and contents look: which field a column seems to answer.

The judgement behind :func:`mentorpair.suggest_columns` (which proposes a map)
and behind the readers' warnings (a column kept as an extra one that looks like
a field). It reads only text, never a file, so that every reader can use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .cells import answer_key, known_answer, split_list

__all__ = ["LEAST", "Column", "column_of", "header_words", "id_values", "looks_like_ids", "scores"]

_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
# The most mentees one mentor takes, as a form asks it: 1, 2 or 3 (a few say 4 or 5).
_SMALL_INTEGER = re.compile(r"[1-5](?:[.,]0+)?")
# An id as a sign-up code is written: a few letters, maybe a dash, digits ('W07', 'ABC-12', '17').
_ID_LIKE = re.compile(r"[A-Za-z]{0,4}[-_]?[0-9]{1,6}")

# Header words per field, in answer_key form (lower case, no accents). A stem is found anywhere in
# the header, so that Finnish inflections ('tavoitteita', 'kielillä') match; a pattern starting
# with '\b' is a whole word. Each comes with its weight.
_WORDS: dict[str, tuple[tuple[str, int], ...]] = {
    "id": (("tunniste", 3), ("tunnus", 3), ("osallistujakoodi", 3), ("koodi", 3), (r"\bcode\b", 3),
           (r"\bid\b", 3), ("respondent", 1)),
    "role": (("rooli", 3), (r"\brole\b", 3), ("osallistu", 2), ("participate", 2), ("take part", 2),
             ("sign up as", 3), ("join as", 3), ("mentori vai", 3), ("mentor or", 2), ("ilmoittaudu", 1)),
    "organisation": (("organisaatio", 3), ("organization", 3), ("organisation", 3), ("tyonantaja", 3),
                     ("employer", 3), ("yritys", 2), ("company", 2), ("tyopaikka", 3), ("workplace", 3),
                     ("where do you work", 3), ("missa tyoskentelet", 3)),
    "experience_years": (("kokemus", 3), ("experience", 3), ("vuotta", 1), ("vuosia", 1), ("vuode", 1),
                         (r"\byears?\b", 1), ("tyovuo", 2), ("tyoskennel", 1), ("alalla", 1)),
    "goal_areas": (("tavoitealue", 3), ("aihealue", 3), ("osa alue", 3), ("teem", 3), ("aihe", 2),
                   ("focus", 3), ("goal area", 3), ("topic", 3), ("theme", 3), (r"\bareas?\b", 3),
                   ("alueil", 2), ("alueet", 2), ("useita", 1), ("select all", 1),
                   ("choose", 1)),
    "goals": (("tavoit", 2), (r"\bgoals?\b", 2), ("haluan", 1), ("haluat", 1), ("oppia", 2), ("learn", 2),
              ("kehitty", 2), ("develop", 1), ("hope", 2), ("odota", 2), ("expect", 2), ("toivot", 2),
              ("get out of", 2), ("achieve", 2), ("saavuttaa", 2)),
    "offers": (("osaami", 2), ("tarjo", 2), ("offer", 2), ("expertise", 2), ("vahvuu", 2), ("strength", 2),
               ("jakaa", 2), ("share", 2), ("autta", 2), (r"\bhelp\b", 2), ("skills", 2), ("taido", 2),
               ("antaa", 1), ("give", 1)),
    "languages": (("kieli", 3), ("kiele", 3), ("language", 3)),
    "meeting_mode": (("tapaa", 3), ("tavata", 3), ("tapaamis", 3), (r"\bmeet", 3), (r"\blahi", 2),
                     (r"\beta\b", 2), ("remote", 2), ("in person", 2), ("face to face", 2)),
    "location": (("paikkakunta", 3), ("kaupunki", 3), ("sijainti", 3), ("asuinpaikka", 3), ("kunta", 3), ("asuin", 2), (r"\bcity\b", 3), ("location", 3), (r"\btown\b", 3), ("based in", 3),
                 ("missa asut", 3), ("where do you live", 3)),
    "capacity": (("montako", 3), ("kuinka monta", 3), ("kuinka monelle", 3), ("how many", 3), ("mentees", 3),
                 ("aktori", 2), ("mentoroitav", 2), ("kapasiteetti", 3), ("capacity", 3), (r"\bmax", 2)),
    "wishes": (("toive", 3), ("toivottu", 3), ("toivoisit", 3), (r"\bwish", 3), ("prefer", 1),
               ("paired with", 3), ("parina", 2), ("pariksi", 2), (r"\bparia?\b", 2), ("partner", 2)),
    "exclusions": (("poissul", 3), ("exclu", 3), ("avoid", 3), ("rather not", 3), ("not be paired", 3),
                   ("et halua", 3), ("en halua", 3), ("ei halua", 3), ("jaav", 3), ("esteelli", 3)),
    "name": ((r"\bnimi\b", 3), ("nimesi", 3), ("etunimi", 3), ("sukunimi", 3), (r"\bname\b", 3),
             ("your name", 3)),
    "email": (("sahkoposti", 3), (r"\be ?mail", 3), ("s posti", 3)),
}
# Words that turn a wish into its opposite.
_NEGATIONS = re.compile(r"\b(?:not|never|avoid|rather not|ei|en|et|ala)\b")
_PATTERNS = {name: tuple((re.compile(w if w.startswith("\\b") else re.escape(w)), n) for w, n in words)
             for name, words in _WORDS.items()}
# The least score a field needs before it is proposed.
LEAST = 3


@dataclass(frozen=True, slots=True)
class Column:
    """One column's header and what its cells hold."""

    index: int
    header: str
    words: str
    filled: tuple[str, ...]
    rows: int

    def share(self, test: Callable[[str], bool]) -> float:
        return sum(1 for v in self.filled if test(v)) / len(self.filled) if self.filled else 0.0

    @property
    def words_per_cell(self) -> float:
        return sum(len(v.split()) for v in self.filled) / len(self.filled) if self.filled else 0.0

    @property
    def chars_per_cell(self) -> float:
        return sum(len(v) for v in self.filled) / len(self.filled) if self.filled else 0.0

    @property
    def choices(self) -> bool:
        """Whether the cells are picks from a short list of options, one or more each (a multiple choice)."""
        items = [answer_key(item) for v in self.filled for item in split_list(v)]
        distinct = set(items)
        return bool(items) and len(distinct) <= 12 and len(items) >= 2 * len(distinct)

    @property
    def choice_like(self) -> bool:
        """Few distinct short answers, as a single-choice question gives."""
        distinct = {answer_key(v) for v in self.filled}
        return bool(self.filled) and len(distinct) <= max(6, len(self.filled) // 3) and self.words_per_cell <= 6



def header_words(header: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", answer_key(header)).split())


def id_values(columns: Sequence[Column]) -> set[str]:
    """The values of the column most like ids: every row filled, all different, short codes;
    of several, the one other columns name (wishes name ids, not response numbers), then by header."""
    candidates = [c for c in columns if looks_like_ids(c)]

    def named_elsewhere(candidate: Column) -> bool:
        ids = {v.casefold() for v in candidate.filled}
        return any(
            other.filled and not looks_like_ids(other)
            and not all(item.isdigit() for v in other.filled for item in split_list(v))
            and other.share(lambda v: all(item.casefold() in ids for item in split_list(v))) >= 0.8
            for other in columns
        )

    candidates.sort(key=lambda c: (not named_elsewhere(c), -_header_score(c, "id")))
    return {v.casefold() for v in candidates[0].filled} if candidates else set()


def looks_like_ids(column: Column) -> bool:
    values = column.filled
    return (len(values) == column.rows > 0 and len(set(values)) == len(values)
            and all(_ID_LIKE.fullmatch(v) for v in values))


def _header_score(column: Column, name: str) -> int:
    return sum(weight for pattern, weight in _PATTERNS[name] if pattern.search(column.words))


def _is_language_list(text: str) -> bool:
    items = split_list(text)
    return bool(items) and all(known_answer("languages", item) is not None for item in items)


def scores(column: Column, ids: set[str]) -> dict[str, int]:
    """Each field's score for one column: header words, then what the contents allow."""
    words = {name: _header_score(column, name) for name in _PATTERNS}
    if not column.filled:
        return words
    if any("@" in v for v in column.filled[:20]):
        # E-mail addresses: the e-mail field, or nothing (a wish by e-mail is told by its header).
        addresses = column.share(lambda v: v.count("@") == 1 and " " not in v)
        if addresses >= 0.8 and not words["wishes"] and not words["exclusions"]:
            return {"email": words["email"] + 4}
        return {}
    out: dict[str, int] = {}
    choices = column.choices
    # Free text: sentences rather than a name, a place or a pick from a list.
    long_text = not choices and (column.words_per_cell >= 4 or column.chars_per_cell >= 30)
    roles = column.share(lambda v: known_answer("role", v) is not None)
    modes = column.share(lambda v: known_answer("meeting_mode", v) is not None)
    languages = column.share(_is_language_list)
    numbers = column.share(lambda v: bool(_NUMBER.fullmatch(v)) and float(v.replace(",", ".")) <= 80)
    small = column.share(lambda v: bool(_SMALL_INTEGER.fullmatch(v)))
    references = column.share(lambda v: all(item.casefold() in ids for item in split_list(v))) if ids else 0.0

    if looks_like_ids(column):
        out["id"] = words["id"] + (4 if {v.casefold() for v in column.filled} == ids else 1)
    # Enumerated answers: the contents say it, or the header does over a handful of choices.
    for name, share in (("role", roles), ("meeting_mode", modes)):
        if share >= 0.8:
            out[name] = words[name] + 4
        elif share >= 0.5 or (words[name] and column.choice_like and languages < 0.5):
            out[name] = words[name] + 1
    if languages >= 0.8:
        out["languages"] = words["languages"] + 4
    elif words["languages"]:
        out["languages"] = words["languages"]
    if numbers >= 0.8 and not long_text:
        out["experience_years"] = words["experience_years"] + 1
        if small >= 0.8 and words["capacity"]:
            out["capacity"] = words["capacity"] + 2
    if long_text:
        for name in ("goals", "offers"):
            if words[name] >= 2:  # 'haluat' alone is in too many questions
                out[name] = words[name] + 2
    if not numbers and not roles and not modes and languages < 0.5:
        # Short texts: a choice of areas, an organisation, a place (a long name still is one).
        if words["goal_areas"] and not long_text:
            out["goal_areas"] = words["goal_areas"] + (2 if choices else 1)
        for name in ("organisation", "location"):
            if words[name]:
                out[name] = words[name] + (0 if long_text else 1)
        # A name: a word or a few, not a sentence.
        if words["name"] and not long_text and column.words_per_cell <= 4:
            out["name"] = words["name"] + 1
    if references >= 0.8 and not looks_like_ids(column):
        negated = bool(_NEGATIONS.search(column.words))
        out["exclusions"] = words["exclusions"] + (3 if negated or words["exclusions"] else 0)
        if not negated:
            out["wishes"] = words["wishes"] + 3
    return out


def column_of(index: int, header: str, cells: Sequence[str], rows: int) -> Column:
    """A column from its header and its cells (empty ones left out)."""
    return Column(index, header, header_words(header), tuple(c for c in cells if c), rows)
