"""Layoff events: why (reason with evidence), how many (headcount / percent) and who (company).

`attribute_layoff` reads a headline, description or WARN reason - plus the words of the source URL's slug
(".../pinterest-layoffs-cuts-15-percent-ai-transformation") - and returns a `LayoffTag`: whether the text
describes job cuts at all, the reason (one of `REASONS`) with the words that decided it, the headcount and
percent when the text gives them, and the company (given, or taken from the head of a headline).

The phrase lists, their priorities and the negation rules are data (`jobshift/data/layoff_reasons.yaml`,
whose header documents each reason and the decisions taken, e.g. that "investing in AI" alongside cuts is
`restructuring`, not `ai_explicit`). `extract_headcount` finds "about 1,100 jobs", "10% of its workforce",
"97K", "a third of staff" while skipping years, money, totals ("of its 5,000 employees") and rankings.

Pure functions; the rules are compiled once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final
from urllib.parse import unquote, urlsplit

import yaml

from jobshift.fields import LAYOFF_REASONS

REASONS: Final[tuple[str, ...]] = LAYOFF_REASONS

_RULES_RESOURCE = "data/layoff_reasons.yaml"
_TERM = re.compile(r"<([A-Z_]+)>")
_CLAUSE_END = re.compile(r"[.;!?]\s|\bbut\b|\bhowever\b|\s[-–—|]\s", re.IGNORECASE)
_MAX_TEXT = 20_000
_SNIPPET = 120

# A number: "1,100", "97", "1.2" - not glued to a word, currency sign, decimal point or hyphen.
_NUM = r"(?<![\w$€£¥.,/:+-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(k|thousand|million|mn|m)\b)?(\+?)"
_PERCENT_SIGN = r"\s*(?:%|percent\b|per\s+cent\b|pc\b)"
_SCALES: Final[dict[str, int]] = {
    "k": 1_000,
    "thousand": 1_000,
    "million": 1_000_000,
    "mn": 1_000_000,
    "m": 1_000_000,
}
_NOT_A_COUNT_AFTER = re.compile(
    r"\s*(?:%|percent\b|per\s+cent\b|pc\b|years?\b|yrs?\b|months?\b|weeks?\b|days?\b|hours?\b|minutes?\b|"
    r"times\b|x\b|billion\b|bn\b|b\b|million\b|dollars?\b|usd\b|eur\b|gbp\b|stores?\b|locations?\b|offices?\b|"
    r"countries\b|cities\b|markets?\b|projects?\b|products?\b|points?\b|basis\b|q[1-4]\b|quarter)",
    re.IGNORECASE,
)
_URL_ID = re.compile(r"^(?:\d{5,}|[a-z0-9]*\d[a-z0-9]*[a-z][a-z0-9]*\d[a-z0-9]*|[0-9a-f]{8,})$")
_SLUG_THOUSANDS = re.compile(r"\b(\d{1,3}) (\d{3})\b")
_URL_EXT = re.compile(r"\.(?:html?|php|aspx?|jsp|cms|ece|amp)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LayoffTag:
    """What a layoff text says: a cut at all, its reason (+ evidence), company, headcount, percent (0-100)."""

    is_layoff: bool
    reason: str
    reason_evidence: str | None
    company: str | None
    headcount: int | None
    percent: float | None


@dataclass(frozen=True, slots=True)
class _Reason:
    reason: str
    priority: int
    negatable: bool
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class _Headcount:
    noun_led: re.Pattern[str]
    verb_led: re.Pattern[str]
    n_of_m: re.Pattern[str]
    percent_of: re.Pattern[str]
    percent_verb: re.Pattern[str]
    fraction: re.Pattern[str]
    slug_percent: re.Pattern[str]
    paren_count: re.Pattern[str]
    total_before: re.Pattern[str]
    forecast_before: re.Pattern[str]
    count_noun: re.Pattern[str]
    fractions: dict[str, float]
    max_headcount: int


@dataclass(frozen=True, slots=True)
class _Company:
    headline: re.Pattern[str]
    not_companies: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Rules:
    reasons: tuple[_Reason, ...]
    ai_negations: tuple[re.Pattern[str], ...]
    negation_before: re.Pattern[str]
    negation_window: int
    layoff_cues: tuple[re.Pattern[str], ...]
    cue_negation_before: re.Pattern[str]
    cue_negation_after: re.Pattern[str]
    headcount: _Headcount
    company: _Company


# ----------------------------------------------------------------------------------- loading the rules


def _expand(pattern: str, terms: dict[str, str]) -> str:
    def repl(match: re.Match[str]) -> str:
        if match.group(1) not in terms:
            raise ValueError(f"layoff_reasons.yaml: unknown term <{match.group(1)}> in {pattern!r}")
        return terms[match.group(1)]

    return _TERM.sub(repl, pattern)


def _rx(pattern: str, terms: dict[str, str] | None = None, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    source = _expand(pattern, terms) if terms else pattern
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise ValueError(f"layoff_reasons.yaml: bad regex {pattern!r}: {exc}") from exc


def _parse_reasons(raw: list[dict[str, Any]], terms: dict[str, str]) -> tuple[_Reason, ...]:
    reasons = []
    for entry in raw:
        reason = str(entry["reason"])
        if reason not in REASONS or reason == "unknown":
            raise ValueError(f"layoff_reasons.yaml: unknown reason {reason!r}")
        patterns = tuple(_rx(p, terms) for p in entry["patterns"])
        reasons.append(_Reason(reason, int(entry["priority"]), bool(entry.get("negatable")), patterns))
    return tuple(sorted(reasons, key=lambda r: r.priority))


def _parse_headcount(raw: dict[str, Any]) -> _Headcount:
    nouns, approx, verbs, workforce = raw["nouns"], raw["approx"], raw["verbs"], raw["workforce"]
    between = rf"(?:(?!(?:{nouns}|percent|per|pc)\b)[a-z][a-z&'’.-]*\s+){{0,{int(raw['max_between'])}}}?"
    fractions = {str(k).lower(): float(v) for k, v in raw["fractions"].items()}
    fraction_words = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(fractions, key=len, reverse=True))
    owner = r"(?:(?:its|the|their|his|her|our|[\w.&-]+['’]s|[\w.&-]+)\s+)?"
    return _Headcount(
        noun_led=_rx(rf"{_NUM}\s*(?:-\s*)?(?P<between>{between})(?P<noun>{nouns})\b"),
        verb_led=_rx(rf"\b{verbs}\s+{approx}{_NUM}"),
        n_of_m=_rx(rf"{_NUM}\s+of\s+{approx}(?:\d[\d,.]*\s*(?:k|thousand|million)?\+?)\s+{between}{nouns}\b"),
        percent_of=_rx(rf"{_NUM}{_PERCENT_SIGN}\s+(?:of\s+)?(?:[~≈]?[\w,.'’-]+\s+){{0,3}}?{workforce}\b"),
        percent_verb=_rx(rf"\b{verbs}\s+{approx}{_NUM}{_PERCENT_SIGN}"),
        fraction=_rx(rf"\b({fraction_words})\s+(?:of\s+)?{owner}(?:[\w-]+\s+){{0,2}}?{workforce}\b"),
        slug_percent=_rx(
            rf"\b(\d{{1,2}})(?={_SLUG_SHARE.pattern})|"
            r"\b(?:workforce|headcount|staff)\s+by\s+(\d{1,2})\b(?!\s*(?:percent|%))"
        ),
        paren_count=_rx(rf"[^()]{{0,3}}\(\s*{approx}{_NUM}\s*(?:{nouns})?\s*\)"),
        total_before=_rx(raw["total_before"]),
        forecast_before=_rx(raw["forecast_before"]),
        count_noun=_rx(rf"\s*(?:-\s*)?{raw['count_nouns']}\b"),
        fractions=fractions,
        max_headcount=int(raw["max_headcount"]),
    )


def _parse_company(raw: dict[str, Any]) -> _Company:
    word = r"[A-Z0-9][\w&.'’/+-]*"
    joiner = r"(?:&|of|de|and|the|for)"
    name = rf"{word}(?:\s+(?:{word}|{joiner})){{0,{int(raw['max_words']) - 1}}}?"
    pattern = (
        rf"^\W*(?P<name>{name})(?:['’]s)?\s*(?:\([^)]{{0,60}}\)\s*)?"
        rf"(?i:(?:{raw['auxiliaries']})\s+)*(?:[a-z]+\s+){{0,2}}?(?i:{raw['verbs']})\b"
    )
    return _Company(_rx(pattern, flags=0), frozenset(str(w).lower() for w in raw["not_companies"]))


def parse_rules(raw: dict[str, Any]) -> _Rules:
    """Validate and compile a parsed layoff_reasons.yaml (exposed so tests can check rule files)."""
    terms: dict[str, str] = {}
    for name, value in (raw.get("terms") or {}).items():
        terms[str(name)] = _expand(str(value), terms)
    return _Rules(
        reasons=_parse_reasons(raw["reasons"], terms),
        ai_negations=tuple(_rx(p, terms) for p in raw["ai_negations"]),
        negation_before=_rx(raw["negation_before"]),
        negation_window=int(raw["negation_window"]),
        layoff_cues=tuple(_rx(p, terms) for p in raw["layoff_cues"]),
        cue_negation_before=_rx(raw["layoff_cue_negation_before"]),
        cue_negation_after=_rx(raw["layoff_cue_negation_after"]),
        headcount=_parse_headcount(raw["headcount"]),
        company=_parse_company(raw["company"]),
    )


@cache
def _raw_rules() -> dict[str, Any]:
    text = resources.files("jobshift").joinpath(_RULES_RESOURCE).read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    return raw


@cache
def _rules() -> _Rules:
    return parse_rules(_raw_rules())


@cache
def ai_term_pattern() -> str:
    """The regex source of the AI term (`terms.AI` in layoff_reasons.yaml), shared with other rule files."""
    return _expand(str(_raw_rules()["terms"]["AI"]), {})


# ----------------------------------------------------------------------------------- text helpers


def url_words(url: str | None) -> str:
    """The words of a URL's path ("/2024/01/pinterest-layoffs-cuts-15-percent" -> "pinterest layoffs cuts
    15 percent"): dates, numeric ids, hashes and file extensions dropped; "2percent" -> "2 percent"."""
    if not url:
        return ""
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return ""
    words: list[str] = []
    segments = [s for s in unquote(path).split("/") if s]
    for index, segment in enumerate(segments):
        segment = _URL_EXT.sub("", segment)
        if not re.search(r"[A-Za-z]", segment):
            continue
        if index < len(segments) - 1 and not re.search(r"[-_+]", segment):
            continue  # a section name ("/economy/", "/tech/"), not the slug
        for token in re.split(r"[-_+.,\s]+", segment):
            token = token.lower()
            if not token or _URL_ID.match(token):
                continue
            if not words and re.fullmatch(r"\d{4,}", token) and not 1990 <= int(token) <= 2035:
                continue  # a leading article id ("9837-exclusive-...")
            words.append(re.sub(r"^(\d+)(percent|pc)$", r"\1 percent", token))
    # Slugs drop thousands commas: "lay-off-1-700-staff" -> "1,700".
    return _SLUG_THOUSANDS.sub(r"\1,\2", " ".join(words))


