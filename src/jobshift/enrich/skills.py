"""Skill tagging: find the taxonomy's skills in a posting, and say whether it names or asks for AI skills.

The taxonomy lives in `jobshift/data/skills.yaml` (see its header for the format).  `tag_skills` strips
HTML, lower-cases the text once and makes ONE pass with an Aho-Corasick automaton (pyahocorasick) holding
every alias of every skill.  Each raw hit is then checked cheaply:

* word boundaries: the characters either side of the hit may not be letters/digits (ASCII or Latin), so
  "java" does not fire inside "javascript" and "go" not inside "good"; after the hit `+`, `#` and a `.`
  followed by a letter also block ("c" in "c++", "node" in "node.js"), while a plural `s` is allowed
  ("LLMs").  Aliases written in Chinese/Japanese characters skip the boundary check on their CJK side.
* context rules (data in the YAML, interpreted by `_rule_accepts` alone): case-sensitive spellings
  ("Go", "R", "C", "AI"), required nearby words ("Spark" near "Kafka"/"SQL"), and rejected neighbours
  ("Go to market", "C-level", "spark joy", "react to", "swift delivery").
* hits inside URLs and e-mail addresses are ignored.

Two flags summarise AI content, and they answer different questions:

`mentions_llm`
    The text (or title) NAMES large language models or generative AI anywhere: LLM, large language model,
    generative AI/GenAI, 大模型, ChatGPT/GPT/Claude/Gemini/Llama, LangChain, RAG, prompt engineering ...
    (every skill marked `llm: true` in the YAML).  A company blurb "we build LLM tools for lawyers" counts.

`ai_skill_required`
    An `ai_core` skill is ASKED OF THE CANDIDATE, not just part of the company's self-description or
    its benefits.  Heuristic (`jobshift.enrich.ai_role.ai_required`, cue words in `data/ai_role.yaml`),
    evaluated over every ai_core hit until one qualifies:

    1. the hit is in the title, or in a header line ("Acme | ML Engineer | Remote"; also with " — ", " - "
       or " / " between the fields) outside its first (company-name) field;
    2. its sentence has a candidate cue: "experience with", "familiarity", "knowledge of", "you will",
       "you have", "required", "preferred", "nice to have", "bonus", "stack", 熟悉/精通/经验/要求 ...;
    3. its sentence has a work verb ("build", "fine-tune", "deploy", "train", 开发 ...), the hit is not
       an adjective for a company or product ("AI-powered", "AI company", "our AI") and the sentence
       is not about the company ("we"/"our" without "you");
    4. it sits under a requirements/responsibilities heading ("Requirements:", "What you'll do",
       "About you", 任职要求 ...), and not as a product adjective.

    Hits under "About us", "Benefits", "Perks" ... headings only count through rule 2, and hits under
    "Similar jobs" lists or a collector's appended analysis do not count.  The AI role of the posting
    (`ai_role`: builds_ai / uses_ai / boilerplate / none) is decided in the same module.  So "We are an
    AI company; our AI-powered platform ..." gives mentions of AI but ai_skill_required False, while
    "Experience with LLMs required" gives both True.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.resources
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, NamedTuple

import ahocorasick
import yaml

from jobshift.enrich.ai_role import AiAssessment, AiText, assess, load_cues
from jobshift.enrich.ai_role import header_bounds as _header_bounds
from jobshift.enrich.text import strip_html

__all__ = [
    "CATEGORIES",
    "ContextRule",
    "OnetRef",
    "Skill",
    "SkillHit",
    "SkillTagger",
    "SkillTags",
    "Taxonomy",
    "TaxonomyError",
    "default_tagger",
    "load_taxonomy",
    "tag_skills",
]

CATEGORIES: Final[tuple[str, ...]] = (
    "ai_core",
    "ml_infra",
    "ml_classic",
    "data",
    "languages",
    "cloud",
    "devops",
    "frontend",
    "backend",
    "mobile",
    "security",
    "databases",
    "business_soft",
)
_DEFAULT_WINDOW: Final = 80
_MAX_AI_HITS: Final = 24  # AI hits kept per text for ai_skill_required and ai_role
_RULE_KEYS: Final = frozenset(
    {
        "aliases",
        "case_sensitive",
        "require_any_nearby",
        "window",
        "reject_if_followed_by",
        "reject_if_preceded_by",
        "reject_if_nearby",
    }
)
_YAML_LOADER: Final[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
_SKILL_KEYS: Final = frozenset(
    {"id", "name", "category", "aliases", "onet", "llm", "context", "yields_to_longer", "ai_kind", "literacy_aliases"}
)
AI_KINDS: Final = ("engineering", "literacy")


class TaxonomyError(ValueError):
    """The skills YAML is malformed (unknown key, bad category, duplicate id or alias ...)."""


# ------------------------------------------------------------------------------------------------
# Taxonomy model


@dataclass(frozen=True, slots=True)
class OnetRef:
    """Where O*NET Technology Skills covers a skill: the example name, its commodity code/title, Hot flag."""

    example: str
    commodity_code: str | None = None
    commodity_title: str | None = None
    hot: bool = False


@dataclass(frozen=True, slots=True)
class ContextRule:
    """Extra conditions for an ambiguous spelling; see the header of skills.yaml."""

    aliases: tuple[str, ...]
    case_sensitive: bool = False
    require_any_nearby: tuple[str, ...] = ()
    window: int = _DEFAULT_WINDOW
    reject_if_followed_by: tuple[str, ...] = ()
    reject_if_preceded_by: tuple[str, ...] = ()
    reject_if_nearby: tuple[str, ...] = ()
    # Derived from require_any_nearby (see _nearby_parts): single words, " prefix" strings, " multi word "
    # strings, and a regex for text with CJK characters (no spaces between words there).
    nearby_words: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    nearby_substrings: tuple[str, ...] = field(default=(), compare=False, repr=False)
    nearby_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    # Words and substrings in one automaton, for a window of printable ASCII (see _phrase_in_window).
    nearby_automaton: Any = field(default=None, compare=False, repr=False)
    # The same, derived from reject_if_nearby.
    veto_words: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    veto_substrings: tuple[str, ...] = field(default=(), compare=False, repr=False)
    veto_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    veto_automaton: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Skill:
    """One taxonomy entry.  `aliases` are lower-case spellings matched without conditions."""

    id: str
    name: str
    category: str
    aliases: tuple[str, ...]
    onet: OnetRef | None = None
    llm: bool = False
    context: tuple[ContextRule, ...] = ()
    yields_to_longer: bool = False
    # ai_engineering (build/serve/evaluate models; every ai_core skill unless marked) or ai_literacy (use AI
    # tools: AI coding assistants, "AI tools"); None for skills that are not about AI.
    ai_kind: str | None = None
    literacy_aliases: tuple[str, ...] = ()  # spellings that name a tool to use, not to build on ("chatgpt")


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """All skills, in file order."""

    skills: list[Skill]
    version: int = 1

    def by_id(self) -> dict[str, Skill]:
        """Map skill id -> Skill."""
        return {s.id: s for s in self.skills}


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Read and validate a skills YAML (the packaged `jobshift/data/skills.yaml` when `path` is None;
    that one is parsed once and cached)."""
    if path is None:
        return _packaged_taxonomy()
    return _parse_taxonomy(Path(path).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _packaged_taxonomy() -> Taxonomy:
    return _parse_taxonomy(
        importlib.resources.files("jobshift").joinpath("data/skills.yaml").read_text(encoding="utf-8")
    )


def _parse_taxonomy(raw: str) -> Taxonomy:
    doc = yaml.load(raw, Loader=_YAML_LOADER)
    if not isinstance(doc, dict) or not isinstance(doc.get("skills"), list):
        raise TaxonomyError("skills YAML must be a mapping with a 'skills' list")
    skills = [_parse_skill(item, i) for i, item in enumerate(doc["skills"])]
    _check_unique(skills)
    return Taxonomy(skills=skills, version=int(doc.get("version", 1)))


def _parse_skill(item: Any, index: int) -> Skill:
    """Validate one YAML skill mapping and build a Skill."""
    if not isinstance(item, dict):
        raise TaxonomyError(f"skills[{index}] is not a mapping")
    unknown = set(item) - _SKILL_KEYS
    if unknown:
        raise TaxonomyError(f"skills[{index}] has unknown keys {sorted(unknown)}")
    sid = _req_str(item, "id", index)
    if not re.fullmatch(r"[a-z0-9_]+", sid):
        raise TaxonomyError(f"skill id {sid!r} is not a lower-case slug")
    category = _req_str(item, "category", index)
    if category not in CATEGORIES:
        raise TaxonomyError(f"skill {sid!r}: unknown category {category!r}")
    aliases = tuple(a.strip().lower() for a in _str_list(item.get("aliases", []), f"{sid}.aliases"))
    context = tuple(_parse_rule(r, sid) for r in item.get("context") or [])
    if not aliases and not context:
        raise TaxonomyError(f"skill {sid!r} has no aliases")
    return Skill(
        id=sid,
        name=_req_str(item, "name", index),
        category=category,
        aliases=aliases,
        onet=_parse_onet(item.get("onet"), sid),
        llm=bool(item.get("llm", False)),
        context=context,
        yields_to_longer=bool(item.get("yields_to_longer", False)),
        ai_kind=_ai_kind(item, sid, category),
        literacy_aliases=tuple(_canonical(a) for a in _str_list(item.get("literacy_aliases", []), f"{sid}.lit")),
    )


def _ai_kind(item: Mapping[str, Any], sid: str, category: str) -> str | None:
    kind = item.get("ai_kind")
    if kind is None:
        return "engineering" if category == "ai_core" else None
    if kind not in AI_KINDS:
        raise TaxonomyError(f"skill {sid!r}: ai_kind must be one of {AI_KINDS}")
    return str(kind)


def _parse_onet(value: Any, sid: str) -> OnetRef | None:
    """Accept `onet: {example, commodity_code, commodity_title, hot}` or a bare example string."""
    if value is None:
        return None
    if isinstance(value, str):
        return OnetRef(example=value)
    if not isinstance(value, dict) or not isinstance(value.get("example"), str):
        raise TaxonomyError(f"skill {sid!r}: onet needs an 'example'")
    code = value.get("commodity_code")
    title = value.get("commodity_title")
    return OnetRef(
        example=value["example"],
        commodity_code=None if code is None else str(code),
        commodity_title=None if title is None else str(title),
        hot=bool(value.get("hot", False)),
    )


def _parse_rule(value: Any, sid: str) -> ContextRule:
    """Validate one context rule and pre-compile its nearby-word pattern."""
    if not isinstance(value, dict):
        raise TaxonomyError(f"skill {sid!r}: context rule is not a mapping")
    unknown = set(value) - _RULE_KEYS
    if unknown:
        raise TaxonomyError(f"skill {sid!r}: unknown context keys {sorted(unknown)}")
    aliases = tuple(a.strip() for a in _str_list(value.get("aliases"), f"{sid}.context.aliases"))
    if not aliases:
        raise TaxonomyError(f"skill {sid!r}: context rule without aliases")
    nearby = tuple(w.lower() for w in _str_list(value.get("require_any_nearby", []), f"{sid}.nearby"))
    veto = tuple(w.lower() for w in _str_list(value.get("reject_if_nearby", []), f"{sid}.veto"))
    window = value.get("window", _DEFAULT_WINDOW)
    if not isinstance(window, int) or window <= 0:
        raise TaxonomyError(f"skill {sid!r}: window must be a positive integer")
    return ContextRule(
        aliases=aliases,
        case_sensitive=bool(value.get("case_sensitive", False)),
        require_any_nearby=nearby,
        window=window,
        reject_if_followed_by=tuple(
            s.lower() for s in _str_list(value.get("reject_if_followed_by", []), f"{sid}.followed")
        ),
        reject_if_preceded_by=tuple(
            s.lower() for s in _str_list(value.get("reject_if_preceded_by", []), f"{sid}.preceded")
        ),
        reject_if_nearby=veto,
        **_nearby_parts(nearby, "nearby"),
        **_nearby_parts(veto, "veto"),
    )


def _nearby_parts(words: Sequence[str], prefix: str) -> dict[str, Any]:
    """Pre-compute a rule's nearby check (fields `<prefix>_words`, `_substrings`, `_re`).  Words are compared
    in scan form (separators are spaces): a plain word must equal a whitespace-separated token; "word*" must
    start a token; several words must appear as a phrase.  For CJK text, where words are not space-separated,
    one regex does the same."""
    if not words:
        return {}
    terms = sorted({(_canonical(w.rstrip("*")), w.endswith("*")) for w in words}, key=lambda t: -len(t[0]))
    single = frozenset(w for w, prefix in terms if not prefix and " " not in w)
    substrings = tuple(" " + w if prefix else " " + w + " " for w, prefix in terms if prefix or " " in w)
    parts = [re.escape(w) if prefix else re.escape(w) + r"(?![a-z0-9_])" for w, prefix in terms]
    pattern = re.compile(r"(?<![a-z0-9_])(?:" + "|".join(parts) + ")")
    automaton = ahocorasick.Automaton()
    for sub in substrings:
        automaton.add_word(sub, (False, len(sub)))
    for word in single:
        automaton.add_word(" " + word + " ", (True, 0))  # (a word and a substring never share a key)
    automaton.make_automaton()
    return {
        f"{prefix}_words": single, f"{prefix}_substrings": substrings, f"{prefix}_re": pattern,
        f"{prefix}_automaton": automaton,
    }


def _req_str(item: Mapping[str, Any], key: str, index: int) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TaxonomyError(f"skills[{index}] needs a non-empty string {key!r}")
    return value.strip()


def _str_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TaxonomyError(f"{where} must be a list of non-empty strings")
    return list(value)


def _check_unique(skills: Sequence[Skill]) -> None:
    """Ids are unique and no spelling (after variants) belongs to two skills or to two roles in one."""
    seen_ids: set[str] = set()
    owner: dict[str, str] = {}
    for s in skills:
        if s.id in seen_ids:
            raise TaxonomyError(f"duplicate skill id {s.id!r}")
        seen_ids.add(s.id)
        plain = {_canonical(a) for a in s.aliases}
        ruled = {_canonical(a) for r in s.context for a in r.aliases}
        if plain & ruled:
            raise TaxonomyError(f"skill {s.id!r}: {sorted(plain & ruled)} both plain and context-governed")
        for key in plain | ruled:
            if owner.setdefault(key, s.id) != s.id:
                raise TaxonomyError(f"alias {key!r} belongs to both {owner[key]!r} and {s.id!r}")


def _canonical(alias: str) -> str:
    """The automaton key of an alias: lower-cased, ASCII separators ('-', '/', '&', ...) turned into spaces.

    Text is scanned in the same form, so "fine-tuning", "fine tuning" and "fine/tuning" are one key.
    """
    return _to_scan_form(alias.lower())


# ------------------------------------------------------------------------------------------------
# Results


class SkillHit(NamedTuple):
    """A skill found in a posting: span of its FIRST hit in the stripped text (-1/-1 if only in the title).

    A NamedTuple rather than a frozen dataclass: a posting yields ~5 of these and construction cost shows
    in the tagging benchmark.
    """

    skill_id: str
    name: str
    category: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class SkillTags:
    """All skills found (in order of first appearance) and the two AI flags (see the module docstring)."""

    skills: tuple[SkillHit, ...]
    mentions_llm: bool
    ai_skill_required: bool
    # Why ai_skill_required is True: the sentence of the qualifying hit ("title: ..." for a title hit).
    ai_required_evidence: str | None = None
    # What the text asks about AI (see jobshift.enrich.ai_role): builds_ai | uses_ai | boilerplate | none,
    # from the skills alone (the role family can still make it builds_ai), with the deciding sentence.
    ai_role: str = "none"
    ai_role_evidence: str | None = None

    def ids(self) -> tuple[str, ...]:
        """The skill ids, in order."""
        return tuple(h.skill_id for h in self.skills)


EMPTY_TAGS: Final = SkillTags(skills=(), mentions_llm=False, ai_skill_required=False)
_NO_AI: Final = AiAssessment(None, "none", None)  # what `assess` says of a text without AI words
# SkillTags' slot setters, in field order.  A frozen dataclass's __init__ sets each field through
# object.__setattr__ by name; setting the slots directly builds the same object in about half the time, which
# shows at one result per posting (see _make_tags).
_TAGS_SLOTS: Final = tuple(getattr(SkillTags, f.name).__set__ for f in dataclasses.fields(SkillTags))
_new_object: Final = object.__new__


def _make_tags(
    skills: tuple[SkillHit, ...], mentions_llm: bool, ai: AiAssessment
) -> SkillTags:
    """SkillTags(skills, mentions_llm, ai_skill_required, evidence, ai_role, role_evidence) without __init__
    (the same object: equality, hash and repr compare the fields)."""
    tags = _new_object(SkillTags)
    set_skills, set_llm, set_required, set_evidence, set_role, set_role_evidence = _TAGS_SLOTS
    set_skills(tags, skills)
    set_llm(tags, mentions_llm)
    set_required(tags, ai.required_evidence is not None)
    set_evidence(tags, ai.required_evidence)
    set_role(tags, ai.role)
    set_role_evidence(tags, ai.role_evidence)
    return tags


# ------------------------------------------------------------------------------------------------
# Character classes for boundary checks

_WORD_CHARS: Final = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
    + "".join(chr(c) for c in range(0xC0, 0x250) if c not in (0xD7, 0xF7))
)
# After a hit these also block: "c" in "c++"/"c#"; '.' only when a word character follows it.
_RIGHT_BLOCK: Final = _WORD_CHARS | frozenset("+#.")


