"""Pay parsing: salary text or structured pay fields -> annual US dollars, or a stated reason for refusing.

Two entry points:

`parse_salary_text(text, on=, default_currency=)`
    Finds the first pay statement in free text ("$150k–$200k", "120,000 - 160,000 USD per year",
    "£60-70k + equity", "€55k", "$55/hr", "$8,000/month", "$500 per day", "₹12-18 LPA", "INR 25 lakhs",
    "20-30K·14薪", "CHF 120'000", "1.6-2.5万元") and converts it.
`annualise(min_amount, max_amount, currency, period, on=)`
    The same conversion for structured fields (e.g. LinkedIn min_salary/max_salary/pay_period/currency).

Annual = amount x periods per year (hour 2080, day 260, week 52, biweekly 26, month 12 or the stated
number of monthly salaries, e.g. "14薪"), then x the dated FX rate in `jobshift/data/fx_rates.yaml`
(approximate yearly averages; `on` picks the year, None means the newest rate).

Three kinds of result, never a guess:

* pay found: `min_usd`/`max_usd` set; a single figure ("$170k") is both ends, except "from $X" / "$X+"
  (max None) and "up to $Y" (min None),
  `reject_reason` None;
* no pay stated: every field None.  Also what a figure that is clearly not pay gives: funding ("$5M seed
  round", "raised $38.5MM"), revenue/market sizes, "401(k)", relocation/sign-on/learning budgets;
* pay stated but rejected: `reject_reason` set, `min_usd`/`max_usd` None, the parsed amount, currency and
  period kept for inspection.  Reasons: "min_gt_max", "below_min_annual" (< $1,000 a year),
  "above_max_annual" (> $5,000,000), "unknown_currency", "unknown_period", "ambiguous_period" (no
  period and too small to be annual, e.g. "$8,000" alone), "no_number" (a short salary field with no
  figure, e.g. "Competitive").

Currency rules: "$" is USD unless written CA$/A$/S$/R$ or followed by a code (CAD, AUD ...); "¥" is CNY
in text with Chinese characters, JPY otherwise; numbers without a currency are only read as pay when the
caller gives `default_currency`, the text is Chinese (CNY) or says lakh/LPA (INR), and some pay evidence
exists (k/万 multiplier, a period, a word like "salary", or a short salary-only field).  Chinese monthly
conventions apply in Chinese text: "20-30k" without a period is monthly.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import importlib.resources
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, NamedTuple

import yaml

from jobshift.enrich.text import has_cjk, strip_html

__all__ = ["PERIODS_PER_YEAR", "Pay", "annualise", "fx_usd_per_unit", "load_fx_rates", "parse_salary_text"]

MIN_ANNUAL_USD: Final = 1_000.0
MAX_ANNUAL_USD: Final = 5_000_000.0
PERIODS_PER_YEAR: Final[dict[str, float]] = {
    "year": 1.0,
    "month": 12.0,
    "biweekly": 26.0,
    "week": 52.0,
    "day": 260.0,
    "hour": 2080.0,
}
_SHORT_FIELD: Final = 40  # a text this short is taken to be a salary field, not a posting


@dataclass(frozen=True, slots=True)
class Pay:
    """Annualised pay; see the module docstring for the three kinds of result."""

    min_usd: float | None
    max_usd: float | None
    currency: str | None
    period: str | None
    min_amount: float | None
    max_amount: float | None
    text: str | None
    reject_reason: str | None


NO_PAY: Final = Pay(None, None, None, None, None, None, None, None)

# ------------------------------------------------------------------------------------------------
# FX


@functools.lru_cache(maxsize=4)
def load_fx_rates(path: Path | None = None) -> dict[str, tuple[tuple[dt.date, ...], tuple[float, ...]]]:
    """Currency -> (sorted start dates, USD per unit) from the dated FX YAML (packaged file by default)."""
    if path is None:
        raw = importlib.resources.files("jobshift").joinpath("data/fx_rates.yaml").read_text(encoding="utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    doc = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(doc, dict):
        raise ValueError("fx_rates YAML must map currency codes to lists of {from, usd_per_unit}")
    table: dict[str, tuple[tuple[dt.date, ...], tuple[float, ...]]] = {}
    for code, entries in doc.items():
        rows = sorted((_fx_date(e["from"]), float(e["usd_per_unit"])) for e in entries)
        if not rows or any(rate <= 0 for _, rate in rows):
            raise ValueError(f"fx_rates: {code} needs positive rates")
        table[str(code).upper()] = (tuple(d for d, _ in rows), tuple(r for _, r in rows))
    return table


def _fx_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def fx_usd_per_unit(currency: str, on: dt.date | None = None) -> float | None:
    """USD per unit of `currency` on a date (newest rate when None; earliest when before the table)."""
    entry = load_fx_rates().get(currency.upper())
    if entry is None:
        return None
    dates, rates = entry
    if on is None:
        return rates[-1]
    i = bisect.bisect_right(dates, on) - 1
    return rates[max(i, 0)]


# ------------------------------------------------------------------------------------------------
# Structured fields

_PERIOD_NAMES: Final[dict[str, str]] = {
    **dict.fromkeys(["year", "yearly", "annual", "annually", "yr", "y", "a", "pa", "p.a.", "annum"], "year"),
    **dict.fromkeys(["month", "monthly", "mo", "mth", "m"], "month"),
    **dict.fromkeys(["biweekly", "bi-weekly", "fortnight", "fortnightly"], "biweekly"),
    **dict.fromkeys(["week", "weekly", "wk", "w"], "week"),
    **dict.fromkeys(["day", "daily", "d"], "day"),
    **dict.fromkeys(["hour", "hourly", "hr", "h"], "hour"),
}
_CURRENCY_SYMBOLS: Final[dict[str, str]] = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "ca$": "CAD",
    "c$": "CAD",
    "a$": "AUD",
    "au$": "AUD",
    "s$": "SGD",
    "sg$": "SGD",
    "r$": "BRL",
    "￥": "CNY",
    "rmb": "CNY",
    "元": "CNY",
    "人民币": "CNY",
    "美元": "USD",
    "欧元": "EUR",
    "英镑": "GBP",
    "日元": "JPY",
    "円": "JPY",
    "yen": "JPY",
    "zł": "PLN",
    "zl": "PLN",
    "₪": "ILS",
    "nis": "ILS",
    "fr.": "CHF",
    "kr": "SEK",
    "euro": "EUR",
    "euros": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "pound": "GBP",
    "pounds": "GBP",
    "rupees": "INR",
    "francs": "CHF",
    "nz$": "NZD",
    "hk$": "HKD",
    "港币": "HKD",
}


def annualise(
    min_amount: float | None,
    max_amount: float | None,
    currency: str | None,
    period: str | None,
    *,
    on: dt.date | None = None,
) -> Pay:
    """Convert a structured pay range to annual USD (see the module docstring for results and reasons)."""
    if min_amount is None and max_amount is None:
        return NO_PAY
    cur = _normalise_currency(currency) if currency else "USD"
    per = _normalise_period(period) if period else None
    if period and per is None:
        return _reject("unknown_period", min_amount, max_amount, cur, str(period), None)
    return _convert(min_amount, max_amount, cur, per, on=on, text=None)


def _normalise_currency(currency: str) -> str:
    key = currency.strip()
    return _CURRENCY_SYMBOLS.get(key.lower(), key.upper())


def _normalise_period(period: str) -> str | None:
    key = period.strip().lower()
    return _PERIOD_NAMES.get(key) or _PERIOD_NAMES.get(key.rstrip("s"))


def _convert(
    low: float | None,
    high: float | None,
    currency: str,
    period: str | None,
    *,
    on: dt.date | None,
    text: str | None,
    months: int | None = None,
    monthly_default: bool = False,
) -> Pay:
    """Validate and annualise one range.  `period` None is inferred from the size of the amounts."""
    for value in (low, high):
        if value is not None and math.isnan(value):
            return _reject("no_number", low, high, currency, period, text)
    if low is not None and high is not None and low > high:
        return _reject("min_gt_max", low, high, currency, period, text)
    rate = fx_usd_per_unit(currency, on)
    if rate is None:
        return _reject("unknown_currency", low, high, currency, period, text)
    if period is None:
        period = _infer_period(max(v for v in (low, high) if v is not None) * rate, monthly_default)
        if period is None:
            return _reject("ambiguous_period", low, high, currency, None, text)
    per_year = float(months) if (period == "month" and months) else PERIODS_PER_YEAR[period]
    lo_usd = None if low is None else low * per_year * rate
    hi_usd = None if high is None else high * per_year * rate
    for usd in (lo_usd, hi_usd):
        if usd is not None and usd < MIN_ANNUAL_USD:
            return _reject("below_min_annual", low, high, currency, period, text)
        if usd is not None and usd > MAX_ANNUAL_USD:
            return _reject("above_max_annual", low, high, currency, period, text)
    return Pay(
        min_usd=None if lo_usd is None else round(lo_usd, 2),
        max_usd=None if hi_usd is None else round(hi_usd, 2),
        currency=currency,
        period=period,
        min_amount=low,
        max_amount=high,
        text=text,
        reject_reason=None,
    )


def _infer_period(amount_usd: float, monthly_default: bool) -> str | None:
    """No period stated: an amount worth >= $10k is annual; Chinese-style small amounts are monthly."""
    if monthly_default and amount_usd < 30_000:
        return "month"
    if amount_usd >= 10_000:
        return "year"
    return None


def _reject(
    reason: str,
    low: float | None,
    high: float | None,
    currency: str | None,
    period: str | None,
    text: str | None,
) -> Pay:
    return Pay(None, None, currency, period, low, high, text, reason)


# ------------------------------------------------------------------------------------------------
# Free text

_KNOWN_UNSUPPORTED: Final = (
    "NZD HKD MXN ZAR KRW TRY RUB CZK HUF RON AED THB IDR MYR VND ARS CLP COP NGN KES EGP PKR BDT UAH BGN"
    " TWD SAR"
)
_CODES: Final = "USD EUR GBP CAD AUD INR CNY JPY CHF SEK PLN SGD BRL NOK DKK ILS RMB " + _KNOWN_UNSUPPORTED
_CODE_RE: Final = "|".join(_CODES.split())
_PREFIX: Final = (
    r"(?:(?<![A-Za-z])(?:US\$|CA\$|C\$|AU\$|A\$|SG\$|S\$|R\$|NZ\$|HK\$|Rs\.?|Fr\.|(?:"
    + _CODE_RE
    + r")(?![A-Za-z]))"
    r"|[$€£₹¥￥₪])"
)
_SUFFIX: Final = (
    r"(?:(?:" + _CODE_RE + r"|euros?|dollars?|pounds?|rupees|francs|yen|zł|zl|kr|nis)(?![A-Za-z])"
    r"|元|人民币|美元|欧元|英镑|日元|円|港币|[$€£₪])"
)
_NUMBER: Final = r"\d{1,3}(?:[,.'’\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?(?![\d])|\d+(?:[.,]\d+)?"
_MULT: Final = (
    r"(?:(?P<mA>[kK万千wW])(?![A-Za-z])|\s?(?P<mB>thousand|million|mil|mm|mn|m|bn|billion|b|lakhs?|lacs?|lpa|l"
    r"|crores?|cr|k)(?![A-Za-z]))"
)


def _amount(n: int) -> str:
    """Regex for one amount: optional currency, number, optional multiplier, optional currency."""
    mult = _MULT.replace("?P<mA>", f"?P<ma{n}>").replace("?P<mB>", f"?P<mb{n}>")
    return (
        rf"(?:(?P<pre{n}>{_PREFIX})\s?)?(?<![A-Za-z0-9_.,])(?P<num{n}>{_NUMBER})(?:\s?\+)?{mult}?"
        rf"(?:\s?(?P<suf{n}>{_SUFFIX}))?"
    )


_RANGE_SEP: Final = r"\s*(?:-|–|—|‑|−|~|〜|～|－|to|and|until|至|到)\s*"
_PAY_RE: Final = re.compile(_amount(1) + r"(?:" + _RANGE_SEP + _amount(2) + r")?", re.IGNORECASE)

_PERIOD_WORDS: Final[dict[str, str]] = {
    **dict.fromkeys(["hour", "hours", "hr", "hrs", "h", "hourly", "小时", "时"], "hour"),
    **dict.fromkeys(["day", "days", "d", "daily", "天", "日", "day rate"], "day"),
    **dict.fromkeys(["week", "weeks", "wk", "wks", "weekly", "周"], "week"),
    **dict.fromkeys(["month", "months", "mo", "mos", "mth", "monthly", "月"], "month"),
    **dict.fromkeys(
        [
            "year",
            "years",
            "yr",
            "yrs",
            "y",
            "annum",
            "annually",
            "yearly",
            "annual",
            "pa",
            "p.a.",
            "p.a",
            "年",
        ],
        "year",
    ),
}
_PERIOD_AFTER_RE: Final = re.compile(
    r"\s*(?:\((?:usd|eur|gbp)\)\s*)?(?:(?:base|gross|salary|total|comp|ote)\s+)?"
    r"(?:(?:/\s*)?(?P<unit>day rate|p\.a\.?|hourly|daily|weekly|monthly|annually|yearly|annual|pa)"
    r"|(?:/\s*|(?:per|an?|each|every)\s+|每)(?P<unit2>annum|hours?|hrs?|days?|weeks?|wks?|months?|mos?|mth|years?"
    r"|yrs?|h|d|y|小时|时|天|日|周|月|年)"
    r"|(?P<unit3>小时|天|日|周|月|年))(?![A-Za-z])",
    re.IGNORECASE,
)
_PERIOD_BEFORE_RE: Final = re.compile(
    r"(?P<unit>hourly|per hour|daily|day rate|per day|weekly|monthly|per month|annual|annually|yearly"
    r"|per year"
    r"|per annum|年薪|月薪|时薪|日薪|月base)[^.\n]{0,30}$",
    re.IGNORECASE,
)
_PERIOD_BEFORE_MAP: Final[dict[str, str]] = {
    "hourly": "hour",
    "per hour": "hour",
    "时薪": "hour",
    "daily": "day",
    "day rate": "day",
    "per day": "day",
    "日薪": "day",
    "weekly": "week",
    "monthly": "month",
    "per month": "month",
    "月薪": "month",
    "月base": "month",
    "annual": "year",
    "annually": "year",
    "yearly": "year",
    "per year": "year",
    "per annum": "year",
    "年薪": "year",
}
_MONTHS_RE: Final = re.compile(
    r"\s*(?:/\s*[月年]\s*)?[,，]?\s*(?:[·*x×✕]\s*(?P<a>\d{2})(?!\d)(?:\s*薪)?|(?P<b>\d{2})\s*薪)"
)
_NOT_PAY_AFTER_RE: Final = re.compile(
    r"\s*(?:in\s+|of\s+)?(?:series|seed|pre-seed|round|raise|raised|funding|financing|valuation|arr\b"
    r"|revenue|sales|market|investment|invested|grant|contract|budget|stipend|reloc|relocation|signing|sign-on"
    r"|sign on|bonus|credit|prize|gdp|trade|users|customers|transactions|volume|aum|assets|gmv|tam\b|capital"
    r"|fund|loan|deal|acquisition|exit|mrr|learning|education|home office|equipment|wellness|per employee"
    r"|worth|spend|savings|in\s+annual|薪|个月|个|岁|人|%|年(?:以上|经验|工作|及以上))",
    re.IGNORECASE,
)
_NOT_PAY_BEFORE_RE: Final = re.compile(
    r"\b(?:raised|raise|raising|funding|financing|valued at|valuation|revenue|arr of|backed|invest|grant"
    r"|budget"
    r"|stipend|relocation|signing bonus|sign-on bonus|bonus of|market (?:size|cap|value|of|worth)|tam of|gmv"
    r"|processed|processing|manages?"
    r"|managing|worth|saved|savings|costs?|spend|price|priced|pricing|fees?|discount|donat\w*|prize|award"
    r"|deal|contract|over|more than|nearly|almost|north of|allowance|reimburse\w*)\b[^.\n]{0,25}$",
    re.IGNORECASE,
)
_PAY_CUE_BEFORE_RE: Final = re.compile(
    r"(?:salary|salaries|pay|paying|compensation|comp|base|wage|rate|ote|ctc|package|range|薪资|薪酬|月薪|年薪"
    r"|待遇|工资|时薪|日薪|薪水|底薪)[^.\n]{0,25}$",
    re.IGNORECASE,
)
# For a currency inferred from the place only: a pay word anywhere earlier in the sentence, or just after.
_CUE_REACH: Final = 90
_SENTENCE_PAY_CUE_RE: Final = re.compile(
    r"\b(?:salary|salaries|pay|compensation|comp|base|wages?|ote)\b[^.!?\n]*$", re.IGNORECASE
)
_PAY_CUE_AFTER_RE: Final = re.compile(
    r"\s*(?:\+\s*)?(?:usd\s+)?(?:base|salary|ote|total\s+comp|compensation|annual|annually|p\.?a\.?\b)",
    re.IGNORECASE,
)
_DIGIT_RE: Final = re.compile(r"\d")
_DIGIT_RUN_RE: Final = re.compile(r"\d+")
_SYMBOLS: Final = frozenset("$€£₹¥￥₪")
_MAX_PREFIX: Final = 5  # longest currency prefix plus a space: "CA$ ", "CHF ", "Rs. "
_PREFIX_END_RE: Final = re.compile(
    r"(?:(?:US|CA|C|AU|A|SG|S|R|NZ|HK)\$|[$€£₹¥￥₪]|Rs\.?|Fr\.|[A-Za-z]{3})\s?$", re.IGNORECASE
)
_SALARY_WORDS_RE: Final = re.compile(
    r"[$€£₹¥]|\b(?:salary|pay|comp|compensation|wage|rate|competitive|negotiable|doe|doq|tbd|market rate"
    r"|usd|eur"
    r"|gbp|k)\b|面议|薪",
    re.IGNORECASE,
)
_NOT_A_SALARY_IN_PROSE: Final = frozenset({"ambiguous_period", "below_min_annual"})
_NON_PAY_TOKENS_RE: Final = re.compile(r"(?<![$€£¥₹\d,.\-–~])(?<![-–~] )\b40[13]\s?\(?[kb]\)?", re.IGNORECASE)
_MULTIPLIERS: Final[dict[str, float]] = {
    "k": 1e3,
    "thousand": 1e3,
    "千": 1e3,
    "万": 1e4,
    "w": 1e4,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "lacs": 1e5,
    "lpa": 1e5,
    "l": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "cr": 1e7,
}
_HUGE: Final = frozenset({"m", "mm", "mn", "mil", "million", "b", "bn", "billion"})
_INR_MULTS: Final = frozenset({"lakh", "lakhs", "lac", "lacs", "lpa", "l", "crore", "crores", "cr"})


class _Candidate(NamedTuple):
    """One money-looking match, read but not yet validated (a NamedTuple: one is built per figure)."""

    low: float
    high: float | None
    currency: str | None  # None: no currency written
    mult: str | None
    start: int
    end: int


def parse_salary_text(
    text: str | None, *, on: dt.date | None = None, default_currency: str | None = None,
    place_currency: str | None = None,
) -> Pay:
    """First pay statement in `text` as annual USD (see the module docstring); never raises on bad input.

    `default_currency` is the source's own currency field: any figure without a currency takes it.
    `place_currency` is only inferred from the posting's country or location, so a figure without a currency
    takes it only when the figure is plainly pay - the salary field itself, or a pay word in the same sentence
    before it ("Salary ranges for the role are 140k-180k") or right after it ("160k - 200k base salary") -
    never "200k+ content producers" or "ISO 16949" in a US posting."""
    if not text or not text.strip():
        return NO_PAY
    clean = strip_html(text) if ("<" in text or "&" in text) else text
    short = len(clean.strip()) <= _SHORT_FIELD
    if _DIGIT_RE.search(clean) is None:
        if short and _SALARY_WORDS_RE.search(clean):
            return _reject("no_number", None, None, None, None, clean.strip())
        return NO_PAY
    if "401" in clean or "403" in clean:
        clean = _NON_PAY_TOKENS_RE.sub(lambda m: " " * len(m.group(0)), clean)
    cjk = has_cjk(clean)
    if not (default_currency or place_currency or cjk) and not _may_name_currency(clean):
        return NO_PAY  # only a figure with a currency (or in lakh/crore) could be pay, and none is written
    first_reject: Pay | None = None
    for match in _matches(clean):
        cand = _read(match)
        if cand is None:
            continue
        currency = default_currency
        if not _is_pay(clean, cand, cjk, short, default_currency):
            if not (place_currency and cand.currency is None and (short or _pay_worded(clean, cand))
                    and _is_pay(clean, cand, cjk, short, place_currency)):
                continue
            currency = place_currency
        pay = _finish(clean, cand, cjk, currency, on)
        if pay.reject_reason is None:
            return pay
        if not short and pay.reject_reason in _NOT_A_SALARY_IN_PROSE:
            continue  # "$7/month", "$30": prices and small sums in prose, not pay statements
        first_reject = first_reject or pay
    return first_reject or NO_PAY


# Characters that may not come right before a figure's number (the lookbehind in _amount): a digit run after
# one of these never yields a match, whatever currency token precedes it.
_NOT_BEFORE_NUMBER: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.,")
_LEAD_CANDIDATES: Final = _SYMBOLS | {" ", "."}
_CODE_SET: Final = frozenset(_CODES.split())
_THREE_LETTERS_RE: Final = re.compile(r"[A-Za-z]{3}\s?")


# What _PREFIX, _SUFFIX and the lakh/crore multipliers can match: symbols and CJK words by substring, the
# words and codes as whole runs of ASCII letters (the regexes need a non-letter either side of them).
_CURRENCY_CHARS: Final = ("$", "€", "£", "₹", "¥", "￥", "₪", "元", "円", "人民币", "英镑", "港币", "ł", "Ł")
_CURRENCY_WORDS: Final = frozenset(
    [c.lower() for c in _CODES.split()]
    + ["euro", "euros", "dollar", "dollars", "pound", "pounds", "rupees", "francs", "yen", "zl", "kr", "nis", "rs"]
    + ["fr"]
    + sorted(_INR_MULTS)
)
# Characters that re.IGNORECASE matches to an ASCII letter (İ ı ſ K): with one of them present the whole-word
# test below could miss a match, so such text is not filtered.
_ASCII_CASE_FOLDS: Final = ("\u0130", "\u0131", "\u017f", "\u212a")
_ASCII_LETTER_RUNS: Final = bytes(b if 65 <= b <= 90 or 97 <= b <= 122 else 32 for b in range(256))


def _may_name_currency(text: str) -> bool:
    """False only when no _PAY_RE match in `text` can have a currency or a lakh/crore multiplier (a cheap
    necessary test: then a text without a default or place currency, and not Chinese, states no pay)."""
    if any(c in text for c in _CURRENCY_CHARS):
        return True
    if not text.isascii() and any(c in text for c in _ASCII_CASE_FOLDS):
        return True
    words = text.encode("utf-8").translate(_ASCII_LETTER_RUNS).decode("ascii").lower().split()
    return not _CURRENCY_WORDS.isdisjoint(words)


def _matches(text: str) -> Iterator[re.Match[str]]:
    """Non-overlapping _PAY_RE matches, tried only at each run of digits (or at the currency token
    just before it).  The regex has no literal prefix, so running it at every character of a long
    posting (as finditer would) costs far more."""
    last_end = 0
    for digits in _DIGIT_RUN_RE.finditer(text):
        pos = digits.start()
        if pos < last_end:
            continue
        prev = text[pos - 1] if pos else ""
        if prev in _NOT_BEFORE_NUMBER and prev:
            continue  # "v2", "1.5", "x86": the number's lookbehind fails, with or without a currency before it
        if prev in _LEAD_CANDIDATES or prev.isalpha():
            lead = _PREFIX_END_RE.search(text, max(last_end, pos - _MAX_PREFIX), pos)
            if lead is not None and _useful_lead(lead.group(0)):
                match = _PAY_RE.match(text, lead.start())
                if match is not None and match.start("num1") == pos:
                    yield match
                    last_end = match.end()
                    continue
        match = _PAY_RE.match(text, pos)
        if match is not None and match.start("num1") == pos:
            yield match
            last_end = match.end()


def _useful_lead(lead: str) -> bool:
    """Whether _PAY_RE can match from a lead _PREFIX_END_RE found: not when it is three ASCII letters (and a
    space) other than a currency code ("has 5 years": the letters are no prefix, and no number starts there)."""
    return _THREE_LETTERS_RE.fullmatch(lead) is None or lead[:3].upper() in _CODE_SET


_READ_GROUPS: Final = tuple(
    _PAY_RE.groupindex[g] for g in ("num1", "num2", "ma1", "mb1", "ma2", "mb2", "pre1", "suf1", "pre2", "suf2")
)


def _read(match: re.Match[str]) -> _Candidate | None:
    """Numbers, multiplier and currency of a match; None when it cannot be a pay range."""
    num1, num2, ma1, mb1, ma2, mb2, pre1, suf1, pre2, suf2 = match.group(*_READ_GROUPS)
    low = _to_number(num1)
    high = _to_number(num2) if num2 else None
    if low is None:
        return None
    mult1 = (ma1 or mb1 or "").lower() or None
    mult2 = (ma2 or mb2 or "").lower() or None
    if mult1 in _HUGE or mult2 in _HUGE:
        return _Candidate(low, high, "huge", mult1 or mult2, match.start(), match.end())
    f1 = _MULTIPLIERS.get(mult1 or "", 1.0)
    f2 = _MULTIPLIERS.get(mult2 or "", 1.0)
    if high is not None:
        if mult1 is None and mult2 is not None and low * f2 <= high * f2 * 1.0001 and low < 1000:
            f1 = f2
        high *= f2
        if f1 == 1.0 and low < 1000 <= high and low * 1000 <= high * 1.0001:
            f1 = 1000.0  # "$154-190,000": the thousands are written once
    low *= f1
    currency = _currency_of(pre1, suf1, pre2, suf2) if (pre1 or suf1 or pre2 or suf2) else None
    return _Candidate(low, high, currency, mult1 or mult2, match.start(), match.end())


def _currency_of(*groups: str | None) -> str | None:
    """An explicit code or specific symbol beats a bare '$' anywhere in the range."""
    tokens = [t for t in groups if t]
    if not tokens:
        return None
    names = [_CURRENCY_SYMBOLS.get(t.lower(), t.upper()) for t in tokens]
    specific = [n for t, n in zip(tokens, names, strict=True) if t not in ("$",)]
    return specific[0] if specific else names[0]


_GROUPED_RE: Final = re.compile(r"(\d{1,3}(?:[,.'’\u00a0\u202f ]\d{3})+)(?:[.,](\d{1,2}))?")
_NON_DIGIT_RE: Final = re.compile(r"\D")


def _to_number(raw: str | None) -> float | None:
    """'120,000' / '160.000' / "120'000" / '182,300.00' / '2.5' -> float."""
    if not raw:
        return None
    if raw.isdigit() and raw.isascii():
        return float(raw)  # the common case: a plain run of digits
    grouped = _GROUPED_RE.fullmatch(raw)
    if grouped:
        whole = _NON_DIGIT_RE.sub("", grouped.group(1))
        frac = grouped.group(2)
        return float(f"{whole}.{frac}") if frac else float(whole)
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        return None


def _is_pay(text: str, cand: _Candidate, cjk: bool, short: bool, default_currency: str | None) -> bool:
    """Drop figures that are not pay: funding, revenue, budgets, years, bare numbers without evidence.

    Every test is a refusal, so their order does not change the answer; the cheap ones come first (most
    figures in a posting, "5+ years", "2019", end there), and the pay cue before the figure is searched once.
    """
    if cand.currency == "huge":
        return False
    before = text[max(0, cand.start - 40) : cand.start]
    cue: bool | None = None  # a pay word just before the figure; searched when needed
    if cand.currency is None:
        if not (default_currency or cjk or cand.mult in _INR_MULTS):
            return False
        if cand.mult is None and 1900 <= cand.low <= 2100 and cand.high is None:
            return False  # a year
        if not (cand.mult is not None or short or _period_after(text, cand.end) is not None):
            cue = _PAY_CUE_BEFORE_RE.search(before) is not None
            if not cue:
                return False  # a bare number without evidence of pay
    if text.startswith("%", cand.end) or text.startswith(" %", cand.end):
        return False
    if _NOT_PAY_AFTER_RE.match(text, cand.end):
        return False
    if _NOT_PAY_BEFORE_RE.search(before):
        if cue is None:
            cue = _PAY_CUE_BEFORE_RE.search(before) is not None
        return cue
    return True


def _pay_worded(text: str, cand: _Candidate) -> bool:
    """A pay word in the figure's sentence before it, or right after it."""
    before = text[max(0, cand.start - _CUE_REACH) : cand.start]
    return (_SENTENCE_PAY_CUE_RE.search(before) is not None or _PAY_CUE_AFTER_RE.match(text, cand.end) is not None
            or _period_after(text, cand.end) is not None)


