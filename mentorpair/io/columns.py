"""Which header names which field: the canonical columns and every accepted spelling.

One table of header spellings (canonical, Finnish and common English
variants) serves reading, the typo check and the check that an extra column
written out does not carry the name of a mentorpair column, so that they
agree on what is known.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..model.frame import CANONICAL_COLUMNS, OPTIONAL_COLUMNS

__all__ = [
    "CANONICAL_COLUMNS",
    "COLUMN_ALIASES",
    "FIELDS",
    "FINNISH_COLUMN",
    "REQUIRED",
    "canonical_field",
    "header_key",
    "names_required",
]

REQUIRED = ("id", "role")
#: Every field a column can feed: the canonical columns, name and e-mail, and a name given in
#: two columns (first and last), which reading joins into ``name``.
FIELDS: tuple[str, ...] = (*CANONICAL_COLUMNS, *OPTIONAL_COLUMNS, "first_name", "last_name", "time_zone")

# Header (in header_key form) -> canonical column. One table for every
# accepted spelling, so that reading and the typo check agree on what is known.
COLUMN_ALIASES: dict[str, str] = {
    "id": "id",
    "tunniste": "id",
    "tunnus": "id",
    "participant_id": "id",
    "role": "role",
    "rooli": "role",
    "organisation": "organisation",
    "organization": "organisation",
    "org": "organisation",
    "organisaatio": "organisation",
    "experience_years": "experience_years",
    "kokemus_vuosina": "experience_years",
    "experience": "experience_years",
    "years_of_experience": "experience_years",
    "years_experience": "experience_years",
    "experience_in_years": "experience_years",
    "kokemus": "experience_years",
    "goal_areas": "goal_areas",
    "tavoitealueet": "goal_areas",
    "goal_area": "goal_areas",
    "focus_areas": "goal_areas",
    "tavoitealue": "goal_areas",
    "goals": "goals",
    "tavoitteet": "goals",
    "goal": "goals",
    "tavoite": "goals",
    "offers": "offers",
    "osaaminen": "offers",
    "offer": "offers",
    "expertise": "offers",
    "can_offer": "offers",
    "languages": "languages",
    "kielet": "languages",
    "language": "languages",
    "kieli": "languages",
    "meeting_mode": "meeting_mode",
    "tapaamistapa": "meeting_mode",
    "meeting": "meeting_mode",
    "meeting_preference": "meeting_mode",
    "location": "location",
    "paikkakunta": "location",
    "city": "location",
    "kaupunki": "location",
    "sijainti": "location",
    "capacity": "capacity",
    "kapasiteetti": "capacity",
    "max_mentees": "capacity",
    "wishes": "wishes",
    "toiveet": "wishes",
    "wish": "wishes",
    "toive": "wishes",
    "exclusions": "exclusions",
    "poissulut": "exclusions",
    "exclusion": "exclusions",
    "exclude": "exclusions",
    "poissulku": "exclusions",
    "name": "name",
    "nimi": "name",
    "koko_nimi": "name",
    "full_name": "name",
    "etunimi_ja_sukunimi": "name",
    "first_name": "first_name",
    "etunimi": "first_name",
    "last_name": "last_name",
    "sukunimi": "last_name",
    "email": "email",
    "e_mail": "email",
    "email_address": "email",
    "e_mail_address": "email",
    "sähköposti": "email",
    "sähköpostiosoite": "email",
    "availability": "availability",
    "saatavuus": "availability",
    "tavoitettavuus": "availability",
    "aikataulu": "availability",
    "sopivat_ajat": "availability",
    "sopiva_aika": "availability",
    "milloin_voit_tavata": "availability",
    "when_can_you_meet": "availability",
    "available_times": "availability",
    "availability_times": "availability",
    # A time zone, read into the availability (io/availability.py: with_time_zone).
    "time_zone": "time_zone",
    "timezone": "time_zone",
    "aikavyöhyke": "time_zone",
}
FINNISH_COLUMN = {
    "id": "tunniste",
    "role": "rooli",
}


def header_key(header: str) -> str:
    """Compare headers without case, surrounding space or punctuation (ä/ö/å kept)."""
    return re.sub(r"\W+", "_", unicodedata.normalize("NFC", header).strip().casefold()).strip("_")


def canonical_field(header: str) -> str | None:
    """The canonical column a header names, or None."""
    return COLUMN_ALIASES.get(header_key(header))


def names_required(cells: Sequence[str]) -> bool:
    """Whether these cells would do as a header: they name every required column."""
    found = {canonical_field(cell) for cell in cells if cell}
    return all(name in found for name in REQUIRED)