def _is_cjk_char(ch: str) -> bool:
    return _scan_form_and_cjk(ch)[1]


_NO_CHARS: Final[frozenset[str]] = frozenset()
# The last character of each negation cue before its trailing space: a cheap test before the `endswith`.
_NEGATION_LAST: Final = frozenset("otrf")

# What the automata return for a key, as a plain tuple precomputed at build time, so a hit needs no lookups
# (unpacked once per hit, the fastest access):
# (skill index, alias length, back, left_block, right_block, cased, rules, ai_core, containers), where
# * `back` is how far before the scan index of the key's last character the alias starts: the alias length,
#   plus one for single-letter keys stored with their right boundary (" c ");
# * `left_block` / `right_block` are the characters that may not touch the hit on that side (_WORD_CHARS /
#   _RIGHT_BLOCK, or the empty set where the key needs no check: word-start keys, CJK ends);
# * `cased` is, when every rule of the key is case-sensitive, the exact spellings any of them accepts (a hit
#   spelt otherwise is rejected before the rules run), else None;
# * `containers` holds the longer plain keys of OTHER skills that contain this key as whole words, with the
#   key's offset in them: ("ai" -> (11, "generative ai")); a hit inside such a longer hit belongs to the longer
#   skill only.  They are indexed by the character a match needs next to the hit (see _index_containers), so a
#   hit of "ai" reads the few candidates its neighbours allow, not all ~50.
# The automata store these tuples themselves as values, with a tenth slot: the value the AI-mention automaton of
# jobshift.enrich.ai_role holds for the same key (or None); the tagger records those hits and hands them to
# `assess`, so the text is scanned once.  A key that is only an AI mention has skill index -1.
_Containers = tuple[dict[str, tuple[tuple[int, str], ...]], dict[str, tuple[tuple[int, str], ...]]]
_Key = tuple[
    int, int, int, frozenset[str], frozenset[str], frozenset[str] | None, tuple[ContextRule, ...], int,
    _Containers | tuple[()],
]
# The key's `ai_core` slot: 0 not about AI; 1 ai_core engineering; 2 ai_core literacy (AI coding assistants);
# 3 AI literacy outside ai_core ("AI tools"): 1 and 2 count for ai_skill_required, all three for ai_role.
_AI_CODES: Final = {
    (True, "engineering"): 1,
    (True, "literacy"): 2,
    (False, "literacy"): 3,
    (False, "engineering"): 0,
    (False, None): 0,
    (True, None): 1,
}


