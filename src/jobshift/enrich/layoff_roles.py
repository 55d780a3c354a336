"""Which roles a layoff text names: "200 customer service roles", "cut recruiters and engineers", "sales staff".

`find_layoff_roles(text)` returns the role families (`jobshift.fields.ROLE_FAMILIES`) the text names, each
mention with its character span in the text, so every family can be checked against the words it rests on.
The rules are data (`jobshift/data/layoff_roles.yaml`, whose header explains what counts as naming a role
and the decisions taken); person nouns with their modifiers ("machine learning engineers") are classified
by the posting title rules (`jobshift.enrich.roles.classify_role`), so a role means the same family on both
sides of the "roles cut vs roles created" comparison.

    found = find_layoff_roles("Salesforce cuts ~700 more jobs, mostly in sales and marketing")
    found.families          # ("sales_marketing",)
    found.evidence()        # "sales_marketing: 'in sales'; sales_marketing: 'in sales and marketing'"
    found.mentions[0].start, found.mentions[0].end   # span of "sales" in the text

Pure: text in, result out; the rules are compiled once. Never raises on any text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

import yaml

from jobshift.enrich.roles import classify_role
from jobshift.fields import ROLE_FAMILIES

_RULES_RESOURCE = "data/layoff_roles.yaml"
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’+-]*(?:&[A-Za-z]+)*|[~≈>]?\d[\d,.]*\+?%?|[^\sA-Za-z\d]")
_JOINERS: Final[frozenset[str]] = frozenset({",", "/", "&", "and", "or"})
_CLAUSE_END = re.compile(r"[.;!?:()\[\]|—–]|\s-\s")
_EVIDENCE_MAX = 500
_SENTENCE_OPENERS: Final[frozenset[str]] = frozenset({".", "!", "?", ":", ";", "—", "–", "(", '"', "“", "-"})


@dataclass(frozen=True, slots=True)
class RoleMention:
    """One role named in the text: its family, the span [start, end) of the words that name it (`text` is
    exactly input[start:end]), the phrase around it that makes it a role (`context`, also a substring of the
    input: "marketing and communications roles") and the kind of rule (collective, lead or person)."""

    family: str
    start: int
    end: int
    text: str
    context: str
    rule: str


@dataclass(frozen=True, slots=True)
class LayoffRoles:
    """The families a layoff text names (distinct, in ROLE_FAMILIES order) and every mention behind them."""

    families: tuple[str, ...]
    mentions: tuple[RoleMention, ...]

    def evidence(self) -> str | None:
        """"family: 'phrase'; …" (each mention's context, once) or None when there is none; ≤ 500 characters."""
        if not self.mentions:
            return None
        parts = dict.fromkeys(f"{m.family}: '{m.context}'" for m in self.mentions)
        text = "; ".join(parts)
        return text if len(text) <= _EVIDENCE_MAX else text[: _EVIDENCE_MAX - 1] + "…"


NO_ROLES: Final[LayoffRoles] = LayoffRoles((), ())


@dataclass(frozen=True, slots=True)
class _Person:
    regex: re.Pattern[str]
    classify: bool
    family: str | None


@dataclass(frozen=True, slots=True)
class _Rules:
    max_text: int
    max_list_words: int
    lead_skip: frozenset[str]
    max_modifiers: int
    creation_window: int
    label_max_words: int
    collective: re.Pattern[str]
    lead: re.Pattern[str]
    cut_word: re.Pattern[str]
    count_word: re.Pattern[str]
    creation: re.Pattern[str]
    industry_label: re.Pattern[str]
    stop_words: frozenset[str]
    functions: tuple[tuple[re.Pattern[str], str], ...]
    people: tuple[_Person, ...]


# ----------------------------------------------------------------------------------- loading the rules


def _rx(pattern: str, what: str, whole: bool = True) -> re.Pattern[str]:
    source = rf"(?<![\w-])(?:{pattern})(?![\w-])" if whole else pattern
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"layoff_roles.yaml: bad regex in {what}: {exc}") from exc


