"""The web app in a real browser: Debian's Chromium driven by Playwright against uvicorn on 127.0.0.1.

Chromium is launched headless with the flags this machine needs (no background networking: the network is
closed) and a fresh profile. Skipped, with the reason, only when Chromium or Playwright is not installed;
`.ci/run` (make test) installs Chromium.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jobshift.web import WebConfig, create_app

from .conftest import LiveServer

CHROMIUM = os.environ.get("JOBSHIFT_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
if not shutil.which(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium; make test does it)", allow_module_level=True)

PAGES = ["/", "/skills", "/roles", "/exposure", "/layoffs", "/companies", "/postings", "/news", "/login"]


@pytest.fixture(scope="module")
def server(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    app_db = tmp_path_factory.mktemp("browser") / "app.sqlite3"
    app = create_app(WebConfig(db_path=sample_db, app_db_url=f"sqlite:///{app_db}", moderators=frozenset({"mod"}),
                               warm_cache=True, post_limit=50))
    with LiveServer(app) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield launched
        launched.close()


class Watched:
    """A page with its console errors and failed requests collected."""

    def __init__(self, browser: Any, base: str, width: int = 1200) -> None:
        self.context = browser.new_context(base_url=base, viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url}"))
        self.page.set_default_timeout(15_000)

    def goto(self, path: str) -> Any:
        response = self.page.goto(path)
        self.page.wait_for_load_state("networkidle")
        return response

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any, server: LiveServer) -> Iterator[Watched]:
    page = Watched(browser, server.url)
    yield page
    page.close()


def _charts_rendered(page: Any) -> int:
    """Number of charts whose SVG has a drawn, non-empty box."""
    return int(page.evaluate("""() => [...document.querySelectorAll('figure.chart svg')]
        .filter(s => { const b = s.getBoundingClientRect(); return b.width > 100 && b.height > 50
                       && s.querySelectorAll('path, rect, line').length > 5; }).length"""))


def test_every_page_loads_without_console_errors_and_charts_render(watched: Watched) -> None:
    for path in PAGES:
        response = watched.goto(path)
        assert response.status == 200, path
        assert watched.page.locator("#synthetic-banner").is_visible(), path  # the sample says so on every page
        figures = watched.page.locator("figure.chart").count()
        if figures:
            assert _charts_rendered(watched.page) == figures, f"{path}: a chart did not render"
        assert watched.page.evaluate("typeof window.htmx") == "object", path  # vendored htmx loaded, no CDN
    assert watched.page.title().startswith("[SYNTHETIC]")
    assert watched.errors == []


def test_overview_and_drill_downs_have_charts(watched: Watched) -> None:
    watched.goto("/")
    assert _charts_rendered(watched.page) == 2
    watched.page.get_by_role("navigation", name="Main").get_by_role("link", name="Skills").click()
    watched.page.wait_for_load_state("networkidle")
    assert _charts_rendered(watched.page) == 1
    watched.page.locator("table a").first.click()  # a skill's own page
    watched.page.wait_for_load_state("networkidle")
    assert watched.page.locator("[data-chart=skill] svg").count() == 1
    assert _charts_rendered(watched.page) == 1
    watched.goto("/companies")
    watched.page.locator("#cutting-while-hiring table a").first.click()
    watched.page.wait_for_load_state("networkidle")
    assert "/companies/" in watched.page.url and _charts_rendered(watched.page) == 1
    assert watched.errors == []


def test_attribution_levels_chart_draws(watched: Watched) -> None:
    watched.goto("/layoffs")
    chart = watched.page.locator("[data-chart=ai_attribution_levels_quarterly] svg")
    assert chart.count() == 1
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200
    assert chart.locator("path").count() > 8  # four panels, each a band and a line
    assert watched.errors == []


def test_search_filter_and_drill_down(watched: Watched) -> None:
    watched.goto("/postings")
    total_before = watched.page.locator(".pager span").inner_text()
    with watched.page.expect_response(lambda r: "/postings?" in r.url and "q=" in r.url):
        watched.page.get_by_role("searchbox", name="Search").fill("python")
    watched.page.wait_for_load_state("networkidle")
    total_after = watched.page.locator(".pager span").inner_text()
    assert total_after != total_before
    assert "q=python" in watched.page.url  # htmx pushed the search into the address bar
    with watched.page.expect_response(lambda r: "role_family=ai_engineer" in r.url):
        watched.page.get_by_label("Role family").select_option("ai_engineer")
    watched.page.wait_for_load_state("networkidle")
    cells = watched.page.locator("#posting-rows tbody tr td:nth-child(4)").all_inner_texts()
    assert cells and set(cells) == {"ai_engineer"}
    watched.page.locator("#posting-rows tbody a").first.click()
    watched.page.wait_for_load_state("networkidle")
    assert "/postings/" in watched.page.url and watched.page.locator("h2", has_text="Skills found").is_visible()
    watched.goto("/companies")
    with watched.page.expect_response(lambda r: "/companies?" in r.url and "q=" in r.url):
        watched.page.get_by_label("Company", exact=True).fill("a")
    watched.page.locator("#company-rows tbody a").first.click()
    watched.page.wait_for_load_state("networkidle")
    assert watched.page.locator("h1").inner_text() and "/companies/" in watched.page.url
    watched.goto("/layoffs")
    with watched.page.expect_response(lambda r: "reason=ai_explicit" in r.url):
        watched.page.locator("#events").get_by_label("Reason").select_option("ai_explicit")
        watched.page.locator("#events").get_by_role("button", name="Search").click()
    watched.page.wait_for_load_state("networkidle")
    reasons = watched.page.locator("#layoff-rows .reason").all_inner_texts()
    assert reasons and set(reasons) == {"ai_explicit"}
    assert watched.errors == []


def _register(w: Watched, name: str) -> None:
    w.goto("/login")
    form = w.page.locator("form[action='/register']")
    form.get_by_label("User name").fill(name)
    form.get_by_label("Password").fill("a long password")
    form.get_by_role("button", name="Create account").click()
    w.page.wait_for_load_state("networkidle")
    assert f"Signed in as {name}" in w.page.locator(".account").inner_text()


def _story_path(w: Watched) -> str:
    w.goto("/news")
    href = w.page.locator("a.story-title").first.get_attribute("href")
    assert href
    return href


def test_register_post_reply_edit_delete_and_moderator_hide(browser: Any, server: LiveServer) -> None:
    alice = Watched(browser, server.url)
    moderator = Watched(browser, server.url)
    try:
        _register(alice, "alice")
        story = _story_path(alice)
        alice.goto(story)
        alice.page.get_by_label("Add a comment").fill("Is this **gross** or net?")
        alice.page.get_by_role("button", name="Post comment").click()
        first = alice.page.locator("#thread li.comment").first
        first.locator("strong", has_text="gross").wait_for()
        first.locator("summary", has_text="Reply").click()
        first.get_by_label("Your reply").fill("Replying to myself")
        first.get_by_role("button", name="Post reply").click()
        alice.page.locator("li.comment.depth-1", has_text="Replying to myself").wait_for()
        first = alice.page.locator("#thread li.comment").first
        first.locator("summary", has_text="Edit").first.click()
        first.get_by_label("Edit your comment").first.fill("Edited: is this net?")
        first.get_by_role("button", name="Save").first.click()
        alice.page.locator("#thread", has_text="Edited: is this net?").wait_for()
        reply = alice.page.locator("li.comment.depth-1")
        reply.get_by_role("button", name="Delete").click()
        alice.page.locator("li.comment.depth-1", has_text="[deleted]").wait_for()
        _register(moderator, "mod")
        moderator.goto(story)
        target = moderator.page.locator("#thread li.comment", has_text="Edited: is this net?").first
        target.get_by_role("button", name="Hide").first.click()
        moderator.page.locator("li.comment.hidden-comment").first.wait_for()
        alice.goto(story)
        assert "Edited: is this net?" not in alice.page.locator("#thread").inner_text()
        assert "[hidden by a moderator]" in alice.page.locator("#thread").inner_text()
        assert alice.errors == [] and moderator.errors == []
    finally:
        alice.close()
        moderator.close()


def test_xss_in_comment_and_headline_is_shown_as_text(browser: Any, server: LiveServer) -> None:
    w = Watched(browser, server.url)
    try:
        _register(w, "xavier")
        payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
        w.goto("/news")
        w.page.get_by_label("Headline").fill(payload + " Acme to cut 700 jobs")
        w.page.get_by_role("button", name="Submit and see its context card").click()
        w.page.wait_for_load_state("networkidle")
        assert "/news/user:" in w.page.url
        assert payload in w.page.locator("h1.story-headline").inner_text()  # shown as typed, as text
        assert w.page.locator("h1.story-headline img").count() == 0
        w.page.get_by_label("Add a comment").fill(payload)
        w.page.get_by_role("button", name="Post comment").click()
        w.page.locator("#thread .comment-body", has_text="window.__xss=2").wait_for()
        assert w.page.locator("#thread .comment-body img, #thread .comment-body script").count() == 0
        w.goto("/news")
        assert w.page.evaluate("window.__xss") is None
        w.page.reload()
        assert w.page.evaluate("window.__xss") is None
        assert [e for e in w.errors if "__xss" in e] == []
    finally:
        w.close()


def test_logged_out_post_is_refused(watched: Watched) -> None:
    watched.goto(_story_path(watched))
    assert watched.page.get_by_label("Add a comment").count() == 0  # no form offered
    status = watched.page.evaluate("""async () => {
        const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-Token'];
        const body = new URLSearchParams({story_id: 'news:sample_news:n0001', body: 'sneaky', csrf_token: token});
        const r = await fetch('/comments', {method: 'POST', body});
        return r.status; }""")
    assert status == 401
    forged = watched.context.request.post(f"{watched.page.url.split('/news')[0]}/comments",
                                          form={"story_id": "news:sample_news:n0001", "body": "forged"})
    assert forged.status == 403  # no CSRF token at all


def test_keyboard_and_phone(browser: Any, server: LiveServer) -> None:
    phone = Watched(browser, server.url, width=390)
    try:
        phone.goto("/")
        phone.page.keyboard.press("Tab")
        phone.page.keyboard.press("Tab") if phone.page.evaluate("document.activeElement.className") != "skip" else None
        assert phone.page.evaluate("document.activeElement.textContent") == "Skip to content"
        phone.page.keyboard.press("Enter")
        assert phone.page.evaluate("location.hash") == "#main"
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 400, "the overview scrolls sideways on a phone"
        labels_missing = phone.page.evaluate("""() => [...document.querySelectorAll('input, select, textarea')]
            .filter(e => e.type !== 'hidden' && !e.labels?.length && !e.getAttribute('aria-label')).length""")
        assert labels_missing == 0
        assert phone.errors == []
    finally:
        phone.close()
