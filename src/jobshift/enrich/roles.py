"""Role family and seniority of a job posting, from its title (then its text and skill ids).

The rules are data (`jobshift/data/roles.yaml`): ordered rule groups of pre-compiled regexes. The first
group matching the title decides the family; groups are ordered by AI-specificity, so a title with several
roles ("Senior Backend Engineer, ML Engineer") gets the most AI-specific one and the evidence names the
family it was preferred over. A few groups are ambiguous from the title alone ("Data Engineer", "Product
Manager", "Research Scientist", "Founding Engineer", "Platform Engineer"): their family depends on the
posting's context - skill ids (slugs such as `llm`, `rag`, `pytorch`, `cuda`) and cues in the text. See
the YAML header for what each family means and the decisions taken on ambiguous titles.

When the title names no role (none, a sentence, a header field like "AI Industry", or no rule matches it),
the first role the text names is used: a short line among its first lines, a short list item, the words
after a hiring cue ("we're looking to hire ..."), or the role words of a job ad's address (".../jobs/
senior-frontend-engineer"); the first field of a "Company | ..." header is the company, not a role. A title
the source cut short ("Staff Software Engineer" of "Staff Software Engineer - Infrastructure, Machine
Learning") is read with its header qualifier when that makes it an AI role, and a title naming no function with
the function after its comma ("Senior Manager" of "Senior Manager, Security Engineering - $230k"); a bare web
address as title ("exe.dev") names no role. A title that is the tail of a list the source split ("and Product
Engineers" of "Acme Is Hiring ML, Design, and Product Engineers") is read as the whole list. No learned model: a
TF-IDF and a MiniLM-embedding classifier were tried as fallbacks and did not beat these rules (docs/enrichment.md).

Seniority levels (`SENIORITIES`):

* ``intern``    - internship, co-op, trainee, apprentice, working student.
* ``junior``    - entry level, junior/jr, graduate/new grad, associate, level "I"; or 0-1 years required.
* ``mid``       - mid-level, intermediate, level "II"; or 2-4 years required.
* ``senior``    - senior/sr, lead/tech lead, expert, level "III"; or 5-9 years required.
* ``staff``     - staff (not "technical staff"); or 10+ years required.
* ``principal`` - principal, distinguished, fellow.
* ``manager``   - a people manager: engineering manager, "Manager, X", supervisor (not product/project/
                  account/... managers, which are individual-contributor functions).
* ``director``  - director, associate/managing director, head / head of.
* ``exec``      - VP/SVP/EVP, Chief X Officer, CxO, president, founder/co-founder.

The highest level named in the title wins (exec > director > manager > principal > staff > senior > mid >
junior); an intern word wins over the individual-contributor levels. Without a title level, the first
"N years of experience" in the text decides; otherwise None.

Speed: one Aho-Corasick pass over the lower-cased title finds the rule keywords present; only the
patterns those keywords unlock are run (each pattern is compiled once). The title part of a result is
cached; the text is scanned only when a context-dependent rule or the seniority fallback needs it.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Final

import ahocorasick
import yaml

from jobshift.fields import ROLE_FAMILIES, SENIORITIES

AI_FAMILIES: Final[frozenset[str]] = frozenset(
    {"ai_engineer", "ml_infra_engineer", "applied_research_scientist", "ai_adjacent"}
)
CONTEXT_LEVELS: Final[tuple[str, ...]] = ("ai", "genai", "ml", "ml_infra", "strong_genai", "genai_work")

_RULES_RESOURCE = "data/roles.yaml"
_TERM = re.compile(r"<([A-Z_]+)>")
_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"<[^>]{0,500}>")
_BRACKETED = re.compile(r"\[[^\[\]]{0,80}\]")
# What separates several roles in one title ("Backend Engineer, ML Engineer", "Data / ML Engineers").
_MULTI = re.compile(r"[,/&|;+]|\band\b|\bor\b", re.IGNORECASE)
_MAX_TITLE = 300
_AI_GATE = "<ai>"  # pseudo seniority level the AC automaton reports when an AI keyword occurs
_RANK: Final[dict[str, int]] = {level: i for i, level in enumerate(SENIORITIES)}
_IC_LEVELS: Final[frozenset[str]] = frozenset({"junior", "mid", "senior", "staff", "principal"})


@dataclass(frozen=True, slots=True)
class RoleTag:
    """A posting's role family, seniority (None when unknown) and the rule/title words that decided."""

    role_family: str
    seniority: str | None
    evidence: str


@dataclass(frozen=True, slots=True)
class _Pattern:
    """One compiled rule pattern. `cased` patterns run on the original title (they hold a (?-i:...) part),
    the others on the lower-cased title without IGNORECASE (about twice as fast); `needs_ai` patterns use
    the <AI> term and run only when the title holds one."""

    regex: re.Pattern[str]
    cased: bool
    needs_ai: bool


@dataclass(frozen=True, slots=True)
class _Group:
    id: str
    family: str
    patterns: tuple[_Pattern, ...]
    context_level: str | None
    context_family: str | None
    # A leader word ("Director", "Supervisor") that heads the function the title names: never the first listed
    # of several roles ("Director, Data Science" is a data leader, not two roles).
    leads_function: bool = False


@dataclass(frozen=True, slots=True)
class _Context:
    genai_skills: frozenset[str]
    weak_genai_skills: frozenset[str]
    ml_skills: frozenset[str]
    ml_infra_skills: frozenset[str]
    genai_text: re.Pattern[str]
    ml_text: re.Pattern[str]
    ml_infra_text: re.Pattern[str]
    # Any AI wording (level `ai`), run case-sensitively on the original text ("AI" but not "ai" in a domain).
    ai_text: re.Pattern[str]
    genai_text_min: int
    ml_text_min: int
    ml_infra_text_min: int
    strong_genai_skill_min: int
    strong_genai_text_min: int
    # The role's own work builds AI ("Build and scale our AI agent platform"): see `genai_work` in roles.yaml.
    work_verb: re.Pattern[str]
    work_before: re.Pattern[str]
    work_after: re.Pattern[str]
    text_max_chars: int
    # (regex, canonical cue): spellings of one concept count as one distinct cue ("LLM", "large language model")
    cue_aliases: tuple[tuple[re.Pattern[str], str], ...]


