"""An on-disk cache of text vectors, so a second run on the same texts encodes nothing.

Vectors live in one SQLite file, keyed by the encoder's ``id`` and the SHA-256
of the text's UTF-8 bytes, stored as raw little-endian float32 bytes (never
pickled: a cache file can be read without executing anything). The cache is
an optimisation only, so it must never be the reason a match fails: a broken
file is moved aside and rebuilt, a directory that cannot be written turns the
cache off for the session, and every such event is logged on the
``mentorpair.text.cache`` logger rather than raised.

Where it lives
--------------
``MENTORPAIR_CACHE_DIR`` when set (``off``, ``0``, ``false`` or ``none`` turn
caching off), otherwise the user cache directory: ``$XDG_CACHE_HOME/mentorpair``
or ``~/.cache/mentorpair`` on Linux, ``~/Library/Caches/mentorpair`` on macOS,
``%LOCALAPPDATA%\\mentorpair\\Cache`` on Windows.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import sys
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from .encoders import Encoder

__all__ = ["CACHE_FILE", "CachedEncoder", "EmbeddingStore", "default_cache_dir", "text_key"]

log = logging.getLogger(__name__)

#: file name inside the cache directory; the suffix is the schema version
CACHE_FILE = "embeddings-v1.sqlite3"
_OFF = ("off", "0", "false", "none", "no")
# SQLite allows at most 999 bound parameters in old builds; stay well below.
_LOOKUP_CHUNK = 500


def default_cache_dir() -> Path | None:
    """The directory the cache uses by default, or ``None`` when caching is turned off.

    Returns
    -------
    pathlib.Path or None
        ``MENTORPAIR_CACHE_DIR`` when set (``None`` for ``off``/``0``/``false``/
        ``none``), else the platform's user cache directory plus ``mentorpair``.
    """
    env = os.environ.get("MENTORPAIR_CACHE_DIR")
    if env is not None and env.strip():
        if env.strip().casefold() in _OFF:
            return None
        return Path(env).expanduser()
    if sys.platform == "win32":  # pragma: no cover - platform specific
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "mentorpair" / "Cache"
    if sys.platform == "darwin":  # pragma: no cover - platform specific
        return Path.home() / "Library" / "Caches" / "mentorpair"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "mentorpair"


def text_key(text: str) -> bytes:
    """SHA-256 of the text's UTF-8 bytes: the cache key within one encoder.

    The text is hashed exactly as given (no case folding or trimming): an
    encoder may well treat ``"Lead"`` and ``"lead "`` differently.
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class EmbeddingStore:
    """The SQLite file behind :class:`CachedEncoder`; usable on its own.

    Parameters
    ----------
    directory
        Where ``embeddings-v1.sqlite3`` lives; created when missing.

    Notes
    -----
    Every public method swallows storage errors: :meth:`get` then reports a
    miss, :meth:`put` stores nothing. A file that is not a valid database is
    renamed to ``*.broken`` and a fresh one started, once; if that fails too
    the store turns itself off (``enabled`` becomes ``False``).
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self.path = self.directory / CACHE_FILE
        self.enabled = True
        self._conn: sqlite3.Connection | None = None
        self._rebuilt = False
        self._lock = threading.Lock()

    # -- connection ----------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            # A generous timeout: two processes (say a notebook and a CLI run) may share the file.
            conn = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
            try:
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS vectors ("
                    " encoder TEXT NOT NULL, sha256 BLOB NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL,"
                    " PRIMARY KEY (encoder, sha256)) WITHOUT ROWID"
                )
                conn.commit()
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _recover(self, exc: BaseException) -> bool:
        """After a storage error: start a fresh file once; afterwards give up quietly."""
        self.close()
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            log.warning("embedding cache %s is busy (%s); not caching this time", self.path, exc)
            return False
        message = str(exc).casefold()
        # Only a file SQLite cannot read is damage; "read-only", "unable to open" and the like are
        # about the place, and moving a good file aside would lose it for nothing.
        damaged = isinstance(exc, sqlite3.DatabaseError) and (
            not isinstance(exc, sqlite3.OperationalError) or "malformed" in message or "not a database" in message
        )
        if self._rebuilt or not damaged:
            log.warning("embedding cache %s unusable (%s); caching is off for this encoder", self.path, exc)
            self.enabled = False
            return False
        self._rebuilt = True
        broken = self.path.with_name(self.path.name + ".broken")
        log.warning("embedding cache %s is damaged (%s); moving it to %s and starting afresh", self.path, exc, broken)
        try:
            for suffix in ("-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    self.path.with_name(self.path.name + suffix).unlink()
            os.replace(self.path, broken)
        except OSError as move_error:
            log.warning("could not move the damaged cache aside (%s); caching is off", move_error)
            self.enabled = False
            return False
        return True

    def close(self) -> None:
        """Close the database connection (it is reopened on next use)."""
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    # -- reading and writing ----------------------------------------------------

    def get(self, encoder_id: str, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """Stored vectors for the given keys; missing or unreadable ones are left out."""
        if not self.enabled or not keys:
            return {}
        for _attempt in range(2):
            try:
                with self._lock:
                    return self._get(encoder_id, keys)
            except (sqlite3.Error, OSError) as exc:
                if not self._recover(exc):
                    return {}
        return {}

    def _get(self, encoder_id: str, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        conn = self._connect()
        found: dict[bytes, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), _LOOKUP_CHUNK):
            chunk = unique[start : start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                f"SELECT sha256, dim, vector FROM vectors WHERE encoder = ? AND sha256 IN ({marks})",
                [encoder_id, *chunk],
            )
            for sha, dim, blob in rows:
                # A row whose length disagrees with its dimension is damaged: treat it as a miss,
                # and the fresh vector will overwrite it.
                if isinstance(blob, bytes) and isinstance(dim, int) and dim >= 0 and len(blob) == 4 * dim:
                    found[bytes(sha)] = np.frombuffer(blob, dtype="<f4").astype(np.float32)
        return found

    def put(self, encoder_id: str, items: Iterable[tuple[bytes, np.ndarray]]) -> None:
        """Store (key, vector) pairs, replacing any old vector under the same key."""
        if not self.enabled:
            return
        rows = [
            (encoder_id, key, int(vec.shape[0]), np.ascontiguousarray(vec, dtype="<f4").tobytes())
            for key, vec in items
        ]
        if not rows:
            return
        for _attempt in range(2):
            try:
                with self._lock:
                    conn = self._connect()
                    with conn:
                        conn.executemany(
                            "INSERT OR REPLACE INTO vectors (encoder, sha256, dim, vector) VALUES (?, ?, ?, ?)", rows
                        )
                return
            except (sqlite3.Error, OSError) as exc:
                if not self._recover(exc):
                    return

    def count(self, encoder_id: str | None = None) -> int:
        """Number of stored vectors, for one encoder or all."""
        if not self.enabled:
            return 0
        try:
            with self._lock:
                conn = self._connect()
                if encoder_id is None:
                    return int(conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])
                return int(conn.execute("SELECT COUNT(*) FROM vectors WHERE encoder = ?", [encoder_id]).fetchone()[0])
        except (sqlite3.Error, OSError) as exc:
            self._recover(exc)
            return 0

    def clear(self, encoder_id: str | None = None) -> None:
        """Forget stored vectors, for one encoder or all."""
        if not self.enabled:
            return
        try:
            with self._lock:
                conn = self._connect()
                with conn:
                    if encoder_id is None:
                        conn.execute("DELETE FROM vectors")
                    else:
                        conn.execute("DELETE FROM vectors WHERE encoder = ?", [encoder_id])
        except (sqlite3.Error, OSError) as exc:
            self._recover(exc)


class CachedEncoder:
    """Wrap an encoder so that each distinct text is encoded at most once, ever.

    Parameters
    ----------
    inner
        The encoder doing the work. Its ``id`` is this encoder's ``id`` too:
        caching changes no vector, so a Matching still names the real model.
    cache_dir
        Directory of the cache file; ``None`` (default) uses
        :func:`default_cache_dir`; ``False`` keeps vectors only in memory for
        the life of this object (nothing is written to disk).

    Notes
    -----
    Vectors are looked up per text, so any mix of old and new texts works:
    only the new ones reach ``inner``, deduplicated and in one call. Because
    of that, ``inner`` must give a text the same vector whichever texts share
    its call (every encoder in :mod:`mentorpair.text.encoders` does). The key is
    ``inner.id``: an encoder whose weights change without its id changing
    (a local model path retrained in place) needs :meth:`clear`.

    ``hits`` and ``misses`` count texts served from the cache and encoded.
    """

    def __init__(self, inner: Encoder, cache_dir: str | os.PathLike[str] | None | bool = None) -> None:
        if cache_dir is True:
            cache_dir = None
        directory = default_cache_dir() if cache_dir is None else (None if cache_dir is False else Path(cache_dir))
        self.inner = inner
        self.store: EmbeddingStore | None = EmbeddingStore(directory) if directory is not None else None
        self._memory: dict[bytes, np.ndarray] = {}
        self.hits = 0
        self.misses = 0

    @property
    def id(self) -> str:
        return self.inner.id

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """The inner encoder's vectors, from the cache where possible."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not a single string; wrap it in a list")
        texts = list(texts)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        encoder_id = self.inner.id
        keys = [text_key(t) for t in texts]
        known = self._lookup(encoder_id, keys)
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts):
            if key not in known:
                missing.setdefault(key, text)
        if missing:
            fresh = np.asarray(self.inner.encode(list(missing.values())), dtype=np.float32)
            if fresh.ndim != 2 or fresh.shape[0] != len(missing):
                raise ValueError(f"encoder {encoder_id!r} returned shape {fresh.shape} for {len(missing)} texts")
            new = dict(zip(missing, fresh))
            dims = {v.shape[0] for v in known.values()}
            if dims and dims != {fresh.shape[1]}:
                # Stored vectors of another width under this id: they are stale. Re-encode all.
                log.warning("cached vectors for %r have %s dimensions, the encoder now gives %d; re-encoding",
                            encoder_id, sorted(dims), fresh.shape[1])
                return self._refresh(encoder_id, texts, keys)
            self._save(encoder_id, new)
            known.update(new)
        self.misses += len(missing)
        self.hits += len(texts) - sum(1 for k in keys if k in missing)
        return np.stack([known[k] for k in keys]).astype(np.float32, copy=False)

    def _lookup(self, encoder_id: str, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        if self.store is None:
            return {k: self._memory[k] for k in keys if k in self._memory}
        return self.store.get(encoder_id, keys)

    def _save(self, encoder_id: str, vectors: dict[bytes, np.ndarray]) -> None:
        if self.store is None:
            self._memory.update(vectors)
        else:
            self.store.put(encoder_id, vectors.items())

    def _refresh(self, encoder_id: str, texts: list[str], keys: list[bytes]) -> np.ndarray:
        unique = dict(zip(keys, texts))
        fresh = np.asarray(self.inner.encode(list(unique.values())), dtype=np.float32)
        vectors = dict(zip(unique, fresh))
        self._save(encoder_id, vectors)
        self.misses += len(unique)
        self.hits += len(texts) - len(unique)
        return np.stack([vectors[k] for k in keys]).astype(np.float32, copy=False)

    def clear(self) -> None:
        """Forget this encoder's stored vectors."""
        self._memory.clear()
        if self.store is not None:
            self.store.clear(self.inner.id)

    def __repr__(self) -> str:
        where = self.store.path if self.store is not None else "memory"
        return f"CachedEncoder({self.inner!r}, cache={where})"