# Scan form: ASCII separators become spaces (1:1, so offsets do not move).  '.', '+', '#' and '_' stay because
# they are part of names (".net", "c++", "c#", "node.js", "llama_index").
_SEPARATORS: Final = " \t\n\r\x0b\x0c,;:()[]{}<>|*!?=~^%$@`\\/-&\"'"
_SEPARATOR_TABLE: Final = bytes.maketrans(_SEPARATORS.encode(), b" " * len(_SEPARATORS))
# Non-ASCII separators replaced one by one (only when present) before the byte translation.
# (The most frequent ones only: each costs a scan.  Others still separate words for the boundary checks,
# but a skill written right after one, as in "«Python", is missed.)
_UNICODE_SEPARATORS: Final = "\u2019\u2014\u2013\u2022\u201c\u2018\xa0"
# Automaton children are scanned linearly, so keys are inserted with frequent characters first.
_CHAR_ORDER: Final = " etaoinrslcduphmgfwybvk.xjqz0123456789+#_"
_CHAR_RANK: Final = {c: i for i, c in enumerate(_CHAR_ORDER)}


# UTF-8 lead bytes of U+3000..U+9FFF and Hangul (U+A000..U+D7FF): CJK text without decoding a regex per char.
_CJK_LEAD_BYTES: Final = tuple(bytes([b]) for b in range(0xE3, 0xEE))
_NOT_CJK_LEAD_BYTES: Final = bytes(b for b in range(256) if not 0xE3 <= b <= 0xED)  # deleted: CJK leads are left


