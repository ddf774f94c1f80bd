"""The encoder contract, for every encoder, and what each encoder adds to it.

The contract (mentorpair.text.encoders.Encoder): a 2-D float32 array, one unit
row per text, a zero row for an empty or white-space text, the same vector for
a text whichever texts share the call, and a stable ``id``. The real models
(multilingual e5, bundled MiniLM) are marked ``model`` and loaded once; the
sentence-transformers prompt path is tested on a tiny BERT built here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mentorpair.text import batching as embeddings
from mentorpair.text.batching import normalise_rows, progress_bar
from mentorpair.text.e5 import E5Encoder
from mentorpair.text.encoders import (
    Encoder,
    HybridEncoder,
    SentenceTransformerEncoder,
    encoder_by_name,
)
from mentorpair.text.ngrams import CharNgramEncoder

LONG = " ".join(["Haluan kehittyä johtajana ja oppia viestimään selkeästi."] * 100)  # ~800 words, past 512 tokens
TEXTS = [
    "Haluan oppia johtamaan entisiä kollegoitani.",
    "I coach public speaking and presentation skills.",
    "",
    "   \n\t ",
    "🙂🚀📚",
    "Привет, я хочу стать руководителем.",
    "数据分析和可视化",
    "مرحبا، أريد أن أتعلم القيادة",
    LONG,
    "x",
]
EMPTY = [not t.strip() for t in TEXTS]
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "query", "passage", ":", "haluan", "oppia", "johtamaan",
         "johtaminen", "i", "coach", "public", "speaking", "leadership", "##n", "##a", ".", ","]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-layer-free tiny BERT sentence-transformers model, saved locally; no download."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules import Transformer
    from sentence_transformers.sentence_transformer.modules import Pooling
    from transformers import BertConfig, BertModel, BertTokenizerFast
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    raw = tmp_path_factory.mktemp("tiny-bert")
    (raw / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(str(raw / "vocab.txt"), do_lower_case=True)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(VOCAB), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=64)
    BertModel(config).save_pretrained(raw)
    tokenizer.save_pretrained(raw)
    transformer = Transformer(str(raw), max_seq_length=32)
    model = SentenceTransformer(
        modules=[transformer, Pooling(transformer.get_embedding_dimension(), "mean")],
        device="cpu",
        prompts={"query": "query: ", "passage": "passage: "},
    )
    out = tmp_path_factory.mktemp("tiny-st")
    model.save(str(out))
    return out


@pytest.fixture(scope="session")
def minilm() -> SentenceTransformerEncoder:
    return SentenceTransformerEncoder()


@pytest.fixture(scope="session")
def e5() -> E5Encoder:
    return E5Encoder()


def _char() -> Encoder:
    return CharNgramEncoder(n_features=2**12)


ENCODERS: dict[str, Callable[[Any], Encoder]] = {
    "char": lambda r: _char(),
    "tiny-st": lambda r: SentenceTransformerEncoder(r.getfixturevalue("tiny_model_dir"), device="cpu"),
    "tiny-st-prompt": lambda r: SentenceTransformerEncoder(r.getfixturevalue("tiny_model_dir"), device="cpu",
                                                          prompt="query: "),
    "hybrid": lambda r: HybridEncoder(
        [_char(), SentenceTransformerEncoder(r.getfixturevalue("tiny_model_dir"), device="cpu")], [0.3, 0.7]),
    "e5": lambda r: r.getfixturevalue("e5"),
    "minilm": lambda r: r.getfixturevalue("minilm"),
}
PARAMS = [pytest.param(name, marks=pytest.mark.model) if name in ("e5", "minilm") else name for name in ENCODERS]


@pytest.fixture(params=PARAMS)
def encoder(request: pytest.FixtureRequest) -> Encoder:
    return ENCODERS[request.param](request)


# --------------------------------------------------------------------------- the contract, for every encoder


def test_contract_shape_dtype_and_unit_rows(encoder: Encoder) -> None:
    vectors = encoder.encode(TEXTS)
    assert isinstance(vectors, np.ndarray)
    assert vectors.dtype == np.float32
    assert vectors.ndim == 2 and vectors.shape[0] == len(TEXTS) and vectors.shape[1] > 0
    assert np.all(np.isfinite(vectors))
    norms = np.linalg.norm(vectors, axis=1)
    np.testing.assert_allclose(norms[~np.array(EMPTY)], 1.0, atol=1e-5)
    assert np.all(vectors[np.array(EMPTY)] == 0.0), "empty texts must get zero rows"


def test_contract_is_deterministic_and_batch_independent(encoder: Encoder) -> None:
    first = encoder.encode(TEXTS)
    again = encoder.encode(TEXTS)
    np.testing.assert_array_equal(first, again)
    # Per-text vectors must not depend on the other texts of the call: that is what makes caching correct.
    alone = np.vstack([encoder.encode([t]) for t in TEXTS[:3]])
    np.testing.assert_allclose(alone, first[:3], atol=1e-5)
    reordered = encoder.encode(TEXTS[::-1])[::-1]
    np.testing.assert_allclose(reordered, first, atol=1e-5)


def test_contract_edge_inputs(encoder: Encoder) -> None:
    assert encoder.encode([]).shape[0] == 0
    only_empty = encoder.encode(["", "  "])
    assert only_empty.shape[0] == 2 and not only_empty.any()
    with pytest.raises(TypeError, match="single string"):
        encoder.encode("a text, not a list")  # type: ignore[arg-type]
    assert isinstance(encoder, Encoder)
    assert isinstance(encoder.id, str) and encoder.id


def test_contract_meaning_beats_noise(encoder: Encoder) -> None:
    """A text is closer to a near-copy of itself than to an unrelated text."""
    a, b, c = encoder.encode(["haluan oppia johtamaan", "Haluan oppia johtamaan.", "數據分析 🙂"])
    assert float(a @ b) > float(a @ c)


# --------------------------------------------------------------------------- sentence-transformers


def test_prompt_is_prepended_and_named_in_the_id(tiny_model_dir: Path) -> None:
    plain = SentenceTransformerEncoder(tiny_model_dir, device="cpu")
    prompted = SentenceTransformerEncoder(tiny_model_dir, device="cpu", prompt="query: ")
    texts = ["haluan oppia johtamaan", "i coach public speaking"]
    np.testing.assert_allclose(prompted.encode(texts), plain.encode([f"query: {t}" for t in texts]), atol=1e-5)
    assert not np.allclose(prompted.encode(texts), plain.encode(texts), atol=1e-3)
    assert "prompt='query: '" in prompted.id and prompted.id != plain.id
    assert "query" in repr(prompted)


def test_prompt_name_uses_the_models_stored_prompts(tiny_model_dir: Path) -> None:
    named = SentenceTransformerEncoder(tiny_model_dir, device="cpu", prompt_name="passage")
    literal = SentenceTransformerEncoder(tiny_model_dir, device="cpu", prompt="passage: ")
    np.testing.assert_allclose(named.encode(["johtaminen"]), literal.encode(["johtaminen"]), atol=1e-6)
    assert "prompt_name='passage'" in named.id
    with pytest.raises(ValueError, match="no prompt named 'nope'"):
        SentenceTransformerEncoder(tiny_model_dir, device="cpu", prompt_name="nope").encode(["x"])


def test_any_model_is_centred_by_language_on_the_reference_corpus_when_asked(tiny_model_dir: Path) -> None:
    from mentorpair.text.batching import normalise_rows
    from mentorpair.text.centring import corpus_centres
    from mentorpair.text.language import detect_language
    from mentorpair.text.reference import reference_corpus

    plain = SentenceTransformerEncoder(tiny_model_dir, device="cpu")
    by_language = SentenceTransformerEncoder(tiny_model_dir, device="cpu", centre=True)
    shared = SentenceTransformerEncoder(tiny_model_dir, device="cpu", centre="shared")
    texts = ["Haluan oppia johtamaan tiimiä etänä", "I want to learn to lead a remote team", ""]
    centres = corpus_centres(plain.encode)
    # Each text minus its own language's corpus mean (unit rows before and after); an empty text stays zero.
    raw = plain.encode(texts)
    expected = normalise_rows(raw - np.stack([centres.languages[detect_language(t) or "en"] for t in texts]))
    expected[2] = 0.0
    np.testing.assert_allclose(by_language.encode(texts), expected, atol=1e-5)
    np.testing.assert_allclose(shared.encode(texts[:2]), normalise_rows(raw[:2] - centres.shared), atol=1e-5)
    assert centres.counts["fi"] > 50 and centres.counts["en"] > 50 and centres.counts["sv"] > 10
    # The id names the corpus (and, by language, the detector): cached vectors follow them.
    digest = reference_corpus().digest[:12]
    assert f"centred=by-language corpus=v{reference_corpus().version}:{digest} py3langid" in by_language.id
    assert "centred=shared" in shared.id and "py3langid" not in shared.id
    assert len({plain.id, by_language.id, shared.id}) == 3
    assert "centre=True" in repr(by_language)
    with pytest.raises(ValueError, match="centre must be"):
        SentenceTransformerEncoder(centre=1)  # type: ignore[arg-type]


def test_prompt_and_prompt_name_are_exclusive() -> None:
    with pytest.raises(ValueError, match="not both"):
        SentenceTransformerEncoder(prompt="query: ", prompt_name="query")
    with pytest.raises(ValueError, match="batch_size"):
        SentenceTransformerEncoder(batch_size=0)


def test_bundled_model_keeps_its_id() -> None:
    # Matchings recorded under this id before prompts existed must still say the same.
    assert SentenceTransformerEncoder().id == "sentence-transformers:all-MiniLM-L6-v2 (bundled)"


def test_progress_bar_when_asked(tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    SentenceTransformerEncoder(tiny_model_dir, device="cpu", progress=True).encode(["johtaminen"] * 3)
    assert "encoding" in capsys.readouterr().err
    SentenceTransformerEncoder(tiny_model_dir, device="cpu", progress=False).encode(["johtaminen"] * 3)
    assert capsys.readouterr().err == ""


def test_progress_bar_is_automatic_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MENTORPAIR_PROGRESS", raising=False)
    monkeypatch.setattr(embeddings, "_stderr_is_tty", lambda: False)
    assert isinstance(progress_bar(10_000, None, "x"), embeddings._NoBar)
    monkeypatch.setattr(embeddings, "_stderr_is_tty", lambda: True)
    assert isinstance(progress_bar(10, None, "x"), embeddings._NoBar), "short lists need no bar"
    bar = progress_bar(10_000, None, "x")
    assert not isinstance(bar, embeddings._NoBar)
    bar.close()
    monkeypatch.setenv("MENTORPAIR_PROGRESS", "0")
    assert isinstance(progress_bar(10_000, None, "x"), embeddings._NoBar)
    assert isinstance(progress_bar(10_000, False, "x"), embeddings._NoBar)


# --------------------------------------------------------------------------- character n-grams


def test_char_ngrams_see_through_finnish_inflection() -> None:
    enc = CharNgramEncoder()
    lead, leading, talk = enc.encode(["johtaminen", "johtamaan tiimiä", "viestintä"])
    assert float(lead @ leading) > float(lead @ talk) + 0.1
    compound, base, other = enc.encode(["lähiesihenkilötyö", "esihenkilö", "musiikkikirjasto"])
    assert float(compound @ base) > float(compound @ other) + 0.1


def test_char_ngram_id_is_stable_and_names_its_settings() -> None:
    a, b = CharNgramEncoder(), CharNgramEncoder()
    assert a.id == b.id and "char_wb3-5" in a.id and "hashed=16384" in a.id
    assert CharNgramEncoder(reference=["toinen korpus"]).id != a.id
    assert CharNgramEncoder(n_features=2**10).encode(["abc"]).shape == (1, 1024)
    for bad in ({"ngram_range": (4, 2)}, {"ngram_range": (0, 3)}, {"n_features": 4}):
        with pytest.raises(ValueError):
            CharNgramEncoder(**bad)  # type: ignore[arg-type]


def test_char_ngram_vectors_do_not_depend_on_the_batch() -> None:
    enc = CharNgramEncoder()
    texts = [f"teksti numero {i} ja johtaminen" for i in range(1200)]  # more than one internal chunk
    np.testing.assert_array_equal(enc.encode(texts)[1100:1103], enc.encode(texts[1100:1103]))


# --------------------------------------------------------------------------- hybrid


def test_hybrid_cosine_is_the_weighted_sum_of_part_cosines(tiny_model_dir: Path) -> None:
    char = CharNgramEncoder(n_features=2**12)
    tiny = SentenceTransformerEncoder(tiny_model_dir, device="cpu")
    hybrid = HybridEncoder([char, tiny], [1, 3])
    assert hybrid.weights == (0.25, 0.75)
    texts = ["haluan oppia johtamaan", "i coach public speaking", "johtaminen ja viestintä"]
    h, c, t = hybrid.encode(texts), char.encode(texts), tiny.encode(texts)
    np.testing.assert_allclose(h @ h.T, 0.25 * (c @ c.T) + 0.75 * (t @ t.T), atol=1e-5)
    assert hybrid.id.startswith("hybrid(0.25*[char-ngram") and tiny.id in hybrid.id


def test_hybrid_rejects_bad_weights() -> None:
    char = CharNgramEncoder(n_features=2**10)
    for parts, weights in (([], None), ([char], [1, 2]), ([char], [-1]), ([char], [0]), ([char], [float("nan")])):
        with pytest.raises(ValueError):
            HybridEncoder(parts, weights)


def test_hybrid_with_a_zero_part_keeps_unit_rows() -> None:
    class Zero:
        id = "zero"

        def encode(self, texts: list[str]) -> np.ndarray:
            return np.zeros((len(texts), 3), np.float32)

    out = HybridEncoder([CharNgramEncoder(n_features=2**10), Zero()]).encode(["abc", ""])
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), [1.0, 0.0], atol=1e-6)


# --------------------------------------------------------------------------- helpers


def test_encoder_by_name(tiny_model_dir: Path) -> None:
    assert isinstance(encoder_by_name("char"), CharNgramEncoder)
    assert isinstance(encoder_by_name("minilm"), SentenceTransformerEncoder)
    st = encoder_by_name(f"st:{tiny_model_dir}")
    assert isinstance(st, SentenceTransformerEncoder) and str(tiny_model_dir) in st.id
    hybrid = encoder_by_name("char:1+char:3")
    assert isinstance(hybrid, HybridEncoder) and hybrid.weights == (0.25, 0.75)
    with pytest.raises(ValueError, match="unknown encoder"):
        encoder_by_name("word2vec")


def test_normalise_rows_keeps_zero_rows_and_rejects_1d() -> None:
    out = normalise_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])
    assert out.dtype == np.float32
    with pytest.raises(ValueError, match="2-D"):
        normalise_rows(np.ones(3))


def test_non_text_items_are_rejected() -> None:
    with pytest.raises(TypeError, match="texts"):
        CharNgramEncoder().encode(["ok", 3])  # type: ignore[list-item]
