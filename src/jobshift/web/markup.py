"""User text to safe HTML: a small Markdown subset (emphasis, code, lists, quotes, links), then sanitised.

markdown-it-py runs with raw HTML disabled (so `<script>` stays text), only a few rules enabled; nh3 then
keeps only the tags and attributes below and forces links to rel="nofollow noopener ugc".
"""

from __future__ import annotations

from functools import cache
from typing import Final

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS: Final[set[str]] = {"p", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "a", "br"}
ALLOWED_ATTRIBUTES: Final[dict[str, set[str]]] = {"a": {"href"}}
MAX_LENGTH: Final[int] = 5000


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "backticks", "list", "blockquote", "link", "newline", "fence", "escape", "code"])
    return md


def render(text: str) -> str:
    """Sanitised HTML of a comment or story text (Markdown subset)."""
    html = _parser().render(text[:MAX_LENGTH])
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="nofollow noopener ugc")
