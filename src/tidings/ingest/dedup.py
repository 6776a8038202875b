"""Exact and near-duplicate articles: one article with several sources, not two stories.

Wire copies reach us verbatim from several outlets, and syndicated rewrites with a new
headline, a trimmed paragraph or a local byline. Each is matched to the article first seen,
so it is stored once and its other sightings are recorded as sources of that article.

Three tests, in order, each against every index given (the store's, and the pending articles
of the current batch):

1. **exact**: the same content hash (the text with whitespace collapsed);
2. **same URL**: the same canonical URL key and a MinHash similarity of at least
   ``url_threshold``: a page re-crawled after a small edit is the same article, a live page
   rewritten top to bottom is not;
3. **near**: a MinHash LSH candidate (datasketch's MinHash over word 5-shingles, banded as
   datasketch's ``MinHashLSH`` bands for ``lsh_threshold``) whose estimated Jaccard
   similarity is at least ``threshold``.

Why these numbers: on the news-international sample the seven groups of *different* stories
that share a stock opening paragraph (newsletter banners, glued link text) reach at most
0.22 similarity, while the one real copy pair reaches 0.94; ``threshold`` 0.6 sits well
clear of both, and a rewrite that keeps well over half its 5-word phrases is a copy, not a
new report. Similarity is estimated from 128 permutations (standard error about 0.04).

Indexes are a protocol so that the store can keep its fingerprints in DuckDB (bounded
memory, and a resumed run or tomorrow's stream is matched against everything stored), while
:class:`MemoryIndex` serves the current batch and store-less use.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np
from datasketch import MinHash, MinHashLSH

from tidings.ingest.metadata import url_key
from tidings.models import Article, content_hash

__all__ = [
    "DedupOptions",
    "Deduplicator",
    "Fingerprint",
    "FingerprintIndex",
    "Match",
    "MatchKind",
    "MemoryIndex",
]

MatchKind = Literal["duplicate", "near-duplicate"]
# Named, not left to the library's default: signatures are stored, and a default that changed
# between datasketch versions (it did in 2.0) would silently stop old and new ones matching.
_SCHEME: Literal["affine32"] = "affine32"
_WORDS = re.compile(r"\w+")
_MULTIPLIER = np.uint64(0x100000001B3)  # the 64-bit FNV prime: odd, with well-spread bits
Signature = np.ndarray


@dataclass(frozen=True)
class DedupOptions:
    """Thresholds and sizes of duplicate detection; see the module docstring for the why."""

    threshold: float = 0.6
    url_threshold: float = 0.3
    lsh_threshold: float = 0.5
    num_perm: int = 128
    shingle_words: int = 5
    seed: int = 1

    def __post_init__(self) -> None:
        for name in ("threshold", "url_threshold", "lsh_threshold"):
            value = getattr(self, name)
            if not 0 < value <= 1:
                raise ValueError(f"DedupOptions.{name} must be in (0, 1], got {value}")
        if self.num_perm < 16 or self.shingle_words < 1:
            raise ValueError("DedupOptions needs num_perm >= 16 and shingle_words >= 1")


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """What is compared: content hash, URL key, MinHash signature and its LSH band keys."""

    content_hash: str
    url_key: str | None
    signature: Signature = field(repr=False)
    bands: tuple[int, ...] = field(repr=False)

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two texts' shingle sets."""
        if other.shape != self.signature.shape:
            return 0.0
        return float(np.count_nonzero(self.signature == other)) / len(self.signature)

    def signature_bytes(self) -> bytes:
        return self.signature.astype("<u4").tobytes()


def _identity(value: int) -> int:
    """Shingles arrive already hashed to 32 bits (see :meth:`Deduplicator.shingles`)."""
    return value


def signature_from_bytes(data: bytes) -> Signature:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


@dataclass(frozen=True)
class Match:
    """The article an incoming one copies, how closely, and which test found it."""

    article_id: str
    kind: MatchKind
    similarity: float
    basis: Literal["content", "url", "text"]


class FingerprintIndex(Protocol):
    """Where earlier articles' fingerprints are looked up."""

    def by_content(self, content_hash: str) -> str | None: ...

    def by_url(self, url_key: str) -> list[tuple[str, Signature]]: ...

    def by_bands(self, bands: Sequence[int]) -> list[tuple[str, Signature]]: ...