@dataclass(frozen=True, slots=True)
class _Rules:
    groups: tuple[_Group, ...]
    seniority: tuple[tuple[str, _Pattern], ...]
    # Aho-Corasick automaton over all keywords; its value for a keyword is (unlocked (group, pattern)
    # index pairs, unlocked seniority levels).
    keywords: Any
    ai_term: re.Pattern[str]
    context: _Context
    years: re.Pattern[str]
    years_levels: tuple[tuple[int, str], ...]
    all_pairs: list[tuple[int, int]]
    # A title that is a header field, not a role ("RELOCATION SUPPORT", "Full-Time or Intern"): see roles.yaml.
    non_role_title: re.Pattern[str] | None
    # A title naming roles only in general ("Multiple Engineering Roles"): a role named in the text wins over it.
    general_title: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class _TitleMatch:
    """The title-only part of a classification (cached per title)."""

    group: _Group | None
    words: str
    passed_over: str | None
    seniority: str | None
    seniority_words: str | None
    title_has_ai: bool


# ----------------------------------------------------------------------------------- loading the rules


def _expand(pattern: str, terms: dict[str, str]) -> str:
    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in terms:
            raise ValueError(f"roles.yaml: unknown term <{name}> in pattern {pattern!r}")
        return terms[name]

    return _TERM.sub(repl, pattern)


_ESCAPE = re.compile(r"\\[A-Za-z]")


def _compile(pattern: str, what: str, needs_ai: bool = False) -> _Pattern:
    cased = "(?-i:" in pattern
    if not cased and _ESCAPE.sub("", pattern) != _ESCAPE.sub("", pattern).lower():
        raise ValueError(f"roles.yaml: {what} must be lower-case (it runs on the lower-cased title)")
    try:
        regex = re.compile(pattern, re.IGNORECASE) if cased else re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"roles.yaml: bad regex in {what}: {exc}") from exc
    return _Pattern(regex, cased, needs_ai)


def _skill_key(skill_id: str) -> str:
    return skill_id.strip().lower().replace("_", "-").replace(" ", "-")


def _pattern_keywords(source: str, keywords: Sequence[str], what: str) -> list[str]:
    """The group keywords that occur literally in a pattern: they unlock it. None is a rule error."""
    literal = source.lower().replace("\\", "")
    found = [k for k in keywords if k in literal]
    if not found:
        raise ValueError(f"roles.yaml: {what} contains none of the group's keywords")
    return found


class _Unlocks:
    """Collects keyword -> ((group, pattern) pairs, seniority levels) while the rules are parsed."""

    def __init__(self) -> None:
        self.table: dict[str, tuple[set[tuple[int, int]], set[str]]] = {}

    def add(self, keyword: str, pair: tuple[int, int] | None = None, level: str | None = None) -> None:
        pairs, levels = self.table.setdefault(keyword, (set(), set()))
        if pair is not None:
            pairs.add(pair)
        if level is not None:
            levels.add(level)

    def automaton(self) -> Any:
        automaton = ahocorasick.Automaton()
        for keyword, (pairs, levels) in self.table.items():
            automaton.add_word(keyword, (frozenset(pairs), frozenset(levels)))
        automaton.make_automaton()
        return automaton


def _parse_groups(raw: list[dict[str, Any]], terms: dict[str, str], unlocks: _Unlocks) -> tuple[_Group, ...]:
    groups = []
    for g_index, entry in enumerate(raw):
        gid, family = str(entry["id"]), str(entry["family"])
        context = entry.get("context") or {}
        level, cfamily = context.get("level"), context.get("family")
        if family not in ROLE_FAMILIES or (cfamily is not None and cfamily not in ROLE_FAMILIES):
            raise ValueError(f"roles.yaml: group {gid} names an unknown family")
        if level is not None and level not in CONTEXT_LEVELS:
            raise ValueError(f"roles.yaml: group {gid} has unknown context level {level!r}")
        keywords = [str(k).lower() for k in entry.get("keywords") or ()]
        patterns = []
        for p_index, item in enumerate(entry["patterns"]):
            pattern = str(item["re"] if isinstance(item, dict) else item)
            source = _expand(pattern, terms)
            patterns.append(_compile(source, f"group {gid}", needs_ai="<AI>" in pattern))
            own = [str(k).lower() for k in item.get("keywords") or ()] if isinstance(item, dict) else []
            for keyword in own or _pattern_keywords(source, keywords, f"group {gid} pattern {pattern!r}"):
                unlocks.add(keyword, pair=(g_index, p_index))
        groups.append(_Group(gid, family, tuple(patterns), level, cfamily, bool(entry.get("leads_function"))))
    return tuple(groups)


def _parse_context(raw: dict[str, Any]) -> _Context:
    def skills(key: str) -> frozenset[str]:
        return frozenset(_skill_key(str(v)) for v in raw[key])

    return _Context(
        genai_skills=skills("genai_skills"),
        weak_genai_skills=skills("weak_genai_skills") if "weak_genai_skills" in raw else frozenset(),
        ml_skills=skills("ml_skills"),
        ml_infra_skills=skills("ml_infra_skills"),
        # text cues run on the lower-cased text (a case-insensitive scan is several times slower)
        genai_text=_compile(raw["genai_text"], "context.genai_text").regex,
        ml_text=_compile(raw["ml_text"], "context.ml_text").regex,
        ml_infra_text=_compile(raw["ml_infra_text"], "context.ml_infra_text").regex,
        ai_text=re.compile(raw["ai_text"]),
        genai_text_min=int(raw["genai_text_min"]),
        ml_text_min=int(raw["ml_text_min"]),
        ml_infra_text_min=int(raw["ml_infra_text_min"]),
        strong_genai_skill_min=int(raw["strong_genai_skill_min"]),
        strong_genai_text_min=int(raw["strong_genai_text_min"]),
        # run on the lower-cased text (a case-insensitive scan of every posting is ~4x slower)
        work_verb=_compile(raw["genai_work"]["verb"], "genai_work.verb").regex,
        work_before=re.compile(raw["genai_work"]["before"], re.MULTILINE),
        work_after=re.compile(raw["genai_work"]["after"]),
        text_max_chars=int(raw["text_max_chars"]),
        cue_aliases=tuple((re.compile(str(regex)), str(cue)) for cue, regex in (raw.get("cue_aliases") or {}).items()),
    )


