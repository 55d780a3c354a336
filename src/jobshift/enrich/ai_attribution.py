"""How a layoff text ties the cuts to AI: stated, reported, adjacent, denied or none (issue #9, items 1 and 4).

`attribute_ai(text, tag, source=...)` takes the text `attribute_layoff` read and its `LayoffTag` (reason and
evidence, including any AI negation it found) and returns an `AiAttribution`: the level, the evidence span,
the speaker when known (employer | filing | news | analyst) and a confidence from the rule that decided.
The cue lexicons (cut phrases, denials with their negation scope, cause connectives, speaker cues, adjacency
phrases) and confidences are data (`jobshift/data/ai_attribution.yaml`, whose header gives the decision order);
definitions with real examples are in docs/method.md.  Pure; compiled once.
"""

from __future__ import annotations

import bisect
import functools
import importlib.resources
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import yaml

from jobshift.enrich.layoffs import LayoffTag, ai_term_pattern, url_words

__all__ = ["AI_ATTRIBUTIONS", "AiAttribution", "attribute_ai"]

AI_ATTRIBUTIONS: Final = ("stated", "reported", "adjacent", "denied", "none")
_SENTENCE_END: Final = re.compile(r"[.!?;]\s|\n")
_MAX_EVIDENCE: Final = 160
_ANALYST: Final = "analyst"
_COUNT: Final = r"(?:\d[\d,.]*|dozens|hundreds|thousands|several|many)"


@dataclass(frozen=True, slots=True)
class AiAttribution:
    level: str
    evidence: str | None
    speaker: str | None
    confidence: float


@dataclass(frozen=True, slots=True)
class _Speakers:
    filing: re.Pattern[str]
    analyst: re.Pattern[str]
    news: re.Pattern[str]
    news_context: re.Pattern[str]
    employer: re.Pattern[str]
    employer_document: re.Pattern[str]
    first_person: re.Pattern[str]
    filing_sources: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class _Rules:
    default_causal: str
    max_chars: int
    confidence: dict[str, float]
    speakers: _Speakers
    cut_cues: tuple[re.Pattern[str], ...]
    cut_negation: re.Pattern[str]
    denial: tuple[re.Pattern[str], ...]
    causal_cues: tuple[re.Pattern[str], ...]
    forecast: re.Pattern[str]
    horizon: re.Pattern[str]
    adjacent: tuple[re.Pattern[str], ...]
    not_adjacent: tuple[re.Pattern[str], ...]
    slug_adjacent: re.Pattern[str]
    names: re.Pattern[str]
    clause_split: re.Pattern[str]
    clause_negation: re.Pattern[str]
    clause_link: re.Pattern[str]
    clause_investment: re.Pattern[str]
    clause_cause: re.Pattern[str]
    slug_not_adjacent: tuple[re.Pattern[str], ...]
    negation_before: re.Pattern[str]
    negation_window: int
    unclaimed: re.Pattern[str]
    clause_break: re.Pattern[str]
    ai_term: re.Pattern[str]
    gate: re.Pattern[str]
    pivot: re.Pattern[str]
    causal: re.Pattern[str]


@functools.lru_cache(maxsize=1)
def _rules() -> _Rules:
    text = importlib.resources.files("jobshift").joinpath("data/ai_attribution.yaml").read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text))


def _compile(patterns: list[str], ai: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p.replace("<AI>", ai), re.IGNORECASE) for p in patterns)