def _clause_start(text: str, pos: int, window: int) -> int:
    """Where the look-back window before `pos` starts: `window` chars back, but not before a clause end."""
    start = max(0, pos - window)
    last = start
    for match in _CLAUSE_END.finditer(text, start, pos):
        last = match.end()
    return last


def _snippet(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


@dataclass(frozen=True, slots=True)
class _Hit:
    reason: str
    priority: int
    words: str
    where: str


def _negated_spans(text: str, rules: _Rules) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for rx in rules.ai_negations for m in rx.finditer(text)]


def _is_negated(text: str, match: re.Match[str], spans: list[tuple[int, int, str]], rules: _Rules) -> bool:
    if any(start < match.end() and match.start() < end for start, end, _ in spans):
        return True
    start = _clause_start(text, match.start(), rules.negation_window)
    return rules.negation_before.search(text, start, match.start()) is not None


def _reason_hits(text: str, where: str, rules: _Rules) -> tuple[_Hit | None, str | None]:
    """The highest-priority reason matched in one text, and the first AI negation seen (if any)."""
    spans = _negated_spans(text, rules)
    negation = spans[0][2] if spans else None
    for reason in rules.reasons:
        for rx in reason.patterns:
            for match in rx.finditer(text):
                if reason.negatable and _is_negated(text, match, spans, rules):
                    if negation is None:
                        start = _clause_start(text, match.start(), rules.negation_window)
                        negation = text[start : match.end()]
                    continue
                return _Hit(reason.reason, reason.priority, match.group(0), where), negation
    return None, negation