def _parse_seniority(raw: dict[str, Any], unlocks: _Unlocks) -> tuple[tuple[str, _Pattern], ...]:
    title: dict[str, dict[str, Any]] = raw["title"]
    unknown = set(title) - set(SENIORITIES)
    if unknown:
        raise ValueError(f"roles.yaml: unknown seniority levels {sorted(unknown)}")
    levels = []
    for level, spec in title.items():
        keywords = [str(k).lower() for k in spec["keywords"]]
        for keyword in keywords:
            unlocks.add(keyword, level=level)
        levels.append((level, _compile(spec["pattern"], f"seniority {level}")))
    return tuple(levels)


def parse_rules(raw: dict[str, Any]) -> _Rules:
    """Validate and compile a parsed roles.yaml (exposed so tests can check alternative rule files)."""
    terms: dict[str, str] = {}
    for name, value in (raw.get("terms") or {}).items():
        terms[str(name)] = _expand(str(value), terms)
    unlocks = _Unlocks()
    groups = _parse_groups(raw["groups"], terms, unlocks)
    seniority = _parse_seniority(raw["seniority"], unlocks)
    for keyword in raw["ai_keywords"]:
        unlocks.add(str(keyword).lower(), level=_AI_GATE)
    years_levels = tuple((int(row["min_years"]), str(row["level"])) for row in raw["seniority"]["years"])
    if any(level not in SENIORITIES for _, level in years_levels):
        raise ValueError("roles.yaml: a years row names an unknown seniority level")
    return _Rules(
        groups=groups,
        seniority=seniority,
        keywords=unlocks.automaton(),
        ai_term=re.compile(terms["AI"]),
        context=_parse_context(raw["context"]),
        years=re.compile(raw["seniority"]["years_pattern"], re.IGNORECASE),
        years_levels=years_levels,
        all_pairs=[(g, p) for g, group in enumerate(groups) for p in range(len(group.patterns))],
        non_role_title=re.compile(raw["non_role_title"], re.IGNORECASE) if raw.get("non_role_title") else None,
        general_title=re.compile(raw["general_title"], re.IGNORECASE) if raw.get("general_title") else None,
    )


@cache
def _rules() -> _Rules:
    text = resources.files("jobshift").joinpath(_RULES_RESOURCE).read_text(encoding="utf-8")
    return parse_rules(yaml.safe_load(text))


# ----------------------------------------------------------------------------------- the title


def _clean_title(title: str) -> str:
    """Entities decoded, tags and [bracketed] asides (company or location tags) dropped, spaces folded."""
    if "&" in title:
        title = html.unescape(title)
    if "<" in title:
        title = _TAGS.sub(" ", title)
    if "[" in title:
        title = _BRACKETED.sub(" ", title)
    if "  " in title or not title.isprintable():
        title = _SPACES.sub(" ", title)
    return title.strip()[:_MAX_TITLE]


def _lower(title: str) -> str:
    """Lower-case with the same length (so match spans line up with the original title)."""
    low = title.lower()
    if len(low) == len(title):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in title)


@dataclass(frozen=True, slots=True)
class _Title:
    text: str
    low: str
    has_ai: bool


def _unlocked(low: str, rules: _Rules, prefilter: bool) -> tuple[list[tuple[int, int]], set[str] | None]:
    """(group, pattern) index pairs in rule order, and seniority levels, whose keywords occur in the
    lower-cased title; without the prefilter every pair and level."""
    if not prefilter:
        return rules.all_pairs, None
    pairs: set[tuple[int, int]] = set()
    levels: set[str] = set()
    for _, (found_pairs, found_levels) in rules.keywords.iter(low):
        pairs |= found_pairs
        levels |= found_levels
    return sorted(pairs), levels


def _first_match(
    title: _Title,
    groups: tuple[_Group, ...],
    pairs: list[tuple[int, int]],
    start: int = 0,
    endpos: int | None = None,
) -> tuple[int, re.Match[str] | None, int]:
    """From pairs[start:], the first group with a match (within title[:endpos] when given): (its index, the
    leftmost-then-longest match of its unlocked patterns, the position in `pairs` after that group).
    (-1, None, len) when none matches. Patterns needing an AI term are skipped when the title has none."""
    i, n = start, len(pairs)
    text, low, has_ai = title.text, title.low, title.has_ai
    end = len(text) if endpos is None else endpos
    while i < n:
        g_index = pairs[i][0]
        patterns = groups[g_index].patterns
        best: re.Match[str] | None = None
        while i < n and pairs[i][0] == g_index:
            pattern = patterns[pairs[i][1]]
            i += 1
            if pattern.needs_ai and not has_ai:
                continue
            match = pattern.regex.search(text if pattern.cased else low, 0, end)
            if match is not None and (best is None or (match.start(), -match.end()) < (best.start(), -best.end())):
                best = match
        if best is not None:
            return g_index, best, i
    return -1, None, n


def _other_role(title: str, won: tuple[int, int], other: tuple[int, int]) -> bool:
    """True when `other` is a separate role in the title: a role separator lies between the two spans."""
    if other[1] <= won[0]:
        return _MULTI.search(title, other[1], won[0]) is not None
    if other[0] >= won[1]:
        return _MULTI.search(title, won[1], other[0]) is not None
    return False


def _title_seniority(title: _Title, rules: _Rules, unlocked: set[str] | None) -> tuple[str | None, str | None]:
    found: dict[str, str] = {}
    for level, pattern in rules.seniority:
        if unlocked is not None and level not in unlocked:
            continue
        match = pattern.regex.search(title.text if pattern.cased else title.low)
        if match is not None:
            found[level] = title.text[match.start() : match.end()].strip()
    if not found:
        return None, None
    if "intern" in found:
        bosses = [level for level in found if level not in _IC_LEVELS and level != "intern"]
        best = max(bosses, key=_RANK.__getitem__) if bosses else "intern"
    else:
        best = max(found, key=_RANK.__getitem__)
    return best, found[best]