def _parse(raw: dict[str, Any]) -> _Rules:
    ai = f"(?:{ai_term_pattern()}|{raw['ai_extra']})"
    if raw["default_causal"] not in ("stated", "reported"):
        raise ValueError("ai_attribution.yaml: default_causal must be stated or reported")
    sp = raw["speakers"]
    speakers = _Speakers(
        filing=re.compile(sp["filing"], re.IGNORECASE),
        analyst=re.compile(sp["analyst"], re.IGNORECASE),
        news=re.compile(sp["news"], re.IGNORECASE),
        news_context=re.compile(sp["news_context"], re.IGNORECASE),
        employer=re.compile(sp["employer"], re.IGNORECASE),
        employer_document=re.compile(sp["employer_document"], re.IGNORECASE),
        first_person=re.compile(sp["first_person"], re.IGNORECASE),
        filing_sources=tuple(re.compile(p) for p in raw["filing_sources"]),
    )
    return _Rules(
        default_causal=raw["default_causal"],
        max_chars=int(raw["max_chars"]),
        confidence={k: float(v) for k, v in raw["confidence"].items()},
        speakers=speakers,
        cut_cues=_compile([p.replace("<N>", _COUNT) for p in raw["cut_cues"]], ai),
        cut_negation=re.compile(raw["cut_negation_before"], re.IGNORECASE),
        denial=_compile(raw["denial"], ai),
        causal_cues=_compile(raw["causal"], ai),
        forecast=re.compile(raw["forecast_words"], re.IGNORECASE),
        horizon=re.compile(raw["forecast_horizon"], re.IGNORECASE),
        adjacent=_compile(raw["adjacent"], ai),
        not_adjacent=_compile(raw["not_adjacent"], ai),
        slug_adjacent=re.compile(raw["slug_adjacent"]),
        names=re.compile(raw["names"]),
        clause_split=re.compile(raw["clause_split"], re.IGNORECASE),
        clause_negation=re.compile(raw["clause_negation"], re.IGNORECASE),
        clause_link=re.compile(raw["clause_link"], re.IGNORECASE),
        clause_investment=re.compile(raw["clause_investment"], re.IGNORECASE),
        clause_cause=re.compile(raw["clause_cause"], re.IGNORECASE),
        slug_not_adjacent=tuple(re.compile(p, re.MULTILINE) for p in raw["slug_not_adjacent"]),
        negation_before=re.compile(raw["negation_before"], re.IGNORECASE),
        negation_window=int(raw["negation_window"]),
        unclaimed=re.compile(raw["unclaimed_before"], re.IGNORECASE),
        clause_break=re.compile(raw["clause_break"], re.IGNORECASE),
        ai_term=re.compile(ai, re.IGNORECASE),
        gate=re.compile(f"{ai}|{raw['gate_extra']}", re.IGNORECASE),
        pivot=re.compile(raw["pivot_words"], re.IGNORECASE),
        causal=re.compile(raw["causal_words"], re.IGNORECASE),
    )