class MemoryIndex:
    """Fingerprints held in memory: the pending batch, or a whole corpus without a store."""

    def __init__(self) -> None:
        self._content: dict[str, str] = {}
        self._urls: dict[str, list[str]] = {}
        self._bands: dict[int, list[str]] = {}
        self._signatures: dict[str, Signature] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, article_id: str, fingerprint: Fingerprint) -> None:
        self._content.setdefault(fingerprint.content_hash, article_id)
        if fingerprint.url_key:
            self._urls.setdefault(fingerprint.url_key, []).append(article_id)
        for band in fingerprint.bands:
            self._bands.setdefault(band, []).append(article_id)
        self._signatures[article_id] = fingerprint.signature

    def clear(self) -> None:
        self._content.clear()
        self._urls.clear()
        self._bands.clear()
        self._signatures.clear()

    def by_content(self, content_hash: str) -> str | None:
        return self._content.get(content_hash)

    def by_url(self, url_key: str) -> list[tuple[str, Signature]]:
        return [(i, self._signatures[i]) for i in self._urls.get(url_key, [])]

    def by_bands(self, bands: Sequence[int]) -> list[tuple[str, Signature]]:
        found: dict[str, Signature] = {}
        for band in bands:
            for article_id in self._bands.get(band, []):
                found.setdefault(article_id, self._signatures[article_id])
        return list(found.items())


class Deduplicator:
    """Fingerprints articles and finds the earlier article each one copies, if any."""

    def __init__(self, options: DedupOptions | None = None) -> None:
        self.options = options or DedupOptions()
        opts = self.options
        template = MinHash(num_perm=opts.num_perm, seed=opts.seed, scheme=_SCHEME)
        self._permutations = template.permutations
        lsh = MinHashLSH(threshold=opts.lsh_threshold, num_perm=opts.num_perm)
        self.bands, self.rows = int(lsh.b), int(lsh.r)

    def shingles(self, text: str) -> np.ndarray:
        """32-bit hashes of the text's distinct word n-grams, lower-cased.

        Words are hashed once (CRC-32, stable across processes, unlike ``hash``) and each
        n-gram's hash is a polynomial of its words' hashes, computed for all n-grams at
        once; hashing every joined n-gram string in Python was most of the cost of
        fingerprinting. A text shorter than n words is one shingle.
        """
        words = _WORDS.findall(text.lower())
        if not words:
            return np.zeros(1, dtype=np.uint64)
        hashes = np.fromiter(
            (zlib.crc32(word.encode("utf-8")) for word in words), dtype=np.uint64, count=len(words)
        )
        size = min(self.options.shingle_words, len(hashes))
        count = len(hashes) - size + 1
        combined = np.zeros(count, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for offset in range(size):
                combined = combined * _MULTIPLIER + hashes[offset : offset + count]
        folded = (combined ^ (combined >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
        return np.unique(folded)

    def fingerprint(self, article: Article) -> Fingerprint:
        opts = self.options
        minhash = MinHash(
            num_perm=opts.num_perm,
            seed=opts.seed,
            hashfunc=_identity,
            permutations=self._permutations,
            scheme=_SCHEME,
        )
        minhash.update_batch(self.shingles(article.text).tolist())
        signature = np.asarray(minhash.hashvalues, dtype=np.uint64).astype(np.uint32)
        return Fingerprint(
            content_hash=content_hash(article.text),
            url_key=url_key(article.url),
            signature=signature,
            bands=self._band_keys(signature),
        )

    def _band_keys(self, signature: Signature) -> tuple[int, ...]:
        keys = []
        raw = signature.astype("<u4")
        for band in range(self.bands):
            chunk = raw[band * self.rows : (band + 1) * self.rows].tobytes()
            digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=8).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return tuple(keys)

    def find(self, fingerprint: Fingerprint, indexes: Iterable[FingerprintIndex]) -> Match | None:
        """The earlier article this fingerprint copies, or None for a new article."""
        indexes = list(indexes)
        for index in indexes:
            found = index.by_content(fingerprint.content_hash)
            if found is not None:
                return Match(article_id=found, kind="duplicate", similarity=1.0, basis="content")
        if fingerprint.url_key:
            candidates = [c for index in indexes for c in index.by_url(fingerprint.url_key)]
            best = self._best(fingerprint, candidates, self.options.url_threshold)
            if best is not None:
                return Match(
                    article_id=best[0], kind="near-duplicate", similarity=best[1], basis="url"
                )
        candidates = [c for index in indexes for c in index.by_bands(fingerprint.bands)]
        best = self._best(fingerprint, candidates, self.options.threshold)
        if best is not None:
            return Match(
                article_id=best[0], kind="near-duplicate", similarity=best[1], basis="text"
            )
        return None

    @staticmethod
    def _best(
        fingerprint: Fingerprint, candidates: list[tuple[str, Signature]], threshold: float
    ) -> tuple[str, float] | None:
        best: tuple[str, float] | None = None
        for article_id, signature in candidates:
            similarity = fingerprint.similarity(signature)
            if similarity >= threshold and (best is None or similarity > best[1]):
                best = (article_id, similarity)
        return best

    def dedupe(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Match | None]]:
        """Each article with the earlier one it copies, matching in memory (no store).

        Memory grows with the number of distinct articles (about 1 KB each); a run that
        must stay bounded keeps its fingerprints in the store instead.
        """
        index = MemoryIndex()
        for article in articles:
            fingerprint = self.fingerprint(article)
            match = self.find(fingerprint, [index])
            if match is None:
                index.add(article.id, fingerprint)
            yield article, match