def _period_after(text: str, end: int) -> str | None:
    m = _PERIOD_AFTER_RE.match(text, end)
    if m is None:
        return None
    unit = m.group("unit") or m.group("unit2") or m.group("unit3")
    return _PERIOD_WORDS.get(unit.lower())


def _finish(text: str, cand: _Candidate, cjk: bool, default_currency: str | None, on: dt.date | None) -> Pay:
    """Currency, period and months for an accepted candidate, then validation and conversion."""
    currency = cand.currency
    if currency == "¥":
        chinese = cjk or (default_currency or "").upper() in ("CNY", "RMB")
        currency = "CNY" if chinese else "JPY"
    if currency is None:
        if cand.mult in _INR_MULTS:
            currency = "INR"
        elif default_currency:
            currency = _normalise_currency(default_currency)
        else:
            currency = "CNY"
    end = cand.end
    period_match = _PERIOD_AFTER_RE.match(text, end)
    period = "year" if cand.mult == "lpa" else _period_after(text, end)
    if period is None:
        before = _PERIOD_BEFORE_RE.search(text[max(0, cand.start - 40) : cand.start])
        period = _PERIOD_BEFORE_MAP.get(before.group("unit").lower()) if before else None
    if period is None and currency == "INR" and cand.mult in _INR_MULTS:
        period = "year"
    months, months_end = _months(text, end)
    stop = max(end, period_match.end() if period_match else end, months_end)
    snippet = text[cand.start : stop].strip()
    monthly_default = cjk or currency == "CNY"
    low, high = _bounds(text, cand)
    return _convert(
        low,
        high,
        currency,
        period,
        on=on,
        text=snippet,
        months=months,
        monthly_default=monthly_default,
    )


