"""Writes var/content-report.html: every answer (topics and walk-through situations) at every level,
with its readability scores, sentence lengths, source and review date, a flag on any that miss a
limit, a warning when a review is over a year old, and the legal claims the answer states, each
with a tick box for the legal reviewer. Each topic's specific answers (content/questions/)
follow its overview.

Made for a co-production or legal review meeting: open it in a browser, or print it."""

from __future__ import annotations

import datetime as dt
import html
import sys
from pathlib import Path
from typing import Iterable, List, Mapping, Optional, Tuple

from actions import content, readability, walkthrough_content
from scripts import check_claims
from scripts.check_content import review_warning, variants

OUTPUT = Path(__file__).resolve().parent.parent / "var" / "content-report.html"

STYLE = """
body { font-family: Arial, system-ui, sans-serif; font-size: 1.05rem; line-height: 1.5; color: #212b32; margin: 1.5rem; }
h1, h2 { color: #005eb8; } table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
caption { text-align: left; font-weight: bold; font-size: 1.25rem; padding: .5rem 0; }
table.claims { margin-bottom: 2.5rem; } table.claims caption { font-size: 1.05rem; }
th, td { border: 1px solid #aeb7bd; padding: .5rem; vertical-align: top; text-align: left; }
th { background: #f0f4f5; } td.text { white-space: pre-line; max-width: 40rem; }
td.tick { width: 5rem; text-align: center; } td.tick input { width: 1.5rem; height: 1.5rem; }
.fail { background: #fde8e6; } .flag { color: #d5281b; font-weight: bold; } .ok { color: #007f3b; font-weight: bold; }
.warning { color: #8a4b00; font-weight: bold; }
@media print { body { margin: 0; font-size: 10pt; } tr { break-inside: avoid; } caption { break-after: avoid; } }
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


def _level_row(label: str, level: str, texts: Mapping[str, str]) -> Tuple[str, bool]:
    """One row: the text (national contacts), its scores, and the problems with either contacts."""
    text = texts["national"]
    score = readability.score(text)
    problems = sorted({p for filled in texts.values() for p in readability.problems(filled, level)})
    status = (
        f'<span class="flag">Needs work: {html.escape("; ".join(problems))}</span>'
        if problems
        else '<span class="ok">Meets the limits</span>'
    )
    row = (
        f'<tr class="{"fail" if problems else ""}"><th scope="row">{html.escape(label)}</th>'
        f'<td class="text">{html.escape(text)}</td>'
        f"<td>{score.ease:.0f}</td><td>{score.grade:.1f}</td><td>{score.avg_words:.1f}</td>"
        f"<td>{', '.join(map(str, score.sentence_words))}</td><td>{status}</td></tr>"
    )
    return row, bool(problems)


def _claims_table(answer, claims_problems: List[str]) -> str:
    """The claims an answer states, each with a tick box, and what no claim covers yet."""
    rows = "".join(
        f"<tr><td class='tick'><input type='checkbox' aria-label='Checked: claim {number}'></td>"
        f"<td>{html.escape(claim.rule)}</td><td>{html.escape(claim.source)}</td></tr>"
        for number, claim in enumerate(answer.claims, 1)
    )
    if not answer.claims and not claims_problems:
        rows = "<tr><td class='tick'>–</td><td colspan='2'>This answer states no legal rule (claims: []).</td></tr>"
    for problem in claims_problems:
        rows += (
            f"<tr class='fail'><td class='tick'>–</td><td colspan='2'>"
            f"<span class='flag'>{html.escape(problem)}</span></td></tr>"
        )
    return (
        f"<table class='claims'><caption>Legal claims: {html.escape(answer.title)}</caption>"
        "<tr><th scope='col'>Checked</th><th scope='col'>Rule the answer states</th>"
        "<th scope='col'>Source</th></tr>" + rows + "</table>"
    )


def claims_problems(answer) -> List[str]:
    """What the legal reviewer must know is missing: no claims list, or numbers no claim covers."""
    if answer.path is None:
        return []
    data = check_claims.load(answer.path)
    error = check_claims.claims_error(data, answer.path)
    if error:
        return [f"No claims list: {error.split(': ', 1)[-1]}"]
    missing = check_claims.uncovered(data, answer.path)
    return [f"Not covered by any claim: {', '.join(missing)}"] if missing else []


def _answer(
    answer, heading: str, levels: Iterable[Tuple[str, str, Mapping[str, str]]], today: Optional[dt.date]
) -> Tuple[str, int, bool, int, bool]:
    """(HTML, levels needing work, review overdue, claims, claims incomplete) for one answer."""
    rows, failing = [], 0
    for label, level, texts in levels:
        row, failed = _level_row(label, level, texts)
        rows.append(row)
        failing += failed
    warning = review_warning(answer, today)
    review = f"Last reviewed {answer.reviewed:%d %B %Y}."
    if warning:
        review += f" <span class='warning'>{html.escape(warning)}</span>"
    problems = claims_problems(answer)
    table = (
        f"<table><caption>{html.escape(heading)} <small>({html.escape(answer.id)})</small></caption>"
        f"<tr><th scope='col'>Level</th><th scope='col'>Text</th><th scope='col'>Reading ease</th>"
        f"<th scope='col'>Grade</th><th scope='col'>Average sentence (words)</th>"
        f"<th scope='col'>Sentence lengths (words)</th><th scope='col'>Check</th></tr>"
        + "".join(rows)
        + f"<tr><th scope='row'>Source</th><td colspan='6'>{html.escape(answer.source)}. {review}</td></tr></table>"
    )
    return table + _claims_table(answer, problems), failing, bool(warning), len(answer.claims), bool(problems)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render(topics, situations=None, today: Optional[dt.date] = None, answers=None) -> str:
    filled_by_variant = variants()
    situations = situations or {}
    by_topic = {}
    for answer in (answers or {}).values():
        by_topic.setdefault(answer.topic, []).append(answer)
    parts = []
    for topic in topics.values():
        for entry in (topic, *by_topic.get(topic.id, ())):
            levels = [
                (LEVEL_NAMES[level], level, {v: entry.text(level, f) for v, f in filled_by_variant.items()})
                for level in readability.LEVELS
            ]
            kind = "Specific answer: " if isinstance(entry, content.Answer) else ""
            parts.append(_answer(entry, kind + entry.title, levels, today))
    messages = content.library().messages if situations else {}
    for situation in situations.values():
        levels = [
            (
                f"{walkthrough_content.step_title(messages, step)}: {LEVEL_NAMES[level]}",
                level,
                {v: situation.text(step, level, f) for v, f in filled_by_variant.items()},
            )
            for step in walkthrough_content.STEPS
            for level in readability.LEVELS
        ]
        parts.append(_answer(situation, f"Walk-through: {situation.title}", levels, today))
    failing = sum(p[1] for p in parts)
    overdue = sum(p[2] for p in parts)
    claims = sum(p[3] for p in parts)
    incomplete = sum(p[4] for p in parts)
    limits = "".join(f"<li>{LEVEL_NAMES[level]}: {_limits_text(level)}</li>" for level in readability.LEVELS)
    summary = (
        f"<p>{len(topics)} answers and {_plural(len(situations), 'walk-through situation')}, "
        f"{_plural(failing, 'level')} needing work.</p>"
        f"<p>{_plural(claims, 'legal claim')} to check: tick each one when its source says what its rule "
        f"says. {_plural(incomplete, 'answer')} with claims missing.</p>"
        f"<p>{_plural(overdue, 'review warning')}: answers last reviewed over a year ago.</p>"
        f"<p>The limits:</p><ul>{limits}</ul>"
    )
    return (
        f"<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Speak Up content report</title><style>{STYLE}</style></head><body>"
        f"<h1>Speak Up content report</h1>{summary}{''.join(p[0] for p in parts)}</body></html>"
    )


def main() -> int:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    topics = content.load_topics()
    OUTPUT.write_text(
        render(topics, walkthrough_content.load_situations(), answers=content.load_answers(topics)), encoding="utf-8"
    )
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
