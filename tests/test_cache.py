"""The on-disk embedding cache: hits, misses, damage, and switching it off."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

import mentorpair as mp
from mentorpair.testing import HashEncoder
from mentorpair.text.cache import (
    CACHE_FILE,
    CachedEncoder,
    EmbeddingStore,
    default_cache_dir,
    text_key,
)

TEXTS = ["Haluan oppia johtamaan", "I coach public speaking", "", "Haluan oppia johtamaan", "🙂 emoji"]


class Counting:
    """Wraps an encoder and records every text it is asked to encode."""

    def __init__(self, inner: HashEncoder | None = None, id: str = "hash-bow-32") -> None:
        self.inner = inner or HashEncoder()
        self._id = id
        self.calls: list[list[str]] = []

    @property
    def id(self) -> str:
        return self._id

    @property
    def encoded(self) -> int:
        return sum(len(c) for c in self.calls)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.encode(texts)


@pytest.fixture(autouse=True)
def _no_home_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Whatever a test does, it never touches the real user cache.
    monkeypatch.setenv("MENTORPAIR_CACHE_DIR", str(tmp_path / "default-cache"))


def test_second_run_encodes_nothing(tmp_path: Path) -> None:
    first = Counting()
    cold = CachedEncoder(first, cache_dir=tmp_path).encode(TEXTS)
    assert first.calls == [sorted(set(TEXTS), key=TEXTS.index)], "each distinct text once, in one call"
    second = Counting()
    warm = CachedEncoder(second, cache_dir=tmp_path).encode(TEXTS)  # a new object, as a new process would make
    assert second.calls == []
    np.testing.assert_array_equal(cold, warm)
    np.testing.assert_array_equal(warm, HashEncoder().encode(TEXTS))
    assert warm.dtype == np.float32 and warm.shape == (len(TEXTS), 32)


def test_only_new_texts_are_encoded(tmp_path: Path) -> None:
    inner = Counting()
    cached = CachedEncoder(inner, cache_dir=tmp_path)
    cached.encode(["a b", "c d"])
    cached.encode(["c d", "e f", "a b", "e f"])
    assert inner.calls == [["a b", "c d"], ["e f"]]
    assert (cached.hits, cached.misses) == (2, 3)


def test_cache_keeps_the_inner_id_and_separates_encoders(tmp_path: Path) -> None:
    one, two = Counting(id="model-one"), Counting(id="model-two")
    assert CachedEncoder(one, cache_dir=tmp_path).id == "model-one"
    CachedEncoder(one, cache_dir=tmp_path).encode(["same text"])
    CachedEncoder(two, cache_dir=tmp_path).encode(["same text"])
    assert two.encoded == 1, "another encoder id must not reuse the first one's vectors"
    store = EmbeddingStore(tmp_path)
    assert store.count("model-one") == 1 and store.count() == 2


def test_stored_as_raw_float32_in_sqlite_never_pickled(tmp_path: Path) -> None:
    CachedEncoder(Counting(), cache_dir=tmp_path).encode(["a b c"])
    path = tmp_path / CACHE_FILE
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    with sqlite3.connect(path) as conn:
        encoder, sha, dim, blob = conn.execute("SELECT encoder, sha256, dim, vector FROM vectors").fetchone()
    assert encoder == "hash-bow-32" and sha == text_key("a b c") and dim == 32
    np.testing.assert_array_equal(np.frombuffer(blob, dtype="<f4"), HashEncoder().encode(["a b c"])[0])


def test_a_damaged_file_is_moved_aside_and_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    CachedEncoder(Counting(), cache_dir=tmp_path).encode(TEXTS)
    (tmp_path / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    inner = Counting()
    with caplog.at_level(logging.WARNING, logger="mentorpair.text.cache"):
        out = CachedEncoder(inner, cache_dir=tmp_path).encode(TEXTS)
    np.testing.assert_array_equal(out, HashEncoder().encode(TEXTS))
    assert inner.encoded == 4 and "damaged" in caplog.text
    assert (tmp_path / (CACHE_FILE + ".broken")).exists()
    again = Counting()
    CachedEncoder(again, cache_dir=tmp_path).encode(TEXTS)
    assert again.encoded == 0, "the rebuilt cache works"


def test_a_damaged_row_is_a_miss(tmp_path: Path) -> None:
    CachedEncoder(Counting(), cache_dir=tmp_path).encode(["a b"])
    with sqlite3.connect(tmp_path / CACHE_FILE) as conn:
        conn.execute("UPDATE vectors SET vector = ?", [b"\x00\x01\x02"])
    inner = Counting()
    out = CachedEncoder(inner, cache_dir=tmp_path).encode(["a b"])
    assert inner.encoded == 1
    np.testing.assert_array_equal(out, HashEncoder().encode(["a b"]))


def test_a_width_change_under_one_id_re_encodes(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    class Wide(HashEncoder):
        dims = 48

    CachedEncoder(Counting(), cache_dir=tmp_path).encode(["a", "b"])
    inner = Counting(Wide())  # same id, other width: the stored vectors are stale
    with caplog.at_level(logging.WARNING, logger="mentorpair.text.cache"):
        out = CachedEncoder(inner, cache_dir=tmp_path).encode(["a", "b", "c"])
    assert out.shape == (3, 48) and "re-encoding" in caplog.text


def test_an_unwritable_place_turns_caching_off(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    inner = Counting()
    cached = CachedEncoder(inner, cache_dir=blocker / "cache")
    np.testing.assert_array_equal(cached.encode(["a b"]), HashEncoder().encode(["a b"]))
    cached.encode(["a b"])
    assert inner.encoded == 2 and cached.store is not None and not cached.store.enabled


def test_memory_only_and_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    inner = Counting()
    cached = CachedEncoder(inner, cache_dir=False)
    cached.encode(["a b"])
    cached.encode(["a b"])
    assert inner.encoded == 1 and cached.store is None
    monkeypatch.setenv("MENTORPAIR_CACHE_DIR", "off")
    assert default_cache_dir() is None
    assert CachedEncoder(Counting()).store is None
    assert not list(tmp_path.iterdir())


def test_default_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MENTORPAIR_CACHE_DIR", str(tmp_path / "here"))
    assert default_cache_dir() == tmp_path / "here"
    monkeypatch.delenv("MENTORPAIR_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "mentorpair"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "mentorpair"


def test_clear(tmp_path: Path) -> None:
    inner = Counting()
    cached = CachedEncoder(inner, cache_dir=tmp_path)
    cached.encode(["a b"])
    cached.clear()
    cached.encode(["a b"])
    assert inner.encoded == 2


def test_text_key_is_exact() -> None:
    assert text_key("Lead") != text_key("lead") != text_key("lead ")
    assert len(text_key("x")) == 32


def test_rejects_a_bare_string(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="single string"):
        CachedEncoder(Counting(), cache_dir=tmp_path).encode("abc")  # type: ignore[arg-type]
    assert CachedEncoder(Counting(), cache_dir=tmp_path).encode([]).shape[0] == 0


def _cohort() -> mp.Cohort:
    P, R = mp.Participant, mp.Role
    return mp.Cohort((
        P("M1", R.MENTOR, offers="Olen johtanut tiimejä kymmenen vuotta."),
        P("M2", R.MENTOR, offers="I coach public speaking."),
        P("A1", R.MENTEE, goals="Haluan oppia johtamaan."),
        P("A2", R.MENTEE, goals="I get nervous on stage."),
    ))


def test_a_second_match_encodes_nothing_and_a_broken_cache_never_breaks_a_match(tmp_path: Path) -> None:
    first = Counting()
    m1 = mp.match(_cohort(), encoder=CachedEncoder(first, cache_dir=tmp_path))
    assert first.encoded > 0
    second = Counting()
    m2 = mp.match(_cohort(), encoder=CachedEncoder(second, cache_dir=tmp_path))
    assert second.encoded == 0
    assert m1.pairs.equals(m2.pairs) and m2.encoder_id == "hash-bow-32"
    (tmp_path / CACHE_FILE).write_bytes(b"\x00garbage" * 64)
    m3 = mp.match(_cohort(), encoder=CachedEncoder(Counting(), cache_dir=tmp_path))
    assert m3.pairs.equals(m1.pairs)


def test_an_error_about_the_place_never_moves_a_good_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    CachedEncoder(Counting(), cache_dir=tmp_path).encode(["a b"])

    def read_only(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    cached = CachedEncoder(Counting(), cache_dir=tmp_path)
    assert cached.store is not None
    monkeypatch.setattr(cached.store, "_get", read_only)
    np.testing.assert_array_equal(cached.encode(["a b"]), HashEncoder().encode(["a b"]))
    assert (tmp_path / CACHE_FILE).exists() and not (tmp_path / (CACHE_FILE + ".broken")).exists()
    assert not cached.store.enabled
