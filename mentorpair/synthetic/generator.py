"""Synthetic, reproducible cohorts in the shape of Finnish mentoring programmes.

Real sign-up data is personal and cannot ship with a library, so examples,
tests and benchmarks use invented cohorts instead. They are built to look
like the real thing where it matters for matching:

* roughly 40 % mentors, 50 % mentees and 10 % peers or "either role";
* the forms of mentoring the programme runs shape who signs up: peers only
  where peer mentoring runs, mentors able to take a group where groups run,
  junior specialists mentoring seasoned staff where reverse mentoring runs;
* organisations of very uneven size (a few large employers, a long tail),
  with a controllable share of mentees who work where some mentor works;
* students a year from graduation, newcomers to Finnish working life,
  seasoned mentors and a few junior "reverse" mentors with a specialism;
* goal areas from :mod:`mentorpair.taxonomy` and free-text goals and offers
  written in Finnish, English or (rarely) Swedish from per-topic phrase banks,
  with several wordings per topic so that a mentor's offer answers a goal in
  different words rather than repeating it;
* a few named wishes, exclusions and people who share no language with
  anyone, so that every explanation path of the matcher gets exercised.

Every name is invented. Everything is drawn from one
``numpy.random.default_rng(seed)``, so the same arguments always give the
same frame, down to the bytes of its CSV.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ..model.vocab import FORMS, Role
from ..text.taxonomy import GOAL_AREAS, area_label

if TYPE_CHECKING:
    import pandas as pd

    from ..model.cohort import Cohort

__all__ = [
    "COLUMNS",
    "DEMO_SEED",
    "DEMO_SIZE",
    "demo_cohort",
    "synthetic_cohort",
    "synthetic_frame",
    "write_demo_csv",
]

COLUMNS: tuple[str, ...] = (
    "id", "role", "organisation", "experience_years", "goal_areas", "goals", "offers",
    "languages", "meeting_mode", "location", "capacity", "wishes", "exclusions",
)
"""The canonical sign-up columns, in the order :func:`synthetic_frame` writes them."""

DEMO_SIZE = 60
DEMO_SEED = 2026
_DEMO_FILE = "demo_cohort.csv"

_Rng = np.random.Generator

# --------------------------------------------------------------------------
# Phrase banks. Each topic clause starts in lower case (it is capitalised when
# it opens a sentence) and has no final full stop, so clauses can be joined
# with connectives. Finnish and English banks are written independently, not
# translated clause by clause, so wordings differ across languages too.
# Swedish has one short clause per topic: it exists only so that the few
# Swedish-speaking participants write in their own language.
# --------------------------------------------------------------------------

_GOALS: dict[str, dict[str, tuple[str, ...]]] = {
    "fi": {
        "leadership": (
            "haluan kehittyä johtajana ja löytää oman tapani johtaa",
            "tavoitteeni on vahvistaa johtamistaitojani uudessa tehtävässä",
            "kaipaan tukea strategiseen johtamiseen ja suunnan näyttämiseen",
            "pohdin, miten johdan asiantuntijoita niin, että jokainen pääsee loistamaan",
        ),
        "supervisory_work": (
            "aloitin hiljattain esihenkilönä ja haluan oppia tukemaan tiimiäni",
            "haluan varmuutta esihenkilötyön arkeen, kuten kehityskeskusteluihin",
            "tavoitteenani on ymmärtää, miltä esihenkilötyö näyttää eri sektoreilla",
            "mietin, olisiko esihenkilön rooli minua varten",
        ),
        "project_management": (
            "haluan oppia hallitsemaan projektien aikatauluja ja resursseja paremmin",
            "vedän ensimmäistä isoa hankettani ja kaipaan siihen sparrausta",
            "tavoitteeni on kehittyä projektipäällikkönä",
            "haluan selkeän tavan pitää monta projektia yhtä aikaa hallinnassa",
        ),
        "communication": (
            "haluan rohkeutta esiintymiseen ja oman asiantuntemukseni esille tuomiseen",
            "tavoitteeni on kirjoittaa selkeämmin ja viestiä ymmärrettävästi",
            "kaipaan vinkkejä vuorovaikutukseen työyhteisössä",
            "haluan oppia kertomaan työstäni kiinnostavasti eri yleisöille",
        ),
        "influencing": (
            "haluan ymmärtää, miten poliittiseen päätöksentekoon voi vaikuttaa",
            "tavoitteeni on oppia viemään tutkimustietoa päättäjille",
            "kaipaan keinoja vaikuttamistyöhön ja sidosryhmien kanssa toimimiseen",
            "haluan kehittyä edunvalvonnassa ja lausuntojen laatimisessa",
        ),
        "research_career": (
            "pohdin tutkijanuraa ja haluan ymmärtää, mitä se vaatii",
            "tavoitteeni on saada ensimmäinen oma tutkimusrahoitus",
            "haluan tukea julkaisemiseen ja tutkijana toimimiseen",
            "mietin, jatkanko väitöskirjan jälkeen tutkimuksessa vai siirrynkö muualle",
        ),
        "career_planning": (
            "haluan selkiyttää urasuunnitelmiani",
            "pohdin uran seuraavaa askelta enkä tiedä, mihin suuntaan lähtisin",
            "tavoitteeni on löytää suunta urakehitykselleni",
            "harkitsen alanvaihtoa ja kaipaan siihen näkökulmia",
        ),
        "job_search": (
            "etsin ensimmäistä alan työpaikkaani Suomesta",
            "haluan parantaa CV:täni ja työhakemuksiani",
            "tavoitteeni on pärjätä paremmin työhaastatteluissa",
            "kaipaan apua piilotyöpaikkojen löytämiseen",
        ),
        "competence_recognition": (
            "haluan tunnistaa ja sanoittaa osaamistani",
            "tavoitteeni on saada ulkomailla suorittamani tutkinto ja osaamiseni tunnustetuksi",
            "minun on vaikea kertoa taidoistani, ja kaipaan siihen apua",
            "haluan ymmärtää, mitä osaamistani Suomen työmarkkinoilla arvostetaan",
        ),
        "networking": (
            "haluan laajentaa ammatillista verkostoani",
            "tavoitteeni on tutustua alan ihmisiin muissa organisaatioissa",
            "kaipaan vinkkejä verkostoitumiseen, koska se ei tunnu minusta luontevalta",
            "haluan rakentaa kontakteja uudella paikkakunnalla",
        ),
        "internationality": (
            "haluan kansainvälistä kokemusta ja suunnittelen töitä ulkomailla",
            "tavoitteeni on kehittyä kansainvälisissä tehtävissä",
            "kaipaan tukea kansainvälisen yhteistyön rakentamiseen",
            "mietin, miten pääsisin mukaan kansainvälisiin hankkeisiin",
        ),
        "work_life_balance": (
            "haluan löytää paremman tasapainon työn ja perheen välille",
            "tavoitteeni on jaksaa työssä ilman jatkuvaa kiirettä",
            "kaipaan keinoja työkuorman hallintaan ja palautumiseen",
            "palaan perhevapaalta ja mietin, miten sovitan työn ja arjen yhteen",
        ),
        "customer_service": (
            "haluan kehittyä asiakaspalvelussa ja hankalien tilanteiden hoitamisessa",
            "tavoitteeni on parantaa asiakaskokemusta omassa yksikössäni",
            "kaipaan varmuutta asiakkaiden kohtaamiseen",
            "haluan oppia palvelemaan hyvin erilaisia asiakkaita tasapuolisesti",
        ),
        "pedagogy": (
            "haluan kehittyä kouluttajana ja ohjaajana",
            "tavoitteeni on oppia suunnittelemaan innostavaa opetusta",
            "kaipaan pedagogisia keinoja ryhmien ohjaamiseen",
            "haluan kehittää valmentavaa ja ohjaavaa työotettani",
        ),
        "new_technology": (
            "haluan oppia hyödyntämään tekoälyä ja uusia digitaalisia työkaluja",
            "tavoitteeni on ymmärtää datan ja automaation mahdollisuudet työssäni",
            "kaipaan apua uusien ohjelmistojen käyttöönottoon",
            "haluan pysyä mukana digitalisaation kehityksessä",
        ),
        "children_youth_library": (
            "haluan kehittyä lasten ja nuorten kirjastotyössä",
            "tavoitteeni on löytää uusia keinoja lukuinnon herättämiseen",
            "kaipaan ideoita koulujen ja kirjaston yhteistyöhön",
            "haluan suunnitella nuorille kiinnostavia kirjastopalveluja",
        ),
        "music_library": (
            "haluan syventää osaamistani musiikkikirjastotyössä",
            "tavoitteeni on kehittää kirjaston nuotti- ja äänitekokoelmaa",
            "kaipaan vinkkejä musiikkipalvelujen tuottamiseen kirjastossa",
            "haluan oppia lisää musiikkiaineiston luetteloinnista",
        ),
        "working_life_culture": (
            "haluan ymmärtää suomalaisen työelämän kirjoittamattomia sääntöjä",
            "tavoitteeni on oppia, miten suomalaisessa työyhteisössä toimitaan",
            "kaipaan tukea työelämään kotoutumiseen",
            "haluan tietää, mitä alalla odotetaan ja miten työpaikoilla viestitään",
        ),
        "professional_growth": (
            "haluan tunnistaa vahvuuteni ja kehittymistarpeeni",
            "tavoitteeni on kasvaa ammatillisesti ja saada lisää rohkeutta",
            "kaipaan sparrausta oman ammatillisen kasvuni tueksi",
            "haluan pysähtyä miettimään, mihin olen menossa ja mitä osaan",
        ),
    },
    "en": {
        "leadership": (
            "I want to grow as a leader and find my own leadership style",
            "my goal is to strengthen my management skills in a new role",
            "I'd like support with strategic leadership and setting direction",
            "I'm figuring out how to lead experts so that everyone can do their best work",
        ),
        "supervisory_work": (
            "I recently became a team lead and want to learn how to support my team",
            "I'd like more confidence in everyday supervisory work such as appraisals",
            "I want to understand what supervisory work looks like in different sectors",
            "I'm wondering whether a supervisor role would suit me",
        ),
        "project_management": (
            "I want to get better at managing project schedules and resources",
            "I'm running my first large project and would like a sounding board",
            "my goal is to develop as a project manager",
            "I need a clearer way to keep several projects under control at once",
        ),
        "communication": (
            "I want to feel more confident presenting and making my expertise visible",
            "my goal is to write more clearly and communicate in plain language",
            "I'd like tips for better interpersonal communication at work",
            "I want to learn to explain my work in an engaging way to different audiences",
        ),
        "influencing": (
            "I want to understand how to influence political decision-making",
            "my goal is to learn to bring research evidence to decision-makers",
            "I'd like practical ways to do advocacy and work with stakeholders",
            "I want to develop in lobbying and drafting policy statements",
        ),
        "research_career": (
            "I'm considering a research career and want to know what it takes",
            "my goal is to win my first research grant",
            "I'd like support with publishing and working as a researcher",
            "I'm deciding whether to stay in research after my PhD or move on",
        ),
        "career_planning": (
            "I want to clarify my career plans",
            "I'm thinking about the next step in my career and unsure which way to go",
            "my goal is to find a direction for my career development",
            "I'm considering a career change and would like perspectives on it",
        ),
        "job_search": (
            "I'm looking for my first job in my field in Finland",
            "I want to improve my CV and job applications",
            "my goal is to do better in job interviews",
            "I'd like help finding jobs that are never advertised",
        ),
        "competence_recognition": (
            "I want to recognise my skills and put them into words",
            "my goal is to get my foreign degree and experience recognised",
            "I find it hard to describe my skills and would like help with that",
            "I want to understand which of my skills are valued on the Finnish job market",
        ),
        "networking": (
            "I want to widen my professional network",
            "my goal is to get to know people in the field in other organisations",
            "I'd like tips on networking because it does not come naturally to me",
            "I want to build contacts in a new town",
        ),
        "internationality": (
            "I want international experience and am planning to work abroad",
            "my goal is to grow in international roles",
            "I'd like support in building international collaboration",
            "I'm wondering how to get involved in international projects",
        ),
        "work_life_balance": (
            "I want a better balance between work and family",
            "my goal is to cope at work without a constant rush",
            "I'd like ways to manage my workload and recover",
            "I'm returning from parental leave and wondering how to fit work and family life together",
        ),
        "customer_service": (
            "I want to improve in customer service and in handling difficult situations",
            "my goal is to develop the customer experience in my unit",
            "I'd like more confidence when dealing with clients face to face",
            "I want to learn to serve very different customers fairly",
        ),
        "pedagogy": (
            "I want to develop as a trainer and instructor",
            "my goal is to learn to design engaging teaching",
            "I'd like pedagogical tools for guiding groups",
            "I want to develop a more coaching approach in my work",
        ),
        "new_technology": (
            "I want to learn to use AI and new digital tools",
            "my goal is to understand what data and automation could do for my work",
            "I'd like help with adopting new software",
            "I want to keep up with digital change",
        ),
        "children_youth_library": (
            "I want to grow in children's and youth library work",
            "my goal is to find new ways to get children excited about reading",
            "I'd like ideas for cooperation between schools and the library",
            "I want to design library services that teenagers actually use",
        ),
        "music_library": (
            "I want to deepen my skills in music library work",
            "my goal is to develop our sheet music and recordings collection",
            "I'd like tips on running music services in a library",
            "I want to learn more about cataloguing music materials",
        ),
        "working_life_culture": (
            "I want to understand the unwritten rules of Finnish working life",
            "my goal is to learn how things work in a Finnish workplace",
            "I'd like support with settling into working life in Finland",
            "I want to know what the field expects and how people talk to each other at work",
        ),
        "professional_growth": (
            "I want to recognise my strengths and development needs",
            "my goal is to grow professionally and gain confidence",
            "I'd like someone to spar with about my professional growth",
            "I want to pause and reflect on where I'm going and what I'm good at",
        ),
    },
    "sv": {
        "leadership": ("jag vill utvecklas som ledare",),
        "supervisory_work": ("jag vill bli tryggare som chef för mitt team",),
        "project_management": ("jag vill bli bättre på att leda projekt",),
        "communication": ("jag vill bli säkrare på att presentera och kommunicera",),
        "influencing": ("jag vill lära mig att påverka politiska beslut",),
        "research_career": ("jag funderar på en forskarkarriär",),
        "career_planning": ("jag vill klargöra mina karriärplaner",),
        "job_search": ("jag söker mitt första jobb inom branschen",),
        "competence_recognition": ("jag vill bli bättre på att beskriva min kompetens",),
        "networking": ("jag vill bygga ett större yrkesnätverk",),
        "internationality": ("jag vill få internationell erfarenhet",),
        "work_life_balance": ("jag vill hitta en bättre balans mellan arbete och familj",),
        "customer_service": ("jag vill utvecklas inom kundservice",),
        "pedagogy": ("jag vill utvecklas som utbildare",),
        "new_technology": ("jag vill lära mig använda nya digitala verktyg",),
        "children_youth_library": ("jag vill utvecklas i biblioteksarbete för barn och unga",),
        "music_library": ("jag vill fördjupa mig i musikbiblioteksarbete",),
        "working_life_culture": ("jag vill förstå hur arbetslivet fungerar i Finland",),
        "professional_growth": ("jag vill känna igen mina styrkor",),
    },
}

_OFFERS: dict[str, dict[str, tuple[str, ...]]] = {
    "fi": {
        "leadership": (
            "minulla on pitkä kokemus asiantuntijaorganisaation johtamisesta",
            "voin jakaa, mitä olen oppinut johtajana muutosten keskellä",
            "strateginen johtaminen ja suunnan näyttäminen ovat vahvuuksiani",
        ),
        "supervisory_work": (
            "olen toiminut esihenkilönä useissa erikokoisissa tiimeissä",
            "voin auttaa kehityskeskustelujen ja hankalien henkilöstötilanteiden kanssa",
            "lähiesihenkilötyö julkisella ja yksityisellä sektorilla on minulle tuttua",
        ),
        "project_management": (
            "olen johtanut lukuisia kansallisia ja EU-rahoitteisia hankkeita",
            "projektien suunnittelu, aikataulutus ja riskienhallinta ovat arkeani",
            "autan mielelläni projektin käynnistämisessä ja ohjausryhmätyöskentelyssä",
        ),
        "communication": (
            "olen työskennellyt viestinnän tehtävissä ja voin valmentaa esiintymisessä",
            "selkeä kirjoittaminen ja tiedeviestintä ovat vahvuuksiani",
            "voin sparrata vuorovaikutustaidoissa ja vaikeissa keskusteluissa",
        ),
        "influencing": (
            "olen tehnyt vaikuttamistyötä ministeriöiden ja eduskunnan suuntaan",
            "tunnen poliittisen päätöksenteon käytännöt ja voin avata niitä",
            "edunvalvonta ja sidosryhmäyhteistyö ovat minulle tuttuja",
        ),
        "research_career": (
            "olen tehnyt tutkimusta pitkään ja ohjannut väitöskirjatutkijoita",
            "voin auttaa rahoitushakemusten ja julkaisujen kanssa",
            "tutkijan arki ja tiedeyhteisön pelisäännöt ovat minulle tuttuja",
        ),
        "career_planning": (
            "urani on ollut monipolvinen, ja voin auttaa uravalintojen pohdinnassa",
            "voin sparrata urasuunnittelussa ja seuraavan askeleen miettimisessä",
            "olen vaihtanut alaa itsekin, joten erilaiset urapolut ovat tuttuja",
        ),
        "job_search": (
            "olen toiminut rekrytoijana ja voin kommentoida hakemuksia ja CV:itä",
            "voin harjoitella kanssasi työhaastatteluja ja antaa palautetta",
            "tiedän, miten alan työpaikat usein löytyvät muuta kautta kuin ilmoituksista",
        ),
        "competence_recognition": (
            "autan mielelläni tunnistamaan piilossa olevaa osaamista",
            "olen perehtynyt tutkintojen tunnustamiseen ja pätevyysvaatimuksiin",
            "voin auttaa kuvaamaan taitoja niin, että työnantaja ymmärtää ne",
        ),
        "networking": (
            "minulla on laaja verkosto alalla, ja esittelen mielelläni ihmisiä toisilleen",
            "voin avata ovia alan yhteisöihin ja tapahtumiin",
            "verkostoituminen on minulle luontevaa, ja jaan mielelläni keinojani",
        ),
        "internationality": (
            "olen työskennellyt useassa maassa ja kansainvälisissä organisaatioissa",
            "kansainvälinen yhteistyö on ollut iso osa työtäni",
            "voin kertoa, miten ulkomaille lähteminen käytännössä onnistuu",
        ),
        "work_life_balance": (
            "olen yhdistänyt vaativan työn ja perhe-elämän ja voin jakaa keinojani",
            "työhyvinvointi ja jaksaminen ovat minulle tärkeitä teemoja",
            "voin auttaa priorisoinnissa ja omien rajojen vetämisessä",
        ),
        "customer_service": (
            "minulla on vuosien kokemus asiakaspalvelusta ja palvelujen kehittämisestä",
            "voin jakaa keinoja haastavien asiakastilanteiden ratkaisemiseen",
            "asiakaslähtöinen palvelu on ollut työni ydin",
        ),
        "pedagogy": (
            "olen kouluttanut aikuisia ja suunnitellut opetusta vuosia",
            "voin jakaa pedagogisia menetelmiä ja ohjaamisen työkaluja",
            "valmentava työote ja oppimisen tukeminen ovat vahvuuksiani",
        ),
        "new_technology": (
            "tunnen uudet teknologiset ratkaisut ja autan mielelläni niiden käyttöönotossa",
            "voin opastaa tekoälytyökalujen ja data-analytiikan käytössä",
            "digitaaliset työkalut ja automaatio ovat erityisosaamistani",
        ),
        "children_youth_library": (
            "olen tehnyt lasten- ja nuortenkirjastotyötä pitkään",
            "lukuinnon edistäminen ja satutunnit ovat minulle tuttuja",
            "voin jakaa kokemuksia kouluyhteistyöstä ja nuorten palveluista",
        ),
        "music_library": (
            "olen työskennellyt musiikkikirjastossa ja tunnen nuotti- ja äänitekokoelmat",
            "musiikkiaineiston luettelointi on erityisosaamistani",
            "voin jakaa ideoita musiikkitapahtumiin ja soitinlainaamoon",
        ),
        "working_life_culture": (
            "voin avata suomalaista työkulttuuria ja sen kirjoittamattomia sääntöjä",
            "olen perehdyttänyt monia ulkomailta tulleita kollegoita",
            "tunnen alan vaatimukset ja työyhteisöjen arjen",
        ),
        "professional_growth": (
            "autan mielelläni löytämään omat vahvuudet",
            "voin tukea ammatillista kasvua kuuntelemalla ja kysymällä",
            "olen toiminut mentorina ennenkin ja tuen mielelläni toisten kehittymistä",
        ),
    },
    "en": {
        "leadership": (
            "I have led expert organisations for a long time",
            "happy to share what I have learned as a manager leading through change",
            "setting strategy and giving direction is where I can help most",
        ),
        "supervisory_work": (
            "I have managed teams of different sizes for years",
            "I can help with appraisals and tricky staff situations",
            "I know line management in both the public and the private sector",
        ),
        "project_management": (
            "I have run many national and EU-funded projects",
            "planning, scheduling and risk management are my daily work",
            "glad to help with kicking off projects and working with steering groups",
        ),
        "communication": (
            "I have worked in communications and can coach public speaking",
            "clear writing and science communication are my strengths",
            "I can help with interpersonal skills and hard conversations",
        ),
        "influencing": (
            "I have done advocacy work towards ministries and parliament",
            "I know how policy decisions are actually made and can explain it",
            "lobbying and stakeholder work are familiar ground for me",
        ),
        "research_career": (
            "I have a long research career and have supervised doctoral researchers",
            "I can help with grant applications and getting published",
            "I know the everyday life of a researcher and how academia works",
        ),
        "career_planning": (
            "I have had a winding career and can help think through career choices",
            "happy to be a sounding board for career planning and next steps",
            "having changed fields myself, I know many different career paths",
        ),
        "job_search": (
            "I have worked as a recruiter and can review applications and CVs",
            "I can run mock interviews and give feedback",
            "I know how jobs in the field are often found outside job ads",
        ),
        "competence_recognition": (
            "I enjoy helping people spot skills they don't know they have",
            "I know how qualification recognition and professional requirements work",
            "I can help describe skills in a way employers understand",
        ),
        "networking": (
            "I have a wide network in the field and like introducing people",
            "I can open doors to professional communities and events",
            "networking comes easily to me and I'm glad to share how I do it",
        ),
        "internationality": (
            "I have worked in several countries and in international organisations",
            "international collaboration has been a big part of my work",
            "I can explain what moving abroad for work involves in practice",
        ),
        "work_life_balance": (
            "I have combined a demanding job and family life and can share what helped",
            "wellbeing at work and avoiding burnout matter a lot to me",
            "I can help with prioritising and setting boundaries",
        ),
        "customer_service": (
            "I have years of experience in customer service and service design",
            "I can share ways to resolve challenging customer situations",
            "customer-centred service has been at the core of my work",
        ),
        "pedagogy": (
            "I have trained adults and designed courses for years",
            "I can share teaching methods and tools for instruction",
            "a coaching approach and supporting learning are my strengths",
        ),
        "new_technology": (
            "I know the latest technology well and like helping others adopt it",
            "I can guide you in using AI tools and data analytics",
            "digital tools and automation are my specialist area",
        ),
        "children_youth_library": (
            "I have worked with children and young people in libraries for a long time",
            "reading promotion and storytime sessions are familiar to me",
            "I can share experience of school cooperation and youth services",
        ),
        "music_library": (
            "I have worked in a music library and know sheet music and recording collections",
            "cataloguing music is my special expertise",
            "I can share ideas for music events and instrument lending",
        ),
        "working_life_culture": (
            "I can explain Finnish workplace culture and its unwritten rules",
            "I have helped many colleagues from abroad settle into Finnish working life",
            "I know the requirements of the field and everyday life at work",
        ),
        "professional_growth": (
            "I enjoy helping people find their strengths",
            "I can support professional growth by listening and asking questions",
            "I have mentored before and like supporting others' development",
        ),
    },
    "sv": {
        "leadership": ("jag har lång erfarenhet av ledarskap",),
        "supervisory_work": ("jag har arbetat som chef för olika team i många år",),
        "project_management": ("jag har lett många projekt från start till mål",),
        "communication": ("jag kan hjälpa till med kommunikation och att tala inför publik",),
        "influencing": ("jag har erfarenhet av påverkansarbete gentemot beslutsfattare",),
        "research_career": ("jag har lång erfarenhet av forskning och forskningsfinansiering",),
        "career_planning": ("jag kan hjälpa till med karriärplanering",),
        "job_search": ("jag kan hjälpa till med cv och arbetsintervjuer",),
        "competence_recognition": ("jag hjälper gärna till att synliggöra kompetens",),
        "networking": ("jag har ett brett nätverk och delar gärna med mig av det",),
        "internationality": ("jag har arbetat utomlands och i internationella nätverk",),
        "work_life_balance": ("jag kan dela med mig av hur jag får arbete och familj att gå ihop",),
        "customer_service": ("jag har lång erfarenhet av kundservice",),
        "pedagogy": ("jag har lång erfarenhet av undervisning och pedagogik",),
        "new_technology": ("jag kan hjälpa till med ny teknik och digitala verktyg",),
        "children_youth_library": ("jag har lång erfarenhet av barn- och ungdomsbibliotek",),
        "music_library": ("jag har arbetat länge på ett musikbibliotek",),
        "working_life_culture": ("jag kan berätta hur arbetslivet fungerar i Finland",),
        "professional_growth": ("jag hjälper gärna andra att växa i sitt yrke",),
    },
}

# Openings keyed by career stage; "{y}" is the years of experience.
_GOAL_OPENINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "fi": {
        "student": ("Opiskelen viimeistä vuotta ja valmistun pian.", "Olen valmistumassa noin vuoden kuluttua."),
        "jobseeker": ("Muutin Suomeen ja etsin oman alani töitä.", "Olen tällä hetkellä työnhakijana."),
        "early": ("Olen ollut työelämässä vasta muutaman vuoden.", "Olen alalla vielä melko uusi."),
        "experienced": ("Olen työskennellyt alalla {y} vuotta.", "Minulla on takanani {y} vuotta työkokemusta."),
    },
    "en": {
        "student": ("I'm a final-year student and will graduate soon.", "I will graduate in about a year."),
        "jobseeker": ("I moved to Finland and am looking for work in my field.", "I'm currently looking for a job."),
        "early": ("I have been in working life for only a few years.", "I'm still fairly new to the field."),
        "experienced": ("I have worked in the field for {y} years.", "I have {y} years of work experience."),
    },
    "sv": {
        "student": ("Jag studerar och tar examen snart.",),
        "jobseeker": ("Jag söker arbete inom min bransch.",),
        "early": ("Jag är ganska ny i arbetslivet.",),
        "experienced": ("Jag har arbetat i {y} år.",),
    },
}

_OFFER_OPENINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "fi": {
        "newcomer": ("Olen alalla suhteellisen uusi, mutta minulla on erityisosaamista.",),
        "experienced": ("Olen työskennellyt alalla {y} vuotta.", "Minulla on {y} vuoden kokemus alalta."),
    },
    "en": {
        "newcomer": ("I'm fairly new to the field but bring specific expertise.",),
        "experienced": ("I have {y} years of experience in the field.", "I've worked in this field for {y} years."),
    },
    "sv": {
        "newcomer": ("Jag är ganska ny i branschen men har specialkunskap.",),
        "experienced": ("Jag har {y} års erfarenhet.",),
    },
}

_GOAL_CLOSINGS: dict[str, tuple[str, ...]] = {
    "fi": (
        "Toivon luottamuksellista sparrausta.",
        "Odotan mentoroinnilta uusia näkökulmia.",
        "Toivoisin mentoria, jolla on kokemusta samankaltaisista tilanteista.",
    ),
    "en": (
        "I'm hoping for honest, confidential sparring.",
        "Looking forward to new perspectives.",
        "I'd like a mentor who has been in a similar situation.",
    ),
    "sv": ("Jag ser fram emot nya perspektiv.",),
}

_OFFER_CLOSINGS: dict[str, tuple[str, ...]] = {
    "fi": ("Mentorina haluan myös itse oppia uutta.", "Kuuntelen mielelläni ja annan suoraa palautetta."),
    "en": ("As a mentor I also hope to learn something new.", "I'm a good listener and give honest feedback."),
    "sv": ("Jag lyssnar gärna och ger ärlig återkoppling.",),
}

# Connectives put before the second and later topic sentences. Empty means
# none; Swedish has none because its verb-second order would need the clause
# rewritten ("Dessutom vill jag ...").
_CONNECTIVES: dict[str, tuple[str, ...]] = {
    "fi": ("Lisäksi ", ""),
    "en": ("Also, ", "In addition, ", ""),
    "sv": ("",),
}

# A list of area labels some mentors add after their prose (taxonomy labels
# exist only in Finnish and English).
_AREA_LIST_INTRO: dict[str, tuple[str, ...]] = {
    "fi": ("Osaamisalueeni: ", "Voin auttaa erityisesti näissä: "),
    "en": ("My areas: ", "Topics I can help with: "),
}

# --------------------------------------------------------------------------
# Organisations, towns and topic popularity.
# --------------------------------------------------------------------------

# Invented name stems and organisation kinds; their product gives 128
# fictitious employers, unions, institutes, libraries and schools.
_ORG_STEMS: tuple[str, ...] = (
    "Kielo", "Revontuli", "Kanerva", "Sinivuokko", "Tuulensuu", "Kallioranta", "Lähdekorpi", "Vaskikivi",
    "Pohjantähti", "Hopeapaju", "Rantakoivu", "Sammalmäki", "Kuurankukka", "Routavaara", "Tähkäpää", "Virtala",
)
_ORG_KINDS: tuple[str, ...] = (
    "{s}-apteekki", "{s} Oy", "Tutkimuslaitos {s}", "{s}-kirjasto", "Asiantuntijaliitto {s} ry",
    "{s}-instituutti", "{s}-opisto", "{s} Konsultointi Oy",
)

# Towns weighted roughly by population, so big cities dominate as they do.
_TOWNS: tuple[tuple[str, float], ...] = (
    ("Helsinki", 670), ("Espoo", 310), ("Tampere", 250), ("Vantaa", 245), ("Oulu", 215), ("Turku", 200),
    ("Jyväskylä", 148), ("Kuopio", 125), ("Lahti", 121), ("Pori", 84), ("Joensuu", 78), ("Lappeenranta", 73),
    ("Hämeenlinna", 68), ("Vaasa", 68), ("Seinäjoki", 65), ("Rovaniemi", 65), ("Mikkeli", 52), ("Kotka", 51),
    ("Porvoo", 51), ("Kokkola", 48), ("Kajaani", 36),
)

# How often each area is chosen; career and leadership topics are the
# commonest wishes in the source programmes, the library specialisms rarest.
_AREA_POPULARITY: dict[str, float] = {
    "leadership": 2.5, "supervisory_work": 2.5, "project_management": 1.5, "communication": 2.0,
    "influencing": 1.0, "research_career": 1.0, "career_planning": 3.0, "job_search": 1.0,
    "competence_recognition": 1.5, "networking": 2.0, "internationality": 1.2, "work_life_balance": 1.5,
    "customer_service": 0.8, "pedagogy": 0.8, "new_technology": 1.2, "children_youth_library": 0.6,
    "music_library": 0.4, "working_life_culture": 0.8, "professional_growth": 3.0,
}
# Multipliers per participant profile (students and newcomers to Finland ask
# about different things than mid-career staff do).
_PROFILE_BOOST: dict[str, dict[str, float]] = {
    "student": {"career_planning": 3, "job_search": 3, "professional_growth": 2, "competence_recognition": 2,
                "leadership": 0.3, "supervisory_work": 0.3, "influencing": 0.3},
    "jobseeker": {"job_search": 5, "working_life_culture": 6, "competence_recognition": 4, "networking": 2,
                  "leadership": 0.3, "supervisory_work": 0.3},
}

_LANGUAGE_WEIGHT: dict[str, float] = {"fi": 0.6, "en": 0.3, "sv": 0.1}
_KNOWN_LANGUAGES = tuple(_LANGUAGE_WEIGHT)
_DEFAULT_ROLE_SHARES: dict[Role, float] = {Role.MENTOR: 0.4, Role.MENTEE: 0.5, Role.PEER: 0.05, Role.ANY: 0.05}
_ROLE_ALIASES: dict[str, Role] = {"aktori": Role.MENTEE, "mentoroitava": Role.MENTEE}
_ID_PREFIX: dict[Role, str] = {Role.MENTOR: "M", Role.MENTEE: "A", Role.PEER: "P", Role.ANY: "P"}

# Mentor-mentee forms; "peer" is the one without a mentor.
_ONE_WAY_FORMS = frozenset({"traditional", "reverse", "group"})
_MENTEE_PROFILES: dict[str, float] = {"student": 0.2, "jobseeker": 0.15, "professional": 0.65}
_JUNIOR_MENTOR_SHARE = 0.1

_WISH_SHARE = 0.05
_EXCLUSION_SHARE = 0.03
_EXTRA_SWEDISH_SHARE = 0.05

# --------------------------------------------------------------------------
# Argument checks.
# --------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _check_share(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise ValueError(f"{name} must be a number from 0 to 1, got {value!r}")
    share = float(value)
    if not (math.isfinite(share) and 0.0 <= share <= 1.0):
        raise ValueError(f"{name} must be a number from 0 to 1, got {value!r}")
    return share


def _check_languages(languages: object) -> tuple[str, ...]:
    if isinstance(languages, str):  # a lone code: ("fi") is an easy slip for ("fi",)
        languages = (languages,)
    if not isinstance(languages, Sequence) or not languages:
        raise ValueError(f"languages must be a non-empty sequence of codes from {list(_KNOWN_LANGUAGES)}, "
                         f"got {languages!r}")
    codes = tuple(str(code).strip().casefold() if isinstance(code, str) else code for code in languages)
    unknown = [code for code in codes if code not in _KNOWN_LANGUAGES]
    if unknown:
        raise ValueError(f"languages must be codes from {list(_KNOWN_LANGUAGES)}, got unknown {unknown!r}")
    if len(set(codes)) != len(codes):
        raise ValueError(f"languages must not repeat a code, got {languages!r}")
    return codes


def _check_role_shares(role_shares: object) -> dict[Role, float]:
    if not isinstance(role_shares, Mapping):
        raise ValueError(f"role_shares must be a mapping from role to share, got {role_shares!r}")
    shares = {role: 0.0 for role in Role}
    for key, value in role_shares.items():
        role = _as_role(key)
        shares[role] += _check_share(f"role_shares[{key!r}]", value)
    total = sum(shares.values())
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise ValueError(f"role_shares must add up to 1, got {total:g} from {dict(role_shares)!r}")
    return shares


def _as_role(key: object) -> Role:
    if isinstance(key, Role):
        return key
    if isinstance(key, str):
        folded = key.strip().casefold()
        if folded in _ROLE_ALIASES:
            return _ROLE_ALIASES[folded]
        for role in Role:
            if role.value == folded:
                return role
    raise ValueError(f"role_shares has unknown role {key!r}; roles are {[r.value for r in Role]}")


def _check_forms(forms: object) -> frozenset[str]:
    if isinstance(forms, str):  # a lone form: ("peer") is an easy slip for ("peer",)
        forms = (forms,)
    if not isinstance(forms, Iterable) or isinstance(forms, Mapping):
        raise ValueError(f"forms must be an iterable of forms from {list(FORMS)}, got {forms!r}")
    items = list(forms)
    unknown = [f for f in items if not isinstance(f, str) or f.strip().casefold() not in FORMS]
    if unknown:
        raise ValueError(f"forms must be forms from {list(FORMS)}, got unknown {unknown!r}")
    if not items:
        raise ValueError(f"forms must name at least one form from {list(FORMS)}, got none")
    return frozenset(f.strip().casefold() for f in items)


@dataclass(frozen=True)
class _Shape:
    """What the programme's forms of mentoring ask of the people who sign up."""

    role_shares: dict[Role, float]
    junior_mentor_share: float  # mentors who are junior specialists: the reverse mentors
    mentee_profiles: dict[str, float]
    mentor_capacity: dict[int, float]