# Between a department and the role it heads ("Marketing & Communications – Content Writer", "Sales: SDR").
_DEPARTMENT_SEP: Final = re.compile(r"\s[-–—]\s|:\s")


def _several_roles(
    title: _Title, rules: _Rules, pairs: list[tuple[int, int]], after: int, winner: _Group, match: re.Match[str]
) -> tuple[_Group, re.Match[str], str | None]:
    """A title that may name several roles. An AI winner stays (it is the most AI-specific role) and the
    first non-AI role it was preferred over is named; otherwise the first listed role wins (only the text
    before the winner's match is searched for it)."""
    text = title.text
    ai_winner = winner.family in AI_FAMILIES
    passed_over: str | None = None
    while after < len(pairs):
        endpos = None if ai_winner else match.start()
        other, other_match, after = _first_match(title, rules.groups, pairs, after, endpos)
        if other_match is None:
            break
        group = rules.groups[other]
        if group.family in AI_FAMILIES or group.family == winner.family or group.leads_function:
            continue
        if not _other_role(text, match.span(), other_match.span()):
            continue
        words = text[other_match.start() : other_match.end()].strip()
        if ai_winner:
            return winner, match, f"{group.family} ('{words}')"
        won_words = text[match.start() : match.end()].strip()
        if (
            _DEPARTMENT_SEP.search(text, other_match.end(), match.start()) is not None
            and not _names_a_job(text, words)
            and _names_a_job(text, won_words)
        ):
            continue  # a department, then the role ("Marketing & Communications - Content Writer")
        passed_over = f"{winner.family} ('{won_words}')"
        winner, match = group, other_match
    return winner, match, passed_over


_PARENTHESES: Final = re.compile(r"\([^()]*\)")


def _outside_parentheses(
    title: _Title, rules: _Rules, pairs: list[tuple[int, int]], match: re.Match[str]
) -> tuple[int, re.Match[str]] | None:
    """When a non-AI match lies inside a parenthesised qualifier ("Wireless Engineer (SDR)", "Engineering Manager
    (Analytics Product)"), the role the qualifier belongs to (the head it follows, with no role separator between
    them), if any: (group index, match). A bare field word ("Engineer (Data)") is left to refine the head."""
    inside = next((m.span() for m in _PARENTHESES.finditer(title.text) if m.start() <= match.start() < m.end()), None)
    if inside is None:
        return None
    masked = _PARENTHESES.sub(lambda m: " " * len(m.group(0)), title.text)
    g_index, found, _ = _first_match(_Title(masked, _lower(masked), title.has_ai), rules.groups, pairs)
    if found is None or rules.groups[g_index].family in AI_FAMILIES:
        return None
    lo, hi = (found.end(), inside[0]) if found.end() <= inside[0] else (inside[1], found.start())
    if _MULTI.search(title.text, lo, hi) is not None:
        return None  # the head is another listed role ("Engineer (Data) & Full Stack Engineer")
    return g_index, found


@lru_cache(maxsize=65536)
def _match_title(text: str, prefilter: bool = True) -> _TitleMatch:
    rules = _rules()
    low = _lower(text)
    pairs, levels = _unlocked(low, rules, prefilter)
    has_ai = (levels is None or _AI_GATE in levels) and rules.ai_term.search(low) is not None
    title = _Title(text, low, has_ai)
    g_index, match, after = _first_match(title, rules.groups, pairs)
    seniority, seniority_words = _title_seniority(title, rules, levels)
    if match is None:
        return _TitleMatch(None, "", None, seniority, seniority_words, title.has_ai)
    winner = rules.groups[g_index]
    passed_over: str | None = None
    if _MULTI.search(text) is not None:
        winner, match, passed_over = _several_roles(title, rules, pairs, after, winner, match)
    if winner.family not in AI_FAMILIES and winner.id not in _WEAK_TITLE_GROUPS and "(" in text:
        outside = _outside_parentheses(title, rules, pairs, match)
        if outside is not None:
            g_index, match = outside
            winner, passed_over = rules.groups[g_index], None
    return _TitleMatch(
        winner,
        text[match.start() : match.end()].strip(),
        passed_over,
        seniority,
        seniority_words,
        title.has_ai,
    )


# ----------------------------------------------------------------------------------- text and skills


def _prepare_text(text: str | None, limit: int) -> str:
    if not text:
        return ""
    text = text[:limit]
    if "<" in text:
        text = _TAGS.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def _cue(word: str) -> str:
    word = word.lower()
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _distinct(regex: re.Pattern[str], text: str, aliases: tuple[tuple[re.Pattern[str], str], ...] = ()) -> set[str]:
    """The distinct cues (lower-cased, plural "s" dropped, spellings of one concept folded by `aliases`) the
    regex finds in the (lower-cased) text."""
    if not text:
        return set()
    cues = {_cue(m.group(0)) for m in regex.finditer(text)}
    return {next((canon for alias, canon in aliases if alias.match(cue)), cue) for cue in cues} if aliases else cues


def _listed(what: str, items: set[str] | list[str]) -> str:
    return f"{what} {','.join(sorted(items))}"


def _has_context(
    level: str, title_has_ai: bool, text: str, skills: frozenset[str], ctx: _Context, family: str | None = None
) -> tuple[bool, str]:
    """Whether the posting shows `level` context (see roles.yaml `context`), and a short reason; `family` is the
    family the title names (a work line under a heading naming another family is that role's work)."""
    low = _lower(text)
    if level == "ml_infra":
        infra = skills & ctx.ml_infra_skills
        if infra:
            return True, _listed("ml-infra skills", set(infra))
        cues = _distinct(ctx.ml_infra_text, low, ctx.cue_aliases)
        return len(cues) >= ctx.ml_infra_text_min, _listed("ml-infra text cues", cues)
    genai_skills = set(skills & ctx.genai_skills)
    if level == "ai":
        return _any_ai(title_has_ai, text, skills, ctx)
    if level in ("strong_genai", "genai_work") and len(genai_skills) >= ctx.strong_genai_skill_min:
        return True, _listed("genai skills", genai_skills)
    genai_cues = _distinct(ctx.genai_text, low, ctx.cue_aliases)
    if level in ("strong_genai", "genai_work"):
        if len(genai_cues) >= ctx.strong_genai_text_min or level == "strong_genai":
            return len(genai_cues) >= ctx.strong_genai_text_min, _listed("genai text cues", genai_cues)
        work = _genai_work(text, low, ctx, family)
        if work is not None:
            return True, f"role work builds AI '{work}'"
        return False, ""
    if title_has_ai:
        return True, "AI term in title"
    if genai_skills - ctx.weak_genai_skills:
        return True, _listed("genai skills", genai_skills)
    if len(genai_cues) >= ctx.genai_text_min:
        return True, _listed("genai text cues", genai_cues)
    if level == "genai":
        return False, ""
    ml_skills = set(skills & ctx.ml_skills)
    if ml_skills:
        return True, _listed("ml skills", ml_skills)
    cues = genai_cues | _distinct(ctx.ml_text, low, ctx.cue_aliases)
    return len(cues) >= ctx.ml_text_min, _listed("ml text cues", cues)


