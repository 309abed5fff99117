"""Writes var/content-report.html: every answer at every level, with its readability scores,
sentence lengths, source and review date, and a flag on any that miss a limit. Each topic's
specific answers (content/questions/) follow its overview.

Made for a co-production meeting: open it in a browser, or print it."""

from __future__ import annotations

import html
import sys
from pathlib import Path

from actions import content, readability
from scripts.check_content import variants

OUTPUT = Path(__file__).resolve().parent.parent / "var" / "content-report.html"

STYLE = """
body { font-family: Arial, system-ui, sans-serif; font-size: 1.05rem; line-height: 1.5; color: #212b32; margin: 1.5rem; }
h1 { color: #005eb8; } table { border-collapse: collapse; width: 100%; margin-bottom: 2rem; }
caption { text-align: left; font-weight: bold; font-size: 1.25rem; padding: .5rem 0; }
th, td { border: 1px solid #aeb7bd; padding: .5rem; vertical-align: top; text-align: left; }
th { background: #f0f4f5; } td.text { white-space: pre-line; max-width: 40rem; }
.fail { background: #fde8e6; } .flag { color: #d5281b; font-weight: bold; } .ok { color: #007f3b; font-weight: bold; }
"""

LEVEL_NAMES = {"easy": "Easy read", "plain": "Plain words", "detailed": "More detail"}


def _limits_text(level: str) -> str:
    limit = readability.LIMITS[level]
    parts = [f"ease ≥ {limit.min_ease:.0f}", f"grade ≤ {limit.max_grade:.0f}"]
    if limit.max_avg_words:
        parts.append(f"average sentence ≤ {limit.max_avg_words:.0f} words")
    if limit.max_words:
        parts.append(f"no sentence over {limit.max_words} words")
    return ", ".join(parts)


def render(topics, answers=None) -> str:
    filled_by_variant = variants()
    national = filled_by_variant["national"]
    failing = 0
    sections = []
    by_topic = {}
    for answer in (answers or {}).values():
        by_topic.setdefault(answer.topic, []).append(answer)
    entries = [e for topic in topics.values() for e in (topic, *by_topic.get(topic.id, ()))]
    for topic in entries:
        rows = []
        for level in readability.LEVELS:
            text = topic.text(level, national)
            score = readability.score(text)
            problems = [p for filled in filled_by_variant.values()
                        for p in readability.problems(topic.text(level, filled), level)]
            failing += bool(problems)
            status = (f'<span class="flag">Needs work: {html.escape("; ".join(sorted(set(problems))))}</span>'
                      if problems else '<span class="ok">Meets the limits</span>')
            rows.append(
                f'<tr class="{"fail" if problems else ""}"><th scope="row">{LEVEL_NAMES[level]}</th>'
                f'<td class="text">{html.escape(text)}</td>'
                f"<td>{score.ease:.0f}</td><td>{score.grade:.1f}</td><td>{score.avg_words:.1f}</td>"
                f"<td>{', '.join(map(str, score.sentence_words))}</td><td>{status}</td></tr>"
            )
        kind = "Specific answer: " if isinstance(topic, content.Answer) else ""
        sections.append(
            f"<table><caption>{kind}{html.escape(topic.title)} <small>({html.escape(topic.id)})</small></caption>"
            f"<tr><th scope='col'>Level</th><th scope='col'>Text</th><th scope='col'>Reading ease</th>"
            f"<th scope='col'>Grade</th><th scope='col'>Average sentence (words)</th>"
            f"<th scope='col'>Sentence lengths (words)</th><th scope='col'>Check</th></tr>"
            + "".join(rows)
            + f"<tr><th scope='row'>Source</th><td colspan='6'>{html.escape(topic.source)}. "
            f"Last reviewed {topic.reviewed:%d %B %Y}.</td></tr></table>"
        )
    limits = "".join(f"<li>{LEVEL_NAMES[l]}: {_limits_text(l)}</li>" for l in readability.LEVELS)
    summary = (f"<p>{len(topics)} topics and {len(entries) - len(topics)} specific answers, "
               f"{failing} level{'s' if failing != 1 else ''} needing work.</p>"
               f"<p>The limits:</p><ul>{limits}</ul>")
    return (f"<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>Speak Up content report</title><style>{STYLE}</style></head><body>"
            f"<h1>Speak Up content report</h1>{summary}{''.join(sections)}</body></html>")


def main() -> int:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    topics = content.load_topics()
    OUTPUT.write_text(render(topics, content.load_answers(topics)), encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