def _shape(forms: frozenset[str], role_shares: dict[Role, float] | None) -> _Shape:
    """The cohort's shape for ``forms``; with all four it is the historical mix the demo file was made with."""
    one_way = forms & _ONE_WAY_FORMS
    # Without traditional or group pairs, only reverse pairs can use a mentor.
    reverse_only = one_way == {"reverse"}
    if role_shares is None:
        if not one_way:
            role_shares = {role: float(role is Role.PEER) for role in Role}
        elif "peer" in forms:
            role_shares = dict(_DEFAULT_ROLE_SHARES)
        else:  # the peers' tenth goes to mentors and mentees, 4 : 5 as the rest
            role_shares = {Role.MENTOR: 0.45, Role.MENTEE: 0.55, Role.PEER: 0.0, Role.ANY: 0.0}
    else:
        _check_roles_fit_forms(role_shares, forms)
    if "group" not in forms:
        capacity = {1: 0.7, 2: 0.3}  # one-to-one programmes: a second mentee at most
    elif one_way == {"group"}:
        capacity = {2: 0.6, 3: 0.4}  # every mentor can take a group of two or more
    else:
        capacity = {1: 0.55, 2: 0.3, 3: 0.15}
    return _Shape(
        role_shares=role_shares,
        junior_mentor_share=(1.0 if reverse_only else _JUNIOR_MENTOR_SHARE) if "reverse" in forms else 0.0,
        # Reverse mentees are long-serving staff, more experienced than any junior mentor.
        mentee_profiles={"seasoned": 1.0} if reverse_only else dict(_MENTEE_PROFILES),
        mentor_capacity=capacity,
    )


