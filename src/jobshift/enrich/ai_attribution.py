"""How a layoff text ties the cuts to AI: stated, reported, adjacent, denied or none (issue #9, item 1).

`attribute_ai(text, tag, source=...)` takes the text `attribute_layoff` read and its `LayoffTag` (reason and
evidence, including any AI negation it found) and returns an `AiAttribution`: the level, the evidence span,
the speaker when known (employer | filing | news | analyst) and a confidence from the rule that decided.
Rules and confidences are data (`jobshift/data/ai_attribution.yaml`, whose header gives the order);
definitions with real examples are in docs/method.md.  Pure; compiled once.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from dataclasses import dataclass
from typing import Any, Final

import yaml

from jobshift.enrich.layoffs import LayoffTag, ai_term_pattern, url_words

__all__ = ["AI_ATTRIBUTIONS", "AiAttribution", "attribute_ai"]

AI_ATTRIBUTIONS: Final = ("stated", "reported", "adjacent", "denied", "none")
_SENTENCE_END: Final = re.compile(r"[.!?;]\s|\n")
_MAX_EVIDENCE: Final = 160


@dataclass(frozen=True, slots=True)
class AiAttribution:
    level: str
    evidence: str | None
    speaker: str | None
    confidence: float


@dataclass(frozen=True, slots=True)
class _Rules:
    default_causal: str
    confidence: dict[str, float]
    employer: re.Pattern[str]
    reported: re.Pattern[str]
    filing_sources: tuple[re.Pattern[str], ...]
    adjacent: tuple[re.Pattern[str], ...]
    causal_cues: tuple[re.Pattern[str], ...]
    ai_term: re.Pattern[str]
    pivot: re.Pattern[str]
    causal: re.Pattern[str]


@functools.lru_cache(maxsize=1)
def _rules() -> _Rules:
    text = importlib.resources.files("jobshift").joinpath("data/ai_attribution.yaml").read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text))


def _parse(raw: dict[str, Any]) -> _Rules:
    ai = ai_term_pattern()
    if raw["default_causal"] not in ("stated", "reported"):
        raise ValueError("ai_attribution.yaml: default_causal must be stated or reported")
    return _Rules(
        default_causal=raw["default_causal"],
        confidence={k: float(v) for k, v in raw["confidence"].items()},
        employer=re.compile(raw["employer_speech"], re.IGNORECASE),
        reported=re.compile(raw["reported_speech"], re.IGNORECASE),
        filing_sources=tuple(re.compile(p) for p in raw["filing_sources"]),
        adjacent=tuple(re.compile(p.replace("<AI>", ai), re.IGNORECASE) for p in raw["adjacent"]),
        causal_cues=tuple(re.compile(p.replace("<AI>", ai), re.IGNORECASE) for p in raw["causal"]),
        ai_term=re.compile(ai, re.IGNORECASE),
        pivot=re.compile(raw["pivot_words"], re.IGNORECASE),
        causal=re.compile(raw["causal_words"], re.IGNORECASE),
    )


def _sentence(text: str, start: int, end: int) -> str:
    lo = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        lo = m.end()
    found = _SENTENCE_END.search(text, end)
    return text[lo : found.start() if found else len(text)]


def _quoted(evidence: str | None) -> str | None:
    """The quoted words of a LayoffTag evidence part ("ai_explicit: 'replaced by AI'")."""
    if not evidence:
        return None
    m = re.search(r"'(.+)'", evidence)
    return m.group(1) if m else evidence


def attribute_ai(
    text: str | None,
    tag: LayoffTag,
    *,
    source: str | None = None,
    url: str | None = None,
    layoff_known: bool = False,
) -> AiAttribution:
    """The AI attribution level of a layoff text and its URL slug (see the module docstring).

    `layoff_known`: the record is a layoff whatever the text says (a WARN notice, a tracker row); otherwise a
    text that `attribute_layoff` does not read as job cuts has nothing to attribute (level none)."""
    rules = _rules()
    conf = rules.confidence
    slug = url_words(url)
    body = f"{text or ''}\n{slug}" if slug else (text or "")
    evidence = tag.reason_evidence or ""
    if not (tag.is_layoff or layoff_known):
        return AiAttribution("none", None, None, conf["none_no_ai"])  # no cuts to attribute
    if "AI negated:" in evidence:
        words = _quoted(evidence.split("AI negated:", 1)[1])
        return AiAttribution("denied", words, "employer", conf["denied"])
    words = None
    if tag.reason == "ai_explicit":
        words = _quoted(evidence.split(";", 1)[0]) or ""
        if rules.pivot.search(words) is not None and rules.causal.search(words) is None:
            return AiAttribution("adjacent", words, None, conf["adjacent"])  # toward AI, not because of it
    else:
        for pattern in rules.causal_cues:
            m = pattern.search(body)
            if m is not None:
                words = m.group(0)
                break
    if words is not None:
        at = body.lower().find(words.lower()) if words else -1
        sentence = _sentence(body, at, at + len(words)) if at != -1 else body[:400]
        if source and any(p.search(source) for p in rules.filing_sources):
            return AiAttribution("stated", words, "filing", conf["stated_speech"])
        reported = rules.reported.search(sentence)
        if reported is not None:
            speaker = "analyst" if re.search(r"analyst|expert|economist", reported.group(0), re.I) else "news"
            return AiAttribution("reported", words, speaker, conf["reported"])
        if rules.employer.search(sentence) is not None:
            return AiAttribution("stated", words, "employer", conf["stated_speech"])
        if rules.default_causal == "stated":
            return AiAttribution("stated", words, None, conf["stated_default"])
        return AiAttribution("reported", words, None, conf["stated_default"])
    for pattern in rules.adjacent:
        m = pattern.search(body)
        if m is not None:
            return AiAttribution("adjacent", m.group(0)[:_MAX_EVIDENCE], None, conf["adjacent"])
    if rules.ai_term.search(body):
        return AiAttribution("none", None, None, conf["none_ai_mentioned"])
    return AiAttribution("none", None, None, conf["none_no_ai"])
