"""Writes the form exports next to this script: each folder holds one form tool's export
(``export.csv``), the map that reads it (``map.toml``) and its hand-cleaned twin in the
canonical columns (``clean.csv``).

Run ``python tests/data/forms/make_forms.py`` from the repository root; the outputs are
committed and tests/test_forms.py checks that they are what this script writes. Every
name, organisation, address and text here is invented.

Each sign-up is written once, as the coordinator would clean it; the export is made
from it by the wording each form used (``ROLES_FI`` and so on), so that the export and
its twin say the same thing. The exports are as the tools write them:

- ``webropol/``: Finnish question texts, ``;``, UTF-8 with a byte order mark, decimal
  commas, multiple choices joined with ``;``, one answer over two lines;
- ``msforms/``: Microsoft Forms' columns (ID, start and completion time, e-mail, name),
  Finnish questions, ``;``, cp1252 (Finnish Windows Excel), decimal commas, multiple
  choices joined with ``;`` and ending in ``;``, role answers the built-in aliases do not
  know (the map names them);
- ``googleforms/``: English questions, ``,``, UTF-8 without a mark, every cell quoted,
  multiple choices joined with ``, `` and one choice that itself holds a comma;
- ``limesurvey/``: Finnish question texts, ``;``, UTF-8 with a mark, every cell quoted,
  multiple choices joined with ``; ``, a response number beside the participant code.
  It was written after suggest_columns, to see how it does on wording it was not tuned to.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent

CANONICAL = ("id", "role", "organisation", "experience_years", "goal_areas", "goals", "offers", "languages",
             "meeting_mode", "location", "capacity", "wishes", "exclusions")


@dataclass(frozen=True)
class SignUp:
    """One participant as the coordinator cleans them, and the columns mentorpair does not use."""

    id: str
    role: str
    organisation: str
    experience: float
    areas: tuple[str, ...]
    goals: str
    offers: str
    languages: tuple[str, ...]
    meeting: str
    location: str
    capacity: int | None = None
    wishes: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()


def _number(value: float, mark: str) -> str:
    text = f"{value:g}"
    return text.replace(".", mark)


def _clean_rows(people: list[SignUp], extras: tuple[str, ...]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CANONICAL, *extras])
    for p in people:
        writer.writerow([
            p.id, p.role, p.organisation, _number(p.experience, "."), "|".join(p.areas), p.goals, p.offers,
            "|".join(p.languages), p.meeting, p.location, "" if p.capacity is None else str(p.capacity),
            "|".join(p.wishes), "|".join(p.exclusions), *p.extra,
        ])
    return out.getvalue().encode("utf-8")


def _export(header: list[str], rows: list[list[str]], *, sep: str, quoting: int, encoding: str,
            line_end: str = "\r\n") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=sep, quoting=quoting, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _toml(columns: dict[str, str], answers: dict[str, dict[str, str]], comment: str) -> bytes:
    lines = [f"# {line}" for line in comment.splitlines()]
    lines += ["", "[columns]"]
    lines += [f'"{source}" = "{name}"' for source, name in columns.items()]
    for name, table in answers.items():
        lines += ["", f"[answers.{name}]"]
        lines += [f'"{answer}" = "{value}"' for answer, value in table.items()]
    return ("\n".join(lines) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- Webropol, in Finnish

ROLES_FI = {"mentor": "Mentorina", "mentee": "Aktorina", "peer": "Vertaisena", "any": "Kumpi tahansa käy"}
MEETINGS_FI = {"in_person": "Lähitapaamiset", "remote": "Etänä (Teams)", "either": "Molemmat käyvät"}
LANGUAGES_FI = {"fi": "Suomi", "en": "Englanti", "sv": "Ruotsi"}
WEBROPOL_AREAS = {
    "johtaminen": "Johtaminen ja esihenkilötyö",
    "urasuunnittelu": "Urasuunnittelu",
    "viestintä": "Viestintä ja vuorovaikutus",
    "verkostoituminen": "Verkostoituminen",
    "työhyvinvointi": "Työhyvinvointi ja jaksaminen",
}
WEBROPOL_EXTRAS = ("Vastausaika", "Nimi", "Sähköpostiosoite")
WEBROPOL_COLUMNS = {
    "Osallistujatunnus (löydät sen kutsuviestistä)": "id",
    "Haluan osallistua ohjelmaan": "role",
    "Organisaatio, jossa työskentelet": "organisation",
    "Montako vuotta työkokemusta sinulla on alaltasi?": "experience_years",
    "Mihin teemoihin haluat mentoroinnin liittyvän? (voit valita useita)": "goal_areas",
    "Mitä tavoitteita sinulla on mentoroinnille?": "goals",
    "Millaista osaamista voit tarjota muille?": "offers",
    "Millä kielillä voit osallistua?": "languages",
    "Miten haluaisit tavata?": "meeting_mode",
    "Paikkakunta": "location",
    "Montako aktoria voit ottaa? (vain mentorit)": "capacity",
    "Toivoisitko tiettyä paria? Kirjoita hänen osallistujatunnuksensa": "wishes",
    "Onko joku, jonka kanssa et halua olla parina? Osallistujatunnus": "exclusions",
}
WEBROPOL = [
    SignUp("W01", "mentor", "Tietoväylä Oy", 12.5, ("johtaminen", "urasuunnittelu"), "",
           "Olen johtanut ohjelmistotiimejä kymmenen vuotta ja voin jakaa kokemuksia rekrytoinnista, "
           "palautteen antamisesta ja vaikeista keskusteluista.", ("fi", "en"), "either", "Jyväskylä", 2,
           extra=("1.9.2025 9.12", "Kaisla Merivuori", "kaisla.merivuori@example.fi")),
    SignUp("W02", "mentee", "Järvelän kaupunki", 3, ("viestintä", "verkostoituminen"),
           "Haluan oppia esiintymään varmemmin ja rakentamaan verkostoa oman yksikön ulkopuolelle.", "",
           ("fi",), "in_person", "Jyväskylä", wishes=("W01",),
           extra=("1.9.2025 10.40", "Onni Saarelainen", "onni.saarelainen@example.fi")),
    SignUp("W03", "mentor", "Harjun yliopisto", 20, ("urasuunnittelu", "työhyvinvointi"), "",
           "Tutkijanuran eri vaiheet, apurahahaut ja työn ja perheen yhteensovittaminen. Olen ohjannut "
           "väitöskirjatutkijoita pitkään.", ("fi", "sv"), "remote", "Turku", 3,
           extra=("2.9.2025 8.03", "Ilta Rautakorpi", "ilta.rautakorpi@example.fi")),
    SignUp("W04", "mentee", "Pohjolan Lämpö Oy", 1.5, ("johtaminen",),
           "Siirryin juuri ensimmäiseen esihenkilötehtävääni.\nToivon tukea delegointiin ja oman ajan hallintaan.",
           "", ("fi", "en"), "either", "Oulu", wishes=("W01",),
           extra=("2.9.2025 13.55", "Veikko Lumiaho", "veikko.lumiaho@example.fi")),
    SignUp("W05", "peer", "Opistola ry", 7, ("viestintä",),
           "Kaipaan sparrausta järjestön viestinnän suunnitteluun ja somen käyttöön.",
           "Tapahtumien järjestäminen ja vapaaehtoisten koordinointi.", ("fi",), "remote", "Tampere",
           extra=("3.9.2025 7.21", "Selja Kotiranta", "selja.kotiranta@example.fi")),
    SignUp("W06", "mentee", "Vihreä Verstas Oy", 0.5, ("urasuunnittelu", "verkostoituminen"),
           "Valmistuin keväällä ja mietin, mihin suuntaan kannattaisi erikoistua. Haluaisin kuulla, miten muut "
           "ovat valinneet polkunsa.", "", ("en",), "remote", "Helsinki", exclusions=("W07",),
           extra=("3.9.2025 19.02", "Ronja Vainikka", "ronja.vainikka@example.fi")),
    SignUp("W07", "mentor", "Kaakon hyvinvointialue", 15, ("johtaminen", "työhyvinvointi"), "",
           "Muutosjohtaminen julkisella sektorilla, työyhteisön ristiriitojen selvittäminen ja jaksaminen "
           "kuormittavassa työssä.", ("fi",), "in_person", "Kuopio", 1,
           extra=("4.9.2025 11.47", "Aarni Peltokangas", "aarni.peltokangas@example.fi")),
    SignUp("W08", "any", "Kuusikon kirjasto", 4, ("viestintä", "työhyvinvointi"),
           'Haluan kehittää "hiljaisen tiedon" jakamista tiimissämme.', "Asiakaspalvelu ja kouluttaminen.",
           ("fi", "en"), "either", "Tampere", 1,
           extra=("4.9.2025 15.30", "Lumi Haapakoski", "lumi.haapakoski@example.fi")),
    SignUp("W09", "mentee", "Tietoväylä Oy", 2, ("johtaminen", "viestintä"),
           "Tavoitteeni on oppia fasilitoimaan työpajoja ja johtamaan palavereja tehokkaammin.", "",
           ("fi",), "in_person", "Jyväskylä", exclusions=("W01",),
           extra=("5.9.2025 8.15", "Eeli Karhumäki", "eeli.karhumaki@example.fi")),
    SignUp("W10", "peer", "Harjun yliopisto", 9, ("työhyvinvointi",),
           "Etsin vertaista, jonka kanssa pohtia palautumista ja rajojen vetämistä.",
           "Mindfulness-harjoitukset ja kokemus uupumuksesta toipumisesta.", ("fi", "sv"), "remote", "Turku",
           extra=("5.9.2025 12.09", "Vilja Nummelin", "vilja.nummelin@example.fi")),
    SignUp("W11", "mentor", "Pohjolan Lämpö Oy", 25, ("johtaminen", "urasuunnittelu", "verkostoituminen"), "",
           "Olen toiminut johtoryhmissä ja hallituksissa; voin auttaa uran pitkän aikavälin suunnittelussa.",
           ("fi", "en"), "either", "Oulu", 2,
           extra=("6.9.2025 9.58", "Toivo Ylisirniö", "toivo.ylisirnio@example.fi")),
    SignUp("W12", "mentee", "Opistola ry", 6, ("verkostoituminen",),
           "Haluan laajentaa ammatillista verkostoani energia-alalle.", "", ("en",), "remote", "Helsinki",
           wishes=("W11",), extra=("7.9.2025 21.14", "Hilla Mustakallio", "hilla.mustakallio@example.fi")),
]


def webropol() -> dict[str, bytes]:
    header = ["Vastausaika", *list(WEBROPOL_COLUMNS)[:1], "Nimi", "Sähköpostiosoite", *list(WEBROPOL_COLUMNS)[1:]]
    rows = []
    for p in WEBROPOL:
        time, name, email = p.extra
        rows.append([
            time, p.id, name, email, ROLES_FI[p.role], p.organisation, _number(p.experience, ","),
            ";".join(WEBROPOL_AREAS[a] for a in p.areas), p.goals, p.offers,
            ";".join(LANGUAGES_FI[c] for c in p.languages), MEETINGS_FI[p.meeting], p.location,
            "" if p.capacity is None else str(p.capacity), ";".join(p.wishes), ";".join(p.exclusions),
        ])
    answers = {"goal_areas": {text: short for short, text in WEBROPOL_AREAS.items()}}
    return {
        "export.csv": b"\xef\xbb\xbf" + _export(header, rows, sep=";", quoting=csv.QUOTE_MINIMAL, encoding="utf-8"),
        "map.toml": _toml(WEBROPOL_COLUMNS, answers, "Webropol export of the autumn 2025 sign-up form."),
        "clean.csv": _clean_rows(WEBROPOL, WEBROPOL_EXTRAS),
    }


# --------------------------------------------------------------------------- Microsoft Forms, in Finnish, cp1252

MSFORMS_ROLES = {"mentor": "Haluan mentoriksi", "mentee": "Haluan saada mentorin", "peer": "Vertaismentorointiin"}
MSFORMS_MEETINGS = {"in_person": "Lähitapaamiset", "remote": "Etänä", "either": "Molemmat käyvät"}
MSFORMS_EXTRAS = ("Aloitusaika", "Valmistumisaika", "Sähköposti", "Nimi")
MSFORMS_COLUMNS = {
    "ID": "id",
    "Kumpaan rooliin ilmoittaudut?": "role",
    "Työnantajasi": "organisation",
    "Kuinka monta vuotta olet työskennellyt alalla?": "experience_years",
    "Millä osa-alueilla toivot tukea?": "goal_areas",
    "Kerro omin sanoin, mitä haluat oppia": "goals",
    "Missä asioissa voisit auttaa muita?": "offers",
    "Millä kielellä haluat keskustella?": "languages",
    "Tapaamismuoto": "meeting_mode",
    "Kotikunta": "location",
    "Montako mentoroitavaa voit ottaa?": "capacity",
}
MSFORMS = [
    SignUp("1", "mentor", "Rakennusliike Kivijalka Oy", 18, ("Johtaminen", "Verkostoituminen"), "",
           "Työmaiden johtaminen, turvallisuuskulttuuri ja urakkaneuvottelut.", ("fi",), "in_person", "Lahti", 2,
           extra=("8/25/2025 9:02:11", "8/25/2025 9:07:40", "ransu.kivela@example.com", "Ransu Kivelä")),
    SignUp("2", "mentee", "Järvelän kaupunki", 2, ("Viestintä",),
           "Haluan oppia kirjoittamaan selkeämmin ja pitämään esityksiä ilman jännitystä.", "", ("fi",), "either",
           "Lahti", extra=("8/25/2025 10:15:03", "8/25/2025 10:21:56", "noora.halme@example.com", "Noora Halme")),
    SignUp("3", "mentor", "Ohjelmistotalo Pilvi Oy", 11.5, ("Urasuunnittelu", "Viestintä"), "",
           "Voin auttaa siirtymisessä asiantuntijasta esihenkilöksi sekä LinkedIn-profiilin ja hakemusten kanssa.",
           ("fi", "en"), "remote", "Espoo", 3,
           extra=("8/26/2025 8:44:30", "8/26/2025 8:52:02", "juho.lepisto@example.com", "Juho Lepistö")),
    SignUp("4", "mentee", "Ohjelmistotalo Pilvi Oy", 0.5, ("Urasuunnittelu",),
           "Olen ensimmäisessä työpaikassani ja haluan oppia, miten palkkaneuvotteluihin valmistaudutaan.", "",
           ("en",), "remote", "Espoo",
           extra=("8/26/2025 12:01:19", "8/26/2025 12:05:47", "aada.sorsa@example.com", "Aada Sorsa")),
    SignUp("5", "peer", "Seurakuntayhtymä Lähde", 8, ("Työhyvinvointi",),
           "Haluan vaihtaa ajatuksia siitä, miten työn ja opiskelun voi yhdistää.",
           "Aikuisopiskelu työn ohessa ja ajanhallinnan keinot.", ("fi", "sv"), "either", "Vaasa",
           extra=("8/27/2025 7:30:00", "8/27/2025 7:38:12", "elmeri.back@example.com", "Elmeri Bäck")),
    SignUp("6", "mentor", "Vaasan Satama Oy", 22, ("Johtaminen", "Työhyvinvointi"), "",
           "Kansainvälinen logistiikka, vuorotyön johtaminen ja ruotsinkielinen asiakasviestintä.", ("fi", "sv"),
           "in_person", "Vaasa", 1,
           extra=("8/27/2025 14:22:41", "8/27/2025 14:30:05", "linnea.ostman@example.com", "Linnéa Östman")),
    SignUp("7", "mentee", "Seurakuntayhtymä Lähde", 3, ("Johtaminen", "Työhyvinvointi"),
           "Haluan oppia johtamaan vapaaehtoisia ja jaksamaan kiireisinä kausina.", "", ("fi",), "in_person",
           "Vaasa", extra=("8/28/2025 16:05:33", "8/28/2025 16:11:20", "kasper.nyback@example.com", "Kasper Nyback")),
    SignUp("8", "mentee", "Rakennusliike Kivijalka Oy", 5, ("Verkostoituminen", "Urasuunnittelu"),
           "Haluan oppia, millaisia urapolkuja rakennusalalla on työnjohdon jälkeen.", "", ("fi",), "either",
           "Lahti", extra=("8/29/2025 9:48:57", "8/29/2025 9:55:14", "milla.taipale@example.com", "Milla Taipale")),
    SignUp("9", "peer", "Järvelän kaupunki", 14, ("Viestintä", "Verkostoituminen"),
           "Kaipaan vertaista, jonka kanssa kehittää kuntalaisviestintää.", "Kriisiviestintä ja mediayhteistyö.",
           ("fi", "en"), "remote", "Lahti",
           extra=("8/30/2025 11:11:11", "8/30/2025 11:19:45", "patrik.aalto@example.com", "Patrik Aalto")),
    SignUp("10", "mentor", "Ammattiopisto Kaari", 9, ("Viestintä",), "",
           "Opetan vuorovaikutustaitoja ja voin auttaa esiintymisjännityksen kanssa.", ("fi",), "either", "Lahti", 2,
           extra=("8/31/2025 20:40:02", "8/31/2025 20:44:38", "sanni.heikkila@example.com", "Sanni Heikkilä")),
]


def msforms() -> dict[str, bytes]:
    columns = list(MSFORMS_COLUMNS)
    header = [columns[0], *MSFORMS_EXTRAS, *columns[1:]]
    rows = []
    for p in MSFORMS:
        rows.append([
            p.id, *p.extra, MSFORMS_ROLES[p.role], p.organisation, _number(p.experience, ","),
            "".join(f"{a};" for a in p.areas), p.goals, p.offers,
            "".join(f"{LANGUAGES_FI[c]};" for c in p.languages), MSFORMS_MEETINGS[p.meeting], p.location,
            "" if p.capacity is None else str(p.capacity),
        ])
    answers = {"role": {text: role for role, text in MSFORMS_ROLES.items()}}
    return {
        "export.csv": _export(header, rows, sep=";", quoting=csv.QUOTE_MINIMAL, encoding="cp1252"),
        "map.toml": _toml(MSFORMS_COLUMNS, answers,
                          "Microsoft Forms export (saved as CSV by Finnish Excel) of the spring 2026 form."),
        "clean.csv": _clean_rows(MSFORMS, MSFORMS_EXTRAS),
    }


# --------------------------------------------------------------------------- Google Forms, in English

ROLES_EN = {"mentor": "As a mentor", "mentee": "As a mentee", "peer": "As a peer", "any": "Either is fine"}
MEETINGS_EN = {"in_person": "In person", "remote": "Remotely (Zoom)", "either": "Both are fine"}
LANGUAGES_EN = {"fi": "Finnish", "en": "English", "sv": "Swedish"}
GOOGLE_AREAS = {
    "leadership": "Leadership, management",
    "career planning": "Career planning",
    "communication": "Communication",
    "work-life balance": "Work-life balance",
    "networking": "Networking",
}
GOOGLE_EXTRAS = ("Timestamp", "Email Address", "Full name")
GOOGLE_COLUMNS = {
    "Participant code (from your invitation email)": "id",
    "How would you like to take part?": "role",
    "Where do you work?": "organisation",
    "Years of work experience": "experience_years",
    "Which areas would you like to focus on?": "goal_areas",
    "What do you hope to get out of mentoring?": "goals",
    "What expertise or experience could you share?": "offers",
    "Which languages can you use in the meetings?": "languages",
    "How would you prefer to meet?": "meeting_mode",
    "How many mentees could you take on? (mentors only)": "capacity",
    "Which city are you based in?": "location",
    "Anyone you would like to be paired with? (their participant code)": "wishes",
    "Anyone you would rather not be paired with? (their participant code)": "exclusions",
}
GOOGLE = [
    SignUp("G-101", "mentor", "Northbay Analytics", 14, ("leadership", "career planning"), "",
           "I have led data teams for years and can help with hiring, giving feedback and planning a career in tech.",
           ("en",), "either", "Helsinki", 2,
           extra=("2025/09/02 9:14:05 AM GMT+3", "mira.falk@example.org", "Mira Falk")),
    SignUp("G-102", "mentee", "Kestrel Games Oy", 1.5, ("communication", "networking"),
           "I would like to feel confident presenting to clients and build a professional network in Finland.", "",
           ("en",), "in_person", "Helsinki", wishes=("G-101",),
           extra=("2025/09/02 11:40:51 AM GMT+3", "tomas.reyes@example.org", "Tomás Reyes")),
    SignUp("G-103", "mentor", "Aurora Health Lab", 9, ("work-life balance", "career planning"), "",
           "Moving from research to industry, balancing a career with small children, and applying for funding.",
           ("fi", "en"), "remote", "Tampere", 1,
           extra=("2025/09/03 8:05:17 AM GMT+3", "helmi.rinne@example.org", "Helmi Rinne")),
    SignUp("G-104", "mentee", "Aurora Health Lab", 3, ("career planning",),
           "I want to understand which career paths are open to a lab scientist outside academia.", "", ("en",),
           "remote", "Tampere", exclusions=("G-103",),
           extra=("2025/09/03 1:22:40 PM GMT+3", "priya.nair@example.org", "Priya Nair")),
    SignUp("G-105", "peer", "Kestrel Games Oy", 6, ("leadership",),
           "Looking for a peer to share experiences of leading a small team for the first time.",
           "Agile practices and running retrospectives.", ("en",), "either", "Espoo",
           extra=("2025/09/04 10:10:10 AM GMT+3", "jonas.berg@example.org", "Jonas Berg")),
    SignUp("G-106", "any", "Fjord Logistics", 11, ("leadership", "networking"),
           "Happy to mentor or be mentored: I want to grow as a manager and meet people in other industries.",
           "Supply chain planning and negotiating with suppliers.", ("en", "sv"), "either", "Turku", 1,
           extra=("2025/09/04 3:47:29 PM GMT+3", "elsa.lind@example.org", "Elsa Lind")),
    SignUp("G-107", "mentee", "Northbay Analytics", 0.5, ("communication",),
           "I'm new to working life and want to learn how to speak up in meetings and ask for help.", "",
           ("fi", "en"), "in_person", "Helsinki",
           extra=("2025/09/05 9:01:55 AM GMT+3", "aleksi.moilanen@example.org", "Aleksi Moilanen")),
    SignUp("G-108", "mentor", "Riverside Learning Centre", 20, ("communication", "work-life balance"), "",
           "Teaching adults, public speaking and recovering from burnout.", ("en", "fi"), "in_person", "Espoo", 3,
           extra=("2025/09/05 2:33:08 PM GMT+3", "grace.okafor@example.org", "Grace Okafor")),
    SignUp("G-109", "mentee", "Fjord Logistics", 4, ("leadership", "career planning"),
           "My goal is to prepare for my first team lead role within a year.", "", ("en",), "remote", "Turku",
           wishes=("G-101",), extra=("2025/09/06 8:18:44 AM GMT+3", "oskar.wiik@example.org", "Oskar Wiik")),
    SignUp("G-110", "peer", "Riverside Learning Centre", 7, ("work-life balance", "networking"),
           "I hope to find a peer to keep each other accountable on boundaries and rest.",
           "Coaching conversations and mindfulness exercises.", ("en",), "remote", "Espoo",
           extra=("2025/09/06 6:02:13 PM GMT+3", "lea.santos@example.org", "Lea Santos")),
    SignUp("G-111", "mentee", "Kestrel Games Oy", 2, ("networking", "communication"),
           "I want to build a network outside the games industry and practise networking in English.", "",
           ("en",), "either", "Helsinki", exclusions=("G-105",),
           extra=("2025/09/07 11:59:59 PM GMT+3", "sami.koskinen@example.org", "Sami Koskinen")),
]


def googleforms() -> dict[str, bytes]:
    header = [*GOOGLE_EXTRAS, *GOOGLE_COLUMNS]
    rows = []
    for p in GOOGLE:
        rows.append([
            *p.extra, p.id, ROLES_EN[p.role], p.organisation, _number(p.experience, "."),
            ", ".join(GOOGLE_AREAS[a] for a in p.areas), p.goals, p.offers,
            ", ".join(LANGUAGES_EN[c] for c in p.languages), MEETINGS_EN[p.meeting],
            "" if p.capacity is None else str(p.capacity), p.location, ", ".join(p.wishes), ", ".join(p.exclusions),
        ])
    answers = {"goal_areas": {text: short for short, text in GOOGLE_AREAS.items()}}
    return {
        "export.csv": _export(header, rows, sep=",", quoting=csv.QUOTE_ALL, encoding="utf-8", line_end="\n"),
        "map.toml": _toml(GOOGLE_COLUMNS, answers, "Google Forms responses of the international cohort, 2025."),
        "clean.csv": _clean_rows(GOOGLE, GOOGLE_EXTRAS),
    }


# --------------------------------------------------------------------------- LimeSurvey, in Finnish

LIME_ROLES = {"mentor": "Mentori", "mentee": "Aktori (mentoroitava)", "peer": "Vertaismentori"}
LIME_MEETINGS = {"in_person": "Kasvokkain", "remote": "Verkossa (Zoom)", "either": "Kumpi tahansa"}
LIME_EXTRAS = ("Vastauksen ID", "Lähetyspäivä", "Etunimi ja sukunimi")
LIME_COLUMNS = {
    "Henkilökoodi": "id",
    "Osallistun ohjelmaan": "role",
    "Työpaikka": "organisation",
    "Työkokemus vuosina": "experience_years",
    "Valitse aiheet, joihin haluat keskittyä": "goal_areas",
    "Mitä haluaisit saavuttaa mentoroinnin aikana?": "goals",
    "Minkälaista kokemusta ja tietoa voisit jakaa?": "offers",
    "Asiointikieli": "languages",
    "Tapaamisten muoto": "meeting_mode",
    "Asuinkunta": "location",
    "Kuinka monta aktoria voisit ohjata?": "capacity",
    "Toive parista (henkilökoodi)": "wishes",
    "Jääviys: kenen kanssa et voi olla parina? (henkilökoodi)": "exclusions",
}
LIME = [
    SignUp("L1", "mentor", "Metsäpolku Oy", 16, ("Johtaminen", "Talous"), "",
           "Olen vetänyt myyntitiimiä ja tehnyt budjetteja pitkään, ja voin jakaa niistä opittua.", ("fi",),
           "in_person", "Seinäjoki", 2, extra=("1", "2025-10-01 08:12:44", "Kerttu Ojanperä")),
    SignUp("L2", "mentee", "Metsäpolku Oy", 2, ("Talous",),
           "Haluaisin ymmärtää yrityksen taloutta ja oppia lukemaan tilinpäätöksiä.", "", ("fi",), "either",
           "Seinäjoki", exclusions=("L1",), extra=("2", "2025-10-01 12:30:05", "Aaro Kangasniemi")),
    SignUp("L3", "mentor", "Lakeuden ammattikorkeakoulu", 12, ("Urasuunnittelu", "Viestintä"), "",
           "Opinto-ohjaajana tunnen hyvin eri alojen urapolut ja työnhaun käytännöt.", ("fi", "en"), "remote",
           "Vaasa", 3, extra=("3", "2025-10-02 09:01:17", "Siiri Hautala")),
    SignUp("L4", "mentee", "Kauhavan Kone Oy", 4.5, ("Urasuunnittelu", "Johtaminen"),
           "Tavoitteena on selvittää, haluanko esihenkilöksi vai syventää asiantuntijuutta.", "", ("fi",),
           "remote", "Kauhava", wishes=("L3",), extra=("4", "2025-10-02 18:44:50", "Niilo Rintala")),
    SignUp("L5", "peer", "Lakeuden ammattikorkeakoulu", 6, ("Viestintä",),
           "Kaipaan vertaistukea opetuksen ja hankkeiden viestintään.",
           "Hankeviestintä ja verkkosivujen päivittäminen.", ("fi", "sv"), "either", "Vaasa",
           extra=("5", "2025-10-03 10:20:00", "Alma Kujala")),
    SignUp("L6", "mentee", "Osuuskauppa Lakeus", 1, ("Viestintä", "Urasuunnittelu"),
           "Haluaisin rohkeutta puhua palavereissa ja suunnitelman seuraaville vuosille.", "", ("fi", "en"),
           "in_person", "Seinäjoki", extra=("6", "2025-10-03 15:55:31", "Eino Hakala")),
    SignUp("L7", "mentor", "Osuuskauppa Lakeus", 21, ("Johtaminen",), "",
           "Vähittäiskaupan johtaminen, henkilöstön rekrytointi ja vuorosuunnittelu.", ("fi",), "either",
           "Seinäjoki", 1, extra=("7", "2025-10-04 07:48:09", "Raili Koskela")),
    SignUp("L8", "peer", "Kauhavan Kone Oy", 8, ("Talous", "Johtaminen"),
           "Etsin vertaista, jonka kanssa miettiä pienen tiimin johtamista ja hankintoja.",
           "Hankinnat ja toimittajaneuvottelut.", ("fi",), "remote", "Kauhava",
           extra=("8", "2025-10-05 20:02:26", "Veeti Luoma")),
    SignUp("L9", "mentee", "Seinäjoen kaupunki", 3, ("Johtaminen", "Viestintä"),
           "Haluan oppia johtamaan muutosta ja kertomaan siitä ymmärrettävästi.", "", ("fi",), "either",
           "Seinäjoki", wishes=("L7",), extra=("9", "2025-10-06 13:37:12", "Iida Mäkelä")),
]


def limesurvey() -> dict[str, bytes]:
    header = [*LIME_EXTRAS, *LIME_COLUMNS]
    rows = []
    for p in LIME:
        rows.append([
            *p.extra, p.id, LIME_ROLES[p.role], p.organisation, _number(p.experience, ","), "; ".join(p.areas),
            p.goals, p.offers, "; ".join({"fi": "suomi", "en": "englanti", "sv": "ruotsi"}[c] for c in p.languages),
            LIME_MEETINGS[p.meeting], p.location, "" if p.capacity is None else str(p.capacity),
            ", ".join(p.wishes), ", ".join(p.exclusions),
        ])
    return {
        "export.csv": b"\xef\xbb\xbf" + _export(header, rows, sep=";", quoting=csv.QUOTE_ALL, encoding="utf-8"),
        "map.toml": _toml(LIME_COLUMNS, {}, "LimeSurvey export (full question texts as headings) of the 2025 form."),
        "clean.csv": _clean_rows(LIME, LIME_EXTRAS),
    }


FORMS = {"webropol": webropol, "msforms": msforms, "googleforms": googleforms, "limesurvey": limesurvey}


def write_all(folder: Path = HERE) -> None:
    for name, make in FORMS.items():
        (folder / name).mkdir(parents=True, exist_ok=True)
        for file, data in make().items():
            (folder / name / file).write_bytes(data)


if __name__ == "__main__":
    write_all()