def _any_ai(title_has_ai: bool, text: str, skills: frozenset[str], ctx: _Context) -> tuple[bool, str]:
    """Level `ai`: the title or the text names AI at all, or an ML / GenAI skill was found."""
    if title_has_ai:
        return True, "AI term in title"
    found = skills & (ctx.genai_skills | ctx.ml_skills)
    if found:
        return True, _listed("ai skills", set(found))
    hit = ctx.ai_text.search(text)
    return hit is not None, f"AI named in the text '{hit.group(0)}'" if hit else ""


_WORK_BEFORE_CHARS: Final = 30  # how far before a build verb its opener ("you'll", a list marker) is looked for


def _genai_work(text: str, low: str, ctx: _Context, family: str | None = None) -> str | None:
    """The words saying the role's own work builds AI ("Build and scale our AI"), or None: a build verb with an
    opener before it and an AI object after it (see `genai_work` in roles.yaml); `low` is the lower-cased text.
    A work line right under the heading of another listed role (a heading naming a family other than `family`)
    describes that role, not this one."""
    for verb in ctx.work_verb.finditer(low):
        start = verb.start()
        line_start = low.rfind("\n", 0, start) + 1
        if ctx.work_before.search(low, max(line_start, start - _WORK_BEFORE_CHARS), start) is None:
            continue
        obj = ctx.work_after.match(low, verb.end())
        if obj is not None and not (family and _under_other_role(text, line_start, family)):
            return _SPACES.sub(" ", text[start : obj.end()].strip())
    return None


def _under_other_role(text: str, line_start: int, family: str) -> bool:
    """Whether the non-empty line before `line_start` is the heading of a role of another family ("Software
    Engineer, Agents | SF or NYC" above the agents role's work, in a posting whose role is "Software Engineer")."""
    prev_end = len(text[:line_start].rstrip())
    heading = text[text.rfind("\n", 0, prev_end) + 1 : prev_end].split(" | ", 1)[0].strip()
    if not heading or len(heading) > _SHORT_LINE:
        return False
    found = _match_title(heading)
    return (
        found.group is not None
        and found.group.id not in _WEAK_TEXT_GROUPS
        and _names_a_job(heading, found.words)
        and found.group.family != family
    )


_YEAR_WORD: Final = re.compile(r"y(?:ea)?rs?\b")
# How far before a "year(s)"/"yr(s)" word the years pattern may start ("minimum of 10 - 12+ years"), and how
# far after it it may end ("... years of hands-on production Python experience").
_YEARS_BEFORE: Final = 48
_YEARS_AFTER: Final = 240


def _years_seniority(text: str, rules: _Rules) -> tuple[str | None, str | None]:
    match = _first_years_match(text, rules.years)
    if match is None:
        return None, None
    years = int(match.group(1))
    if years > 40:
        return None, None
    for min_years, level in rules.years_levels:
        if years >= min_years:
            return level, _SPACES.sub(" ", match.group(0).strip())
    return None, None


def _first_years_match(text: str, years: re.Pattern[str]) -> re.Match[str] | None:
    """The first match of the years pattern, searched only around "year"/"yr" words.

    Same result as `years.search(text)` (the pattern must contain such a word), ~8x faster on real postings:
    a pattern that starts with an optional phrase is tried at every position of a long text.
    """
    low = text.lower()
    if "yr" not in low and "year" not in low:
        return None
    for word in _YEAR_WORD.finditer(low):
        found = years.search(text, max(0, word.start() - _YEARS_BEFORE), word.end() + _YEARS_AFTER)
        if found is not None:
            return found
    return None


# Where a posting has no (usable) title, the first role its text names: in a short line, or in a sentence
# with a hiring cue ("We're hiring Senior Frontend Engineers", "Looking for: iOS and Android engineers").
_HIRING_CUE: Final = re.compile(  # run on lower-cased text
    r"\b(?:hiring|looking for|looking to (?:hire|add|grow|expand|fill)|seeking|join (?:us|our|the|an?)|"
    r"positions?|roles?|openings?|opportunit\w*|we need|wanted|apply|recruiting|search(?:ing)? for|seeks?|"
    r"if you(?:'re| are) an?)\b"
)
_SEGMENT_END: Final = re.compile(r"\n|[.;!?] | [|•·] ")  # between lines / sentences / header fields
_TEXT_TITLE_CHARS: Final = 2500  # how much of the text is searched (no title, or no role in it)
_TITLED_TEXT_CHARS: Final = 800  # ... when the posting has a title no rule matches (often a non-tech job)
_SHORT_LINE: Final = 60
_SHORT_LINES: Final = 3  # short lines count as a title only among the text's first lines
_LONG_SEGMENT: Final = 220
_CUE_WINDOW: Final = 120  # in a longer sentence, how much after the hiring cue is read
# Too loose to name a role in prose: a bare AI/data word, and leaders ("I'm the founder", "our VP").
_WEAK_TEXT_GROUPS: Final = frozenset({"ai_mention", "data_fallback", "management", "leadership"})
# A title matched only by these groups and holding no role noun ("AI Industry", "Data") is a header field,
# not a role: a role named in the text wins over it.
_WEAK_TITLE_GROUPS: Final = frozenset({"ai_mention", "data_fallback"})
# In prose, a role is a noun phrase naming a job ("Growth Engineers", not "growth"; "sales reps", not "sales"):
# a role noun within _ROLE_NOUN_REACH characters after the rule's words ("Full Stack Web Engineer").
_ROLE_NOUN_REACH: Final = 24
_ROLE_NOUN: Final = re.compile(
    r"\b(?:engineers?|engineering|developers?|programmers?|scientists?|analysts?|designers?|architects?|managers?|"
    r"recruiters?|writers?|editors?|marketers?|representatives?|reps?|executives?|specialists?|consultants?|"
    r"administrators?|technicians?|interns?|researchers?|sdes?|swes?|devops|sres?|mles?|testers?|qa|"
    r"assistants?|coordinators?|associates?|leads?|experts?|postdocs?|fellows?|fellowships?|positions?)\b"
)  # run on lower-cased text
# A short line that is an item of a list ("- Senior Backend Engineer", ">> ML Engineer:", "2. Designer") names a
# role wherever it stands in the head.
_LIST_ITEM: Final = re.compile(r"\s*(?:[-*•·>–—o]+\s|\d{1,2}[.)](?:\s|(?=[a-z])))")  # run on lower-cased text
# A job ad's address often names the role in its last path part: ".../jobs/senior-frontend-web-engineer/".
_JOB_SLUG: Final = re.compile(  # run on lower-cased text
    r"/(?:jobs?|careers?|positions?|openings?|roles?|vacanc\w*)/(?:[\w.-]+/)*?([a-z]+(?:-[a-z0-9]+){1,9})"
)


