"""Duplicate postings: normalised text, an exact-text hash, MinHash signatures and LSH band keys.

Pure functions; the store step that groups postings into clusters of one job is `jobshift.dedup`.

* `normalise_text(title, description)` - visible text, lower-cased, URLs / e-mail addresses / digits and
  punctuation dropped, whitespace folded: two copies of an ad that differ only in markup, a tracking link,
  a date or a salary figure normalise to the same string.
* `text_hash` - the exact-duplicate key, or None when the text is too short to tell jobs apart (a bare
  title such as "Data Scientist" is not evidence that two postings are one job).
* `signature` - a MinHash (datasketch, 128 permutations, fixed seed) of the text's word 5-gram shingles;
  the share of equal positions in two signatures estimates the Jaccard similarity of their shingle sets.
* `band_keys` - locality-sensitive hashing: the signature cut into 16 bands of 8 rows, each band hashed to
  a 64-bit key.  Two texts share at least one band key with probability 1 - (1 - J^8)^16: 0.96 at J = 0.8,
  0.56 at J = 0.6, 0.02 at J = 0.4, so candidate pairs are found with one equality join and then checked
  with `similarity` against `NEAR_DUP_THRESHOLD`.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from typing import Final

import numpy as np
from datasketch import MinHash

from jobshift.enrich.text import strip_html

__all__ = [
    "BANDS",
    "MIN_WORDS",
    "NEAR_DUP_THRESHOLD",
    "NUM_PERM",
    "DisjointSets",
    "band_keys",
    "normalise_text",
    "signature",
    "signature_from_bytes",
    "similarity",
    "text_hash",
]

NUM_PERM: Final = 128
BANDS: Final = 16
ROWS: Final = NUM_PERM // BANDS
SHINGLE_WORDS: Final = 5
MIN_WORDS: Final = 30  # shorter texts get no hash and no signature: too little to identify one job
NEAR_DUP_THRESHOLD: Final = 0.8  # estimated Jaccard similarity of shingle sets
_SEED: Final = 20261124

_URL_RE: Final = re.compile(r"(?:https?://|www\.)\S+")
_ASCII_LETTERS_ONLY: Final = bytes(b if 97 <= b <= 122 or b >= 128 else 32 for b in range(256))
_PERMUTATIONS: Final = MinHash(num_perm=NUM_PERM, seed=_SEED).permutations


def normalise_text(title: str | None, description: str | None) -> str:
    """Title and description as comparable text (see the module docstring)."""
    text = f"{title or ''}\n{strip_html(description) if description else ''}".lower()
    if "http" in text or "www." in text:
        text = _URL_RE.sub(" ", text)
    if "@" in text:
        text = _drop_emails(text)
    # One C pass over the UTF-8 bytes: every ASCII byte but a-z becomes a space; non-ASCII bytes (letters of
    # other scripts, typographic punctuation) are kept as they are, so the result stays valid UTF-8.
    return " ".join(text.encode("utf-8").translate(_ASCII_LETTERS_ONLY).decode("utf-8").split())


def _drop_emails(text: str) -> str:
    """Blank every whitespace-delimited token holding an '@' (found from each '@', not by a regex scan)."""
    parts: list[str] = []
    pos = 0
    at = text.find("@")
    while at != -1:
        start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1
        end = at
        while end < len(text) and not text[end].isspace():
            end += 1
        parts += [text[pos:start], " "]
        pos = end
        at = text.find("@", end)
    parts.append(text[pos:])
    return "".join(parts)


def text_hash(normalised: str) -> str | None:
    """Exact-duplicate key of a normalised text, None when it has fewer than MIN_WORDS words."""
    if normalised.count(" ") + 1 < MIN_WORDS:
        return None
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:20]


_MERSENNE: Final = np.uint64((1 << 61) - 1)
_MAX_HASH: Final = np.uint64((1 << 32) - 1)
_SHIFT_61: Final = np.uint64(61)


def signature(normalised: str) -> np.ndarray | None:
    """MinHash signature (NUM_PERM uint64 values) of the word shingles, None for texts under MIN_WORDS.

    The values are exactly datasketch's `MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32,
    permutations=_PERMUTATIONS).update_batch(shingles)` (a test checks it), computed faster:
    the shingles are slices of the encoded text (words are single-space separated, so a slice from a
    word's start to the fifth word's end is `" ".join` of the five words), hashed by crc32 in one `map`,
    and `(a * h + b) mod (2**61 - 1)` is taken with the Mersenne identity instead of a division.
    """
    data = normalised.encode("utf-8")
    spaces = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 32)
    n_words = len(spaces) + 1
    if n_words < MIN_WORDS:
        return None
    starts = [0, *(spaces + 1).tolist()][: n_words - SHINGLE_WORDS + 1]
    ends = [*spaces[SHINGLE_WORDS - 1 :].tolist(), len(data)]
    shingles = {data[s:e] for s, e in zip(starts, ends, strict=True)}
    hashes = np.fromiter(map(zlib.crc32, shingles), dtype=np.uint64, count=len(shingles))
    a, b = _PERMUTATIONS
    x = hashes[:, None] * a  # wraps modulo 2**64, as datasketch's does
    x += b
    high = x >> _SHIFT_61
    x &= _MERSENNE
    x += high  # x mod (2**61 - 1), or that plus (2**61 - 1): 2**61 = 1 (mod 2**61 - 1)
    np.minimum(x, x - _MERSENNE, out=x)  # subtract once where x >= 2**61 - 1 (x - p wraps to huge where x < p)
    x &= _MAX_HASH
    values: np.ndarray = x.min(axis=0)
    return values


def signature_from_bytes(raw: bytes) -> np.ndarray:
    """A signature stored with `signature(...).tobytes()`."""
    return np.frombuffer(raw, dtype=np.uint64)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band (BANDS of them); equal keys make a candidate pair."""
    raw = sig.astype(np.uint64, copy=False).tobytes()
    step = ROWS * 8
    return [
        int.from_bytes(hashlib.blake2b(raw[i : i + step], digest_size=8).digest(), "little", signed=True)
        for i in range(0, len(raw), step)
    ]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets: the share of equal signature positions."""
    return float(np.count_nonzero(a == b)) / len(a)


class DisjointSets:
    """Union-find over string ids; each set's root is its smallest id (the first posting in id order).

    Path compression on `find`; `union` links the larger root under the smaller, so the result does not
    depend on the order the pairs come in.
    """

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        self.parent.setdefault(a, a)
        self.parent.setdefault(b, b)
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def roots(self) -> list[tuple[str, str]]:
        """(id, root of its set) for every id seen."""
        return [(x, self.find(x)) for x in self.parent]
