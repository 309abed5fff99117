"""The dashboard in Debian's chromium against the running gateway: sign in, read, accessible."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from actions import content
from bot import topic_log
from bot.topic_log import Event
from tests.browser_checks import (
    DASHBOARD_PASSWORD,
    SCREENSHOTS,
    assert_no_axe_violations,
    create_dashboard_user,
    sign_in_to_dashboard,
)

pytestmark = [pytest.mark.stack, pytest.mark.browser]


def test_dashboard_sign_in_charts_tables_and_axe(browser, stack, stack_database):
    create_dashboard_user(stack_database, "nurse.lead")
    hour = topic_log.this_hour()
    topic_log.write(
        [Event("long_term_segregation", "easy", "walkthrough", "staff", hour)] * 6
        + [Event("ctr", "plain", "widget", "family", hour)] * 2,
        stack_database,
    )

    context = browser.new_context(viewport={"width": 768, "height": 1024})
    page = context.new_page()
    page.goto(stack.gateway_url + "/dashboard")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_no_axe_violations(page, "dashboard sign-in")
    page.get_by_label("Username").fill("nurse.lead")
    page.get_by_label("Password").fill(DASHBOARD_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="What people ask about")).to_be_visible()
    for heading in (
        "Topics answered, by week",
        "Top topics",
        "Who asked",
        "Reading level",
        "Channel",
        "Not understood (fallback rate), by week",
        "Answers that did not help",
    ):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    topics = page.locator("section", has=page.get_by_role("heading", name="Top topics"))
    expect(topics.locator("table")).to_contain_text(content.library().topics["long_term_segregation"].title)
    assert "long_term_segregation" not in page.locator("main").inner_text()  # titles, not ids
    assert "<5" in topics.locator("table").inner_text()
    expect(page.get_by_role("img", name="Top topics")).to_be_visible()
    assert_no_axe_violations(page, "dashboard")
    page.screenshot(path=str(SCREENSHOTS / "dashboard-768x1024.png"), full_page=True)
    page.locator("select#channel").select_option("walkthrough")
    page.get_by_role("button", name="Show").click()
    expect(topics.locator("table")).not_to_contain_text("ctr")
    context.close()


def test_hostile_text_in_every_dashboard_form_never_runs(browser, stack, stack_database):  # noqa: F811
    """The sign-in form and the filter form, and hostile query strings, with script in them."""
    hostile = '"><img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'
    context = browser.new_context()
    page = context.new_page()
    page.goto(stack.gateway_url + "/dashboard/login")
    page.get_by_label("Username").fill(hostile)
    page.get_by_label("Password").fill(hostile)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert page.evaluate("window.__pwned") is None
    page.goto(stack.gateway_url + "/dashboard/login?error=" + hostile)
    assert page.evaluate("window.__pwned") is None
    create_dashboard_user(stack_database, "ward.manager")
    sign_in_to_dashboard(page, stack.gateway_url, "ward.manager")
    expect(page.get_by_role("heading", name="What people ask about")).to_be_visible()
    for query in (f"start={hostile}", f"end={hostile}", f"channel={hostile}"):
        response = page.goto(f"{stack.gateway_url}/dashboard?{query}")
        assert response.status < 500
        assert page.evaluate("window.__pwned") is None
    page.goto(f"{stack.gateway_url}/chat?level={hostile}")
    assert page.evaluate("window.__pwned") is None
    context.close()
