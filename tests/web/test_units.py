"""Small pieces of the web app: the versioned cache, month filling, Markdown sanitising, the card window."""

from __future__ import annotations

import threading
import time
from datetime import date

from jobshift.web.cache import VersionedCache
from jobshift.web.figures import fill_months
from jobshift.web.markup import render
from jobshift.web.newscard import _window


def test_cache_forgets_older_versions_and_bounds_its_size() -> None:
    cache = VersionedCache(size=2)
    cache.put("v1", "a", 1)
    assert cache.get("v1", "a") == 1
    assert cache.get("v2", "a") is None  # a new data version empties the cache
    cache.put("v1", "a", 1)  # a late write for the old version is dropped
    assert cache.get("v2", "a") is None
    for key in "abc":
        cache.put("v2", key, key)
    assert len(cache) == 2 and cache.get("v2", "a") is None


def test_cache_computes_a_missing_key_once_for_concurrent_callers() -> None:
    cache = VersionedCache()
    calls = []

    def slow() -> str:
        calls.append(1)
        time.sleep(0.2)
        return "value"

    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get_or_compute("v", "k", slow)))
               for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["value"] * 5 and len(calls) == 1


def test_fill_months_makes_an_even_axis() -> None:
    rows = [{"month": "2023-11", "n": 1}, {"month": "2024-02", "n": 2}]
    assert [r["month"] for r in fill_months(rows)] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert fill_months([]) == []


def test_markdown_subset_is_sanitised() -> None:
    html = render("**bold** <b>raw</b> [ok](https://example.org) [bad](javascript:alert(1)) <script>x</script>")
    assert "<strong>bold</strong>" in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html and "&lt;script&gt;" in html
    assert 'href="https://example.org"' in html and "nofollow" in html
    assert "javascript:" not in html.split("[bad]")[0] and 'href="javascript' not in html


def test_card_window_is_the_quarter_ending_with_the_story_or_the_data() -> None:
    window = _window(date(2024, 2, 10), "2024-06")
    assert (window.start, window.end) == ("2023-12", "2024-02")
    newer = _window(date(2026, 11, 24), "2024-06")
    assert (newer.start, newer.end) == ("2024-04", "2024-06")
    undated = _window(None, "2024-01")
    assert (undated.start, undated.end) == ("2023-11", "2024-01")
    assert _window(None, None).start is None
