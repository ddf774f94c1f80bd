"""A bilingual (Finnish/English) taxonomy of mentoring goal areas.

The areas are the topics Finnish mentoring programmes ask their applicants
about: union career programmes, research-institute staff programmes, career
mentoring for newcomers to Finnish working life, and library-region
programmes. Each :class:`GoalArea` has a stable ``key`` (what the rest of
mentorpair stores), a Finnish and an English label (what people type and
read), and keyword stems in both languages for recognising the area in free
text later on.

Programmes may use areas of their own, so an unknown label is never an
error: :func:`canonical_area` just normalises it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["GOAL_AREAS", "GoalArea", "area_label", "canonical_area", "goal_area"]

Language = Literal["en", "fi"]


@dataclass(frozen=True, slots=True)
class GoalArea:
    """One goal area of the taxonomy.

    Parameters
    ----------
    key
        Stable identifier in ``snake_case`` (ASCII), stored in cohorts.
    fi, en
        Labels shown to people, in Finnish and English.
    keywords_fi, keywords_en
        Lower-case word stems (prefixes of words, or of multi-word phrases)
        that suggest the area in free text. Finnish stems are cut before the
        inflected part (``"johta"`` matches *johtaminen*, *johtajana*), since
        Finnish inflects heavily and matching whole words would miss most
        mentions.
    """

    key: str
    fi: str
    en: str
    keywords_fi: tuple[str, ...]
    keywords_en: tuple[str, ...]


GOAL_AREAS: tuple[GoalArea, ...] = (
    GoalArea(
        "leadership", "Johtaminen", "Leadership",
        ("johta", "johtaj", "muutosjoht", "strategi", "visio"),
        ("lead", "leadership", "manag", "strateg", "vision", "executive"),
    ),
    GoalArea(
        "supervisory_work", "Esihenkilötyö", "Supervisory work",
        ("esihen", "lähiesihen", "esimie", "lähijoht", "alais", "tiiminveto", "tiimin veto", "kehityskeskustel"),
        ("supervis", "line manag", "team lead", "direct report", "first-time manag", "appraisal"),
    ),
    GoalArea(
        "project_management", "Projektien hallinta", "Project management",
        ("projekt", "hanke", "hankkee", "hankkei", "aikataul", "resursoin"),
        ("project", "schedul", "deliverabl", "milestone", "agile", "scrum"),
    ),
    GoalArea(
        "communication", "Viestintä", "Communication",
        ("viesti", "vuorovaikut", "esiint", "kirjoitt", "puhee", "sanoitt", "yleisö"),
        ("communicat", "presen", "public speak", "writing", "interpersonal", "storytell", "audience"),
    ),
    GoalArea(
        "influencing", "Vaikuttaminen päätöksentekoon", "Influencing decision-makers",
        ("vaikutt", "päätöksente", "päättäj", "poliit", "edunvalvo", "lobba", "lausun"),
        ("influenc", "decision-mak", "decision mak", "policy", "politic", "lobby", "advoca", "stakeholder"),
    ),
    GoalArea(
        "research_career", "Tutkijan ura", "Research career",
        ("tutkij", "tutkimu", "julkai", "väitö", "väitel", "tiede", "tieteel", "tutkimusrahoit"),
        ("research", "publicat", "publish", "phd", "doctora", "grant", "academ", "scien"),
    ),
    GoalArea(
        "career_planning", "Urasuunnittelu", "Career planning",
        # Short inflected forms of "ura" rather than the bare stem, which would also match "urakka" (contract).
        ("urasuunn", "urakehit", "urapol", "uravalin", "uraa", "uran", "uralla", "urall", "uralle", "urani",
         "alanvaiht"),
        ("career", "next step", "career path", "career change"),
    ),
    GoalArea(
        "job_search", "Työnhaku", "Job search",
        ("työnha", "työpaik", "piilotyö", "työhakem", "hakemuks", "ansioluet", "cv", "työhaastat", "haastattel",
         "rekry"),
        ("job search", "job hunt", "job seek", "jobs", "first job", "job ad", "cv", "résumé", "resume", "interview",
         "application", "recruit"),
    ),
    GoalArea(
        "competence_recognition", "Osaamisen tunnistaminen", "Recognising competence",
        ("osaami", "pätevyy", "tutkinnon tunnust", "tunnistami", "ammattitai", "taitoj", "taido"),
        ("competenc", "skill", "qualificat", "recognition of", "recognis", "recogniz", "expertise"),
    ),
    GoalArea(
        "networking", "Verkostoituminen", "Networking",
        ("verkost", "kontakt", "suhdeverk", "yhteistyöverk", "tuttav"),
        ("network", "contact", "connection", "relationship", "get to know people"),
    ),
    GoalArea(
        "internationality", "Kansainvälisyys", "Internationality",
        ("kansainv", "ulkomai", "ulkomail", "globaal", "eu-", "monikulttuur"),
        ("internation", "abroad", "global", "cross-cultur", "multicultur", "overseas", "exchange"),
    ),
    GoalArea(
        "work_life_balance", "Työn ja muun elämän yhteensovittaminen", "Work-life balance",
        ("yhteensovit", "jaksa", "kiire", "tasapaino", "perhe", "työhyvinvo", "palautu", "kuormit", "uupum",
         "vapaa-aj"),
        ("balance", "wellbeing", "well-being", "family", "burnout", "stress", "workload", "recover", "rush", "cope",
         "boundar"),
    ),
    GoalArea(
        "customer_service", "Asiakaspalvelu", "Customer service",
        ("asiakas", "asiakka", "asiakkai", "palvelutil", "palvelukoke", "kohtaami"),
        ("customer", "client", "patron", "service desk", "front desk", "user experience"),
    ),
    GoalArea(
        "pedagogy", "Pedagogiikka", "Pedagogy",
        ("pedagog", "opetta", "opetu", "ohjaa", "valmenta", "koulutta", "oppimi", "perehdyt"),
        ("pedagog", "teach", "instruct", "learning", "training", "tutor", "didactic", "coach", "course"),
    ),
    GoalArea(
        "new_technology", "Uusi teknologia", "New technology",
        ("teknolog", "digi", "tekoäl", "ohjelmisto", "automaati", "datan", "data-", "sovellu"),
        ("technolog", "digital", "artificial intell", "machine learn", "software", "automat", "data"),
    ),
    GoalArea(
        "children_youth_library", "Lasten- ja nuortenkirjastotyö", "Children's and youth library work",
        ("lasten", "nuor", "lukuin", "lukemaan", "satutun", "lukudiplom", "kouluyhteisty", "koulujen"),
        ("children", "child", "youth", "young people", "teen", "storytime", "reading promot", "school"),
    ),
    GoalArea(
        "music_library", "Musiikkikirjastotyö", "Music library work",
        ("musiik", "nuotti", "nuott", "äänit", "soitin", "levy"),
        ("music", "sheet music", "score", "recording", "instrument", "audio"),
    ),
    GoalArea(
        "working_life_culture", "Työelämän kulttuuri", "Working-life culture",
        ("työelämä", "työkulttuur", "työyhteis", "työpaikan pelisään", "kotout", "suomalai"),
        ("working life", "working-life", "workplace culture", "work culture", "finnish workplace", "integrat",
         "unwritten rules"),
    ),
    GoalArea(
        "professional_growth", "Ammatillinen kasvu ja vahvuudet", "Professional growth and strengths",
        ("ammatilli", "kasvu", "kasva", "vahvuu", "kehittymi", "kehittymistarp", "itsetuntem", "ammatti-identit"),
        ("professional growth", "strength", "development need", "self-aware", "grow", "professional identity"),
    ),
)

# Other names people use for an area. Kept apart from the labels so the
# labels stay one canonical wording per language. "Esimiestyö" is the older
# Finnish term still found in programme texts.
_ALIASES: dict[str, str] = {
    "esimiestyö": "supervisory_work",
    "esimiestaidot": "supervisory_work",
    "lähijohtaminen": "supervisory_work",
    "management": "leadership",
    "projektinhallinta": "project_management",
    "projektijohtaminen": "project_management",
    "hankehallinta": "project_management",
    "vaikuttaminen": "influencing",
    "poliittinen vaikuttaminen": "influencing",
    "influencing": "influencing",
    "tutkijana toimiminen": "research_career",
    "working as a researcher": "research_career",
    "urakehitys": "career_planning",
    "career development": "career_planning",
    "urasuunnitelmien selkiyttäminen": "career_planning",
    "työnhaku ja cv": "job_search",
    "competence recognition": "competence_recognition",
    "recognizing competence": "competence_recognition",
    "osaamisen ja vahvuuksien tunnistaminen": "competence_recognition",
    "networks": "networking",
    "verkostot": "networking",
    "internationalisation": "internationality",
    "internationalization": "internationality",
    "international": "internationality",
    "työn ja perheen yhteensovittaminen": "work_life_balance",
    "work-family balance": "work_life_balance",
    "work life balance": "work_life_balance",
    "työelämätaidot": "working_life_culture",
    "työkulttuuri": "working_life_culture",
    "working life culture": "working_life_culture",
    "ammatillinen kasvu": "professional_growth",
    "professional growth": "professional_growth",
    "vahvuudet": "professional_growth",
    "uudet teknologiat": "new_technology",
    "uudet teknologiset ratkaisut": "new_technology",
    "digitalisaatio": "new_technology",
    "lasten- ja nuortenkirjastotyö": "children_youth_library",
    "lasten ja nuorten kirjastotyö": "children_youth_library",
    "children and youth library work": "children_youth_library",
    "musiikkikirjasto": "music_library",
}

_BY_KEY: dict[str, GoalArea] = {area.key: area for area in GOAL_AREAS}

# Separators people use interchangeably in labels ("project_management",
# "Work–life balance", "work - life"): all compared as a single space.
_SEPARATORS = re.compile(r"[\s_\-\u2010-\u2015]+")


def _normalise(label: str) -> str:
    """Case- and whitespace-insensitive form returned for labels we do not know."""
    return " ".join(label.split()).casefold()


def _lookup_form(label: str) -> str:
    """Looser form used only for lookup: separators and apostrophes ignored too."""
    folded = label.casefold().replace("\u2019", "'").replace("'", "")
    return _SEPARATORS.sub(" ", folded).strip()


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for alias, key in _ALIASES.items():
        index[_lookup_form(alias)] = key
    # Keys and labels are added last so they win over any alias.
    for area in GOAL_AREAS:
        for label in (area.key, area.fi, area.en):
            index[_lookup_form(label)] = area.key
    return index


_INDEX: dict[str, str] = _build_index()


def canonical_area(label: str) -> str:
    """The taxonomy key for a goal-area label.

    Parameters
    ----------
    label
        A key (``"supervisory_work"``), a Finnish label (``"Esihenkilötyö"``)
        or an English label (``"Supervisory work"``), or a common alias such as
        ``"esimiestyö"``. Letter case, surrounding and repeated white space,
        and ``_``/``-``/dash separators do not matter.

    Returns
    -------
    str
        The area's key; for a label not in the taxonomy, the label itself
        case-folded with white space collapsed (programmes may have areas of
        their own).

    Raises
    ------
    TypeError
        If ``label`` is not a string.

    Examples
    --------
    >>> canonical_area("  Esihenkilötyö ")
    'supervisory_work'
    >>> canonical_area("Project Management")
    'project_management'
    >>> canonical_area("Assistant  Peer Group")
    'assistant peer group'
    """
    if not isinstance(label, str):
        raise TypeError(f"a goal-area label must be a text, got {label!r}")
    return _INDEX.get(_lookup_form(label), _normalise(label))


def goal_area(label: str) -> GoalArea | None:
    """The :class:`GoalArea` a label names, or ``None`` when it is not in the taxonomy.

    Parameters
    ----------
    label
        Anything :func:`canonical_area` accepts.

    Returns
    -------
    GoalArea or None
    """
    return _BY_KEY.get(canonical_area(label))


def area_label(key: str, language: Language = "en") -> str:
    """A goal area's human-readable label.

    Parameters
    ----------
    key
        An area key (or any label :func:`canonical_area` understands).
    language
        ``"en"`` or ``"fi"``.

    Returns
    -------
    str
        The label in that language; an area not in the taxonomy is returned
        unchanged, so programme-specific areas still print as given.

    Raises
    ------
    ValueError
        If ``language`` is neither ``"en"`` nor ``"fi"``.

    Examples
    --------
    >>> area_label("supervisory_work", "fi")
    'Esihenkilötyö'
    >>> area_label("assistants' peer group")
    "assistants' peer group"
    """
    if language not in ("en", "fi"):
        raise ValueError(f"language must be 'en' or 'fi', got {language!r}")
    area = goal_area(key) if isinstance(key, str) else None
    if area is None:
        return key
    return area.fi if language == "fi" else area.en