def _check_roles_fit_forms(shares: Mapping[Role, float], forms: frozenset[str]) -> None:
    if shares[Role.PEER] > 0 and "peer" not in forms:
        raise ValueError(f"role_shares gives peers {shares[Role.PEER]:g} but forms {sorted(forms)} has no 'peer'")
    one_way = shares[Role.MENTOR] + shares[Role.MENTEE]
    if one_way > 0 and not forms & _ONE_WAY_FORMS:
        raise ValueError(f"role_shares gives mentors and mentees {one_way:g} but forms {sorted(forms)} "
                         f"has none of {sorted(_ONE_WAY_FORMS)}")


# --------------------------------------------------------------------------
# Small random helpers. Every draw goes through the one Generator passed in,
# in a fixed order, which is what makes the output reproducible.
# --------------------------------------------------------------------------


def _pick(rng: _Rng, options: Sequence[str]) -> str:
    return options[int(rng.integers(len(options)))]


def _weighted_index(rng: _Rng, weights: npt.ArrayLike) -> int:
    p = np.asarray(weights, dtype=float)
    return int(rng.choice(len(p), p=p / p.sum()))


def _count(share: float, n: int) -> int:
    """``share`` of ``n`` rounded half up (not to even), so that 2.5 people become 3."""
    return int(math.floor(share * n + 0.5))