def _has_layoff_cue(text: str, rules: _Rules) -> bool:
    for rx in rules.layoff_cues:
        for match in rx.finditer(text):
            start = _clause_start(text, match.start(), 30)
            if rules.cue_negation_before.search(text, start, match.start()):
                continue
            if rules.cue_negation_after.search(text[match.end() : match.end() + 40]):
                continue
            return True
    return False


# ----------------------------------------------------------------------------------- headcount


def _to_number(digits: str, scale: str | None) -> float:
    value = float(digits.replace(",", ""))
    return value * _SCALES[scale.lower()] if scale else value


def _year_like(digits: str, scale: str | None) -> bool:
    return scale is None and "," not in digits and "." not in digits and 1990 <= int(digits) <= 2035


# In a URL slug "%" is lost: "cuts-20-of-staff", "lays-off-30-workforce" give a share, not a count.
_SLUG_SHARE = re.compile(
    r"\s+(?:(?:of\s+(?:its\s+|the\s+|their\s+)?|its\s+|their\s+)(?:[a-z]+\s+){0,2}?"
    r"(?:staff|workforce|employees|team|headcount|workers|jobs|firm|company)|workforce|in\s+headcount)\b"
)
# Nouns that name the cut itself: "12,000 layoffs" but not "100 Thieves layoffs".
_EVENT_NOUNS = re.compile(r"layoffs|job\s+cuts|redundancies|workforce\s+reductions?", re.IGNORECASE)
_EVENT_ADJECTIVES = frozenset(
    {
        "additional",
        "more",
        "new",
        "further",
        "planned",
        "potential",
        "proposed",
        "corporate",
        "global",
        "announced",
        "total",
        "tech",
    }
)


