"""Cheaper fingerprints for Rasa's training cache: the same inputs give the same fingerprint, and
any change to a token or a feature still changes it.

While training, Rasa fingerprints every component's output (rasa/engine/training/hooks.py), so
every message's tokens and features are hashed again after each of the pipeline's components. A
py-spy profile of a full `rasa train` here found about a third of the Python time in it: each
token through Rasa's generic container hash, and each sparse feature written out as text, one
line per number, before hashing.
- A token's fingerprint is an MD5 of its text, offsets, lemma and data, when the data are plain
  values (Rasa's generic hash otherwise, as before).
- A sparse feature's fingerprint hashes the matrix's shape, type and coordinate arrays as bytes,
  as Rasa already does for dense features."""

from __future__ import annotations

import hashlib
from typing import Any, Text

import scipy.sparse
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.utils.io import deep_container_fingerprint

PLAIN = (str, int, float, bool, type(None))
_rasa_token_fingerprint = Token.fingerprint


def token_fingerprint(self: Token) -> Text:
    """A stable hash of everything the token holds."""
    data = self.data or {}
    if not all(isinstance(k, str) and isinstance(v, PLAIN) for k, v in data.items()):
        return _rasa_token_fingerprint(self)
    key = repr((self.text, self.start, self.end, self.lemma, sorted(data.items())))
    return hashlib.md5(key.encode("utf-8")).hexdigest()


def matrix_digest(matrix: Any) -> bytes:
    """A hash of a sparse matrix's exact contents, whatever order its entries were stored in."""
    canonical = scipy.sparse.csr_matrix(matrix, copy=True)
    canonical.sum_duplicates()  # also sorts each row's entries
    coo = canonical.tocoo()
    digest = hashlib.md5(repr((coo.shape, str(coo.data.dtype))).encode("utf-8"))
    for part in (coo.row, coo.col, coo.data):
        digest.update(part.tobytes())
    return digest.digest()


def features_fingerprint(self: Features) -> Text:
    """As Rasa's own, with sparse matrices hashed as bytes instead of printed first."""
    if self._cached_fingerprint is None:
        contents = self.features.tobytes() if self.is_dense() else matrix_digest(self.features)
        self._cached_fingerprint = deep_container_fingerprint([self.type, self.origin, self.attribute, contents])
    return self._cached_fingerprint


def install() -> None:
    Token.fingerprint = token_fingerprint
    Features.fingerprint = features_fingerprint
