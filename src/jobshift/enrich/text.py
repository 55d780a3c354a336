"""Fast HTML-to-text for posting bodies (Hacker News comments, ATS HTML, Markdown with stray tags).

`strip_html` turns block-level tags (`<p>`, `<br>`, `<li>`, `<div>`, headings, table rows) into newlines,
drops every other tag (an `<a href="...">label</a>` keeps only its visible label), and decodes HTML entities
(`&#x2F;`, `&#x27;`, `&amp;`, `&quot;`, named and numeric).  Text without `<` or `&` is returned unchanged,
so plain text costs one scan.  The output is what the skill tagger reports spans against.
"""

from __future__ import annotations

import functools
import re
from html.entities import html5
from typing import Final

__all__ = ["has_cjk", "strip_html"]

_BLOCK_TAG_RE: Final = re.compile(
    r"<\s*/?\s*(?:p|br|li|ul|ol|div|h[1-6]|tr|table|pre|blockquote|hr)\b[^>]*>", re.I
)
_ANY_TAG_RE: Final = re.compile(r"<[!/a-zA-Z][^>]*>")
# Hacker News writes "&#x27;" and "&#x2F;" constantly; plain replacements for those are cheaper than a regex
# callback.  Everything else goes through one regex with a cached callback.  Decoding is single-pass, so
# "&amp;#x27;" becomes the literal text "&#x27;".
_FAST_ENTITIES: Final = (("&#x27;", "'"), ("&#x2F;", "/"))
_ENTITY_RE: Final = re.compile(r"&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([a-zA-Z][a-zA-Z0-9]{1,31}));")
_entity_cache: dict[str, str] = {}
_CJK_RE: Final = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@functools.lru_cache(maxsize=8)
def strip_html(text: str) -> str:
    """Return the visible text of an HTML fragment: block tags become newlines, entities are decoded.

    Cached for the last few texts: enriching one posting strips its description for the skill tagger, the
    pay parser and the duplicate key alike.
    """
    if "<" in text:
        text = _BLOCK_TAG_RE.sub("\n", text)
        if "<" in text:
            text = _ANY_TAG_RE.sub("", text)
    if "&" in text:
        text = _decode_entities(text)
    return text


def _decode_entities(text: str) -> str:
    """Decode HTML entities (named, decimal, hex); unknown or invalid ones are left as they are."""
    if "&amp;" not in text:
        for entity, char in _FAST_ENTITIES:
            if entity in text:
                text = text.replace(entity, char)
        if "&" not in text:
            return text
    return _ENTITY_RE.sub(_entity_char, text)


def _entity_char(match: re.Match[str]) -> str:
    """Replacement for one entity, cached by its spelling."""
    raw = match.group(0)
    char = _entity_cache.get(raw)
    if char is None:
        hex_code, dec_code, name = match.groups()
        char = raw
        if name is not None:
            char = html5.get(name + ";", raw)
        else:
            code = int(hex_code, 16) if hex_code is not None else int(dec_code)
            if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                char = chr(code)
        if len(_entity_cache) < 4096:
            _entity_cache[raw] = char
    return char


def has_cjk(text: str) -> bool:
    """True when the text contains Chinese, Japanese or Korean characters (no scan for ASCII text)."""
    return not text.isascii() and _CJK_RE.search(text) is not None