def _count_candidates(text: str, hc: _Headcount, slug: bool) -> Iterator[tuple[int, int, str]]:
    """(position, count, evidence) for every plausible headcount, in no particular order."""
    for match in hc.n_of_m.finditer(text):
        yield match.start(), round(_to_number(match.group(1), match.group(2))), match.group(0)
    for match in hc.noun_led.finditer(text):
        digits, scale = match.group(1), match.group(2)
        before = text[max(0, match.start() - 40) : match.start()]
        if hc.total_before.search(before) or hc.forecast_before.search(before):
            continue
        if _year_like(digits, scale) and not hc.count_noun.match(text, match.end(3)):
            continue
        if slug and (_SLUG_SHARE.match(text, match.end(3)) or _year_like(digits, scale)):
            continue
        between = match.group("between").lower().split()
        if _EVENT_NOUNS.fullmatch(match.group("noun")) and not set(between) <= _EVENT_ADJECTIVES:
            continue
        yield match.start(), round(_to_number(digits, scale)), match.group(0)
    for match in hc.verb_led.finditer(text):
        digits, scale = match.group(1), match.group(2)
        after = text[match.end() : match.end() + 20]
        if (scale and scale.lower() in ("million", "mn", "m")) or _NOT_A_COUNT_AFTER.match(after):
            continue
        if slug and (_SLUG_SHARE.match(after) or _year_like(digits, scale) or " by " in match.group(0)):
            continue  # "cuts 20 of staff" in a URL slug lost its "%"
        if _year_like(digits, scale) and not hc.count_noun.match(after):
            continue
        yield match.start(), round(_to_number(digits, scale)), match.group(0)


def _percent_candidates(text: str, hc: _Headcount, slug: bool) -> Iterator[tuple[int, float, str, int]]:
    """(position, percent, evidence, end) for every plausible share of the workforce."""
    for rx in (hc.percent_of, hc.percent_verb):
        for match in rx.finditer(text):
            yield match.start(), _to_number(match.group(1), None), match.group(0), match.end()
    for match in hc.fraction.finditer(text):
        key = re.sub(r"\s+", " ", match.group(1).lower())
        yield match.start(), hc.fractions[key], match.group(0), match.end()
    if slug:
        for match in hc.slug_percent.finditer(text):
            yield match.start(), float(match.group(1) or match.group(2)), match.group(0), match.end()