def _zipf_weights(k: int, exponent: float = 1.1) -> np.ndarray:
    return 1.0 / np.arange(1, k + 1, dtype=float) ** exponent


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------
# Columns, one concern each.
# --------------------------------------------------------------------------


def _role_counts(n: int, shares: Mapping[Role, float]) -> dict[Role, int]:
    """Largest-remainder apportionment: exact counts, so small cohorts keep their shape."""
    quotas = {role: shares[role] * n for role in Role}
    counts = {role: int(math.floor(q)) for role, q in quotas.items()}
    left = n - sum(counts.values())
    # Ties go to the role listed first in Role, so the result is stable.
    order = sorted(Role, key=lambda r: (-(quotas[r] - counts[r]), list(Role).index(r)))
    for role in order[:left]:
        counts[role] += 1
    return counts


def _roles(rng: _Rng, n: int, shares: Mapping[Role, float]) -> list[Role]:
    counts = _role_counts(n, shares)
    roles = [role for role in Role for _ in range(counts[role])]
    # Sign-ups arrive interleaved, not sorted by role.
    return [roles[i] for i in rng.permutation(n)]


def _ids(roles: Sequence[Role]) -> list[str]:
    totals: dict[str, int] = {}
    for role in roles:
        totals[_ID_PREFIX[role]] = totals.get(_ID_PREFIX[role], 0) + 1
    seen: dict[str, int] = {}
    out = []
    for role in roles:
        prefix = _ID_PREFIX[role]
        seen[prefix] = seen.get(prefix, 0) + 1
        width = max(3, len(str(totals[prefix])))
        out.append(f"{prefix}{seen[prefix]:0{width}d}")
    return out