def _to_scan_form(low: str) -> str:
    """Turn separators into spaces without changing length."""
    return _scan_form_and_cjk(low)[0]


def _scan_form_and_cjk(low: str) -> tuple[str, bool]:
    """(scan form of `low`, whether it contains CJK characters)."""
    if low.isascii():
        return low.encode("ascii").translate(_SEPARATOR_TABLE).decode("ascii"), False
    for ch in _UNICODE_SEPARATORS:
        if ch in low:
            low = low.replace(ch, " ")
    raw = low.encode("utf-8")
    cjk = bool(raw.translate(None, _NOT_CJK_LEAD_BYTES))
    return raw.translate(_SEPARATOR_TABLE).decode("utf-8"), cjk


_ASCII_BYTES: Final = bytes(range(128))
_UNICODE_SEPARATOR_BYTES: Final = tuple((ch, ch.encode("utf-8")) for ch in _UNICODE_SEPARATORS)


def _lower_and_scan_form(text: str) -> tuple[str, str, bool]:
    """(low, scan form of low, whether it has CJK characters), where low = _lower_same_length(text): what
    _lower_same_length and _scan_form_and_cjk return, in one go.

    Text outside ASCII whose non-ASCII characters have no lower case (typographic quotes, dashes, bullets, CJK:
    nearly all of it) is lower-cased as UTF-8 bytes, where only A-Z change, and those bytes also give the scan
    form; `str.lower` would look every character up in the Unicode tables.  Other text takes the general path.
    """
    if text.isascii():
        low = text.lower()
        return low, low.encode("ascii").translate(_SEPARATOR_TABLE).decode("ascii"), False
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return _lower_and_scan_form_general(text)
    rest = raw.translate(None, _ASCII_BYTES)  # the UTF-8 bytes of the non-ASCII characters
    other = rest.decode("utf-8")
    if other.lower() != other:  # a character with a lower case (É, Σ, İ ...): the general path
        return _lower_and_scan_form_general(text)
    lowered = raw.lower()
    low = lowered.decode("utf-8")
    for ch, encoded in _UNICODE_SEPARATOR_BYTES:
        if ch in other:
            lowered = lowered.replace(encoded, b" ")
    # (separators and ASCII hold no CJK lead byte, so `rest` answers for the whole text)
    cjk = bool(rest.translate(None, _NOT_CJK_LEAD_BYTES))
    return low, lowered.translate(_SEPARATOR_TABLE).decode("utf-8"), cjk


