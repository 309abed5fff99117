"""The staff dashboard: sign in, charts and tables of the topic log, and the CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Optional

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from bot import charts, insight, security, staff, titles, topic_log
from bot.settings import ROOT, get_settings

router = APIRouter(prefix="/dashboard", include_in_schema=False)
templates = Jinja2Templates(directory=str(ROOT / "bot" / "templates"))
SESSION_COOKIE = "su_session"
LOGIN_CSRF_COOKIE = "su_login_csrf"
# ?error= names one of these; the page never shows text taken from the address.
LOGIN_ERRORS = {
    "expired": "The form had expired. Please try again.",
    "signin": staff.NOT_SIGNED_IN,
    "slow": "There have been too many sign-in tries from here. Wait a few minutes, then try again.",
    "busy": "Sign-in is busy just now. Wait a moment, then try again.",
}


def _cookie(response: Response, name: str, value: str, max_age: Optional[int]) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        secure=get_settings().cookie_secure,
        samesite="strict",
        path="/dashboard",
    )


def _signed_in(request: Request) -> Optional[staff.SignedIn]:
    return staff.session(request.cookies.get(SESSION_COOKIE))


def _date(value: Optional[str]) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filters(start: Optional[str], end: Optional[str], channel: Optional[str]):
    problems = []
    start_date, end_date = _date(start), _date(end)
    if start and start_date is None:
        problems.append("The 'from' date was not a date, so it was left out.")
    if end and end_date is None:
        problems.append("The 'to' date was not a date, so it was left out.")
    if channel and channel not in insight.CHANNELS:
        problems.append("That channel is not one Speak Up uses, so all channels are shown.")
        channel = None
    return insight.Filters(start_date, end_date, channel or None), problems


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, error: str = ""):
    token = security.new_token()
    response = templates.TemplateResponse(request, "login.html", {"csrf": token, "error": LOGIN_ERRORS.get(error, "")})
    _cookie(response, LOGIN_CSRF_COOKIE, token, 3600)
    return response


async def _refused(request: Request, error: str, status: int, wait: Optional[int] = None):
    response = await login_page(request, error=error)
    response.status_code = status
    if wait is not None:
        response.headers["Retry-After"] = str(wait)
    return response


@router.post("/login")
async def login(request: Request, username: str = Form(""), password: str = Form(""), csrf: str = Form("")):
    wait = await request.app.state.limiter.check_login(request.client.host if request.client else "unknown")
    if wait is not None:
        return await _refused(request, "slow", 429, wait)
    if not security.same(csrf, request.cookies.get(LOGIN_CSRF_COOKIE)):
        return await login_page(request, error="expired")
    try:
        token, _ = await run_in_threadpool(staff.sign_in, username, password)
    except staff.AccountError:
        return await _refused(request, "signin", 401)
    except security.Busy:
        return await _refused(request, "busy", 503, 5)
    response = RedirectResponse("/dashboard", status_code=303)
    _cookie(response, SESSION_COOKIE, token, int(get_settings().session_hours * 3600))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/dashboard")
    return response


@router.post("/logout")
async def logout(request: Request, csrf: str = Form("")):
    who = _signed_in(request)
    if who is None or not security.same(csrf, who.csrf_token):
        return Response("This request could not be checked. Go back and try again.", status_code=403)
    staff.sign_out(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/dashboard/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/dashboard")
    return response


@router.get("", response_class=HTMLResponse)
async def dashboard(request: Request, start: str = "", end: str = "", channel: str = ""):
    who = await run_in_threadpool(_signed_in, request)
    if who is None:
        return RedirectResponse("/dashboard/login", status_code=303)
    filters, problems = _filters(start, end, channel)
    data = await run_in_threadpool(insight.load, filters)

    def section(key, title, rows, name=lambda label: label, first="Name"):
        named = [(name(label), count) for label, count in rows]
        return {
            "key": key,
            "title": title,
            "columns": (first, "Count"),
            "rows": [(label, insight.shown(count)) for label, count in named],
            "chart": charts.bar_chart(title, named, [insight.shown(c) for _, c in named], key),
        }

    weekly = [(week.strftime("Week of %d %b %Y"), count) for week, count in data.weekly]
    rate_rows = [(week.strftime("Week of %d %b %Y"), f) for week, f, t in data.fallback_rate]
    rate_values = [100 * f / t if t else 0 for _, f, t in data.fallback_rate]
    rate_shown = [insight.rate_shown(f, t) for _, f, t in data.fallback_rate]
    not_helped = [(titles.topic(row.topic), row.count("no")) for row in data.not_helped]
    sections = [
        section("weekly", "Topics answered, by week", weekly, first="Week"),
        section("topics", "Top topics", data.topics[:15], titles.topic, first="Topic"),
        section("audience", "Who asked", data.audience, titles.audience),
        section("levels", "Reading level", data.levels, titles.level),
        section("channels", "Channel", data.channels, titles.channel),
        {
            "key": "fallback",
            "title": "Not understood (fallback rate), by week",
            "columns": ("Week", "Rate"),
            "rows": list(zip([label for label, _ in rate_rows], rate_shown)),
            "chart": charts.bar_chart(
                "Not understood (fallback rate), by week", rate_rows, rate_shown, "fallback", values=rate_values
            ),
        },
        {
            "key": "not-helped",
            "title": "Answers that did not help",
            "note": 'From "Did this help?" under each answer. "No" counts everyone who said no; '
            "the reasons count those who then chose one. Not split by channel.",
            "columns": ("Answer", *(topic_log.FEEDBACK_TITLES[c] for c in insight.FEEDBACK_COLUMNS)),
            "rows": [
                (titles.topic(row.topic), *(insight.shown(row.count(c)) for c in insight.FEEDBACK_COLUMNS))
                for row in data.not_helped
            ],
            "chart": charts.bar_chart(
                "Answers that did not help", not_helped, [insight.shown(c) for _, c in not_helped], "not-helped"
            ),
        },
    ]
    query = request.url.query
    return templates.TemplateResponse(
        request,
        "dashboard.html",
        {
            "who": who,
            "sections": sections,
            "total": insight.shown(data.total),
            "problems": problems,
            "start": filters.start.isoformat() if filters.start else "",
            "end": filters.end.isoformat() if filters.end else "",
            "channel": filters.channel or "",
            "channels": insight.CHANNELS,
            "export": "/dashboard/export.csv" + (f"?{query}" if query else ""),
        },
    )


@router.get("/export.csv")
async def export(request: Request, start: str = "", end: str = "", channel: str = ""):
    if await run_in_threadpool(_signed_in, request) is None:
        return RedirectResponse("/dashboard/login", status_code=303)
    filters, _ = _filters(start, end, channel)
    data = await run_in_threadpool(insight.load, filters)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "label", "count"])
    writer.writerows(insight.csv_rows(data))
    return Response(
        out.getvalue(),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="speak-up-topics.csv"'},
    )