def _profiles(rng: _Rng, roles: Sequence[Role], shape: _Shape) -> list[str]:
    """A career profile per person; it steers experience, topics and text openings."""
    mentee_profiles = list(shape.mentee_profiles)
    mentee_weights = list(shape.mentee_profiles.values())
    out = []
    for role in roles:
        if role is Role.MENTEE:
            out.append(mentee_profiles[_weighted_index(rng, mentee_weights)])
        elif role is Role.MENTOR:
            # Junior "reverse" mentors with a specialism. One draw per mentor
            # whatever the share, so other forms leave the later draws alone.
            out.append("newcomer" if rng.random() < shape.junior_mentor_share else "senior")
        else:
            out.append("peer")
    return out


def _organisations(rng: _Rng, roles: Sequence[Role], same_share: float) -> tuple[list[str], dict[str, str]]:
    """Organisation per person and each organisation's home town.

    Mentors are spread Zipf-like over the organisations taking part. A
    ``same_share`` of everyone else joins the organisation of a random mentor
    (so larger mentor organisations get more); the rest join organisations
    that no mentor comes from.
    """
    pool = [kind.format(s=stem) for stem in _ORG_STEMS for kind in _ORG_KINDS]
    pool = [pool[i] for i in rng.permutation(len(pool))]
    town_names = [name for name, _ in _TOWNS]
    town_weights = [w for _, w in _TOWNS]
    home = {org: town_names[_weighted_index(rng, town_weights)] for org in pool}
    n = len(roles)
    # A 60-person programme draws from ~20 organisations; never the whole pool,
    # so there are always organisations left without a mentor.
    active = pool[: min(len(pool) - 8, max(6, math.ceil(2.5 * math.sqrt(n))))]
    weights = _zipf_weights(len(active))
    orgs = [""] * n
    mentor_orgs: list[str] = []
    for i, role in enumerate(roles):
        if role is Role.MENTOR:
            orgs[i] = active[_weighted_index(rng, weights)]
            mentor_orgs.append(orgs[i])
    mentor_set = set(mentor_orgs)
    free = [(org, w) for org, w in zip(active, weights) if org not in mentor_set]
    if not free:
        free = [(org, 1.0) for org in pool if org not in mentor_set]
    for i, role in enumerate(roles):
        if role is Role.MENTOR:
            continue
        if mentor_orgs and rng.random() < same_share:
            orgs[i] = mentor_orgs[int(rng.integers(len(mentor_orgs)))]
        else:
            orgs[i] = free[_weighted_index(rng, [w for _, w in free])][0]
    return orgs, home