_UP_TO_BEFORE_RE: Final = re.compile(
    r"(?:\bup\s+to|\bupto|\bmax(?:imum)?\.?|\bunder|\bno\s+more\s+than|\bat\s+most|≤|<)\s*:?\s*$", re.IGNORECASE
)
_FROM_BEFORE_RE: Final = re.compile(
    r"(?:\bfrom|\bstarting(?:\s+(?:at|from))?|\bstarts\s+at|\bat\s+least|\bmin(?:imum)?\.?|\bover|"
    r"\babove|\bmore\s+than|≥|>)\s*:?\s*$",
    re.IGNORECASE,
)
_ATTACHED_PLUS_RE: Final = re.compile(r"\S\+")
_PLUS_AFTER_RE: Final = re.compile(r"\+|\s\+\s*(?:$|[),;:|/\n])")  # "$200k+", not "$200k + equity"


def _bounds(text: str, cand: _Candidate) -> tuple[float | None, float | None]:
    """A range as read; a single figure is both ends ("$170k" -> 170k-170k), except "up to $X" (max only)
    and "from $X" / "$X+" (min only)."""
    if cand.high is not None:
        return cand.low, cand.high
    before = text[max(0, cand.start - 25) : cand.start]
    if _UP_TO_BEFORE_RE.search(before):
        return None, cand.low
    plus = _ATTACHED_PLUS_RE.search(text, cand.start, cand.end) or _PLUS_AFTER_RE.match(text, cand.end)
    if plus or _FROM_BEFORE_RE.search(before):
        return cand.low, None
    return cand.low, cand.low


def _months(text: str, end: int) -> tuple[int | None, int]:
    """Number of monthly salaries a year ("·14薪", "*14", "x 13") right after the range, and where it ends."""
    m = _MONTHS_RE.match(text, end)
    if m is None:
        tail = _PERIOD_AFTER_RE.match(text, end)
        if tail is not None:
            m = _MONTHS_RE.match(text, tail.end())
    if m is None:
        return None, end
    n = int(m.group("a") or m.group("b"))
    return (n, m.end()) if 12 <= n <= 24 else (None, end)