def _lower_and_scan_form_general(text: str) -> tuple[str, str, bool]:
    """_lower_and_scan_form by its definition."""
    low = _lower_same_length(text)
    form, cjk = _scan_form_and_cjk(low)
    return low, form, cjk


def _insert_rank(key: str) -> tuple[int, ...]:
    return tuple(_CHAR_RANK.get(c, 100 + ord(c)) for c in key)


def _mention_cues() -> tuple[Any, list[tuple[str, Any]]]:
    """ai_role's cues and its AI-mention automaton's (key, value) pairs (the tagger's pass records their hits
    and passes them to `assess`)."""
    cues = load_cues()
    return cues, [(str(key), value) for key, value in cues.mention_automaton.items()]


def _needs_cjk_text(key: str) -> bool:
    """Whether a key holds a character that makes _scan_form_and_cjk report CJK (so it never occurs in text
    scanned with the word-start automaton)."""
    raw = key.encode("utf-8")
    return any(lead in raw for lead in _CJK_LEAD_BYTES)


class SkillTagger:
    """Compiled taxonomy: build once (~50 ms after the YAML is parsed), call `tag` many times.

    The text is lower-cased and put in scan form (separators -> spaces), then ONE pass of an Aho-Corasick
    automaton finds every alias.  Two automata hold the same aliases:

    * the word-start automaton (text without CJK characters): every key is " " + alias, so a hit always
      starts at a word boundary and in-word substrings ("go" in "good", "r" in "our") cost nothing;
      single letters ("c", "r") are stored as " c " / " c." so they need a boundary on both sides;
    * the plain automaton (text with CJK characters, where "熟悉Go" must match): keys are the bare aliases
      and the left boundary is checked per hit.

    Both also hold the keys of ai_role's AI-mention automaton, so the same pass records the AI mentions that
    `assess` reads (passed to it as `mentions`).  Everything a hit's checks need is precomputed in the key's
    value (see _Key), and a text with no AI word skips `assess`.  pyahocorasick scans a node's children
    linearly, so keys are inserted frequent-characters-first.
    """

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        self.taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
        self.skills: list[Skill] = list(self.taxonomy.skills)
        self._llm = frozenset(i for i, s in enumerate(self.skills) if s.llm)
        # (id, name, category) per skill: the head of its SkillHit.
        self._heads = [(s.id, s.name, s.category) for s in self.skills]
        self._keys: list[_Key] = []
        self._word_start = ahocorasick.Automaton()
        self._plain = ahocorasick.Automaton()
        self._ai_cues, self._mention_items = _mention_cues()
        self._build()

    # -- construction ----------------------------------------------------------------------------------------

    def _build(self) -> None:
        word_start: dict[str, int] = {}
        plain: dict[str, int] = {}
        self._containers = _containers(self.skills, self._spellings)
        for idx, skill in enumerate(self.skills):
            skill_code = _AI_CODES[(skill.category == "ai_core", skill.ai_kind)]
            for key, rules in self._spellings(skill):
                ai_core = 2 if skill_code == 1 and key in skill.literacy_aliases else skill_code
                left = not _is_cjk_char(key[0])
                right = not _is_cjk_char(key[-1])
                plain[key] = self._add_key(idx, key, left, right, rules, ai_core)
                if not left:
                    continue  # starts with a CJK character: never in text without CJK
                if len(key) == 1:
                    kid = self._add_key(idx, key, False, right, rules, ai_core, tail=1)
                    word_start[" " + key + " "] = kid
                    word_start[" " + key + "."] = kid
                else:
                    word_start[" " + key] = self._add_key(idx, key, False, right, rules, ai_core)
        for automaton, table, cjk in ((self._word_start, word_start, False), (self._plain, plain, True)):
            values: dict[str, tuple[Any, ...]] = {key: (*self._keys[kid], None) for key, kid in table.items()}
            for key, mention in self._mention_items:
                if cjk or not _needs_cjk_text(key):
                    values[key] = (*values.get(key, _MENTION_ONLY)[:9], mention)
            for key in sorted(values, key=_insert_rank):
                automaton.add_word(key, values[key])
            automaton.make_automaton()

    def _add_key(
        self,
        idx: int,
        key: str,
        left: bool,
        right: bool,
        rules: tuple[ContextRule, ...],
        ai_core: int,
        *,
        tail: int = 0,
    ) -> int:
        found = self._containers.get((idx, key))
        containers = _index_containers(key, found) if found else ()
        cased = None
        if rules and all(r.case_sensitive for r in rules):
            cased = frozenset(a for r in rules for a in r.aliases)
            if all(_only_cased(r) for r in rules):
                rules = ()  # the spelling test is the whole rule
        self._keys.append((
            idx, len(key), len(key) + tail, _WORD_CHARS if left else _NO_CHARS, _RIGHT_BLOCK if right else _NO_CHARS,
            cased, rules, ai_core, containers,
        ))
        return len(self._keys) - 1

    @staticmethod
    def _spellings(skill: Skill) -> Iterable[tuple[str, tuple[ContextRule, ...]]]:
        """Every automaton key of a skill with the rules that govern it (empty tuple: none)."""
        for key in sorted({_canonical(a) for a in skill.aliases}):
            yield key, ()
        ruled: dict[str, list[ContextRule]] = {}
        for rule in skill.context:
            for alias in rule.aliases:
                bucket = ruled.setdefault(_canonical(alias), [])
                if rule not in bucket:
                    bucket.append(rule)
        for key, rules in sorted(ruled.items()):
            yield key, tuple(rules)

    # -- tagging ----------------------------------------------------------------------------------------

    def tag(self, text: str | None, title: str | None = None) -> SkillTags:
        """Tag a posting body (HTML allowed) and optional title; see the module docstring."""
        body = strip_html(text) if text else ""
        head = strip_html(title) if title else ""
        if not body and not head:
            return EMPTY_TAGS
        low, scan, first, ai_hits, mentions = self._scan(body) if body else ("", "", {}, [], [])
        if head:
            title_first, title_ai = self._scan(head)[2:4]
        else:
            title_first, title_ai = {}, []
        hits = sorted(first.values(), key=_HIT_START) if len(first) > 1 else list(first.values())
        for i, hit in title_first.items():
            if i not in first:
                hits.append(_new_hit((*hit[:3], -1, -1, hit[5])))
        mentions_llm = not (self._llm.isdisjoint(first) and self._llm.isdisjoint(title_first))

        # ai_skill_required and ai_role: jobshift.enrich.ai_role reads the sentences around the AI hits and the
        # AI mentions this pass recorded.  No AI word anywhere: nothing to read.
        if ai_hits or mentions or title_ai:
            ai = assess(AiText(body, low, scan, head, self._ai_cues), ai_hits, head, title_ai, mentions=mentions)
        else:
            ai = _NO_AI
        return _make_tags(tuple(hits), mentions_llm, ai)

    def _scan(
        self, text: str
    ) -> tuple[str, str, dict[int, SkillHit], list[tuple[int, int, int]], list[tuple[int, Any]]]:
        """One automaton pass: lowered text, its padded scan form, the hit of each skill's first span (by skill
        index, in the order found), ai_core spans, and the AI-mention automaton's hits (end index, value) for
        `assess`."""
        low, form, cjk = _lower_and_scan_form(text)
        n = len(low)
        scan = " " + form + " "
        automaton = self._plain if cjk else self._word_start
        rule_scan = None if cjk else scan
        may_have_urls = "://" in low or "www." in low or "@" in low
        urls: list[tuple[int, int]] | None = None
        company_end = _header_bounds(low)[1] if "|" in low else -1
        first: dict[int, SkillHit] = {}
        heads = self._heads
        ai_hits: list[tuple[int, int, int]] = []
        mentions: list[tuple[int, Any]] = []
        # `last` indexes the padded scan string " " + form + " ", i.e. it is the exclusive end in `low` of a
        # key ending there; `back` is how far the alias starts before it (see _Key).
        # The checks are ordered cheapest and most often failing first (all must pass, so order does not
        # change the result).  In the padded scan form, scan[start] is the character before the hit (a space at
        # the text's start) and scan[end + 1] the one after it (a space at its end); separators are spaces
        # there, and no separator is a word character or blocks a hit.
        for last, (skill, length, back, left_block, right_block, cased, rules, ai_core, containers, mention) in (
            automaton.iter(scan)
        ):
            if mention is not None:
                mentions.append((last, mention))
                if skill < 0:
                    continue
            if skill in first and (not ai_core or len(ai_hits) >= _MAX_AI_HITS):
                continue
            start = last - back
            end = start + length
            after = scan[end + 1]
            if after in right_block and (after not in _PLURAL_OR_DOT or not _right_ok(low, end, n, length)):
                continue  # "java" in "javascript", "c" in "c++"
            if cased is not None and text[start:end] not in cased:
                continue  # "go" for "Go", "r" for "R"
            if scan[start] in left_block:
                continue
            if start < company_end:
                continue  # the company-name field of a "Company | Role | Place" header line
            if scan[start - 1] in _NEGATION_LAST and scan.endswith(
                _NEGATIONS, max(0, start + 1 - _NEGATION_REACH), start + 1
            ):
                continue  # "no dbt", "no mention of ML", "without Kubernetes"
            if rules:
                for rule in rules:
                    if _rule_accepts(rule, text, low, rule_scan, start, end):
                        break
                else:
                    continue
            if containers and _contained(containers, scan, low, start, end, n):
                continue
            if may_have_urls and (low[start - 1 : start] in _URLISH or low[end : end + 1] == "@"):
                # Only a hit right after '/', '.', '@' ... can sit inside a URL or e-mail address.
                if urls is None:
                    urls = _url_spans(low)
                if _inside(urls, start):
                    continue
            if skill not in first:
                skill_id, name, category = heads[skill]
                first[skill] = _tuple_new(SkillHit, (skill_id, name, category, start, end, text[start:end]))
            if ai_core and len(ai_hits) < _MAX_AI_HITS:
                ai_hits.append((start, end, ai_core))
        return low, scan, first, ai_hits, mentions