def _experience(rng: _Rng, profile: str) -> float | None:
    if rng.random() < 0.03:  # some leave the field blank
        return None
    if profile == "student":
        return float(_pick(rng, ("0", "0.5", "1")))
    if profile == "newcomer":
        return float(rng.integers(1, 5))
    shape_scale_offset = {
        "jobseeker": (2.0, 3.0, 0),
        "professional": (2.0, 2.5, 1),
        "senior": (2.2, 6.0, 3),
        "seasoned": (2.2, 5.0, 5),  # 5+ years: more than any junior mentor's 1 to 4
        "peer": (2.5, 4.0, 2),
    }[profile]
    shape, scale, offset = shape_scale_offset
    return float(min(45, offset + round(rng.gamma(shape, scale))))


def _goal_areas(rng: _Rng, profile: str) -> list[str]:
    keys = [area.key for area in GOAL_AREAS]
    boost = _PROFILE_BOOST.get(profile, {})
    weights = np.array([_AREA_POPULARITY[k] * boost.get(k, 1.0) for k in keys])
    if profile == "peer":  # peers give in one area and take in another: at least two
        k = 2 + int(rng.random() < 0.4)
    else:
        k = 1 + _weighted_index(rng, (0.3, 0.45, 0.25))
    chosen = rng.choice(len(keys), size=k, replace=False, p=weights / weights.sum())
    areas = [keys[i] for i in chosen]
    if profile in ("newcomer", "seasoned"):
        # The specialism that makes a junior a mentor (and that long-serving
        # staff come to reverse mentoring for), plus at most one more.
        areas = ["new_technology", *[a for a in areas if a != "new_technology"]][:2]
    return areas


def _language_profiles(rng: _Rng, n: int, langs: Sequence[str]) -> list[tuple[str, ...]]:
    """Spoken languages per person, the language they write in first."""
    weights = [_LANGUAGE_WEIGHT[code] for code in langs]
    out: list[tuple[str, ...]] = []
    for _ in range(n):
        first = langs[_weighted_index(rng, weights)]
        spoken = [first]
        others = [code for code in langs if code != first]
        if others and rng.random() < 0.4:
            spoken.append(others[_weighted_index(rng, [_LANGUAGE_WEIGHT[c] for c in others])])
        if "sv" not in spoken and rng.random() < _EXTRA_SWEDISH_SHARE:
            spoken.append("sv")  # Finland's second national language, known by some
        out.append(tuple(spoken))
    return out


def _swedish_only(rng: _Rng, roles: Sequence[Role], share: float) -> list[int]:
    """Who speaks only Swedish; mentees first, as an unmatched mentee is the case worth explaining."""
    k = _count(share, len(roles))
    mentees = [i for i, r in enumerate(roles) if r is Role.MENTEE]
    others = [i for i, r in enumerate(roles) if r is not Role.MENTEE]
    chosen = [int(i) for i in rng.permutation(mentees)[:k]]
    if len(chosen) < k:
        chosen += [int(i) for i in rng.permutation(others)[: k - len(chosen)]]
    return sorted(chosen)


def _stage(profile: str, years: float | None) -> str | None:
    if profile in ("student", "jobseeker"):
        return profile
    if years is None:
        return None
    return "early" if years < 5 else "experienced"


def _opening_words(clause: str) -> str:
    """The clause's first word, or first two after an English "I" (else every "I ..." would clash)."""
    words = clause.casefold().split()
    return " ".join(words[:2]) if words[0] in ("i", "i'd", "i'm") else words[0]


