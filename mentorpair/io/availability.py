"""Reading a form's "when can you meet?" answer into an :class:`~mentorpair.model.availability.Availability`.

Forms write availability in many ways; these are read, Finnish and English alike:

- weekdays, alone or as ranges: "ma", "maanantai", "maanantaisin", "Mon", "Monday(s)";
  "ma–pe", "Mon-Fri", "Mon to Fri", "maanantaista perjantaihin" (hyphen, en or em dash);
  "arkisin"/"arkipäivisin"/"weekdays" (Mon–Fri), "viikonloppuisin"/"weekends" (Sat–Sun);
- parts of day: "aamupäivä(isin)", "aamu(isin)", "morning(s)"; "iltapäivä(isin)",
  "afternoon(s)"; "ilta(isin)", "illalla", "evening(s)"; "päivisin"/"daytime" (morning and
  afternoon); hours: "klo 16 jälkeen", "after 4 pm", "klo 9–12", "before noon" (every part the
  hours touch, see :data:`~mentorpair.model.availability.PART_HOURS`);
- "any time", "anytime", "milloin vain", "milloin tahansa", "aina" (every slot);
- several answers joined with ";" or a line break (a multi-choice question:
  "Maanantai aamupäivä;Tiistai ilta"), or "," and "ja"/"and";
- a time zone: "(UTC+2)", "GMT-5", "Europe/Helsinki" anywhere in the text, or a
  ``time_zone`` column (:func:`with_time_zone`).

Days without a part mean the whole day (every part); parts without a day mean every day.
Finnish compounds of a day and a part are read ("maanantaiaamuisin", "tiistai-iltaisin",
"maanantai- ja keskiviikkoiltaisin"). "am"/"pm" only right after an hour: "I am free" is
no morning.

Within one answer, each piece between ",", "ja", "and", ... has its own days and parts
("Mornings on Monday, Tuesday evening"), and a list shares the piece it belongs to ("ti ja
to iltaisin", "mornings on Mon and Wed"); see :func:`_joined`.

Text with any word not known here, or that could mean two things, is not guessed at:
:func:`read_availability` raises :class:`UnreadableAvailability`, and reading warns and
leaves the person's availability unknown (fits anyone), as an empty cell does, keeping the
text (:func:`kept_unread`). Ambiguous: an hour below 8 without am/pm whose own expression
writes no 24-hour clock ("after 5", "Mon 13-15, Wed after 6"), chained ranges
("Monday-Wednesday-Friday"), days or parts that could go with either of two groups ("Mon
evening, Wed"), days and parts parted by a comma ("Mon-Thu, afternoons"), a bound next to a
day alone ("ennen perjantaita", "after Tuesday", "torstaihin asti"), "to" in English text
other than in a range or "to meet", a dash joining nothing ("Ma: -"), and a part with hours it
does not meet ("Mon evening 9-11"; hours that meet it narrow it: "evenings until 7pm").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..model.availability import (
    PART_HOURS,
    PARTS,
    UNREAD_AVAILABILITY,
    WEEKDAY_NAMES,
    WEEKDAY_SHORT,
    Availability,
    normal_time_zone,
    slot,
)
from ..model.participant import Participant

__all__ = [
    "UnreadableAvailability",
    "kept_unread",
    "read_availability",
    "unread_warnings",
    "with_time_zone",
    "zone_warnings",
]


class UnreadableAvailability(ValueError):
    """The text says something about times this reader does not know; the message says what."""


_WEEK = tuple(range(7))
# The reading vocabulary; the names themselves are the model's (WEEKDAY_NAMES, WEEKDAY_SHORT).
_FI_DAYS = WEEKDAY_NAMES["fi"]
# Finnish day stems, each case and the plural adverb ("maanantaisin") starting with one.
_FI_STEMS = ("maanantai", "tiistai", "keskiviiko", "torstai", "perjantai", "lauantai", "sunnuntai")
# What may follow a Finnish day's name or stem in one word and still name just the day:
# "maanantaina", "keskiviikon", "tiistaisin", "keskiviikkoisin", "perjantaihin".
_FI_DAY_ENDINGS = frozenset({"", "n", "na", "a", "ta", "sta", "stä", "hin", "on", "ksi", "t", "sin", "isin", "ja",
                             "ina", "iden", "itten", "ihin", "lla", "lta", "ssa"})
_FI_SHORT = WEEKDAY_SHORT["fi"]
_EN_DAYS = tuple(name.casefold() for name in WEEKDAY_NAMES["en"])
_EN_SHORT = (("mon",), ("tue", "tues"), ("wed", "weds"), ("thu", "thur", "thurs"), ("fri",), ("sat",), ("sun",))

_MORNING, _AFTERNOON, _EVENING = (PARTS.index(p) for p in ("morning", "afternoon", "evening"))
_PART_WORDS: dict[str, tuple[int, ...]] = {
    # No bare "am"/"pm": "I am free" is not a morning; they are read only after an hour ("5 pm").
    **dict.fromkeys(["aamupäivä", "aamupäivällä", "aamupäivisin", "aamupäivät", "aamupäiviä", "ap", "aamu",
                     "aamulla", "aamuisin", "aamut", "aamuja", "aamupäivää", "aamuna", "aamupäivänä", "morning",
                     "mornings"], (_MORNING,)),
    **dict.fromkeys(["iltapäivä", "iltapäivällä", "iltapäivisin", "iltapäivät", "iltapäiviä", "ip", "iltapäivää",
                     "iltapäivänä", "afternoon", "afternoons"], (_AFTERNOON,)),
    **dict.fromkeys(["ilta", "illalla", "iltaisin", "illat", "iltoja", "iltaa", "iltana", "evening", "evenings",
                     "night", "nights"], (_EVENING,)),
    # No bare "päivä": "joka päivä" is every day, not every daytime (see _EVERY_DAY).
    **dict.fromkeys(["päivällä", "päivisin", "päiväsaikaan", "daytime", "daytimes"], (_MORNING, _AFTERNOON)),
}
_DAY_GROUPS: dict[str, tuple[int, ...]] = {
    **dict.fromkeys(["arkisin", "arkipäivisin", "arkena", "arkipäivinä", "arki", "arkipäivät", "arkipäivä",
                     "weekdays", "weekday", "workdays", "workday"], (0, 1, 2, 3, 4)),
    **dict.fromkeys(["viikonloppuisin", "viikonloppuna", "viikonloppu", "viikonloput", "weekend", "weekends"],
                    (5, 6)),
    # "joka päivä"/"every day" (see _EVERY_DAY) names days, so without a part it is the whole day.
    **dict.fromkeys(["everyday", "jokapäivä", "päivittäin", "daily"], _WEEK),
}
_EVERY_DAY = re.compile(r"\b(?:joka|every)\s+(?:päivä|day)\b")
_ANY = ("any time", "anytime", "at any time", "whenever", "always", "milloin vain", "milloin tahansa",
        "mihin aikaan tahansa", "aina", "koska vain", "koska tahansa", "any day", "kaikki ajat", "all times")
# Words that carry no time of their own.
_FILLER = frozenset({
    "ja", "sekä", "tai", "myös", "klo", "kello", "on", "in", "the", "at", "and", "or", "also", "only", "vain",
    "parhaiten", "best", "mostly", "usually", "yleensä", "mieluiten", "preferably", "esim", "e.g", "eg", "etc",
    "every", "each", "joka", "jokainen", "noon", "keskipäivä", "keskipäivällä", "noin", "n", "about", "time",
    "times", "aikaan", "sopii", "suits", "works", "ok", "fine", "available", "free", "vapaa", "pystyn", "voin",
    "can", "meet", "tavata", "i", "minulle", "me", "any",
})
# Words that bound a time ("after", "ennen", "asti"): read only in an hour ("klo 16 jälkeen", "after 4 pm",
# consumed by _hours_as_parts) or between two days ("Mon until Fri", "from Mon to Fri"). Next to a day
# alone ("ennen perjantaita", "after Tuesday") they would turn the day around, so they are refused.
_BOUNDS = frozenset({
    "after", "jälkeen", "before", "ennen", "from", "alkaen", "lähtien", "asti", "saakka", "until", "till", "by",
    "around", "through", "thru", "since", "onwards", "eteenpäin", "mennessä",
})
# Words only English writes: any of them makes a text English, where "to" is never Thursday ("free to meet
# in the evenings"). Not "on", "ok", "me", "to", "n": Finnish writes those too.
_EN_WORDS = frozenset({
    "morning", "mornings", "afternoon", "afternoons", "evening", "evenings", "night", "nights", "daytime",
    "daytimes", "weekdays", "weekday", "workdays", "workday", "weekend", "weekends", "everyday", "daily",
    "in", "the", "at", "and", "or", "also", "only", "best", "mostly", "usually", "preferably", "e.g", "eg", "etc",
    "every", "each", "noon", "midday", "about", "time", "times", "suits", "works", "fine", "available", "free",
    "can", "meet", "i", "i'm", "any", "after", "before", "from", "until", "till", "by", "around", "through", "thru",
    "since", "onwards", "anytime",
})
_DASHES = ("-", "–", "—")
# Answers that say no time at all: "-" in a per-day list means "not available", not the whole day.
_NO_TIME = ("n/a", "-", "–", "—", "none")
# Common zone abbreviations, as their offsets in the (winter) reference week.
_ZONE_ABBREVIATIONS = {"cet": "UTC+01:00", "cest": "UTC+02:00", "eet": "UTC+02:00", "eest": "UTC+03:00"}
_ZONE = re.compile(r"\(?\b((?:utc|gmt)\s*[+\-−]\s*\d{1,2}(?:[:.]?\d{2})?|utc|gmt|cest|cet|eest|eet|[a-z_]+/[a-z_]+(?:/[a-z_]+)?)\b\)?",
                   re.IGNORECASE)
_TOKEN = re.compile(r"[–—-]|[^\s,/&+–—-]+")
_CONNECTORS = ("-", "–", "—", "through", "thru", "until", "till")
_HOUR = r"(\d{1,2})(?:[.:](\d{2}))?(am|pm)?"
# Where an answer's pieces part: "Mon morning, Wed evening", "ti ja to", "evenings and weekends".
_SEPARATORS = re.compile(r"(\s*,\s*|\s+(?:ja|and|sekä|tai|or|&)\s+)")
_COMPOUND_HYPHEN = re.compile(r"\b(\w+)-((?:aamu|ilta|illa)\w*)\b")
# A hyphen left hanging before "ja"/","/...: "maanantai- ja keskiviikkoiltaisin" shares the part.
_HANGING = re.compile(r"(?<=\w)-\s*(?:,\s*|(?:ja|tai|sekä|and|or)\s+)")
_I_AM = re.compile(r"\bi(?: am|'m)\b")
# Finnish parts that may close a compound with a day: "maanantai" + "aamuisin", "tiistai-" + "iltana".
_FI_COMPOUND_PARTS = frozenset(w for w in _PART_WORDS if w.startswith(("aamu", "ilta", "illa")))


def read_availability(text: str) -> Availability | None:
    """``text`` as an :class:`Availability`; ``None`` for an empty text.

    Raises :class:`UnreadableAvailability` for text with a word it does not know, or that
    names no time. Deterministic: the same text always gives the same value.
    """
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        return None
    zones: list[str] = []

    def zone(match: re.Match[str]) -> str:
        found = match.group(1)
        halves = found.casefold().split("/")
        if "/" in found and normal_time_zone(found) is None and (
                any(map(_time_word, halves)) or any(h in _FILLER or len(h) < 3 for h in halves)):
            return match.group(0)  # "Tue/Thu": days; "and/or", "n/a": words; not a zone
        zones.append(found)
        return " "

    text = _ZONE.sub(zone, text)
    time_zone = ""
    if zones:
        normal = {_ZONE_ABBREVIATIONS.get(z.casefold()) or normal_time_zone(z) for z in zones}
        if None in normal:
            raise UnreadableAvailability(f"time zone {zones[0]!r} is not a known one (say 'Europe/Helsinki' or "
                                         "'UTC+2')")
        if len(normal) > 1:
            raise UnreadableAvailability(f"names two time zones: {', '.join(zones)}")
        time_zone = normal.pop() or ""
    slots: set[int] = set()
    for answer in re.split(r"[;\n\r]+", text):
        slots |= _read_answer(answer)
    if not slots:
        raise UnreadableAvailability("names no day or time of day")
    return Availability(frozenset(slots), time_zone)


def _read_answer(answer: str) -> set[int]:
    """The slots of one answer (one multi-choice item)."""
    folded = " ".join(answer.casefold().replace("’", "'").split()).strip(" .:!()")
    if not folded:
        return set()
    if folded in _ANY:
        return {slot(d, p) for d in _WEEK for p in range(len(PARTS))}
    if folded in _NO_TIME:
        raise UnreadableAvailability(f"{folded!r} names no time")
    # English as soon as any word only English writes is there, not just a day name: in "free to meet
    # in the evenings" the "to" is no Thursday.
    english = bool(re.search(r"\d\s*(?:am|pm)\b", folded)) or any(
        _english_day(t.strip(".:!()")) is not None or t.strip(".:!()") in _EN_WORDS for t in _TOKEN.findall(folded))
    folded = _EVERY_DAY.sub("everyday", folded)
    # "tiistai-iltaisin": a day and its part joined by a hyphen are one word (any other dash is refused).
    folded = _COMPOUND_HYPHEN.sub(_compound, folded)
    # "I am free", "I'm free": the verb, never a morning (a bare "am" anywhere else is refused).
    text = _I_AM.sub(" ", _hours_as_parts(folded))
    # "maanantai- ja keskiviikkoiltaisin": the hanging hyphen shares the part with the day before it.
    text = _HANGING.sub(" ", text)
    split = _SEPARATORS.split(text)
    read = [(_read_piece(split[k], english), split[k + 1] if k + 1 < len(split) else "")
            for k in range(0, len(split), 2)]
    pieces = [piece for piece, _ in read if piece[0]]
    commas = ["," in after for piece, after in read if piece[0]]
    for k in range(len(pieces) - 1):
        if commas[k] and {pieces[k][0], pieces[k + 1][0]} == {"D", "P"}:
            # "Monday to Thursday, afternoons": those afternoons, or all of those days and every afternoon?
            raise UnreadableAvailability("does not know whether days and parts of day parted by ',' go together "
                                         "or stand alone (write 'Mon-Thu afternoons', or 'Mon-Thu and evenings')")
    return {slot(d, p) for group_days, group_parts in _joined(pieces)
            for d in group_days or _WEEK for p in group_parts or range(len(PARTS))}


_Group = tuple[list[int], list[int]]


def _read_piece(piece: str, english: bool) -> tuple[str, list[_Group]]:
    """One piece between ",", "ja", "and", ... as its kind and groups of (days, parts).

    The kind is "D" (days only), "P" (parts only), "DP"/"PD" (both, in that order), "X" (several
    whole groups: "Mon morning Wed evening"), or "" (no day or part: "I am available").
    """
    tokens = _TOKEN.findall(piece)
    connectors = (*_CONNECTORS, "to") if english else _CONNECTORS
    groups: list[tuple[list[int], list[int], str]] = []
    days: list[int] = []
    words: list[int] = []  # parts named by words ("evenings", "maanantaiaamuisin")
    hours: list[int] = []  # parts the hours touch ("klo 10 jälkeen")
    first = ""
    ranged = False  # "from" waits for the day range it opens
    i = 0
    while i < len(tokens):
        token = tokens[i].strip(".:!()")
        day, role, own_parts = _day(token, english)
        kind = "day" if day is not None or token in _DAY_GROUPS else "part" if (
            token in _PART_WORDS or token.startswith("part:")) else ""
        if ranged and kind != "day":
            raise UnreadableAvailability(f"does not know what 'from' goes with in {_shown(piece)!r} (write 'from Mon "
                                         "to Fri' or 'from 5 pm')")
        if kind and days and (words or hours) and kind == first:
            # "Mon morning Wed evening": the kind this group started with again starts another group.
            groups.append((days, _narrowed(words, hours, piece), first))
            days, words, hours, first = [], [], [], ""
        first = first or kind
        if kind == "day":
            found = list(_DAY_GROUPS.get(token, (day,) if day is not None else ()))
            joined = i + 2 < len(tokens) and tokens[i + 1] in connectors
            is_range = False
            if day is not None and (joined or role == "start") and i + (2 if joined else 1) < len(tokens):
                # A range: "ma–pe", "Mon to Fri", "maanantaista perjantaihin" (wrapping past Sunday).
                end, _, end_parts = _day(tokens[i + (2 if joined else 1)].strip(".:!()"), english)
                if end is not None:
                    is_range = True
                    found = [d % 7 for d in range(day, day + (end - day) % 7 + 1)]
                    own_parts = own_parts + end_parts
                    i += 2 if joined else 1
                    if (i + 2 < len(tokens) and tokens[i + 1] in connectors
                            and _day(tokens[i + 2].strip(".:!()"), english)[0] is not None):
                        # "Monday-Wednesday-Friday": a range, or a list written with dashes? Not guessed.
                        raise UnreadableAvailability(f"does not know whether {_shown(piece)!r} is a range or a "
                                                     "list of days (write 'Mon-Fri' or 'Mon, Wed, Fri')")
            if not is_range and (ranged or role):
                # "maanantaista", "perjantaihin", "from Monday": one end of a range whose other end is missing.
                raise UnreadableAvailability(f"does not know where the days in {_shown(piece)!r} start or end "
                                             "(write 'ma–pe' or 'maanantaista perjantaihin')")
            ranged = False
            days += [d for d in found if d not in days]
            words += [p for p in own_parts if p not in words]  # "maanantaiaamuisin": the day and its part
        elif kind == "part":
            if token.startswith("part:"):
                hours += [int(p) for p in token[5:].split(".") if int(p) not in hours]
            else:
                words += [p for p in _PART_WORDS[token] if p not in words]
        elif token == "from" and not ranged:
            ranged = True
        elif english and token == "to" and i + 1 < len(tokens) and tokens[i + 1] == "meet":
            pass  # "free to meet": the verb's "to", no time
        elif token in _BOUNDS or token == "to":
            raise UnreadableAvailability(f"does not know what {token!r} goes with in {_shown(piece)!r} (only hours "
                                         "and day ranges are read with it: 'klo 16 jälkeen', 'after 4 pm', "
                                         "'Mon to Fri')")
        elif token in _DASHES:
            # "Ma: -" in a per-day list means "not available": a dash is read only between two days or hours.
            raise UnreadableAvailability(f"does not know what the dash in {_shown(piece)!r} means (a dash is read "
                                         "only between two days or two hours: 'ma–pe', '17–19')")
        elif token and token not in _FILLER:
            raise UnreadableAvailability(f"does not know {token!r}")
        i += 1
    if ranged:
        raise UnreadableAvailability(f"does not know what 'from' goes with in {_shown(piece)!r} (write 'from Mon "
                                     "to Fri' or 'from 5 pm')")
    if days or words or hours:
        groups.append((days, _narrowed(words, hours, piece), first))
    if not groups:
        return "", []
    if len(groups) > 1:
        if not all(d and p for d, p, _ in groups):
            # "Mornings on Monday Tuesday evening": whose is Tuesday? Not guessed.
            raise UnreadableAvailability(f"does not know which days go with which part of day in {_shown(piece)!r}")
        return "X", [(d, p) for d, p, _ in groups]
    d, p, started = groups[0]
    kind = ("DP" if started == "day" else "PD") if d and p else "D" if d else "P"
    return kind, [(d, p)]


def _narrowed(words: list[int], hours: list[int], piece: str) -> list[int]:
    """The parts of one group: both a part word and hours narrow each other ("aamupäivisin klo 10
    jälkeen" is the morning, "evenings until 7pm" the evening), and refuse when they do not meet."""
    if not (words and hours):
        return words or hours
    both = [p for p in words if p in hours]
    if not both:
        raise UnreadableAvailability(f"the part of day and the hours in {_shown(piece)!r} do not meet")
    return both


def _shown(piece: str) -> str:
    """``piece`` for a message: hours already read shown as the parts they touch ("<evening>")."""
    return re.sub(r"\s*part:([\d.]+)\s*", lambda m: " <" + "+".join(PARTS[int(p)] for p in m.group(1).split("."))
                  + "> ", piece).strip()


def _compound(match: re.Match[str]) -> str:
    """ "tiistai-iltaisin" as the one word "tiistaiiltaisin" when it is a day with its part, "ti-iltaisin"
    as "ti iltaisin"; anything else as it was (its dash is then refused)."""
    if match.group(1) in _FI_SHORT and match.group(2) in _FI_COMPOUND_PARTS:
        return f"{match.group(1)} {match.group(2)}"
    try:
        day, _, parts = _day(match.group(1) + match.group(2), False)
    except UnreadableAvailability:
        return match.group(0)
    return match.group(1) + match.group(2) if day is not None and parts else match.group(0)


def _joined(pieces: list[tuple[str, list[_Group]]]) -> list[_Group]:
    """The groups of an answer's pieces, each list sharing what the piece it belongs to says.

    "ti ja to iltaisin", "Mon, Wed and Fri evenings": days, then days with a part, share the
    part; "mornings on Mon and Wed", "Mon morning and afternoon": the list after a piece with
    both shares that piece's days or parts; "evenings and weekends": two groups. A list that
    could belong to the piece before it or the one after, and days (or parts) alone after a
    piece that tied days to parts ("Mon evening, Wed": Wednesday evening or all Wednesday?),
    are not guessed.
    """
    out: list[_Group] = []
    tied = False  # some earlier piece tied days to parts
    i = 0
    while i < len(pieces):
        kind, groups = pieces[i]
        if kind in ("D", "P"):
            j = i
            while j < len(pieces) and pieces[j][0] == kind:
                j += 1
            listed = [x for _, g in pieces[i:j] for x in g[0][0 if kind == "D" else 1]]
            shared = "DP" if kind == "D" else "PD"
            if j < len(pieces) and pieces[j][0] == shared:
                days, parts = pieces[j][1][0]
                pieces[j] = (shared, [(listed + days, parts) if kind == "D" else (days, listed + parts)])
                i = j
                continue
            if tied:
                raise UnreadableAvailability("does not know whether the " + ("days" if kind == "D" else "parts of day")
                                             + " after a day with its part of day go with that part or stand alone")
            out.append((listed, []) if kind == "D" else ([], listed))
            i = j
            continue
        if kind in ("DP", "PD"):
            days, parts = groups[0]
            follow = "P" if kind == "DP" else "D"
            j = i + 1
            while j < len(pieces) and pieces[j][0] == follow:
                j += 1
            if j > i + 1 and j < len(pieces) and pieces[j][0] == ("PD" if follow == "P" else "DP"):
                raise UnreadableAvailability("does not know whether a list between two days with their parts of day "
                                             "goes with the one before or the one after")
            listed = [x for _, g in pieces[i + 1:j] for x in g[0][1 if follow == "P" else 0]]
            out.append((days, parts + listed) if follow == "P" else (days + listed, parts))
            tied = True
            i = j
            continue
        out.extend(groups)
        tied = True
        i += 1
    return out


def _time_word(word: str) -> bool:
    """Whether ``word`` is a day or a part of day, as in "Tue/Thu" (not a time zone's half)."""
    try:
        return _day(word, True)[0] is not None or word in _DAY_GROUPS or word in _PART_WORDS
    except UnreadableAvailability:
        return False


def _english_day(token: str) -> int | None:
    for index, name in enumerate(_EN_DAYS):
        if token in (name, name + "s") or token in _EN_SHORT[index]:
            return index
    return None


def _day(token: str, english: bool) -> tuple[int | None, str, tuple[int, ...]]:
    """The weekday a token names, whether it starts ("maanantaista": "start") or ends
    ("perjantaihin": "end") a range, and the parts of day a Finnish compound gives it
    ("keskiviikkoiltaisin"); (None, "", ()) for no day."""
    if token in _FI_SHORT and not (english and token == "to"):
        return _FI_SHORT.index(token), "", ()
    for index, stem in enumerate(_FI_STEMS):
        for name in dict.fromkeys((_FI_DAYS[index], stem)):  # the name first: "keskiviikko" + "iltaisin"
            if not token.startswith(name):
                continue
            rest = token[len(name):]
            if rest in _FI_DAY_ENDINGS:
                return index, "start" if rest.endswith(("sta", "stä")) else "end" if rest.endswith("hin") else "", ()
            if rest.removeprefix("-") in _FI_COMPOUND_PARTS:
                return index, "", _PART_WORDS[rest.removeprefix("-")]
        if token.startswith(stem):
            # "maanantaiaamusta", "tiistaipäivisin": a day with something this reader does not read.
            raise UnreadableAvailability(f"does not know {token!r}")
    return _english_day(token), "", ()


def _hour(match: re.Match[str], at: int, twenty_four: bool, suffix: str | None = None) -> int:
    """The hour of the clock time whose groups start at group ``at`` of ``match`` (``_HOUR``'s three).

    An hour below 8 without am/pm is refused unless its own expression writes a 24-hour clock
    (``twenty_four``: "klo 5 jälkeen", "06:00-09:00", "5-17"): "after 5" is far more often 17
    than 5 in the morning, and a guess either way would move the person's time by half a day.
    A clock elsewhere in the text says nothing of this hour ("Mon 13-15, Wed after 6").
    """
    written, minutes, own = match.group(at), match.group(at + 1), match.group(at + 2)
    hour = int(written)
    suffix = own or suffix
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    if hour > 24 or (minutes is not None and int(minutes) >= 60):
        raise UnreadableAvailability(f"does not know the clock time {match.group(0).strip()!r}")
    if suffix is None and hour < 8 and not twenty_four:
        raise UnreadableAvailability(f"does not know whether {match.group(0).strip()!r} is in the morning or in "
                                     "the evening (write '5 pm', '17' or 'klo 17')")
    return hour  # whole hours: "16.30" counts from 16, which touches the same parts of day


def _parts_of_hours(start: int, end: int, written: str) -> str:
    """The token standing for every part of day the hours ``[start, end)`` touch."""
    touched = [i for i, name in enumerate(PARTS) if PART_HOURS[name][0] < end and start < PART_HOURS[name][1]]
    if end <= start or not touched:
        raise UnreadableAvailability(f"the hours in {written.strip()!r} fall outside every part of day (8–20)")
    return " part:" + ".".join(map(str, touched)) + " "


def _own_clock(match: re.Match[str]) -> bool:
    """Whether an hour expression itself writes a 24-hour clock: "klo"/"kello", a zero-padded hour
    ("06:00") or an hour from 13 ("5-17")."""
    return bool(re.search(r"\b(?:klo|kello)\b|(?<![\d.:])(?:0\d|1[3-9]|2[0-4])(?!\d)", match.group(0)))


def _range_parts(match: re.Match[str]) -> str:
    """The parts an hour range touches: "17-19", "5-9pm" (the start shares the end's am/pm),
    "11-1pm" (11 to 13: 23 to 13 would run backwards, so the start keeps its own half)."""
    own = _own_clock(match)
    start, end = _hour(match, 1, own, match.group(6)), _hour(match, 4, own)
    if match.group(3) is None and match.group(6) == "pm" and start >= end:
        start = _hour(match, 1, own)
    return _parts_of_hours(start, end, match.group(0))


def _hours_as_parts(text: str) -> str:
    """Clock times in ``text`` replaced by the parts of day they touch: "klo 16 jälkeen" -> the evening."""
    text = re.sub(r"\b(\d{1,2}(?:[.:]\d{2})?)\s+(am|pm)\b", r"\1\2", text)
    text = re.sub(r"\bnoon\b|\bkeskipäivä(?:llä|ä)?\b|\bmidday\b", "12", text)
    clock = r"(?:klo\s+|kello\s+)?"
    text = re.sub(rf"\bfrom\s+{clock}{_HOUR}\s+(?:to|until|till)\s+{clock}{_HOUR}\b", _range_parts, text)
    text = re.sub(rf"{clock}\b{_HOUR}\s*[-–—]\s*{_HOUR}\b", _range_parts, text)
    text = re.sub(rf"\b(?:after|from|since)\s+{clock}{_HOUR}(?:\s+(?:onwards|on))?\b",
                  lambda m: _parts_of_hours(_hour(m, 1, _own_clock(m)), 24, m.group(0)), text)
    text = re.sub(rf"{clock}\b{_HOUR}\s+(?:jälkeen|alkaen|lähtien|eteenpäin|onwards)\b",
                  lambda m: _parts_of_hours(_hour(m, 1, _own_clock(m)), 24, m.group(0)), text)
    text = re.sub(rf"\b(?:before|until|till|ennen)\s+{clock}{_HOUR}\b",
                  lambda m: _parts_of_hours(0, _hour(m, 1, _own_clock(m)), m.group(0)), text)
    text = re.sub(rf"{clock}\b{_HOUR}\s+(?:asti|saakka|mennessä)\b",
                  lambda m: _parts_of_hours(0, _hour(m, 1, _own_clock(m)), m.group(0)), text)
    if re.search(r"\d", re.sub(r"part:[\d.]+", "", text)):
        raise UnreadableAvailability(f"does not know the clock time in {text.strip()!r}")
    return text


def with_time_zone(availability: Availability | None, zone: str) -> Availability | None:
    """``availability`` in the time zone a separate ``time_zone`` column gives.

    An empty ``zone`` changes nothing; a zone the text named too must agree. Raises
    :class:`UnreadableAvailability` for a zone it does not know, or two that disagree.
    """
    if availability is None or not zone.strip():
        return availability
    normal = normal_time_zone(zone)
    if normal is None:
        raise UnreadableAvailability(f"time zone {zone.strip()!r} is not a known one (say 'Europe/Helsinki' or "
                                     "'UTC+2')")
    if availability.time_zone and availability.time_zone != normal:
        raise UnreadableAvailability(f"names time zone {availability.time_zone!r}, the time_zone column {normal!r}")
    return Availability(availability.slots, normal)


def unread_warnings(unread: Sequence[tuple[int, str, str, str]], people: Sequence[Participant]) -> list[str]:
    """A warning for each availability text reading could not read, naming its row, participant and
    field: the person then counts as of unknown availability (fits anyone), which should be a choice."""
    ids = {p.row: p.id for p in people if p.row is not None}
    return [
        f"row {row} ({ids[row]}), {name}: {text!r} was not read ({why}), so {ids[row]} counts as available "
        "at any time (unknown); write it as, say, 'ma–pe aamupäivisin' or 'Tue/Thu evenings' "
        "(docs/input.md lists the writings read)"
        for row, name, text, why in unread if row in ids
    ]


def zone_warnings(people: Sequence[Participant]) -> list[str]:
    """A warning when some availabilities name a time zone and others do not: those without are
    compared as written, as if in UTC, hours off from the rest (a time_zone column filled in part)."""
    given = [p for p in people if p.availability is not None]
    bare = [p for p in given if not p.availability or not p.availability.time_zone]
    if not bare or len(bare) == len(given):
        return []
    rows = [p.row if p.row is not None else p.id for p in bare]
    shown = ", ".join(map(str, rows[:10])) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
    return [(f"availability: {len(bare)} of the {len(given)} rows with times name no time zone "
             f"(row{'s' if len(bare) != 1 else ''} {shown}) while the others name one, so those times are compared "
             "as if in UTC, hours off from the others; give every row its zone (a time_zone column, or "
             "'(Europe/Helsinki)' in the text)")]


def kept_unread(availability: Availability | None, text: str, zone: str) -> list[tuple[str, str]]:
    """The ``Participant.extra`` entry that keeps an availability cell not read, so that the
    cohort written out gives it back in the availability column (and reading it warns again);
    a time zone from its own column travels with it, in brackets as the text would name it."""
    text, zone = text.strip(), zone.strip()
    if availability is not None or not text:
        return []
    return [(UNREAD_AVAILABILITY, f"{text} ({zone})" if zone else text)]