def _title_from_text(text: str, chars: int = _TEXT_TITLE_CHARS) -> _TitleMatch | None:
    """The first role named in the head of the text, or None.  Each role noun in the head is taken in its
    segment (line or sentence); the segment counts when it is a short line among the text's first lines, a
    short list item (see _LIST_ITEM), or carries a hiring cue (see _HIRING_CUE); the role words of a job ad's
    address (see _JOB_SLUG) count too. The title rules must find a job noun phrase in the candidate."""
    head = text[:chars]
    low = head.lower()
    nouns = [m.start() for m in _ROLE_NOUN.finditer(low)]
    if not nouns:
        return None
    spans = [m.span() for m in _SEGMENT_END.finditer(low)]
    ends = [e[0] for e in spans]
    starts = [e[1] for e in spans]
    first_lines_end = _nth_line_end(low, _SHORT_LINES)
    candidates: list[tuple[int, str]] = []
    tried: set[int] = set()
    for at in nouns:
        k = bisect.bisect_right(starts, at)
        if k in tried:
            continue
        tried.add(k)
        lo = starts[k - 1] if k else 0
        hi = ends[k] if k < len(ends) else len(low)
        segment = head[lo:hi].strip()
        if not segment or (k == 0 and _is_header_field(low, hi)) or _ADDRESS.fullmatch(segment):
            continue
        label = _item_label(head, low, lo, hi)
        if label is not None:  # "1. Senior Go Engineer: You will build ..." -> "Senior Go Engineer"
            candidates.append((lo, label))
        cue = _HIRING_CUE.search(low, lo, hi)
        if len(segment) > _LONG_SEGMENT:
            if cue is not None:  # a long sentence: the words after its hiring cue
                candidates.append((cue.start(), head[cue.start() : min(hi, cue.start() + _CUE_WINDOW)]))
            continue
        short = len(segment) <= _SHORT_LINE and (hi <= first_lines_end or _is_list_item(low, lo))
        if cue is not None and cue.start() > lo:  # the words after the cue first ("Acme ... is looking to fill
            candidates.append((lo, head[cue.start() : hi]))  # software roles": not the company's name)
        if short or cue is not None:
            candidates.append((lo, segment))
    if "/" in low:
        candidates.extend((m.start(1), m.group(1).replace("-", " ")) for m in _JOB_SLUG.finditer(low))
        candidates.sort(key=lambda c: c[0])
    general = _rules().general_title
    for _, segment in candidates:
        segment = _SPACES.sub(" ", segment)
        if general is not None and general.fullmatch(segment.strip()) is not None:
            continue  # "Multiple Engineering Roles" in the header: look for the roles themselves
        found = _role_in_segment(segment)
        if found is not None:
            return found
    return None


# A header field that is a web address ("architect.co", "https://acme.com/jobs"): a company, not a role.
_ADDRESS: Final = re.compile(r"(?:https?://)?[\w.-]+\.[A-Za-z]{2,}(?:/\S*)?")
_SEGMENT_TRIES: Final = 3  # how many role-looking words of one segment are tried ("the mobile team ... engineers")


def _role_in_segment(segment: str) -> _TitleMatch | None:
    """The first job noun phrase the title rules find in a segment of text: a match that names no job ("the
    mobile team", "AI") is skipped and the rest of the segment after it is tried."""
    for _ in range(_SEGMENT_TRIES):
        found = _match_title.__wrapped__(segment)  # uncached: prose would evict real titles
        if found.group is None:
            return None
        if found.group.id not in _WEAK_TEXT_GROUPS and _names_a_job(segment, found.words):
            return found
        at = segment.lower().find(found.words.lower())
        if at == -1 or not found.words:
            return None
        before = _job_before(segment[:at])
        if before is not None:
            return before
        segment = segment[at + len(found.words) :]
    return None


def _job_before(prefix: str) -> _TitleMatch | None:
    """A job noun phrase in the words before a match that names no job: an earlier-ordered rule can match a
    later field word ("engineering positions for those interested in software, web" - 'software' is a field
    there, the job is 'engineering positions')."""
    if _ROLE_NOUN.search(prefix.lower()) is None:
        return None
    found = _match_title.__wrapped__(prefix)
    if found.group is not None and found.group.id not in _WEAK_TEXT_GROUPS and _names_a_job(prefix, found.words):
        return found
    return None
    return None


_HEADER_SEPARATORS: Final = frozenset({" | ", " • ", " · "})


def _is_header_field(low: str, hi: int) -> bool:
    """Whether the text's first segment, ending at `hi`, is the first field of a "Company | Role | ..." header
    naming the company ("Architect Financial Technologies | Chicago | ..."): a first field that ends with a role
    noun is the role ("Python Developer | Acme | ...")."""
    if low[hi : hi + 3] not in _HEADER_SEPARATORS:
        return False
    last = low[:hi].rstrip(" )").rsplit(" ", 1)[-1]
    return _ROLE_NOUN.fullmatch(last) is None