def _topic_sentences(rng: _Rng, bank: Mapping[str, tuple[str, ...]], lang: str, areas: Sequence[str]) -> list[str]:
    """One sentence per area, worded so that a text does not read like a form.

    A clause starting like an earlier one ("Tavoitteeni on ... Tavoitteeni
    on ...") is avoided when the topic has another wording, and each
    connective ("Lisäksi", "Also,") is used at most once per text.
    """
    sentences = []
    used_openings: set[str] = set()
    connectives = list(_CONNECTIVES[lang])
    for position, area in enumerate(areas):
        fresh = [c for c in bank[area] if _opening_words(c) not in used_openings]
        clause = _pick(rng, fresh or bank[area])
        used_openings.add(_opening_words(clause))
        if position > 0:
            connective = _pick(rng, connectives)
            if connective:
                connectives.remove(connective)
            clause = connective + clause
        sentences.append(_capitalise(clause) + ".")
    return sentences


def _goal_text(rng: _Rng, lang: str, areas: Sequence[str], stage: str | None, years: float | None) -> str:
    parts: list[str] = []
    if stage is not None and rng.random() < 0.6:
        opening = _pick(rng, _GOAL_OPENINGS[lang][stage])
        # Only the "experienced" openings mention years, and that stage implies years are known.
        parts.append(opening if years is None else opening.format(y=f"{years:g}"))
    parts += _topic_sentences(rng, _GOALS[lang], lang, areas)
    if rng.random() < 0.35:
        parts.append(_pick(rng, _GOAL_CLOSINGS[lang]))
    return " ".join(parts)


def _offer_text(rng: _Rng, lang: str, areas: Sequence[str], profile: str, years: float | None,
                opening: bool = True) -> str:
    parts: list[str] = []
    if opening and rng.random() < 0.6:
        if profile == "newcomer":
            parts.append(_pick(rng, _OFFER_OPENINGS[lang]["newcomer"]))
        elif years is not None and years >= 2:
            parts.append(_pick(rng, _OFFER_OPENINGS[lang]["experienced"]).format(y=f"{years:g}"))
    parts += _topic_sentences(rng, _OFFERS[lang], lang, areas)
    if lang in _AREA_LIST_INTRO and rng.random() < 0.2:
        labels = [area_label(a, "fi" if lang == "fi" else "en") for a in areas]
        parts.append(_pick(rng, _AREA_LIST_INTRO[lang]) + ", ".join(lab[:1].lower() + lab[1:] for lab in labels) + ".")
    if rng.random() < 0.3:
        parts.append(_pick(rng, _OFFER_CLOSINGS[lang]))
    return " ".join(parts)