# The value slots of a key that only ai_role's mention automaton holds (skill index -1).
_MENTION_ONLY: Final = (-1, 0, 0, _NO_CHARS, _NO_CHARS, None, (), 0, ())
_new_hit: Final = functools.partial(tuple.__new__, SkillHit)
_tuple_new: Final = tuple.__new__  # _tuple_new(SkillHit, fields): a SkillHit without its Python __new__
_HIT_START: Final = operator.itemgetter(3)  # SkillHit.start


def _containers(
    skills: Sequence[Skill], spellings: Callable[[Skill], Iterable[tuple[str, tuple[ContextRule, ...]]]]
) -> dict[tuple[int, str], tuple[tuple[int, str], ...]]:
    """For each (skill index, key) of a skill marked `yields_to_longer`: the plain multi-word keys of other
    skills containing it as whole words."""
    owner: dict[str, int] = {}
    keys: set[tuple[int, str]] = set()
    plain_multi: list[tuple[int, str]] = []
    for idx, skill in enumerate(skills):
        for key, rules in spellings(skill):
            if skill.yields_to_longer:
                keys.add((idx, key))
            owner.setdefault(key, idx)
            if not rules and " " in key:
                plain_multi.append((idx, key))
    found: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for idx, longer in plain_multi:
        words = longer.split(" ")
        offsets = [0]
        for w in words[:-1]:
            offsets.append(offsets[-1] + len(w) + 1)
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                sub = " ".join(words[i:j])
                inner = owner.get(sub)
                if sub != longer and inner is not None and inner != idx:
                    found.setdefault((inner, sub), []).append((offsets[i], longer))
    return {k: tuple(sorted(v, key=lambda c: -len(c[1]))) for k, v in found.items() if k in keys}


