"""The HTML report opened in a real browser (Debian's Chromium, headless, via Playwright): its inline SVG
charts are drawn and a screenshot of the page is not blank. Skipped, with the reason, only when Chromium
or Playwright is not installed; `.ci/run` (make test) installs Chromium.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from jobshift.report import build_report

CHROMIUM = os.environ.get("JOBSHIFT_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
if not shutil.which(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium; make test does it)", allow_module_level=True)


def test_report_renders_its_charts_in_chromium(filled: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    report = build_report(filled, tmp_path / "out", formats=("html",))
    errors: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: errors.append(f"network request: {r.url}")
                    if not r.url.startswith(("file:", "data:", "about:")) else None)
            page.goto(report.files["html"].resolve().as_uri())
            page.wait_for_load_state("load")
            drawn = page.evaluate("""() => [...document.querySelectorAll('.chart svg')].map(s => {
                const b = s.getBoundingClientRect();
                return {w: b.width, h: b.height, marks: s.querySelectorAll('path, rect, line, text').length}; })""")
            screenshot = page.screenshot(full_page=True)
            blank = browser.new_page(viewport={"width": 1100, "height": 900})
            blank.set_content("<html><body style='background:#fff'></body></html>")
            blank_shot = blank.screenshot(full_page=True)
        finally:
            browser.close()
    assert errors == []  # self-contained: no console errors and no request off the file
    assert len(drawn) >= 4, "the report has its charts inline"
    assert all(c["w"] > 200 and c["h"] > 80 and c["marks"] > 10 for c in drawn), drawn
    # A blank page compresses to almost nothing; text, tables and charts do not.
    assert screenshot[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(screenshot) > 20 * len(blank_shot), (len(screenshot), len(blank_shot))
    (tmp_path / "report.png").write_bytes(screenshot)