def _texts(rng: _Rng, role: Role, profile: str, lang: str, areas: Sequence[str],
           years: float | None) -> tuple[str, str]:
    """(goals, offers): mentees write goals, mentors offers, peers and "any" both."""
    order = [areas[i] for i in rng.permutation(len(areas))]  # mention topics in varied order
    if role is Role.MENTEE:
        return _goal_text(rng, lang, order, _stage(profile, years), years), ""
    if role is Role.MENTOR:
        return "", _offer_text(rng, lang, order, profile, years)
    # Peers mentor each other in their own areas: take in the first, give in the rest.
    split = max(1, len(order) // 2)
    goals = _goal_text(rng, lang, order[:split], _stage(profile, years), years)
    offers = _offer_text(rng, lang, order[split:] or order, profile, years, opening=False)
    return goals, offers


def _meeting_mode(rng: _Rng) -> str:
    return ("either", "remote", "in_person")[_weighted_index(rng, (0.5, 0.3, 0.2))]


def _location(rng: _Rng, home_town: str) -> str:
    draw = rng.random()
    if draw < 0.02:
        return ""
    if draw < 0.8:  # most live where their organisation is
        return home_town
    return _TOWNS[_weighted_index(rng, [w for _, w in _TOWNS])][0]


def _capacity(rng: _Rng, role: Role, mentor_capacity: Mapping[int, float]) -> int | None:
    if role is Role.MENTOR:
        return list(mentor_capacity)[_weighted_index(rng, list(mentor_capacity.values()))]
    if role is Role.ANY:
        return 1 + _weighted_index(rng, (0.7, 0.3))
    return None


# Whom each role could name: the opposite role (peers and "any" name each other).
_COUNTERPART_ROLES: dict[Role, frozenset[Role]] = {
    Role.MENTOR: frozenset({Role.MENTEE}),
    Role.MENTEE: frozenset({Role.MENTOR}),
    Role.PEER: frozenset({Role.PEER, Role.ANY}),
    Role.ANY: frozenset({Role.PEER, Role.ANY}),
}


class _Counterparts:
    """Row indices each participant could name, in row order.

    One index array per role rather than a list per person: listing
    everyone's counterparts up front is quadratic in time and memory
    (20,000 people took a minute and 6 GB).
    """

    def __init__(self, roles: Sequence[Role]) -> None:
        self._roles = roles
        self._pools: dict[Role, npt.NDArray[np.intp]] = {
            role: np.flatnonzero([r in wanted for r in roles]) for role, wanted in _COUNTERPART_ROLES.items()
        }

    def count(self, i: int) -> int:
        role = self._roles[i]
        return len(self._pools[role]) - int(role in _COUNTERPART_ROLES[role])

    def of(self, i: int) -> npt.NDArray[np.intp]:
        pool = self._pools[self._roles[i]]
        others: npt.NDArray[np.intp] = pool[pool != i]
        return others


def _wishes_and_exclusions(rng: _Rng, roles: Sequence[Role], orgs: Sequence[str],
                           areas: Sequence[Sequence[str]]) -> tuple[list[int | None], list[int | None]]:
    """One named wish for about 5 % and one exclusion for about 3 %, as row indices.

    Wishes mostly come from mentees and favour someone with shared topics or a
    colleague (programmes invite tips on a suitable counterpart). Exclusions
    favour a colleague: the usual reason is not wanting one's own manager.
    """
    n = len(roles)
    options = _Counterparts(roles)
    eligible = [i for i in range(n) if options.count(i)]
    # Topic overlap and same employer as array operations: a wish weighs every candidate.
    area_keys = sorted({a for person in areas for a in person})
    column = {a: k for k, a in enumerate(area_keys)}
    area_matrix = np.zeros((n, len(area_keys)))
    for i, person in enumerate(areas):
        area_matrix[i, [column[a] for a in person]] = 1.0
    org_codes = np.unique(orgs, return_inverse=True)[1]
    wishes: list[int | None] = [None] * n
    exclusions: list[int | None] = [None] * n

    def choose_people(k: int, weight_of: Any) -> list[int]:
        if not eligible or k == 0:
            return []
        w = np.array([weight_of(i) for i in eligible], dtype=float)
        picked = rng.choice(len(eligible), size=min(k, len(eligible)), replace=False, p=w / w.sum())
        return sorted(eligible[int(p)] for p in picked)

    for i in choose_people(_count(_WISH_SHARE, n), lambda i: 3.0 if roles[i] is Role.MENTEE else 1.0):
        cands = options.of(i)
        shared_areas = area_matrix[cands] @ area_matrix[i]  # 0/1 rows: exact counts
        w = 1.0 + 3.0 * shared_areas + 2.0 * (org_codes[cands] == org_codes[i])
        wishes[i] = int(cands[_weighted_index(rng, w)])
    for i in choose_people(_count(_EXCLUSION_SHARE, n), lambda i: 1.0):
        cands = options.of(i)
        if wishes[i] is not None:
            cands = cands[cands != wishes[i]]
        if len(cands):
            exclusions[i] = int(cands[_weighted_index(rng, np.where(org_codes[cands] == org_codes[i], 5.0, 1.0))])
    return wishes, exclusions


# --------------------------------------------------------------------------
# Public API.
# --------------------------------------------------------------------------


def synthetic_frame(
    n: int,
    *,
    seed: int = 0,
    languages: Sequence[str] = ("fi", "en"),
    forms: Iterable[str] = FORMS,
    same_organisation_share: float = 0.3,
    role_shares: Mapping[Role | str, float] | None = None,
    swedish_only_share: float = 0.02,
) -> pd.DataFrame:
    """An invented cohort of sign-ups as a table with the canonical columns.

    Parameters
    ----------
    n
        Number of participants, at least 1.
    seed
        Seed for ``numpy.random.default_rng``; the same arguments always give
        the same frame (and the same CSV bytes).
    languages
        The programme's languages, from ``"fi"``, ``"en"`` and ``"sv"``. Each
        participant speaks one or two of them and writes their texts in the
        first. Independently of this, about 5 % also speak Swedish.
    forms
        Forms of mentoring the programme runs, as in :class:`Programme.forms
        <mentorpair.Programme>`: ``"traditional"``, ``"reverse"``, ``"group"``,
        ``"peer"``. They decide who signs up:

        * ``"peer"``: 5 % peers and 5 % either role; without it, none, and
          the roles are 45 % mentors and 55 % mentees. ``"peer"`` alone: all peers.
        * ``"group"``: mentor capacities 1, 2 or 3 (55/30/15 %), so some can
          take a group; with no ``"traditional"``, 2 or 3 (60/40 %). Without
          ``"group"``: 1 or 2 (70/30 %).
        * ``"reverse"``: 10 % of mentors are juniors (1 to 4 years) whose
          specialism is new technology, so some mentors have less experience
          than mentees who want it; as the only mentor-mentee form, every
          mentor is such a junior and every mentee a long-serving professional
          (5+ years, when stated) who wants new technology. Without it, no juniors.

        Default: all four, the mix the bundled demo cohort was made with.
        The same seed with other forms gives another cohort.
    same_organisation_share
        Share of non-mentors placed in the organisation of some mentor; the
        others come from organisations with no mentor. 0 means no mentor
        shares an organisation with a non-mentor; 1 means every non-mentor
        has a colleague among the mentors (when there are mentors).
    role_shares
        Share of each role, e.g. ``{"mentor": 0.5, "mentee": 0.5}``; keys are
        roles or their names (``"aktori"`` means mentee), missing roles get 0,
        and the shares must add up to 1. Default: 40 % mentors, 50 % mentees,
        5 % peers, 5 % either role, or as ``forms`` says. Shares that
        ``forms`` rules out (peers without ``"peer"``; mentors or mentees
        with ``"peer"`` alone) raise. Counts are apportioned exactly.
    swedish_only_share
        Share of participants (mentees first) who speak only Swedish, so that
        some have no language in common with most others.

    Returns
    -------
    pandas.DataFrame
        One row per participant, columns :data:`COLUMNS`, every value a
        string: lists joined with ``"|"``, missing values as ``""``. Ids are
        ``M001`` for mentors, ``A001`` for mentees (*aktori*) and ``P001`` for
        peers and either-role participants.

    Raises
    ------
    ValueError
        If an argument is out of range or of the wrong kind, or a form is
        unknown (the message names it).

    Examples
    --------
    >>> frame = synthetic_frame(10, seed=1)
    >>> list(frame.columns) == list(COLUMNS)
    True
    >>> sorted(frame["role"].unique())
    ['mentee', 'mentor', 'peer']
    """
    import pandas as pd

    if not _is_int(n) or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n!r}")
    if not _is_int(seed) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
    langs = _check_languages(languages)
    same_share = _check_share("same_organisation_share", same_organisation_share)
    sv_share = _check_share("swedish_only_share", swedish_only_share)
    shape = _shape(_check_forms(forms), None if role_shares is None else _check_role_shares(role_shares))
    n = int(n)

    rng = np.random.default_rng(int(seed))
    roles = _roles(rng, n, shape.role_shares)
    ids = _ids(roles)
    profiles = _profiles(rng, roles, shape)
    orgs, home = _organisations(rng, roles, same_share)
    spoken = _language_profiles(rng, n, langs)
    for i in _swedish_only(rng, roles, sv_share):
        spoken[i] = ("sv",)
    years = [_experience(rng, p) for p in profiles]
    areas = [_goal_areas(rng, p) for p in profiles]
    texts = [_texts(rng, roles[i], profiles[i], spoken[i][0], areas[i], years[i]) for i in range(n)]
    modes = [_meeting_mode(rng) for _ in range(n)]
    towns = [_location(rng, home[org]) for org in orgs]
    capacities = [_capacity(rng, role, shape.mentor_capacity) for role in roles]
    wishes, exclusions = _wishes_and_exclusions(rng, roles, orgs, areas)

    def ref(index: int | None) -> str:
        return "" if index is None else ids[index]

    data = {
        "id": ids,
        "role": [role.value for role in roles],
        "organisation": orgs,
        "experience_years": ["" if y is None else f"{y:g}" for y in years],
        "goal_areas": ["|".join(a) for a in areas],
        "goals": [g for g, _ in texts],
        "offers": [o for _, o in texts],
        "languages": ["|".join(s) for s in spoken],
        "meeting_mode": modes,
        "location": towns,
        "capacity": ["" if c is None else str(c) for c in capacities],
        "wishes": [ref(w) for w in wishes],
        "exclusions": [ref(x) for x in exclusions],
    }
    return pd.DataFrame(data, columns=list(COLUMNS))


def synthetic_cohort(
    n: int,
    *,
    seed: int = 0,
    languages: Sequence[str] = ("fi", "en"),
    forms: Iterable[str] = FORMS,
    same_organisation_share: float = 0.3,
    role_shares: Mapping[Role | str, float] | None = None,
    swedish_only_share: float = 0.02,
) -> Cohort:
    """An invented cohort, read through the same path as real sign-ups.

    Parameters
    ----------
    n, seed, languages, forms, same_organisation_share, role_shares, swedish_only_share
        As for :func:`synthetic_frame`.

    Returns
    -------
    Cohort
        ``mentorpair.io.from_pandas(synthetic_frame(...))``.

    Examples
    --------
    >>> len(synthetic_cohort(12, seed=3))
    12
    """
    from ..io.cohort_files import (
        from_pandas,  # io imports pandas; keep importing this module cheap
    )

    frame = synthetic_frame(
        n,
        seed=seed,
        languages=languages,
        forms=forms,
        same_organisation_share=same_organisation_share,
        role_shares=role_shares,
        swedish_only_share=swedish_only_share,
    )
    return from_pandas(frame)


def write_demo_csv(path: str | os.PathLike[str]) -> Path:
    """Write the demo cohort (``synthetic_frame(60, seed=2026)``) as UTF-8 CSV.

    This is how ``mentorpair/data/demo_cohort.csv`` is made; a test checks the
    bundled file still equals a fresh one, so the two cannot drift apart.

    Parameters
    ----------
    path
        Where to write.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    target = Path(path)
    frame = synthetic_frame(DEMO_SIZE, seed=DEMO_SEED)
    # "\n" explicitly: the default follows the OS, which would make the bytes
    # depend on where the file was generated.
    frame.to_csv(target, index=False, encoding="utf-8", lineterminator="\n")
    return target


def demo_cohort() -> Cohort:
    """The bundled 60-person demo cohort, mixed Finnish and English.

    It contains mentors, mentees and a few peers, mentor–mentee colleagues in
    the same organisation, a named wish, an exclusion and a mentee who speaks
    only Swedish.

    Returns
    -------
    Cohort
        Read with :func:`mentorpair.io.read_csv` from the package data.

    Examples
    --------
    >>> len(demo_cohort())
    60
    """
    from ..io.cohort_files import read_csv

    ref = resources.files("mentorpair") / "data" / _DEMO_FILE
    with resources.as_file(ref) as path:
        return read_csv(path)


if __name__ == "__main__":  # python -m mentorpair.synthetic regenerates the bundled demo
    written = write_demo_csv(Path(__file__).with_name("data") / _DEMO_FILE)
    print(f"wrote {written}")