def _index_containers(key: str, containers: Sequence[tuple[int, str]]) -> _Containers:
    """Containers of `key` by the character a match needs next to the hit: for a longer key starting before the
    hit, the last character of the word before it (longer[offset - 2], as the hit starts after a space); for one
    starting with the hit, the first character of the word after it (longer[len(key) + 1])."""
    before: dict[str, list[tuple[int, str]]] = {}
    after: dict[str, list[tuple[int, str]]] = {}
    for offset, longer in containers:
        if offset:
            before.setdefault(longer[offset - 2], []).append((offset, longer))
        else:
            after.setdefault(longer[len(key) + 1], []).append((offset, longer))
    return {c: tuple(v) for c, v in before.items()}, {c: tuple(v) for c, v in after.items()}


def _contained(containers: _Containers, scan: str, low: str, start: int, end: int, n: int) -> bool:
    """Whether a longer key of another skill occurs (on word boundaries) around the hit at [start, end).  In the
    padded scan form the hit is scan[start + 1 : end + 1]: a longer key starting before it has its character
    before the space at scan[start - 1]; one starting with it continues at scan[end + 2]."""
    before, after = containers
    for offset, longer in (*before.get(scan[start - 1], ()), *after.get(scan[end + 2 : end + 3], ())):
        s0 = start - offset
        e0 = s0 + len(longer)
        if s0 < 0 or e0 > n or not scan.startswith(longer, s0 + 1):
            continue
        if s0 and low[s0 - 1] in _WORD_CHARS:
            continue
        if e0 < n and low[e0] in _RIGHT_BLOCK and not _right_ok(low, e0, n, len(longer)):
            continue
        return True
    return False


_PLURAL_OR_DOT: Final = frozenset(".s")  # the only blocking characters _right_ok can still accept


