"""Builds the spaCy pipeline Rasa uses: blank English with the lookup lemmatizer, saved to disk.

No trained spaCy model can be downloaded here, so the project makes its own from spaCy and the
`spacy-lookups-data` package: real English tokens and lemmas ("restrained" -> "restrain")."""

from __future__ import annotations

import sys
from pathlib import Path

import spacy

DEFAULT_OUTPUT = Path("models/spacy-en")


def build(output: Path = DEFAULT_OUTPUT) -> Path:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta["name"] = "speakup_en_lookup"
    nlp.meta["description"] = "Blank English pipeline with lookup lemmas, built by Speak Up"
    output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return output


def main(argv) -> int:
    output = Path(argv[0]) if argv else DEFAULT_OUTPUT
    built = build(output)
    lemmas = [t.lemma_ for t in spacy.load(built)("They restrained me and kept me apart")]
    print(f"built {built}: {' '.join(lemmas)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
