"""Splitting a goal or offer text into the phrases it is made of, in Finnish or English.

A mentee who writes three goals should be served by a mentor who answers
them, not by one whose single averaged vector happens to lie in between, and
an explanation should be able to quote the goal a mentor answers. So a text
is cut into phrases: lines and bullet points first, then sentences, then
semicolon-separated parts, and optionally (``lists=True``) list items joined
by a comma or by *ja* / *sekä* / *and* / *as well as*, but only where every
item keeps at least ``min_words`` words, so that *työn ja perheen
yhteensovittaminen* or *children's and youth library work* stay whole.

Every phrase is a verbatim slice of the original text (only the bullet
marker, white space and trailing ``.,;:`` are trimmed), so what an
explanation quotes is exactly what the participant wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["DEFAULT_MIN_WORDS", "MAX_PHRASES", "phrase_spans", "split_phrases"]

#: a list item (between commas or *ja*/*and*) must keep this many words to stand alone
DEFAULT_MIN_WORDS = 3
#: a text yields at most this many phrases; a longer one has runs of neighbouring phrases joined (evenly)
MAX_PHRASES = 32

# Words that end in a full stop without ending the sentence (compared case-folded,
# without the stop). Finnish: esimerkiksi, muun muassa, niin sanottu, ja niin edelleen...
_ABBREVIATIONS = frozenset({
    "esim", "mm", "ns", "jne", "yms", "tms", "ym", "ks", "vrt", "nk", "ts", "eli", "ml", "n", "noin", "klo", "kl",
    "tri", "fil", "dos", "prof", "ao", "ko", "em", "yo", "amk", "tk", "lk", "os", "puh",
    "e.g", "i.e", "eg", "ie", "etc", "vs", "cf", "approx", "incl", "dr", "mr", "mrs", "ms", "st", "no", "nr",
    "fig", "al", "jr", "sr", "dept", "univ", "ca",
})

# A sentence ends at . ! ? or … (possibly with closing quotes/brackets) followed by space and
# a capital letter, a digit or an opening quote. A lower-case letter after the stop means an
# abbreviation or a date rather than a new sentence, so it never splits.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-ZÅÄÖÜÉ0-9])")
_BULLET = re.compile(r"\s*(?:[-*•–—·▪►‣◦+]|\(?\d{1,2}[.)]|\(?[a-zA-Z][)])\s+")
_INLINE_BULLET = re.compile(r"\s+[•▪►‣◦·]\s+")
_SEMICOLON = re.compile(r"\s*;\s*")
_LIST_SEPARATOR = re.compile(r"\s*,\s+|\s+(?:ja|sekä|and|as well as)\s+", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_TRAILING = ".,;:"


def split_phrases(
    text: str, *, lists: bool = False, min_words: int = DEFAULT_MIN_WORDS, max_phrases: int = MAX_PHRASES
) -> tuple[str, ...]:
    """The phrases of a goal or offer text, in order.

    Parameters
    ----------
    text
        Free text in Finnish, English or another language written in words.
    lists
        Also split list items joined by commas, *ja*, *sekä*, *and* or *as well
        as*, when each item keeps at least ``min_words`` words. Off by
        default: on the goal-text benchmark it made matching worse, because a
        Finnish comma also opens every subordinate clause (*tiedän, miten...*).
    min_words
        Smallest list item that stands as a phrase of its own; a shorter item
        stays joined to its neighbour.
    max_phrases
        At most this many phrases. A text with more has runs of neighbouring
        phrases joined into one, the runs as even as they can be (their
        lengths differ by at most one phrase), so nothing is lost and no
        phrase grows past a few of the originals: joining the whole remainder
        into the last phrase made one of 11,700 characters in a measured
        case, far more than the model reads.

    Returns
    -------
    tuple of str
        Verbatim slices of ``text``; empty for a text with nothing but white
        space. A non-empty text always gives at least one phrase (a text of
        only symbols or emoji is its own phrase).

    Examples
    --------
    >>> split_phrases("Haluan oppia johtamaan entisiä kollegoitani. Lisäksi kaipaan tukea esiintymiseen.")
    ('Haluan oppia johtamaan entisiä kollegoitani', 'Lisäksi kaipaan tukea esiintymiseen')
    >>> split_phrases("- tiimin johtaminen, vaikeat kehityskeskustelut\\n- projektien aikataulutus")
    ('tiimin johtaminen, vaikeat kehityskeskustelut', 'projektien aikataulutus')
    >>> split_phrases("Esim. johtaminen ja viestintä.")
    ('Esim. johtaminen ja viestintä',)
    >>> split_phrases("Haluan kehittää esiintymistaitojani, oppia projektinhallintaa ja verkostoitua.", lists=True, min_words=1)
    ('Haluan kehittää esiintymistaitojani', 'oppia projektinhallintaa', 'verkostoitua')
    """
    return tuple(text[a:b] for a, b in phrase_spans(text, lists=lists, min_words=min_words, max_phrases=max_phrases))


def phrase_spans(
    text: str, *, lists: bool = False, min_words: int = DEFAULT_MIN_WORDS, max_phrases: int = MAX_PHRASES
) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of :func:`split_phrases`' phrases in ``text``."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if max_phrases < 1:
        raise ValueError(f"max_phrases must be >= 1, got {max_phrases!r}")
    spans: list[tuple[int, int]] = []
    for line in _lines(text):
        for part in _split(text, [line], _INLINE_BULLET):
            for sentence in _sentences(text, part):
                for clause in _split(text, [sentence], _SEMICOLON):
                    items = _list_items(text, clause, min_words) if lists else [clause]
                    spans.extend(s for s in (_trim(text, item) for item in items) if s is not None)
    if not spans and text.strip():
        # Nothing word-like (emoji, symbols): the text still says something, keep it whole.
        start = len(text) - len(text.lstrip())
        spans = [(start, len(text.rstrip()))]
    if len(spans) > max_phrases:
        spans = _join_evenly(spans, max_phrases)
    return spans


def _join_evenly(spans: list[tuple[int, int]], groups: int) -> list[tuple[int, int]]:
    """``groups`` runs of neighbouring spans, each joined into one; the first ``len % groups`` runs one longer."""
    size, longer = divmod(len(spans), groups)
    out, i = [], 0
    for g in range(groups):
        n = size + (g < longer)
        out.append((spans[i][0], spans[i + n - 1][1]))
        i += n
    return out


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Each line, without its bullet marker: a line break separates goals in a form field."""
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        bullet = _BULLET.match(text, start, end)
        if bullet:
            start = bullet.end()
        if text[start:end].strip():
            yield start, end