def _right_ok(low: str, end: int, n: int, length: int) -> bool:
    """A blocking character right after a hit is still fine when it is a plural 's' or a sentence '.'."""
    ch = low[end]
    if ch == "." or (ch == "s" and length > 1):
        return end + 1 >= n or low[end + 1] not in _WORD_CHARS
    return False


def _lower_same_length(text: str) -> str:
    """Lower-case without changing offsets (a few characters, e.g. 'İ', grow when lower-cased)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_URLISH: Final = frozenset("/.-_@:=?&#%+~")
# A skill right after one of these is said to be absent ("no mention of dbt", "(no Kubernetes needed)").
# Matched in the padded scan form, where separators (and the start of the text) are spaces.
_NEGATIONS: Final = (" no ", " no mention of ", " not ", " without ", " nor ", " neither ")
_NEGATION_REACH: Final = max(len(cue) for cue in _NEGATIONS)
_HTTP_RE: Final = re.compile(r"https?://[^\s)\]>]*")
_WWW_RE: Final = re.compile(r"www\.[^\s)\]>]*")
_TOKEN_END_RE: Final = re.compile(r"[\s)\]>]")


def _url_spans(low: str) -> list[tuple[int, int]]:
    """Spans of URLs ("http(s)://...", "www....") and of whitespace-delimited tokens holding an '@'."""
    spans = [m.span() for m in _HTTP_RE.finditer(low)] if "://" in low else []
    if "www." in low:
        spans += [m.span() for m in _WWW_RE.finditer(low)]
    pos = low.find("@")
    while pos != -1:
        start = max(low.rfind(" ", 0, pos), low.rfind("\n", 0, pos), low.rfind("(", 0, pos)) + 1
        found = _TOKEN_END_RE.search(low, pos)
        end = found.start() if found else len(low)
        spans.append((start, end))
        pos = low.find("@", end)
    if len(spans) > 1:
        spans.sort()
    return spans


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    for s, e in spans:
        if s <= pos < e:
            return True
        if s > pos:
            return False
    return False


def _phrase_in_window(automaton: Any, padded: str) -> bool:
    """For `padded` = " " + a window whose only whitespace is spaces: whether one of a rule's single words is a
    token of the window (" word " occurs in `padded`) or one of its substrings occurs in the window itself (not
    using the added space)."""
    for last, (word, length) in automaton.iter(padded):  # noqa: SIM110 (a loop: no generator per call)
        if word or last + 1 - length > 0:
            return True
    return False


def _only_cased(rule: ContextRule) -> bool:
    """Whether a rule's only condition is its case-sensitive spelling."""
    return (
        rule.case_sensitive
        and not rule.reject_if_followed_by
        and not rule.reject_if_preceded_by
        and rule.nearby_re is None
        and rule.veto_re is None
    )


def _rule_accepts(rule: ContextRule, text: str, low: str, scan: str | None, start: int, end: int) -> bool:
    """The one interpreter for YAML context rules.

    `scan` is the padded scan form (" " + separators-as-spaces + " ", offset +1 from `low`), or None for
    text with CJK characters, where the nearby words are searched with the rule's regex instead.
    """
    if rule.case_sensitive and text[start:end] not in rule.aliases:
        return False
    if rule.reject_if_followed_by and low.startswith(rule.reject_if_followed_by, end):
        return False
    if rule.reject_if_preceded_by and low.endswith(rule.reject_if_preceded_by, 0, start):
        return False
    if rule.nearby_re is None and rule.veto_re is None:
        return True
    lo = max(0, start - rule.window)
    hi = end + rule.window
    if scan is None:
        if rule.veto_re is not None and (
            rule.veto_re.search(low, lo, start) is not None or rule.veto_re.search(low, end, hi) is not None
        ):
            return False
        return rule.nearby_re is None or (
            rule.nearby_re.search(low, lo, start) is not None
            or rule.nearby_re.search(low, end, hi) is not None
        )
    # Window in scan form, the hit itself blanked out; ". " is a sentence end, not part of a word.  It is built
    # padded with one more space in front (what _phrase_in_window reads; that space starts no ". ").
    padded = " " + scan[lo : start + 1] + " " + scan[end + 1 : hi + 1] + " "
    if ". " in padded:
        padded = padded.replace(". ", " ")
    if padded.isascii() and padded.isprintable():
        # Only spaces separate its tokens: one automaton pass per word list answers the checks below.
        if rule.veto_automaton is not None and _phrase_in_window(rule.veto_automaton, padded):
            return False
        return rule.nearby_automaton is None or _phrase_in_window(rule.nearby_automaton, padded)
    window = padded[1:]
    tokens = window.split()
    if rule.veto_re is not None and (
        not rule.veto_words.isdisjoint(tokens) or any(sub in window for sub in rule.veto_substrings)
    ):
        return False
    if rule.nearby_re is None or not rule.nearby_words.isdisjoint(tokens):
        return True
    return any(sub in window for sub in rule.nearby_substrings)


# ------------------------------------------------------------------------------------------------
# Module-level API


@functools.lru_cache(maxsize=1)
def default_tagger() -> SkillTagger:
    """The tagger for the packaged taxonomy, built on first use and cached."""
    return SkillTagger()


def tag_skills(text: str | None, title: str | None = None) -> SkillTags:
    """Tag a posting with the packaged taxonomy: skills found, mentions_llm, ai_skill_required."""
    if not text and not title:
        return EMPTY_TAGS
    return default_tagger().tag(text, title)