@functools.lru_cache(maxsize=16)
def _ends(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Starts and ends of the sentence breaks of `text` (cached: the rules ask for many sentences of one text)."""
    found = list(_SENTENCE_END.finditer(text))
    return tuple(m.start() for m in found), tuple(m.end() for m in found)


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end]."""
    starts, ends = _ends(text)
    before = bisect.bisect_right(ends, start) - 1
    lo = ends[before] if before >= 0 else 0
    after = bisect.bisect_left(starts, end)
    return text[lo : starts[after] if after < len(starts) else len(text)]


def _quoted(evidence: str | None) -> str | None:
    """The quoted words of a LayoffTag evidence part ("ai_explicit: 'replaced by AI'")."""
    if not evidence:
        return None
    m = re.search(r"'(.+)'", evidence)
    return m.group(1) if m else evidence


def _is_cut(body: str, rules: _Rules) -> bool:
    """A cut phrase `attribute_layoff` does not read ("parting ways with 85 colleagues"), not negated."""
    for pattern in rules.cut_cues:
        for m in pattern.finditer(body):
            if rules.cut_negation.search(body[max(0, m.start() - 40) : m.start()]) is None:
                return True
    return False


def _negated(body: str, start: int, rules: _Rules) -> bool:
    """A negation word in the clause just before `start` ("not because AI replaced them")."""
    before = body[max(0, start - rules.negation_window) : start]
    breaks = list(rules.clause_break.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    return rules.negation_before.search(before) is not None


def _first(patterns: tuple[re.Pattern[str], ...], body: str,
           accept: Callable[[re.Match[str]], bool] | None = None) -> re.Match[str] | None:
    """The earliest match of any pattern (that `accept` takes, when given)."""
    found = [next((m for m in p.finditer(body) if accept is None or accept(m)), None) for p in patterns]
    hits = [m for m in found if m is not None]
    return min(hits, key=lambda m: m.start()) if hits else None


def _free(body: str, masks: tuple[re.Pattern[str], ...]) -> Callable[[int, int], bool]:
    """Tells whether a span overlaps no match of `masks` (the AI team being cut, the firm's AI trade or name)."""
    spans = [m.span() for p in masks for m in p.finditer(body)]

    def free(start: int, end: int) -> bool:
        return all(end <= lo or start >= hi for lo, hi in spans)
    return free


def _outside(body: str, masks: tuple[re.Pattern[str], ...]) -> Callable[[re.Match[str]], bool]:
    """Accepts a match that overlaps no span of `masks`."""
    free = _free(body, masks)
    return lambda m: free(m.start(), m.end())


def _unclaimed(body: str, start: int, rules: _Rules) -> bool:
    """The words before `start` say nobody makes the claim ("did not say", "without saying")."""
    return rules.unclaimed.search(body[max(0, start - 60) : start]) is not None


def _forecast(body: str, start: int, end: int, rules: _Rules) -> bool:
    """The sentence around a span forecasts ("AI could eliminate 30% of banking jobs by 2030")."""
    sentence = _sentence(body, start, end)
    return rules.forecast.search(sentence) is not None and rules.horizon.search(sentence) is not None


def _speaker(sentence: str, body: str, source: str | None, sp: _Speakers) -> str | None:
    """Who makes the claim in `sentence`: filing | analyst | news | employer, or None (the writer's voice)."""
    if source and any(p.search(source) for p in sp.filing_sources):
        return "filing"
    if sp.filing.search(sentence):
        return "filing"
    source_cue = _source(sentence, sp)
    if source_cue is not None:
        return source_cue
    if sp.news_context.search(sentence):
        return "news"
    if sp.employer.search(sentence):
        return "employer"
    source_cue = _source(body, sp)
    if source_cue is not None:
        return source_cue
    if sp.first_person.search(sentence) or sp.employer_document.search(body) or sp.first_person.search(body):
        return "employer"
    return None


def _denier(body: str, start: int, end: int, source: str | None, sp: _Speakers) -> str:
    """Who negates AI as the cause: filing | employer, else news (a negation in the writer's voice)."""
    sentence = _sentence(body, start, end)
    if (source and any(p.search(source) for p in sp.filing_sources)) or sp.filing.search(sentence):
        return "filing"
    if sp.employer.search(sentence) or sp.employer_document.search(body) or sp.first_person.search(sentence):
        return "employer"
    return "news"


def _source(text: str, sp: _Speakers) -> str | None:
    """A non-employer source named in `text`: analyst or news (sources, former staff, a report), else None."""
    if sp.analyst.search(text):
        return _ANALYST
    return "news" if sp.news.search(text) else None


def _span(body: str, words: str) -> tuple[int, int]:
    at = body.lower().find(words.lower()) if words else -1
    return (at, at + len(words)) if at != -1 else (0, min(len(body), 400))


def _clauses(body: str, rules: _Rules) -> list[tuple[int, str]]:
    """(offset, text) of each clause: sentences cut at `clause_split`."""
    out: list[tuple[int, str]] = []
    cuts = sorted({0, len(body), *(x for m in _SENTENCE_END.finditer(body) for x in m.span()),
                   *(x for m in rules.clause_split.finditer(body) for x in m.span())})
    for lo, hi in itertools.pairwise(cuts):
        if body[lo:hi].strip():
            out.append((lo, body[lo:hi]))
    return out


def _by_clause(body: str, source: str | None, rules: _Rules) -> AiAttribution | None:
    """The clause-level fallbacks: an AI term (not a name, trade or cut team) with a negation and a link word
    -> denied; with an investment / pivot word -> adjacent; with a cause word -> stated / reported."""
    free = _free(body, (*rules.not_adjacent, rules.names, *rules.slug_not_adjacent))
    conf = rules.confidence
    causal: tuple[int, str] | None = None
    for offset, clause in _clauses(body, rules):
        if not any(free(m.start() + offset, m.end() + offset) for m in rules.ai_term.finditer(clause)):
            continue
        if _forecast(body, offset, offset + 1, rules):
            continue
        words = clause.strip()[:_MAX_EVIDENCE]
        if rules.clause_negation.search(clause) and rules.clause_link.search(clause):
            who = _denier(body, offset, offset + len(clause), source, rules.speakers)
            return AiAttribution("denied", words, who, conf["denied"])
        if rules.clause_investment.search(clause):
            return _adjacent(body, words, offset, rules)
        if causal is None and rules.clause_cause.search(clause):
            causal = (offset, words)
    if causal is None:
        return None
    return _causal_level(body, causal[1], causal[0], source, rules)


def _adjacent(body: str, words: str, start: int, rules: _Rules) -> AiAttribution:
    """Adjacent, unless a non-employer source (sources, analysts, former staff) ties the AI move to the cuts in
    the same sentence: then it is their attribution, reported ("... as the company leans on AI, according to
    people familiar")."""
    source = _source(_sentence(body, start, start + len(words)), rules.speakers)
    if source is not None and not _forecast(body, start, start + len(words), rules):
        return AiAttribution("reported", words, source, rules.confidence["reported"])
    return AiAttribution("adjacent", words, None, rules.confidence["adjacent"])


def _causal_level(body: str, words: str, start: int, source: str | None, rules: _Rules) -> AiAttribution:
    """Stated or reported by who makes the causal claim (`words` at `start`); denied when it is negated."""
    conf = rules.confidence
    if words and _negated(body, start, rules):
        who = _denier(body, start, start + len(words), source, rules.speakers)
        return AiAttribution("denied", words, who, conf["denied"])
    speaker = _speaker(_sentence(body, start, start + len(words)), body, source, rules.speakers)
    if speaker in ("filing", "employer"):
        return AiAttribution("stated", words, speaker, conf["stated_speech"])
    if speaker is not None:
        return AiAttribution("reported", words, speaker, conf["reported"])
    return AiAttribution(rules.default_causal, words, None, conf["stated_default"])


def _article_slug(url: str | None) -> str:
    """The words of the URL's article slug: the path segment with the most word separators."""
    if not url:
        return ""
    segments = [seg for seg in re.split(r"[/?#]", url.split("://", 1)[-1])[1:] if seg]
    if not segments:
        return ""
    return url_words("/" + max(segments, key=lambda seg: len(re.findall(r"[-_+]", seg))))


def _causal(body: str, tag: LayoffTag, rules: _Rules) -> tuple[str, str] | None:
    """("causal" | "adjacent", words): a causal AI phrase of this file, else the tag's ai_explicit phrase
    (adjacent when it only says the company moves toward AI)."""
    m = _first(rules.causal_cues, body, lambda m: not (_forecast(body, m.start(), m.end(), rules)
                                                      or _unclaimed(body, m.start(), rules)))
    if m is not None:
        return "causal", m.group(0)
    if tag.reason == "ai_explicit":
        words = _quoted((tag.reason_evidence or "").split(";", 1)[0]) or ""
        start, end = _span(body, words)
        if words and (_forecast(body, start, end, rules) or _unclaimed(body, start, rules)):
            return None
        if rules.pivot.search(words) is not None and rules.causal.search(words) is None:
            return "adjacent", words  # toward AI, not because of it
        return "causal", words
    return None


def _denied(body: str, evidence: str, source: str | None, rules: _Rules) -> AiAttribution | None:
    """An AI negation: the tag's (layoff_reasons.yaml) or a `denial` phrase of this file."""
    words = _quoted(evidence.split("AI negated:", 1)[1]) if "AI negated:" in evidence else None
    if words and _unclaimed(body, _span(body, words)[1], rules):
        words = None  # "without saying AI would do the work": no claim, so nothing is denied
    if not words:
        m = _first(rules.denial, body)
        if m is None:
            return None
        words = m.group(0)
    start, end = _span(body, words or "")
    return AiAttribution("denied", words, _denier(body, start, end, source, rules.speakers), rules.confidence["denied"])


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
    text that neither `attribute_layoff` nor this file's `cut_cues` read as job cuts has nothing to attribute."""
    rules = _rules()
    conf = rules.confidence
    slug = url_words(url)
    head = (text or "")[: rules.max_chars]
    body = f"{head}\n{slug}" if slug else head
    if not (tag.is_layoff or layoff_known or _is_cut(body, rules)):
        return AiAttribution("none", None, None, conf["none_no_ai"])  # no cuts to attribute
    evidence = tag.reason_evidence or ""
    if "AI negated:" not in evidence and tag.reason != "ai_explicit" and rules.gate.search(body) is None:
        return AiAttribution("none", None, None, conf["none_no_ai"])  # no AI word: no rule can apply
    denied = _denied(body, evidence, source, rules)
    if denied is not None:
        return denied
    found = _causal(body, tag, rules)
    if found is not None and found[0] == "adjacent":
        return _adjacent(body, found[1], _span(body, found[1])[0], rules)
    if found is not None:
        return _causal_level(body, found[1], _span(body, found[1])[0], source, rules)
    m = _first(rules.adjacent, body, _outside(body, (*rules.not_adjacent, rules.names, *rules.slug_not_adjacent)))
    if m is not None:
        return _adjacent(body, m.group(0)[:_MAX_EVIDENCE], m.start(), rules)
    clause = _by_clause(body, source, rules)
    if clause is not None:
        return clause
    slug_tail = _article_slug(url)
    m = _first((rules.slug_adjacent,), slug_tail, _outside(slug_tail, rules.slug_not_adjacent))
    if m is not None:
        return AiAttribution("adjacent", m.group(0), None, conf["adjacent_slug"])
    if rules.ai_term.search(body):
        return AiAttribution("none", None, None, conf["none_ai_mentioned"])
    return AiAttribution("none", None, None, conf["none_no_ai"])