def _split(text: str, spans: list[tuple[int, int]], pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        cursor = start
        for m in pattern.finditer(text, start, end):
            out.append((cursor, m.start()))
            cursor = m.end()
        out.append((cursor, end))
    return [s for s in out if text[s[0]:s[1]].strip()]


def _sentences(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    start, end = span
    out = []
    cursor = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if _is_abbreviation(text, cursor, m.start()):
            continue
        out.append((cursor, m.start()))
        cursor = m.end()
    out.append((cursor, end))
    return [s for s in out if text[s[0]:s[1]].strip()]


def _is_abbreviation(text: str, start: int, stop_end: int) -> bool:
    """Whether the full stop just before ``stop_end`` belongs to an abbreviation or an initial."""
    before = text[start:stop_end].rstrip("\"'”’)]")
    if not before.endswith("."):
        return False  # ! ? … always end a sentence
    words = before[:-1].split()
    if not words:
        return True
    word = words[-1].casefold().lstrip("(\"'“‘")
    # "A. Virtanen", "2. Present", "12.3. alkaen": an initial, a list number and a date, not sentence
    # ends. A longer number does end one ("Valmistuin vuonna 2015. Nyt...").
    number = word.replace(".", "")
    dated_or_listed = number.isdigit() and ("." in word or len(number) <= 2)
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or dated_or_listed


def _list_items(text: str, span: tuple[int, int], min_words: int) -> list[tuple[int, int]]:
    """Split at list separators, then join up items shorter than ``min_words``."""
    pieces = _split(text, [span], _LIST_SEPARATOR)
    if len(pieces) <= 1:
        return [span]
    merged: list[tuple[int, int]] = []
    for piece in pieces:
        if merged and _words(text, merged[-1]) < min_words:
            merged[-1] = (merged[-1][0], piece[1])
        else:
            merged.append(piece)
    if len(merged) > 1 and _words(text, merged[-1]) < min_words:
        tail = merged.pop()
        merged[-1] = (merged[-1][0], tail[1])
    return merged


def _words(text: str, span: tuple[int, int]) -> int:
    return len(_WORD.findall(text, span[0], span[1]))


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """Drop surrounding white space and trailing separators; ``None`` when no word is left."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING):
        end -= 1
    if not _WORD.search(text, start, end):
        return None
    return start, end