def _item_label(head: str, low: str, lo: int, hi: int) -> str | None:
    """The label of a line or list item that names a role and then describes it ("1. Senior Go Engineer: You
    will ...", "Data Engineer: pipelines, ..."): the words before its first colon, without the list marker; None
    when the segment does not open a line or list item, or has no short label."""
    colon = low.find(": ", lo, hi)
    if colon == -1 or colon - lo > _SHORT_LINE:
        return None
    if not (_is_list_item(low, lo) or lo == 0 or low[lo - 1] == "\n"):
        return None
    marker = _LIST_ITEM.match(low, lo)
    start = marker.end() if marker is not None else lo
    label = head[start:colon].strip()
    return label or None


def _is_list_item(low: str, lo: int) -> bool:
    """Whether the segment starting at `lo` opens a line with a list marker."""
    line_start = low.rfind("\n", 0, lo) + 1
    return _LIST_ITEM.match(low, line_start) is not None and not low[line_start:lo].strip(" -*•·>–—o.)0123456789")


def _nth_line_end(low: str, n: int) -> int:
    """Offset of the end of the n-th non-empty line (the whole text when it has fewer)."""
    pos, seen = 0, 0
    while seen < n:
        nxt = low.find("\n", pos)
        if nxt == -1:
            return len(low)
        if low[pos:nxt].strip():
            seen += 1
        pos = nxt + 1
    return pos - 1


def _names_a_job(segment: str, words: str) -> bool:
    """Whether the rule's words are (the start of) a job noun phrase: a role noun in them or just after."""
    low = segment.lower()
    at = low.find(words.lower())
    if at == -1:
        return _ROLE_NOUN.search(words.lower()) is not None
    return _ROLE_NOUN.search(low, at, at + len(words) + _ROLE_NOUN_REACH) is not None


# A "title" that is a sentence ("I'm George, founder of X. We're building ...") names no role of its own.
_PROSE_TITLE: Final = re.compile(r"\b(?:i'm|i am|i've|we're|we are|we've|my|our)\b")  # run on lower-cased text
_PROSE_TITLE_WORDS: Final = 8
# A title the source cut short at a separator: its qualifier follows it in the text's header line
# ("Staff Software Engineer" + " - Infrastructure, Machine Learning"; "Engineer II" + " (Native AI ...)").
_TITLE_TAIL: Final = re.compile(r"\s?(?:[-–—,:]\s|\()")
_TAIL_END: Final = re.compile(r"\s+/\s+|\s*\|\s*|\n|\s[•·]\s|[.!?](?:\s|$)|\s(?:at|@)\s")  # "... at Acme"
_HEADER_CHARS: Final = 400
_TAIL_MAX_WORDS: Final = 8


def _is_prose(title: str) -> bool:
    return len(title.split()) >= _PROSE_TITLE_WORDS and _PROSE_TITLE.search(title.lower()) is not None


def _is_non_role(title: str, rules: _Rules) -> bool:
    """Whether the title is a header field rather than a role (see `non_role_title` in roles.yaml)."""
    return rules.non_role_title is not None and rules.non_role_title.fullmatch(title) is not None


def _extended_title(title: str, text: str) -> str:
    """The title with the qualifier that follows it in the text's header (see _TITLE_TAIL), else the title."""
    head = text[:_HEADER_CHARS]
    at = head.find(title)
    if at == -1:
        return title
    end = at + len(title)
    if _TITLE_TAIL.match(head, end) is None:
        return title
    stop = _TAIL_END.search(head, end + 2)
    tail = head[end : stop.start() if stop else len(head)].rstrip()
    if len(tail.split()) > _TAIL_MAX_WORDS or (tail.lstrip().startswith("(") and not tail.endswith(")")):
        return title
    return _SPACES.sub(" ", title + tail)


def _with_header_qualifier(title: str, tm: _TitleMatch, text: str) -> _TitleMatch:
    """The match of the title extended by its qualifier in the header (see _extended_title) when that makes
    the role an AI one (the most AI-specific reading of the title, as for several roles); else `tm`."""
    if tm.group is not None and tm.group.family in AI_FAMILIES:
        return tm
    longer = _extended_title(title, text)
    if longer == title:
        return tm
    extended = _match_title(longer)
    return extended if extended.group is not None and extended.group.family in AI_FAMILIES else tm


# A title the source cut at a comma before the function it leads ("Senior Manager" of "* Senior Manager, Security
# Engineering - $230k"): one comma qualifier of at most _FUNCTION_WORDS words, ending the line, a " - " / " | " field
# or a pay figure. A second comma or an "and" makes it a list ("Managers, Solutions Consultants, ...").
_CUT_FUNCTION: Final = re.compile(r",\s([^\n,;|&$()]{2,60}?)(?=\s*(?:\n|$|\s[-–—|]\s|\s\$|\s\())")
_FUNCTION_WORDS: Final = 4
_LIST_WORD: Final = re.compile(r"\b(?:and|or)\b", re.IGNORECASE)


def _with_cut_function(title: str, tm: _TitleMatch, text: str) -> _TitleMatch:
    """For a title no rule matched, the match of the title with the function that follows it after a comma in the
    text's head (see _CUT_FUNCTION); else `tm`."""
    head = text[:_HEADER_CHARS]
    at = head.find(title)
    if at == -1:
        return tm
    cut = _CUT_FUNCTION.match(head, at + len(title))
    if cut is None:
        return tm
    qualifier = cut.group(1).strip()
    if len(qualifier.split()) > _FUNCTION_WORDS or _LIST_WORD.search(qualifier) is not None:
        return tm
    longer = _match_title(f"{title}, {qualifier}")
    return tm if longer.group is None else longer


# A title that is the tail of a list the source split ("and Product Engineers" of "Acme Is Hiring ML, Design, and
# Product Engineers"): it opens with a conjunction. The whole list is read, from the header line's last field
# separator or hiring cue before it.
_LIST_TAIL: Final = re.compile(r"(?:and|or|&)\s", re.IGNORECASE)
_LIST_OPENER: Final = re.compile(r"\s[|•·]\s|\bhiring\s|\blooking\s+for\s|:\s|\n", re.IGNORECASE)