def _family(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if str(value) not in ROLE_FAMILIES:
        raise ValueError(f"layoff_roles.yaml: {what} names unknown role family {value!r}")
    return str(value)


def parse_rules(raw: dict[str, Any]) -> _Rules:
    """Validate and compile a parsed layoff_roles.yaml (exposed so tests can try alternative rules)."""
    functions: list[tuple[re.Pattern[str], str]] = []
    for family, terms in (raw.get("functions") or {}).items():
        checked = _family(family, "functions")
        assert checked is not None
        functions += [(_rx(str(term), f"functions.{family}"), checked) for term in terms]
    people = tuple(
        _Person(_rx(str(entry["re"]), "people"), bool(entry.get("classify")), _family(entry.get("family"), "people"))
        for entry in raw.get("people") or ()
    )
    return _Rules(
        max_text=int(raw["max_text_chars"]),
        max_list_words=int(raw["max_list_words"]),
        lead_skip=frozenset(str(w).lower() for w in raw["lead_skip"]),
        max_modifiers=int(raw["max_modifiers"]),
        creation_window=int(raw["creation_window"]),
        label_max_words=int(raw["label_max_words"]),
        collective=_rx(str(raw["collectives"]), "collectives"),
        lead=_rx(str(raw["leads"]), "leads"),
        cut_word=_rx(str(raw["cut_words"]), "cut_words"),
        count_word=_rx(str(raw["count_words"]), "count_words"),
        creation=_rx(str(raw["creation_cues"]), "creation_cues"),
        industry_label=_rx(str(raw["industry_label"]), "industry_label", whole=False),
        stop_words=frozenset(str(w).lower() for w in raw["stop_words"]),
        functions=tuple(functions),
        people=people,
    )


@cache
def _rules() -> _Rules:
    text = resources.files("jobshift").joinpath(_RULES_RESOURCE).read_text(encoding="utf-8")
    return parse_rules(yaml.safe_load(text))


# ----------------------------------------------------------------------------------- scanning


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    text: str
    kind: str  # "word" | "num" | "punct"


def _tokens(text: str) -> list[_Tok]:
    out = []
    for match in _TOKEN.finditer(text):
        value = match.group(0)
        kind = "word" if value[0].isalpha() else "num" if any(c.isdigit() for c in value) else "punct"
        out.append(_Tok(match.start(), match.end(), value, kind))
    return out


def _is_list_word(tok: _Tok, rules: _Rules) -> bool:
    return tok.kind == "word" and tok.text.lower() not in rules.stop_words


def _is_joiner(tok: _Tok) -> bool:
    return tok.text.lower() in _JOINERS


def _collective_after(text: str, toks: list[_Tok], i: int, rules: _Rules) -> int | None:
    """End of a collective noun reached from token i over list items and joiners, or None."""
    words = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "word":
            found = rules.collective.match(text, tok.start)
            if found is not None:
                return found.end()
        if _is_joiner(tok):
            i += 1
            continue
        if not _is_list_word(tok, rules):
            return None
        words += 1
        if words > rules.max_list_words:
            return None
        i += 1
    return None


def _cut_token(tok: _Tok, rules: _Rules) -> bool:
    """A number, collective noun, cut word or count word: what makes a following lead word read as a cut."""
    if tok.kind == "num":
        return True
    return tok.kind == "word" and any(
        regex.fullmatch(tok.text) for regex in (rules.collective, rules.cut_word, rules.count_word)
    )


def _lead_before(toks: list[_Tok], i: int, rules: _Rules) -> int | None:
    """Start of a lead word ("in", "across") reached backwards from token i over list items, when a cut
    (collective noun, number, count word or cut word) stands just before that lead, skipping commas,
    brackets and lead_skip words ("jobs, mostly in"); else None."""
    words = 0
    while i >= 0:
        tok = toks[i]
        if tok.kind == "word" and rules.lead.fullmatch(tok.text):
            j = i - 1
            while j >= 0 and toks[j].text.lower() in rules.lead_skip:
                j -= 1
            if j >= 0 and _cut_token(toks[j], rules):
                return tok.start
            return None
        if _is_joiner(tok):
            i -= 1
            continue
        if not _is_list_word(tok, rules):
            return None
        words += 1
        if words > rules.max_list_words:
            return None
        i -= 1
    return None


def _created(text: str, start: int, rules: _Rules) -> bool:
    """True when a creation cue ("hiring", "toward", "investing in") stands just before `start`, same clause."""
    window = text[max(0, start - rules.creation_window) : start]
    ends = list(_CLAUSE_END.finditer(window))
    if ends:
        window = window[ends[-1].end() :]
    return rules.creation.search(window) is not None


def _functions(text: str, rules: _Rules) -> list[tuple[int, int, str]]:
    """Every function-term match (start, end, family), overlaps resolved to the longest, leftmost first."""
    found = [(m.start(), m.end(), family) for regex, family in rules.functions for m in regex.finditer(text)]
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, str]] = []
    for item in found:
        if kept and item[0] < kept[-1][1]:
            continue
        kept.append(item)
    return kept