def _headcount(text: str, slug: bool = False) -> tuple[int | None, float | None, str | None]:
    hc = _rules().headcount
    text = text[:_MAX_TEXT]
    counts = sorted((c for c in _count_candidates(text, hc, slug) if 1 <= c[1] <= hc.max_headcount), key=lambda c: c[0])
    percents = sorted((p for p in _percent_candidates(text, hc, slug) if 0 < p[1] <= 100), key=lambda p: p[0])
    headcount = counts[0][1] if counts else None
    percent = round(percents[0][1], 1) if percents else None
    evidence = [counts[0][2]] if counts else []
    if percents:
        evidence.append(percents[0][2])
        for _, _, _, end in percents if headcount is None else ():
            paren = hc.paren_count.match(text, end)
            if paren is not None:
                headcount = round(_to_number(paren.group(1), paren.group(2)))
                evidence.append(paren.group(0).strip())
                break
    if headcount is not None and not 1 <= headcount <= hc.max_headcount:
        headcount = None
    return headcount, percent, "; ".join(_snippet(e) for e in evidence) or None


def extract_headcount(text: str) -> tuple[int | None, float | None, str | None]:
    """(headcount, percent 0-100, evidence span) stated in a layoff text; None where it does not say.

    The earliest plausible count wins: "N jobs/employees/roles...", "cuts/lays off N", "layoffs of N",
    "N of M employees" (-> N), "97K", "1.2 million jobs"; skipped are years ("in 2023"), money ("$2
    billion", "cut $10B"), totals ("of its 5,000 employees", "company with 900 staff"), AI forecasts
    ("AI will replace 7,800 jobs") and numbers that count nothing ("Top 500"). Percent: "10% of its
    workforce", "cuts 15 percent", "a third of staff" (33.3), "half its staff" (50).
    """
    if not text:
        return None, None, None
    return _headcount(text)


# ----------------------------------------------------------------------------------- company


def headline_company(text: str | None) -> str | None:
    """The company a headline starts with, when a layoff verb follows it ("Amazon to cut 14,000 jobs" ->
    "Amazon", "LinkedIn (Microsoft subsidiary) cuts ..." -> "LinkedIn"). A simple heuristic: up to four
    capitalised words at the very start; a person's name before the verb is taken too ("Elon Musk lays
    off ..." -> "Elon Musk"). None when the text does not start that way."""
    if not text:
        return None
    rules = _rules().company
    match = rules.headline.match(text.strip()[:300])
    if match is None:
        return None
    name = re.sub(r"['’]s$", "", match.group("name").strip(" -–—:,"))
    if not name or name.split()[0].lower().strip(".,:") in rules.not_companies:
        return None
    return name


# ----------------------------------------------------------------------------------- public API


def attribute_layoff(text: str | None, *, company: str | None = None, url: str | None = None) -> LayoffTag:
    """Reason (with evidence), cut or not, company, headcount and percent for a layoff text and its URL."""
    rules = _rules()
    body = (text or "")[:_MAX_TEXT]
    slug = url_words(url)
    parts = [(body, "text"), (slug, "url")]
    best: _Hit | None = None
    negation: str | None = None
    for part, where in parts:
        if not part:
            continue
        hit, negated = _reason_hits(part, where, rules)
        negation = negation or negated
        if hit is not None and (best is None or hit.priority < best.priority):
            best = hit
    is_layoff = any(_has_layoff_cue(part, rules) for part, _ in parts if part) or (
        best is not None and best.reason == "closure"
    )
    evidence_parts = []
    if best is not None:
        source = " (url)" if best.where == "url" else ""
        evidence_parts.append(f"{best.reason}: '{_snippet(best.words)}'{source}")
    if negation is not None:
        evidence_parts.append(f"AI negated: '{_snippet(negation)}'")
    headcount, percent = None, None
    if is_layoff:
        headcount, percent, _ = _headcount(body) if body else (None, None, None)
        if headcount is None and percent is None and slug:
            headcount, percent, _ = _headcount(slug, slug=True)
    given = company.strip() if company and company.strip() else None
    return LayoffTag(
        is_layoff=is_layoff,
        reason=best.reason if best is not None else "unknown",
        reason_evidence="; ".join(evidence_parts) or None,
        company=given or headline_company(body),
        headcount=headcount,
        percent=percent,
    )