def _whole_list(title: str, text: str) -> str:
    """The list a title that is its tail belongs to, read from the text's header (see _LIST_TAIL); else the title."""
    if _LIST_TAIL.match(title) is None:
        return title
    at = text.find(title, 0, _HEADER_CHARS)
    if at <= 0:
        return title
    line_start = text.rfind("\n", 0, at) + 1
    openers = list(_LIST_OPENER.finditer(text, line_start, at))
    start = openers[-1].end() if openers else line_start
    whole = _SPACES.sub(" ", text[start : at + len(title)]).strip()
    return whole if whole != title and len(whole.split()) <= _TAIL_MAX_WORDS + len(title.split()) else title


def _with_seniority(found: _TitleMatch, title: _TitleMatch) -> _TitleMatch:
    """A role found in the text, keeping the seniority the (unmatched) title named."""
    return _TitleMatch(
        found.group, found.words, found.passed_over, title.seniority, title.seniority_words, found.title_has_ai
    )


# Context levels under which another listed role of the title becomes AI-specific ("Software Engineers, Senior
# Research Engineer" with ML in the text: the research engineer is the most AI-specific role).
_LISTED_LEVELS: Final = frozenset({"ml", "ml_infra"})


def _listed_ai_role(
    title: str, tm: _TitleMatch, text: str, skill_ids: Sequence[str], rules: _Rules
) -> tuple[str, str] | None:
    """(AI family, evidence) of another role listed in the title whose group turns AI with the posting's context
    (`_LISTED_LEVELS`: research roles with ML, platform / infra engineers with ML infra); None otherwise."""
    skills: frozenset[str] | None = None
    for part in _MULTI.split(title):
        part = part.strip()
        if not part or part == tm.words:
            continue
        found = _match_title(part)
        group = found.group
        if group is None or group is tm.group or group.context_level not in _LISTED_LEVELS:
            continue
        if group.context_family not in AI_FAMILIES or (
            group.context_level == "ml" and "research" not in found.words.lower()
        ):
            continue  # a bare "Scientist" ("Physician-Scientist") is not an ML research role
        if skills is None:
            skills = frozenset(_skill_key(s) for s in skill_ids)
        ok, why = _has_context(group.context_level, False, text, skills, rules.context, group.family)
        if ok:
            return group.context_family, f"{group.id}: '{found.words}'; {group.context_level} context ({why})"
    return None


# ----------------------------------------------------------------------------------- public API


def classify_role(title: str | None, text: str | None = None, skill_ids: Sequence[str] = ()) -> RoleTag:
    """Role family, seniority and evidence for a posting; title first, text and skill ids break ties."""
    rules = _rules()
    clean = _clean_title(title) if title else ""
    body: str | None = None

    def get_text() -> str:
        nonlocal body
        if body is None:
            body = _prepare_text(text, rules.context.text_max_chars)
        return body

    if clean and text and _LIST_TAIL.match(clean) is not None:
        clean = _whole_list(clean, get_text())
    tm = _match_title(clean) if clean else None

    # A sentence or a header field ("RELOCATION SUPPORT") in the title slot names no role of its own.
    prose = tm is not None and (_is_prose(clean) or _is_non_role(clean, rules))
    if tm is not None and text and not prose:
        tm = _with_header_qualifier(clean, tm, get_text())
        if tm.group is None:
            tm = _with_cut_function(clean, tm, get_text())
    # Why the text is searched for the role (None: the title decides).
    why: str | None = None
    if tm is None:
        why = "no title"
    elif prose:
        why = "title is prose" if _is_prose(clean) else "title is a header field"
    elif tm.group is None:
        why = "no rule matched the title"
    elif tm.group.id in _WEAK_TITLE_GROUPS and _ROLE_NOUN.search(clean.lower()) is None:
        why = "no role noun in the title"
    elif rules.general_title is not None and rules.general_title.fullmatch(clean) is not None:
        why = "title names roles only in general"
    prefix = ""
    if why is not None and text:
        found = _title_from_text(
            get_text(), _TEXT_TITLE_CHARS if why != "no rule matched the title" else _TITLED_TEXT_CHARS
        )
        if found is not None:
            prefix = f"{why}; role named in the text: "
            tm = found if tm is None or prose or tm.seniority is None else _with_seniority(found, tm)
    if tm is not None and why == "title is a header field" and not prefix:
        tm = _TitleMatch(None, "", None, tm.seniority, tm.seniority_words, tm.title_has_ai)  # no role named
    if tm is None or tm.group is None:
        family = "other"
        evidence = "no title" if tm is None else "no rule matched the title"
    else:
        group = tm.group
        family = group.family
        evidence = f"{prefix}{group.id}: '{tm.words}'"
        context_possible = bool(text or skill_ids) or (tm.title_has_ai and group.context_level in ("ai", "genai", "ml"))
        if group.context_level is not None and group.context_family is not None and context_possible:
            skills = frozenset(_skill_key(s) for s in skill_ids) if skill_ids else frozenset()
            ok, why = _has_context(
                group.context_level, tm.title_has_ai, get_text(), skills, rules.context, group.family
            )
            if ok:
                family = group.context_family
                evidence += f"; {group.context_level} context ({why}) -> {family}"
        if tm.passed_over:
            kind = "most AI-specific" if tm.group.family in AI_FAMILIES else "first listed"
            evidence += f"; {kind} of several roles, chosen over {tm.passed_over}"
        if family not in AI_FAMILIES and text and _MULTI.search(clean) is not None:
            listed = _listed_ai_role(clean, tm, get_text(), skill_ids, rules)
            if listed is not None:
                family, evidence = listed[0], f"{evidence}; most AI-specific of several roles: {listed[1]}"
    seniority = tm.seniority if tm is not None else None
    if tm is not None and seniority is not None:
        evidence += f"; seniority '{tm.seniority_words}' in title"
    elif text:
        seniority, words = _years_seniority(get_text(), rules)
        if seniority is not None:
            evidence += f"; seniority from text '{words}'"
    return RoleTag(family, seniority, evidence)
