"""The context card of a news story: what the story says, and the numbers around it.

Figures are read from the story's headline and text with the layoff enrichment
(`jobshift.enrich.layoffs.attribute_layoff` / `extract_headcount`); the context comes from the metrics
(`ai_attributed_share`, `cuts_concentration`, `gross_vs_net_monthly`) over the quarter that ends with the
story's month, and from the named company's rows. Every number carries the link to the rows behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final
from urllib.parse import urlencode

from jobshift.enrich.companies import company_id as resolve_company_id
from jobshift.enrich.layoffs import attribute_layoff, extract_headcount
from jobshift.metrics import Filters
from jobshift.web.data import AnalyticsDB
from jobshift.web.figures import Figures
from jobshift.web.queries import companies_named_in, company_window

WINDOW_MONTHS: Final[int] = 3
_NET = re.compile(r"\bnet\b|\bwhile hiring\b|\bhir(?:e|es|ing)\b|\bnew (?:roles|jobs|positions)\b|\breassign",
                  re.IGNORECASE)
_WHEN = re.compile(r"\b(?:by|over|through|until|starting|beginning|from)\s+(?:the\s+)?(?:end\s+of\s+)?"
                   r"(?:\d{4}|q[1-4]|january|february|march|april|may|june|july|august|september|october|"
                   r"november|december|next|this|the coming)\b|\bover (?:the )?(?:next|coming) \w+",
                   re.IGNORECASE)
_AI = re.compile(r"\b(?:AI|artificial intelligence|automation|automated|LLMs?|generative|chatbots?|agents?)\b",
                 re.IGNORECASE)
_WHERE = re.compile(r"\b(?:in|at) (?:its )?[A-Z][a-z]+(?: [A-Z][a-z]+)?\b|\bheadquarters\b|\boffices?\b|\bplants?\b")
_OPENINGS = re.compile(r"\b(?:open (?:roles|positions)|job openings|vacanc|hiring|recruit)", re.IGNORECASE)


@dataclass(slots=True)
class Story:
    """A story to explain: from the news sources or submitted by a user."""

    story_id: str
    title: str
    url: str | None = None
    text: str | None = None
    published: date | None = None
    source: str = ""
    submitted_by: str | None = None
    synthetic: bool = False

    @property
    def body(self) -> str:
        """Headline and text together, as the extractor reads them."""
        return ". ".join(p for p in (self.title, self.text) if p)


@dataclass(slots=True)
class Figure:
    """One number on the card: what it is, its text, and the link to its rows."""

    label: str
    text: str
    link: str | None = None
    note: str = ""


@dataclass(slots=True)
class Card:
    """The context card."""

    story: Story
    is_layoff: bool
    headcount: int | None
    percent: float | None
    evidence: str | None
    reason: str
    reason_evidence: str | None
    company: str | None
    company_id: str | None
    period: str
    gross_or_net: str
    context: list[Figure] = field(default_factory=list)
    company_figures: list[Figure] = field(default_factory=list)
    checklist: list[tuple[str, bool, str]] = field(default_factory=list)
    provenance: str = ""
    synthetic: bool = False

    def to_json(self) -> dict[str, Any]:
        """The card as the API returns it."""
        return {
            "story_id": self.story.story_id,
            "extracted": {"is_layoff": self.is_layoff, "headcount": self.headcount, "percent": self.percent,
                          "evidence": self.evidence, "reason": self.reason, "reason_evidence": self.reason_evidence,
                          "company": self.company, "company_id": self.company_id},
            "period": self.period,
            "gross_or_net": self.gross_or_net,
            "context": [{"label": f.label, "text": f.text, "link": f.link, "note": f.note} for f in self.context],
            "company": [{"label": f.label, "text": f.text, "link": f.link, "note": f.note}
                        for f in self.company_figures],
            "not_said": [{"question": q, "answered": a, "note": n} for q, a, n in self.checklist],
            "provenance": self.provenance,
            "synthetic": self.synthetic,
        }


def _window(day: date | None, latest: str | None) -> Filters:
    """The quarter ending with the story's month, or with the latest month of data when the story is undated
    or newer than the data."""
    anchor = day
    if latest:
        last = date(int(latest[:4]), int(latest[5:7]), 1)
        if anchor is None or anchor > last:
            anchor = last
    if anchor is None:
        return Filters()
    months = anchor.year * 12 + anchor.month - 1 - (WINDOW_MONTHS - 1)
    start = f"{months // 12:04d}-{months % 12 + 1:02d}"
    return Filters(start=start, end=f"{anchor.year:04d}-{anchor.month:02d}")


def _pct(value: Any) -> str:
    return "–" if value is None else f"{float(value) * 100:.1f}%"


def _n(value: Any) -> str:
    return "–" if value is None else f"{int(value):,}"


def _link(path: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


def build_card(story: Story, figures: Figures, db: AnalyticsDB) -> Card:
    """Extract the story's figures and put them in the context of the data."""
    tag = attribute_layoff(story.body, url=story.url)
    headcount, percent, evidence = extract_headcount(story.body)
    if headcount is None and percent is None:
        headcount, percent = tag.headcount, tag.percent
    latest = figures.latest_month()
    window = _window(story.published, latest)
    period = f"{window.start}..{window.end}" if window.start else "all data"
    gross = (
        "Net: the story mentions hiring or new roles, so check whether its figure nets them out."
        if _NET.search(story.body)
        else "Gross: an announced cut counts jobs removed; it does not net out the same employer's hiring."
    )
    card = Card(story=story, is_layoff=tag.is_layoff, headcount=headcount, percent=percent, evidence=evidence,
                reason=tag.reason, reason_evidence=tag.reason_evidence, company=tag.company,
                company_id=resolve_company_id(tag.company) if tag.company else None, period=period,
                gross_or_net=gross)
    span = {"start": window.start, "end": window.end}
    share = figures.metric("ai_attributed_share", window)
    rows = {r.get("reason_group"): r for r in share.table or []}
    ai_row, unknown_row = rows.get("ai_explicit", {}), rows.get("unknown", {})
    card.context.append(Figure(
        "Cuts our data attributes explicitly to AI",
        f"{_pct(share.value)} of stated headcount; {_pct(ai_row.get('event_share'))} of events "
        f"(95% CI {_pct(ai_row.get('ci_low'))} to {_pct(ai_row.get('ci_high'))}), n = {_n(share.n)} events",
        _link("/layoffs", reason="ai_explicit", **span)))
    card.context.append(Figure(
        "Cuts with an unknown reason",
        f"{_pct(share.extra.get('headcount_share_unknown'))} of stated headcount; "
        f"{_n(unknown_row.get('events'))} events",
        _link("/layoffs", reason="unknown", **span)))
    conc = figures.metric("cuts_concentration", window)
    card.context.append(Figure(
        "Concentration: top 5 companies' share of stated cuts",
        f"{_pct(conc.value)} (Herfindahl {_n(round(conc.extra['hhi'])) if conc.extra.get('hhi') else '–'} over "
        f"{_n(conc.extra.get('companies'))} companies)",
        _link("/layoffs", **span)))
    shift = figures.metric("gross_vs_net_monthly", window)
    cuts = sum(int(r.get("cuts_headcount") or 0) for r in shift.table or [])
    openings = sum(int(r.get("ai_openings") or 0) for r in shift.table or [])
    card.context.append(Figure(
        "All stated cuts vs AI postings in the period",
        f"{_n(cuts)} people in announced cuts; {_n(openings)} AI postings (different units: people vs ads)",
        _link("/postings", ai="1", **span)))
    named: list[tuple[str, str]] = []
    in_text = companies_named_in(db, story.body)
    covered = card.company and any(str(r["name"]) in card.company for r in in_text) and all(
        r["company_id"] != card.company_id for r in in_text)
    if card.company_id and not covered:  # "Brainy AI and Acme" is two known companies, not a third one
        named.append((card.company_id, card.company or card.company_id))
    for row in in_text:
        if row["company_id"] not in {cid for cid, _ in named}:
            named.append((row["company_id"], row["name"]))
    for cid, name in named[:4]:
        found = company_window(db, cid, window)
        link = f"/companies/{cid}" if found["known"] else ""
        card.company_figures.append(Figure(
            f"{name}: layoff events in our data" + ("" if found["known"] else " (company not in our data)"),
            f"{_n(found['layoff_events'])} events, {_n(found['cuts_headcount'] or 0)} stated headcount",
            _link("/layoffs", company=cid, **span)))
        card.company_figures.append(Figure(
            f"{name}: AI postings", f"{_n(found['ai_postings'])} in the period, "
            f"{_n(found['ai_postings_open'])} not closed", _link("/postings", company=cid, ai="1", **span),
            note=link))
    card.checklist = _checklist(story, card)
    card.provenance = (f"Period {period} · source: " + (", ".join(
        f"{s['source']} ({_n(s['rows'])} rows)" for s in share.sources) or "no data") + f" · n = {_n(share.n)}")
    card.synthetic = share.synthetic or story.synthetic
    return card