def _modifier_start(text: str, toks: list[_Tok], starts: list[int], head_start: int, rules: _Rules) -> int:
    """Start of the run of up to max_modifiers list words right before a person noun (the noun's own start
    when there is none); capitalised words count only before a capitalised noun (a title, not a name)."""
    i = bisect.bisect_left(starts, head_start) - 1
    begin, taken = head_start, 0
    head_capitalised = head_start < len(text) and text[head_start].isupper()
    while i >= 0 and taken < rules.max_modifiers:
        tok = toks[i]
        if not _is_list_word(tok, rules) or _is_joiner(tok) or rules.lead.fullmatch(tok.text):
            break
        sentence_start = i == 0 or toks[i - 1].text in _SENTENCE_OPENERS
        if tok.text[0].isupper() and not tok.text.isupper() and not head_capitalised and not sentence_start:
            break  # a name in running text ("Saddle Creek associates"), not a modifier
        gap = toks[i + 1].start if i + 1 < len(toks) else head_start
        if gap - tok.end > 1:  # modifiers are single-space separated words
            break
        begin, taken = tok.start, taken + 1
        i -= 1
    return begin


_LABEL_WORD = re.compile(r"[A-Za-z][A-Za-z'’&.-]*")


def _is_label(text: str, rules: _Rules) -> bool:
    """True when the whole text reads like an industry name ("Engineering Services", "Couriers"), not a
    sentence about a cut: it matches industry_label, or it is short Title Case without digits or cut words."""
    stripped = text.strip()
    if rules.industry_label.fullmatch(stripped):
        return True
    words = _LABEL_WORD.findall(stripped)
    if not words or len(words) > rules.label_max_words or any(c.isdigit() for c in stripped):
        return False
    if any(rules.cut_word.fullmatch(w) for w in words):
        return False
    return all(w[0].isupper() for w in words if len(w) >= 4)


def _person_family(person: _Person, phrase: str) -> str | None:
    if person.classify:
        tag = classify_role(phrase)
        if not tag.evidence.startswith("no rule matched"):
            return tag.role_family
    return person.family


def find_layoff_roles(text: str | None) -> LayoffRoles:
    """The role families a layoff text names, with the span of each mention (see the module docstring)."""
    if not text or not text.strip():
        return NO_ROLES
    rules = _rules()
    text = text[: rules.max_text]
    if _is_label(text, rules):
        return NO_ROLES
    toks = _tokens(text)
    starts = [t.start for t in toks]
    mentions: list[RoleMention] = []

    for person in rules.people:
        for match in person.regex.finditer(text):
            if _created(text, match.start(), rules):
                continue
            begin = _modifier_start(text, toks, starts, match.start(), rules)
            family = _person_family(person, text[begin : match.end()])
            if family is not None:
                phrase = text[begin : match.end()]
                mentions.append(RoleMention(family, begin, match.end(), phrase, phrase, "person"))

    for start, end, family in _functions(text, rules):
        if any(m.start <= start and end <= m.end for m in mentions):
            continue  # "customer service" inside "customer service representatives"
        if _created(text, start, rules):
            continue
        after = bisect.bisect_left(starts, end)
        before = bisect.bisect_left(starts, start) - 1
        closing = _collective_after(text, toks, after, rules)
        if closing is not None:
            mentions.append(RoleMention(family, start, end, text[start:end], text[start:closing], "collective"))
            continue
        opening = _lead_before(toks, before, rules)
        if opening is not None:
            mentions.append(RoleMention(family, start, end, text[start:end], text[opening:end], "lead"))

    if not mentions:
        return NO_ROLES
    mentions.sort(key=lambda m: (m.start, -m.end))
    unique: list[RoleMention] = []
    for mention in mentions:
        if unique and mention.start < unique[-1].end:
            continue  # overlapping person patterns ("QA engineers" and "engineers"): the first, longest wins
        unique.append(mention)
    named = {m.family for m in unique}
    return LayoffRoles(tuple(f for f in ROLE_FAMILIES if f in named), tuple(unique))


def roles_columns(text: str | None) -> tuple[str | None, str | None]:
    """The stored form: (roles_named, roles_evidence).

    roles_named is the comma-separated family codes in ROLE_FAMILIES order ("customer_support,sales_marketing"),
    "" when there is text but it names no role, and None when there is no text to read; roles_evidence is
    `LayoffRoles.evidence()`.
    """
    if not text or not text.strip():
        return None, None
    found = find_layoff_roles(text)
    return ",".join(found.families), found.evidence()


def role_phrases(text: str | None) -> tuple[tuple[str, str], ...]:
    """The role phrases a layoff text names, in text order, each with its family: the person noun with its
    modifiers ("customer service agents"), or the function a collective or lead phrase names ("warehouse" in
    "warehouse jobs", "hardware" in "hardware, engineering and Assistant teams", "sales" in "mostly in
    sales"). Distinct phrases (case-insensitive); () for no role.

    These are what `jobshift.occupation_mapping` maps to O*NET-SOC occupations, one per phrase.
    """
    out: dict[str, tuple[str, str]] = {}
    for m in find_layoff_roles(text).mentions:
        phrase = m.text
        phrase = " ".join(phrase.split())
        out.setdefault(phrase.lower(), (phrase, m.family))
    return tuple(out.values())
