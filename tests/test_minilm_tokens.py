"""The maintained WordPiece tokenizer (tensorflow_text) gives the same token ids as the
hand-written one it replaced, on every held-out question (ids recorded in tests/data/)."""

from __future__ import annotations

import json
from pathlib import Path

from addons import minilm
from scripts.evaluate import HELD_OUT, read_examples

RECORDED = json.loads((Path(__file__).parent / "data" / "minilm_token_ids.json").read_text(encoding="utf-8"))


def test_token_ids_match_the_recorded_ones_on_every_held_out_question():
    tokenizer = minilm.WordPieceTokenizer.from_model(minilm.model_dir())
    texts = sorted({text for text, _ in read_examples(HELD_OUT)} & set(RECORDED))
    assert len(texts) >= 400
    different = [text for text in texts if tokenizer.word_pieces(text.split()) != RECORDED[text]]
    assert not different, different[:5]


def test_accents_punctuation_and_unknown_words():
    tokenizer = minilm.WordPieceTokenizer.from_model(minilm.model_dir())
    vocab = tokenizer.vocab
    assert tokenizer.word_pieces(["Café"]) == [[vocab["cafe"]]]
    assert tokenizer.word_pieces(["don't"]) == [[vocab["don"], vocab["'"], vocab["t"]]]
    assert tokenizer.word_pieces(["\U0001f600"]) == [[tokenizer.unk]]
    assert tokenizer.word_pieces([]) == []