def _checklist(story: Story, card: Card) -> list[tuple[str, bool, str]]:
    """What a reader should ask of the story, and whether it answers."""
    body = story.body
    return [
        ("How many people?", card.headcount is not None,
         f"states {card.headcount:,}" if card.headcount is not None else "no headcount stated"),
        ("What share of the workforce?", card.percent is not None,
         f"{card.percent:g}%" if card.percent is not None else "no share of staff stated"),
        ("Does the company itself name AI as the reason?", card.reason == "ai_explicit",
         card.reason_evidence or ("mentions AI, but not as the company's stated reason" if _AI.search(body)
                                  else "no reason language found")),
        ("Gross or net of hiring?", bool(_NET.search(body)),
         "mentions hiring" if _NET.search(body) else "does not say whether anyone is hired back or moved"),
        ("Over what period?", bool(_WHEN.search(body)),
         "gives a timeframe" if _WHEN.search(body) else "no timeframe for the cuts"),
        ("Where?", bool(_WHERE.search(body)), "names a place" if _WHERE.search(body) else "no location"),
        ("Is the company still hiring (e.g. for AI)?", bool(_OPENINGS.search(body)),
         "mentions openings" if _OPENINGS.search(body) else "silent on its open roles — see the company figures"),
        ("How many cuts in the period have an unknown reason?", False,
         "stories rarely say; see 'Cuts with an unknown reason' above"),
    ]
