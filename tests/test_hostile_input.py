"""Over 1,000 generated hostile requests to the real gateway (hypothesis, fixed seed): every one
gets a 4xx with a readable message, or a normal reply. None gets a 5xx."""

from __future__ import annotations

import json

import httpx
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.stack

NASTY = [
    "\x00",
    "\x07",
    "\x1b[31m",
    "\u202e",
    "\u200f",
    "\u0301\u0301\u0301",
    "Z\u0351\u0352\u0353",
    "😀",
    "👩🏽‍⚕️",
    "\ufeff",
    "\ud7ff",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "'; DROP TABLE topic_events; --",
    "' OR '1'='1",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "../../etc/passwd",
    "%00",
    "\\u0000",
    "ﷺ",
    "مرحبا",
    "שלום",
]
words = st.one_of(
    st.sampled_from(NASTY),
    st.text(min_size=1, max_size=30),
    st.builds(lambda c, n: c * n, st.sampled_from("aé😀<\x00"), st.integers(9000, 10000)),
)
messages = st.lists(words, min_size=0, max_size=6).map(" ".join)
levels = st.one_of(st.none(), st.sampled_from(["easy", "plain", "detailed"]), st.text(max_size=12))
sessions = st.one_of(
    st.none(),
    st.text(alphabet="0123456789abcdef", min_size=32, max_size=32),
    st.text(max_size=40),
    st.integers(),
    st.just(["a"]),
)
fields = st.fixed_dictionaries(
    {"message": st.one_of(messages, st.integers(), st.none(), st.lists(st.text(max_size=5), max_size=2))},
    optional={
        "session_id": sessions,
        "reading_level": levels,
        "channel": st.one_of(st.sampled_from(["widget", "fullpage"]), st.text(max_size=8)),
        "audience": st.one_of(st.sampled_from(["family", "staff"]), st.text(max_size=8)),
        "extra": st.text(max_size=20),
    },
)


def as_request(body):
    """(content, content type) for one generated case."""
    kind, value = body
    if kind == "json":
        return json.dumps(value).encode(), "application/json"
    if kind == "raw":
        return value, "application/json"
    if kind == "type":
        return json.dumps({"message": "what is PALS"}).encode(), value
    return value, "application/json"  # "big"


cases = st.one_of(
    st.tuples(st.just("json"), fields),
    st.tuples(st.just("json"), st.one_of(st.lists(st.integers(), max_size=3), st.text(max_size=10), st.none())),
    st.tuples(st.just("raw"), st.binary(max_size=300)),
    st.tuples(
        st.just("raw"),
        st.sampled_from(
            [
                b"{",
                b'{"message": "hi"',
                b'{"message": "\\ud800"}',
                b"\xff\xfe",
                b'{"message": "a"}' * 3,
                b"null",
                b'[{"message": "hi"}]',
            ]
        ),
    ),
    st.tuples(
        st.just("type"),
        st.sampled_from(
            [
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "application/xml",
                "",
                "application/json; charset=latin-1",
            ]
        ),
    ),
    st.tuples(st.just("big"), st.integers(8193, 60000).map(lambda n: json.dumps({"message": "a" * n}).encode())),
)


@pytest.fixture(scope="module")
def client(stack):
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as http:
        yield http


def test_hostile_requests_never_get_a_server_error(client):
    sent = {"requests": 0, "replies": 0}

    @seed(2024)
    @settings(max_examples=1100, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=cases)
    def one(case):
        content, content_type = as_request(case)
        headers = {"Content-Type": content_type} if content_type else {}
        response = client.post("/api/chat", content=content, headers=headers)
        sent["requests"] += 1
        assert response.status_code < 500, response.status_code
        body = response.json()
        if response.status_code == 200:
            sent["replies"] += 1
            assert body["replies"] and all(isinstance(reply["text"], str) for reply in body["replies"])
        else:
            assert 400 <= response.status_code < 500 and isinstance(body["detail"], str) and body["detail"]
            assert "<script" not in body["detail"] and "DROP TABLE" not in body["detail"], "input is never echoed"

    one()
    # Counted here, in the same test: over a thousand were sent, and some were answered.
    assert sent["requests"] >= 1000 and sent["replies"] >= 50, sent
