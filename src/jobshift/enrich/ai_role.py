"""The AI role of a posting, and whether an AI skill is asked of the candidate: reading the sentences around
the AI words the skill tagger found.

Pure functions over what `jobshift.enrich.skills.SkillTagger` found in one posting (the stripped text, its
lower-cased and scan forms, the AI hits with their kinds, the title and its AI hits).  Cue words live in
`jobshift/data/ai_role.yaml`; the classes are defined in docs/method.md and docs/labelling.md.

`ai_role`, the strongest that any AI word in the posting supports (builds_ai > uses_ai > boilerplate > none):

* **title** - an AI skill in the title is builds_ai; an AI tool or an "AI-native" way of working is uses_ai; a
  tagline with no job noun ("AI in healthcare") is the company's domain (boilerplate); so is an AI word in a
  non-technical job name ("Applied AI Strategist", "AI Sales Lead", "Customer Success Engineer (AI ...)": the
  job works on AI, it does not build it; the text still decides);
* **header / role lines** - an AI word in the role field of a "Company | Role | Place" header, or in a short line
  that names a job ("- Senior ML Engineer: ...", "Data Scientists, Machine Learning Experts") decides the same
  way: in a multi-role post the strongest listed role decides ("Director of Data Science and Machine Learning -
  ..." is a listed job); a header field right after the company's that names no job, when a later field does,
  is the company's domain ("EnsoData | healthcare, sleep, machine learning | Remote | Product Manager");
* **sentences** - every other AI word is judged in its sentence and section:
  - sections: "Requirements", "What you'll do" ... (req), "About us", "Benefits" ... (blurb: only an explicit
    candidate cue counts there), and text that is not the employer's ("Similar jobs" lists, a collector's
    appended analysis: ignored);
  - asked of the candidate: a candidate cue ("experience with", "you will", "required"), a work verb in a
    sentence that is not about the company ("we"/"our"/"the firm" without "you"), a bare comma list (a stack or
    the areas hired for: "Python, ML, Spark, Algorithms"), or a req section (a bulleted "- Experience doing X" is
    a list item, not a heading);
  - a founder's or team member's bio ("His research includes ... FAISS") is the company's ("he or she" is the
    hire); an experience given to customers ("a streamlined experience for our customers") is not one asked;
  - AI jobs of the people the hire works with or for ("apps used by our machine learning researchers",
    "collaborate with ... ML & product engineers", "data consumers (ML engineers, analysts)") are not the
    hire's work: boilerplate, or uses_ai asked as experience ("experience working with ML engineers"); jobs
    hired for ("we're hiring for ... machine learning engineers") stay the hire's;
  - an AI-use disclaimer about the hiring process is boilerplate; AI as an adjective of a company, product or
    market ("AI-powered platform", "AI providers", "clients in AI, blockchain, fintech", "Acme AI (YC W25)",
    "Strategist at Acme AI") is boilerplate unless the sentence has the hire build it (builds_ai: also "work on
    our AI features", the AI itself, not "our AI-powered platform") or use it (uses_ai: "comfortable with
    AI-powered sourcing tools");
  - asked AI tools (Copilot, Cursor, ChatGPT, "AI tools", "AI-assisted") and AI ways of working ("AI-native")
    are uses_ai; so are broad AI terms (AI, LLMs, agents) asked with a use or interest cue ("using LLMs as
    accelerators", "interest in artificial intelligence", teaching a course, knowledge asked without
    experience: "machine learning knowledge", "une connaissance du Machine Learning") and no building verb; an AI tool
    governed by a building verb ("implementing AI tooling") and anything else asked is builds_ai;
  - a team practice with an AI tool or a broad AI term ("we use Claude Code heavily", "our team embraces AI",
    "AI-first engineering culture", "AI tools are part of our daily workflow") is uses_ai even in a company
    sentence; so is an AI coding assistant given as a perk ("unlimited access to Claude Code");
  - a broad AI term labelling or listed with AI tools ("AI: Claude", "Copilot, and emerging agent workflows"),
    governed by a use cue in a sentence about writing software ("leveraging AI agents to implement, test and
    commit code"), or relied on ("without relying on AI") is uses_ai; "agentic engineering" / "vibe coding" is
    a way of working; AI naming a team ("our Data & AI team") is boilerplate unless asked of the hire ("experience
    working with ML teams": uses_ai);
  - the duties of a job named at the start of its line ("- Software Engineer (Product): ... Build ... AI
    workflows") are asked of the hire, like duties under a req heading;
  - a broad AI term right after a verb of using, in its clause, is the instrument of the work even when a
    building verb elsewhere has another object ("build internal tools using AI", "fluent in using AI to
    automate processes"): uses_ai;
  - in a non-technical job's posting (title "Product Manager", "Account Executive"), an AI word asked in a
    sentence with no building verb and no technical job named is knowledge (uses_ai: "machine learning a plus")
    or the job's scope (boilerplate: "shape the AI capabilities that power ...");
* **mentions** - AI wording the tagger does not tag ("AI-powered", "AI-assisted dev tools", tool names it could
  not match, other languages) is judged the same way; anything left is boilerplate.  "LLM" beside law words is
  a law degree, not AI.  No AI anywhere: none.

`ai_required` keeps the older, narrower question behind `ai_skill_required`: the first AI hit asked of the
candidate (title, header role field, candidate cue, work verb outside company sentences, req section).
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

import ahocorasick
import yaml

__all__ = [
    "AI_ROLES",
    "AiAssessment",
    "AiText",
    "assess",
    "sentence_bounds",
]

AI_ROLES: Final = ("builds_ai", "uses_ai", "boilerplate", "none")
_NONE, _BOILER, _USES, _BUILDS = 0, 1, 2, 3
_ROLE_NAMES: Final = {_NONE: "none", _BOILER: "boilerplate", _USES: "uses_ai", _BUILDS: "builds_ai"}
# Hit kinds, as the tagger reports them: 1 an ai_core engineering skill, 2 an AI coding assistant (ai_core,
# literacy), 3 another AI-literacy skill ("AI tools").
ENGINEERING, CORE_LITERACY, LITERACY = 1, 2, 3
EVIDENCE_CHARS: Final = 200
_MAX_SENTENCE: Final = 300
_SENTENCE_ENDS: Final = ("\n", ". ", "; ", "? ", "! ", "•", "·", " | ", "。", "；", "！", "？")
_SENTENCE_END_RE: Final = re.compile("|".join(re.escape(d) for d in _SENTENCE_ENDS))
_LAST_END_RE: Final = re.compile("(?s:.*)(" + _SENTENCE_END_RE.pattern + ")")
_NOT_BEFORE_CASED: Final = frozenset("./@")
_NEGATIONS: Final = ("no ", "not ", "without ", "nor ", "no mention of ")

# Sentence cue classes (bits).
_CANDIDATE, _WORK, _COMPANY, _YOU, _USE, _KNOW, _DISCLAIMER, _BUILD, _USE_VERB = 1, 2, 4, 8, 16, 32, 64, 128, 256
_PRACTICE, _FEEDS, _PERK, _CODE, _ASK, _KNOWLEDGE, _EXPERIENCE = 512, 1024, 2048, 4096, 8192, 16384, 32768
_WORK_ON = 65536
_CUE_BITS: Final = {
    "work_on": _WORK_ON,
    "knowledge": _KNOWLEDGE,
    "experience": _EXPERIENCE,
    "feeds": _FEEDS,
    "code": _CODE,
    "perk": _PERK,
    "use_verb": _USE_VERB,
    "practice": _PRACTICE,
    "candidate": _CANDIDATE,
    "work": _WORK,
    "company": _COMPANY,
    "you": _YOU,
    "use": _USE,
    "know": _KNOW,
    "disclaimer": _DISCLAIMER,
    "build": _BUILD,
    "ask": _ASK,
}
# Cues for ai_skill_required (the older question): the first four classes only.
_REQUIRED_MASK: Final = _CANDIDATE | _WORK | _COMPANY | _YOU


class Hit(NamedTuple):
    """An AI word: span in the lowered text and kind (ENGINEERING, CORE_LITERACY, LITERACY)."""

    start: int
    end: int
    kind: int


@dataclass(frozen=True, slots=True)
class AiAssessment:
    """What the posting asks about AI: the ai_skill_required evidence (None: not required) and the AI role."""

    required_evidence: str | None
    role: str
    role_evidence: str | None


# ------------------------------------------------------------------------------------------------ cue data


@dataclass(frozen=True, slots=True)
class _Cues:
    automaton: Any
    neutral: tuple[str, ...]
    descriptor_before: tuple[str, ...]
    descriptor_before_tool: tuple[str, ...]
    tool_nouns: tuple[str, ...]
    tool_window: int
    descriptor_after: tuple[str, ...]
    descriptor_build_window: int
    use_verb_window: int
    org_after: tuple[str, ...]
    team_after_re: re.Pattern[str]
    colleague_after_re: re.Pattern[str]  # a plural job noun after an AI word ("ML & product engineers")
    colleague_nouns: tuple[str, ...]
    colleague_before: tuple[str, ...]
    colleague_hire: tuple[str, ...]
    coding_tools: frozenset[str]
    descriptor_tool_after: tuple[str, ...]
    tool_phrases: tuple[str, ...]
    industry_words: _WordFinder
    industry_window: int
    mention_automaton: Any  # value: (word, length, trailing chars, role-line word only)
    cased: Mapping[str, frozenset[str]]
    job_after_re: re.Pattern[str]  # a job noun right after a short spelling ("ai research engineers")
    any_case_before_job: frozenset[str]
    tools: frozenset[str]
    tools_need_use: frozenset[str]
    veto: Mapping[str, re.Pattern[str]]
    veto_window: int
    max_mentions: int
    generic: frozenset[str]
    role_max_words: int
    role_noun_re: re.Pattern[str]
    tagline_after: tuple[str, ...]
    headings: Mapping[str, tuple[tuple[str, str, bool], ...]]
    neutral_automaton: Any  # the `neutral` phrases (None: none), to learn in one pass whether a sentence has any
    heading_line_re: re.Pattern[str]  # matches at the start of a line that may be a heading (_heading_line_re)
    research_title_re: re.Pattern[str]
    nontech_re: re.Pattern[str]  # a non-technical job word ("strategist", "sales", "product manager")
    technical_re: re.Pattern[str]  # a technical job word ("engineer", "scientist", "research")
    technical_title_re: re.Pattern[str]  # ... or area, in a title or job name ("backend", "software")
    nontech_compound_re: re.Pattern[str]  # customer-facing engineer titles ("sales engineer")
    people_after_re: re.Pattern[str]  # a non-technical job noun right after an AI word ("ai) strategist")
    instrument_terms: frozenset[str]  # broad AI terms that a verb of using makes the instrument ("using AI")
    instrument_before: tuple[str, ...]
    instrument_window: int
    instrument_object_after: tuple[str, ...]
    instrument_not_with: tuple[str, ...]


class _WordFinder:
    """`search(low, lo, hi)`: whether one of the words occurs in low[lo:hi] on word boundaries — what
    `_words_re(words).search(low, lo, hi) is not None` answers (its look-behind sees the character before `lo`,
    its look-ahead sees `hi` as the end), with one automaton pass instead of trying every word at every
    position."""

    __slots__ = ("_automaton",)

    def __init__(self, words: Iterable[str]) -> None:
        automaton = ahocorasick.Automaton()
        for word in set(words):
            automaton.add_word(word, len(word))
        self._automaton = automaton if len(automaton) else None
        if self._automaton is not None:
            self._automaton.make_automaton()

    def search(self, low: str, lo: int, hi: int) -> bool:
        if self._automaton is None or hi <= lo:
            return False
        for last, length in self._automaton.iter(low, lo, min(hi, len(low))):
            start = last + 1 - length
            if start and low[start - 1] in _BOUNDARY_CHARS:
                continue
            if last + 1 < hi and last + 1 < len(low) and low[last + 1] in _BOUNDARY_CHARS:
                continue
            return True
        return False


_BOUNDARY_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")  # [a-z0-9_]


def _words_re(words: Iterable[str]) -> re.Pattern[str]:
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(r"(?<![a-z0-9_])(?:" + alt + r")(?![a-z0-9_])")


_ABOUT_NOT_BLURB: Final = ("about you", "about the role", "about this role", "about the job", "about the position")
_HEADING_LEAD: Final = " \t>-*•·#=_~+|[](){}0123456789.)"
_MAX_HEADING_LEAD: Final = 8  # lead characters before a heading at most
_BULLETS: Final = frozenset("-*•·")
_MAX_ROLE_NAME: Final = 100  # characters from a line's start within which a job name ends
_CJK_KEY: Final = "\x00"  # table key of the headings written in other scripts (matched by prefix)
_HEADING_TAIL: Final = 40  # characters allowed between a heading and its colon or the end of its line


def _heading_table(headings: Mapping[str, Sequence[str]]) -> dict[str, tuple[tuple[str, str, bool], ...]]:
    """First word -> (heading, kind, needs a colon) sorted longest first.  Kind "req-line" marks a "Label:
    list" heading that covers its own line only when the list follows on that line ("Stack: dbt, Athena")."""
    table: dict[str, list[tuple[str, str, bool]]] = {}
    line_only = {h.lower() for h in headings["line_only"]} | {h.lower() for h in headings["label"]}
    for kind in ("ignore", "req", "label", "blurb"):
        for h in headings[kind]:
            key = h.lower().split()[0] if h[:1].isascii() else _CJK_KEY  # "what you’ll do": by its first word
            value = "req-line" if h.lower() in line_only else "req" if kind == "label" else kind
            table.setdefault(key, []).append((h.lower(), value, kind == "label"))
    return {k: tuple(sorted(v, key=lambda t: -len(t[0]))) for k, v in table.items()}


def _heading_line_re(table: Mapping[str, tuple[tuple[str, str, bool], ...]]) -> re.Pattern[str]:
    """Matches at the start of every line that `_line_heading` may find a heading in (a few more lines match:
    the full test rejects them), so the section lookup runs the full test on those lines only.

    Up to _MAX_HEADING_LEAD lead characters (more: no heading), then either a heading written in another
    script (`_heading_kind` takes nothing else for a line starting outside ASCII), or what the first test of
    the ASCII headings asked: the first word (up to a space, colons stripped) is "about" or one of the
    one-word headings, or the line starts with a longer heading."""
    word_end = r"(?=[:：]*(?:[ \n]|\Z))"  # the first word ends here: colons stripped, it is the heading
    tails: dict[str, set[str]] = {"about": {word_end}}
    for key, entries in table.items():
        if key == _CJK_KEY:
            continue
        for heading, _, _ in entries:
            tails.setdefault(key, set()).add(word_end if heading == key else re.escape(heading[len(key) :]))
    by_char: dict[str, list[str]] = {}  # grouped by first character: the regex engine skips a group at once
    for key in sorted(tails):
        alt = "|".join(sorted(tails[key], key=lambda t: (-len(t), t)))
        by_char.setdefault(key[0], []).append(re.escape(key[1:]) + "(?:" + alt + ")")
    words = [re.escape(c) + "(?:" + "|".join(alts) + ")" for c, alts in by_char.items()]
    other = [re.escape(h) for h, _, _ in table.get(_CJK_KEY, ())]
    lead = "[" + re.escape(_HEADING_LEAD) + "]{0," + str(_MAX_HEADING_LEAD) + "}+"  # possessive: as lstrip does
    return re.compile(lead + "(?:" + "|".join(other + words) + ")")


def _job_after_re(nouns: Iterable[str], words: int = 2) -> re.Pattern[str]:
    """Matches at the end of an AI word when a job noun follows within `words` words ("ai) product engineers")."""
    alt = "|".join(re.escape(w) for w in sorted(set(nouns), key=len, reverse=True))
    return re.compile(r"[)\]/]?[ -](?:[a-z]+[ -]){0," + str(words) + r"}(?:" + alt + r")(?![a-z0-9_])")


def _colleague_after_re(nouns: Iterable[str]) -> re.Pattern[str]:
    """Matches at the end of an AI word when a plural job noun follows, up to two words between, joined by
    spaces, "&", "/", "+" or "and" ("machine learning researchers", "ML & product engineers")."""
    alt = "|".join(re.escape(w) for w in sorted(set(nouns), key=len, reverse=True))
    join = r"(?:[ &/+-]+(?:and |or )?)"
    return re.compile(r"[)\]]?" + join + r"(?:[a-z]+" + join + r"){0,2}(?:" + alt + r")(?![a-z0-9_])")


def _phrase_automaton(phrases: Iterable[str]) -> Any:
    """An automaton holding `phrases`; None when there are none."""
    automaton = ahocorasick.Automaton()
    for phrase in phrases:
        automaton.add_word(phrase, phrase)
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def _cue_automaton(cues: Mapping[str, Sequence[str]]) -> Any:
    """One automaton over all sentence cues; a hit's value is its classes' bits."""
    table: dict[str, int] = {}
    for name, bit in _CUE_BITS.items():
        for cue in cues[name]:
            variants = [cue, cue[:-1] + "."] if cue.endswith(" ") else [cue]
            for v in variants:
                table[v] = table.get(v, 0) | bit
    automaton = ahocorasick.Automaton()
    for cue, bits in table.items():
        automaton.add_word(cue, bits)
    automaton.make_automaton()
    return automaton


_SEPARATORS: Final = " \t\n\r\x0b\x0c,;:()[]{}<>|*!?=~^%$@`\\/-&\"'"
_SEPARATOR_TABLE: Final = str.maketrans(_SEPARATORS, " " * len(_SEPARATORS))


_HEADING_MENTION: Final = ("", 0, 0, False)  # a mention automaton value: an ignore heading's words, not AI


def _mention_automaton(
    words: Sequence[str], cjk: Sequence[str], role_words: Sequence[str], ignore_headings: Iterable[str] = ()
) -> Any:
    """Word-boundary keys (" word " and " word.") in scan form for AI mentions and role-line AI words, plain
    keys for CJK spellings; plain scan-form keys of the headings whose text is not the employer's ("similar
    jobs"), valued _HEADING_MENTION: the tagger's pass then also tells whether a text may have such a section
    (see AiText.ignored)."""
    automaton = ahocorasick.Automaton()
    table: dict[str, tuple[str, int, int, bool]] = {}
    for heading in ignore_headings:
        table[heading.lower().translate(_SEPARATOR_TABLE)] = _HEADING_MENTION
    for role_only, group in ((True, role_words), (False, words)):
        for word in group:
            key = word.lower().translate(_SEPARATOR_TABLE)
            for variant in (" " + key + " ", " " + key + "."):
                table[variant] = (key, len(key), 1, role_only)
    for word in cjk:
        table[word] = (word, len(word), 0, False)
    for key, value in table.items():
        automaton.add_word(key, value)
    automaton.make_automaton()
    return automaton


def load_cues(raw: str | None = None) -> _Cues:
    """Parse the cue YAML (the packaged `data/ai_role.yaml` when `raw` is None)."""
    if raw is None:
        raw = importlib.resources.files("jobshift").joinpath("data/ai_role.yaml").read_text(encoding="utf-8")
    doc = yaml.safe_load(raw)
    if not isinstance(doc, dict):
        raise ValueError("ai_role.yaml must be a mapping")
    mentions = doc["mentions"]
    roles = doc["role_lines"]
    nontech = doc["nontech_jobs"]
    headings = _heading_table(doc["headings"])
    return _Cues(
        automaton=_cue_automaton(doc["cues"]),
        neutral=tuple(doc.get("neutral", ())),
        descriptor_before=tuple(doc["descriptor_before"]),
        descriptor_before_tool=tuple(doc.get("descriptor_before_tool", ())),
        tool_nouns=tuple(doc["tool_nouns"]),
        tool_window=int(doc["tool_window"]),
        descriptor_after=tuple(doc["descriptor_after"]),
        descriptor_build_window=int(doc["descriptor_build_window"]),
        use_verb_window=int(doc["use_verb_window"]),
        org_after=tuple(doc["org_after"]),
        team_after_re=_words_re(doc["team_after"]),
        colleague_after_re=_colleague_after_re(doc["colleagues"]["nouns"]),
        colleague_nouns=tuple(doc["colleagues"]["nouns"]),
        colleague_before=tuple(doc["colleagues"]["before"]),
        colleague_hire=tuple(doc["colleagues"]["hire"]),
        coding_tools=frozenset(doc.get("coding_tools", ())),
        descriptor_tool_after=tuple(doc["descriptor_tool_after"]),
        tool_phrases=tuple(doc.get("tool_phrases", ())),
        industry_words=_WordFinder(doc["industry_words"]),
        industry_window=int(doc["industry_window"]),
        mention_automaton=_mention_automaton(
            mentions["words"], mentions["cjk"], roles["ai_words"], doc["headings"]["ignore"]
        ),
        cased={k: frozenset(v) for k, v in mentions["cased"].items()},
        job_after_re=_job_after_re(roles["role_nouns"]),
        any_case_before_job=frozenset(mentions["any_case_before_job"]),
        tools=frozenset(mentions["tools"]),
        tools_need_use=frozenset(mentions["tools_need_use_cue"]),
        veto={k: _words_re(v) for k, v in mentions["veto"].items()},
        veto_window=int(mentions["veto_window"]),
        max_mentions=int(mentions["max_mentions"]),
        generic=frozenset(doc["generic_terms"]),
        role_max_words=int(roles["max_words"]),
        role_noun_re=_words_re(roles["role_nouns"]),
        tagline_after=tuple(roles["tagline_after"]),
        headings=headings,
        heading_line_re=_heading_line_re(headings),
        neutral_automaton=_phrase_automaton(doc.get("neutral", ())),
        research_title_re=_words_re(doc["research_titles"]),
        nontech_re=_words_re([*nontech["people"], *nontech["fields"]]),
        technical_re=_words_re(nontech["technical"]),
        technical_title_re=_words_re([*nontech["technical"], *nontech["technical_areas"]]),
        nontech_compound_re=_words_re(nontech["nontech_compounds"]),
        people_after_re=_job_after_re(nontech["people"], 1),
        instrument_terms=frozenset(doc["instrument_terms"]),
        instrument_before=tuple(doc["instrument_before"]),
        instrument_window=int(doc["instrument_window"]),
        instrument_object_after=tuple(doc["instrument_object_after"]),
        instrument_not_with=tuple(doc["instrument_not_with"]),
    )


@functools.lru_cache(maxsize=1)
def _cues() -> _Cues:
    return load_cues()


# ------------------------------------------------------------------------------------------------ text model


def sentence_bounds(low: str, start: int, end: int) -> tuple[int, int]:
    """[lo, hi) of the sentence, bullet or line around a span, at most _MAX_SENTENCE chars either side; `lo` is
    the position of the delimiter before it (kept: evidence reads ". We build ...")."""
    floor = max(0, start - _MAX_SENTENCE)
    last = _LAST_END_RE.match(low, floor, start)  # greedy: backtracks from `start` to the last delimiter
    lo = last.start(1) if last is not None else floor
    found = _SENTENCE_END_RE.search(low, end, min(len(low), end + _MAX_SENTENCE))
    return lo, found.start() if found is not None else min(len(low), end + _MAX_SENTENCE)


def header_bounds(low: str) -> tuple[int, int]:
    """(end of a pipe-separated first line, end of its first field); (-1, -1) when there is none."""
    line_end = low.find("\n")
    if line_end == -1:
        line_end = len(low)
    if low.count("|", 0, line_end) < 2:
        return -1, -1
    return line_end, low.find("|", 0, line_end)


def _heading_kind(
    line: str, table: Mapping[str, tuple[tuple[str, str, bool], ...]], bulleted: bool = False
) -> tuple[str, int] | None:
    """(kind, end of the heading) when a line (lead bullets stripped) starts with a heading followed, within
    _HEADING_TAIL characters, by a colon or the end of the line; None otherwise.  A bulleted line needs the
    colon or nothing after the heading ("- Experience debugging systems" is a list item, not a heading)."""
    cjk = not line[:1].isascii()
    space = line.find(" ")
    first = _CJK_KEY if cjk else (line if space == -1 else line[:space]).rstrip(":：")
    for heading, kind, needs_colon in table.get(first, ()):
        if not line.startswith(heading):
            continue
        end = len(heading)
        if not cjk and end < len(line) and (line[end].isalnum() or line[end] == "_"):
            continue
        rest = line[end:]
        colon = min((i for i in (rest.find(":"), rest.find("：")) if i != -1), default=-1)
        if needs_colon:
            if rest.lstrip().startswith((":", "：")):
                return kind, end + colon
            continue
        if colon != -1 and colon <= _HEADING_TAIL:
            return kind, end + colon
        if len(rest) <= _HEADING_TAIL and not (bulleted and rest.strip()):
            return kind, len(line)
    if first == "about" and not line.startswith(_ABOUT_NOT_BLURB):
        colon = line.find(":")
        if 6 < colon <= 46 or (colon == -1 and len(line) <= 46):
            return "blurb", colon if colon != -1 else len(line)
    return None


def _line_heading(line: str, table: Mapping[str, tuple[tuple[str, str, bool], ...]]) -> tuple[str, bool] | None:
    """(kind, covers its own line only) when a line is a heading, else None.  A stack-list heading with its
    list after the colon ("Stack: dbt, Athena") covers its own line only."""
    stripped = line.lstrip(_HEADING_LEAD) if line[:1] in _HEADING_LEAD else line
    if len(line) - len(stripped) > _MAX_HEADING_LEAD:
        return None
    space = stripped.find(" ")
    first = (stripped if space == -1 else stripped[:space]).rstrip(":：")
    if not (first in table or first == "about" or not stripped[:1].isascii()):
        return None
    lead = len(line) - len(stripped)
    bulleted = lead > 0 and not _BULLETS.isdisjoint(line[:lead])
    found = _heading_kind(stripped.rstrip(), table, bulleted)
    if found is None:
        return None
    kind, head_end = found
    if kind == "req-line":
        return "req", len(stripped[head_end + 1 :].strip()) > 2
    return kind, False


_HEADER_SEPARATORS: Final = ("|", " — ", " – ", " - ", " / ")
_MAX_HEADER: Final = 240


def post_header_bounds(low: str) -> tuple[int, int]:
    """header_bounds for the AI role: a first line of at most _MAX_HEADER characters split into 3+ fields by
    "|", " — ", " – ", " - " or " / " ("Acme — Full-Stack Engineer — TypeScript / React / AI")."""
    line_end = low.find("\n", 0, _MAX_HEADER + 1)
    if line_end == -1:
        if len(low) > _MAX_HEADER:
            return -1, -1
        line_end = len(low)
    for sep in _HEADER_SEPARATORS:
        if low.count(sep, 0, line_end) >= 2:
            return line_end, low.find(sep, 0, line_end)
    return -1, -1


class AiText:
    """One posting's text as the judgements need it; sections and the header are found on first use."""

    __slots__ = (
        "_bits",
        "_company",
        "_evidence",
        "_header",
        "_lines",
        "_nontech_title",
        "_sections",
        "_sentences",
        "body",
        "cues",
        "ignorable",
        "low",
        "scan",
        "title",
    )

    def __init__(self, body: str, low: str, scan: str, title: str = "", cues: _Cues | None = None) -> None:
        self.body = body
        self.low = low
        self.scan = scan  # padded scan form: " " + separators-as-spaces + " " (offset +1 from low)
        self.cues = cues if cues is not None else _cues()
        self.title = title
        self._lines: dict[int, str | None] = {}  # line start -> the section in effect after that line
        self._sections: dict[int, str | None] = {}  # line start -> section_at of a position on that line
        self._header: tuple[int, int] | None = None
        self._company: str | None = None
        self._sentences: dict[tuple[int, int], tuple[int, int]] = {}
        self._evidence: dict[tuple[int, int], str] = {}
        self._bits: dict[tuple[int, int], int] = {}
        self._nontech_title: bool | None = None
        # False when the text holds no words of a heading whose text is not the employer's (`assess` learns it
        # from the tagger's mention hits): then no position is ignored and no section needs looking up for it.
        self.ignorable = True

    @property
    def header(self) -> tuple[int, int]:
        """(end of a pipe-separated first line, end of its first field); (-1, -1) when there is none."""
        if self._header is None:
            self._header = post_header_bounds(self.low)
        return self._header

    @property
    def company(self) -> str:
        """The company's name from a "Company | Role | Place" header (its first word of 3+ letters, scan form,
        padded with spaces), or "" when there is no header."""
        if self._company is None:
            self._company = ""
            company_end = self.header[1]
            if company_end > 0:
                for word in self.scan[1 : company_end + 1].split():
                    if len(word) >= 3 and word.isalpha():
                        self._company = f" {word} "
                        break
        return self._company

    def section_at(self, pos: int) -> str | None:
        """'req', 'blurb', 'ignore' or None: the kind of the nearest heading line at or before `pos`'s line
        (read backwards line by line, each line once per text)."""
        low = self.low
        start = low.rfind("\n", 0, pos) + 1
        known = self._sections.get(start, "?")
        if known != "?":
            return known
        kind = self._sections[start] = self._section_of_line(start)
        return kind

    def _section_of_line(self, start: int) -> str | None:
        """section_at for the line starting at `start`: its own heading, else the nearest heading before it that
        covers more than its own line.  Only lines `cues.heading_line_re` matches at take the full test."""
        low = self.low
        found = self._heading(start)
        if found is not None:
            return found[0]
        # The section in effect after each line is remembered, so walking back visits each line once.
        after = self._lines
        may_head = self.cues.heading_line_re.match
        walked: list[int] = []
        kind: str | None = None
        while start > 0:
            start = low.rfind("\n", 0, start - 1) + 1
            if start in after:
                kind = after[start]
                break
            walked.append(start)
            if may_head(low, start) is None:
                continue
            found = self._line_heading_at(start)
            if found is not None and not found[1]:
                kind = found[0]
                break
        for line in walked:
            after[line] = kind
        return kind

    def _heading(self, start: int) -> tuple[str, bool] | None:
        """_line_heading of the line starting at `start` (None at once when `cues.heading_line_re` does not
        match there)."""
        if self.cues.heading_line_re.match(self.low, start) is None:
            return None
        return self._line_heading_at(start)

    def _line_heading_at(self, start: int) -> tuple[str, bool] | None:
        """_line_heading of the line starting at `start`."""
        low = self.low
        end = low.find("\n", start)
        if end == -1:
            end = len(low)
        return _line_heading(low[start:end], self.cues.headings)

    def bits(self, lo: int, hi: int) -> int:
        """The cue classes present in low[lo:hi] (looked up in its scan form)."""
        found = self._bits.get((lo, hi))
        if found is None:
            sentence = self.scan[lo : hi + 1] + " "
            neutral = self.cues.neutral_automaton
            if neutral is not None and next(neutral.iter(sentence), None) is not None:
                for phrase in self.cues.neutral:
                    if phrase in sentence:
                        sentence = sentence.replace(phrase, " ")
            found = _cue_bits(sentence, self.cues)
            if self.company and self.company in sentence:
                found |= _COMPANY  # the sentence names the company: "Acme is the runtime ..."
            if found & _KNOWLEDGE and not found & _EXPERIENCE:
                found |= _KNOW  # knowledge asked, not experience: "machine learning knowledge is a plus"
            self._bits[(lo, hi)] = found
        return found

    @property
    def research_title(self) -> bool:
        """A research job: there interest in an AI topic is its research area, not AI literacy."""
        return bool(self.title) and self.cues.research_title_re.search(self.title.lower()) is not None

    @property
    def nontech_title(self) -> bool:
        """A non-technical job ("Account Executive", "Product Manager"): there an AI word builds only in a
        sentence that has a building verb ("you will fine-tune ..."), not as a stack item or a scope."""
        if self._nontech_title is None:
            title = self.title.lower()
            self._nontech_title = _nontech_name(title, 0, len(title), self.cues)
        return self._nontech_title

    def ignored(self, pos: int) -> bool:
        """Whether `pos` lies under a heading whose text is not the employer's ("Similar jobs")."""
        return self.ignorable and self.section_at(pos) == "ignore"

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """sentence_bounds, remembered."""
        found = self._sentences.get((start, end))
        if found is None:
            found = self._sentences[(start, end)] = sentence_bounds(self.low, start, end)
        return found

    def evidence(self, start: int, end: int) -> str:
        """The sentence around a span, whitespace collapsed, cut at EVIDENCE_CHARS (remembered)."""
        found = self._evidence.get((start, end))
        if found is None:
            lo, hi = self.sentence(start, end)
            found = self._evidence[(start, end)] = " ".join(self.body[lo:hi].split())[:EVIDENCE_CHARS]
        return found


# ------------------------------------------------------------------------------------------------ ai_skill_required


def ai_required(doc: AiText, hits: Iterable[tuple[int, int, int]]) -> tuple[int, int] | None:
    """The first hit asked of the candidate, or None: in the header's role field; a sentence with a candidate
    cue, or a work verb and not about the company; under a req heading (not as a product adjective).
    Hits under headings whose text is not the employer's are skipped."""
    header_end, company_end = doc.header
    seen: set[tuple[int, int, bool]] = set()
    low = doc.low
    cues = doc.cues
    for start, end, _ in hits:
        if start < header_end:
            if start > company_end:
                return start, end
            continue
        lo, hi = doc.sentence(start, end)
        descriptor = low.startswith(cues.descriptor_after, end) or low.endswith(cues.descriptor_before, 0, start)
        if (lo, hi, descriptor) in seen:
            continue
        seen.add((lo, hi, descriptor))
        bits = doc.bits(lo, hi) & _REQUIRED_MASK
        asked = bool(bits & _CANDIDATE) or (
            not descriptor
            and (bool(bits & _WORK and (not bits & _COMPANY or bits & _YOU)) or doc.section_at(start) == "req")
        )
        if asked and not doc.ignored(start):
            return start, end
    return None


# ------------------------------------------------------------------------------------------------ ai_role


def _descriptor(doc: AiText, start: int, end: int) -> str | None:
    """'tool' (AI as a way of working or a tool: "AI-native", "AI-assisted", "AI tools"), 'org' (AI naming a
    company, market or event: "AI providers", "clients in AI, blockchain"), 'team' (a team's name: "our Data & AI
    team"), 'product' ("AI-powered app") or None."""
    low, cues = doc.low, doc.cues
    if _colleague_after(low, end, cues) and _colleagues(doc, start, end):
        return "colleagues"  # "apps used by our machine learning researchers"
    if low.endswith(cues.descriptor_before, 0, start):
        return "product"  # "an AI sales assistant"
    pair = _PAIR_RE.match(low, end)
    if pair is not None:
        end = pair.end()  # "AI/ML solutions": the word after the pair decides
    if (
        low.startswith(cues.descriptor_tool_after, end)
        or low.endswith(cues.descriptor_before_tool, 0, start)
        or low.startswith(cues.tool_phrases, start)
    ):
        return "tool"
    if low[end : end + 1] == " " and cues.team_after_re.match(low, end + 1) is not None:
        return "team"
    if low.startswith(cues.org_after, end) or _org_before(doc.body, start):
        return "org"
    w = cues.industry_window
    lo, hi = max(0, start - w), end + w
    if low.find(",", lo, hi) != -1 and cues.industry_words.search(low, lo, hi):
        return "org"  # named in a list of industries
    if low.startswith(cues.descriptor_after, end) or _people_after(low, end, cues):
        return "product"  # "an AI-powered app"; "as an AI strategist" (the job works on AI, not builds it)
    return None


_COLLEAGUE_REACH: Final = 48  # characters after an AI word within which a colleague job noun ends


def _colleague_after(low: str, end: int, cues: _Cues) -> bool:
    """Whether `colleague_after_re` matches at `end`, within _COLLEAGUE_REACH characters (the nouns are tested
    first, as plain substrings: nearly always none is near)."""
    window = low[end : end + _COLLEAGUE_REACH]
    for noun in cues.colleague_nouns:
        if noun in window:
            return cues.colleague_after_re.match(low, end, end + _COLLEAGUE_REACH) is not None
    return False


def _colleagues(doc: AiText, start: int, end: int) -> bool:
    """Whether the people named by an AI word and the job noun after it are the hire's colleagues or users, not
    the hire: the nearest cue before it in its sentence is one of `colleague_before` ("used by", "collaborate
    with", "supporting"), not one of `colleague_hire` ("looking for", "hiring")."""
    cues = doc.cues
    lo = doc.sentence(start, end)[0]
    before = doc.scan[lo + 1 : start + 1]
    near = max((before.rfind(c) + len(c) for c in cues.colleague_before if c in before), default=-1)
    hire = max((before.rfind(c) + len(c) for c in cues.colleague_hire if c in before), default=-1)
    return near > hire


def _people_after(low: str, end: int, cues: _Cues) -> bool:
    """Whether a non-technical job noun follows an AI word, at most one word between and no technical word
    ("AI strategist", "AI product managers", "AI growth marketer"; not "AI engineers and designers")."""
    found = cues.people_after_re.match(low, end)
    return found is not None and cues.technical_re.search(low, end, found.end()) is None


# What ends one job name in a title, header or role line that lists several ("ML, DevOps, Sales").
_JOB_NAME_ENDS: Final = (",", "/", "|", "&", "+", ";", " and ", " - ", " – ", " — ", "\n")


def _nontech_job(low: str, start: int, end: int, cues: _Cues, floor: int = 0, limit: int | None = None) -> bool:
    """Whether the job name around an AI word low[start:end] (up to the marks that separate listed jobs, within
    low[floor:limit]) is not technical: a non-technical job word ("Applied AI Strategist", "AI Sales Lead") and no
    technical one ("Sales Engineer, AI"); "Machine Learning, DevOps, Sales" lists areas, each its own."""
    hi = len(low) if limit is None else limit
    if cues.nontech_re.search(low, floor, hi) is None:
        return False  # no non-technical job word at all (nearly always)
    ends = [(low.rfind(mark, floor, start), len(mark)) for mark in _JOB_NAME_ENDS]
    lo = max((i + n for i, n in ends if i != -1), default=floor)
    hi = min((i for i in (low.find(mark, end, hi) for mark in _JOB_NAME_ENDS) if i != -1), default=hi)
    return _nontech_name(low, lo, hi, cues)


def _nontech_name(low: str, lo: int, hi: int, cues: _Cues) -> bool:
    """Whether low[lo:hi] names a non-technical job: a non-technical job word, and no technical one outside a
    customer-facing engineer title ("Customer Success Engineer")."""
    if cues.nontech_re.search(low, lo, hi) is None:
        return False
    if cues.technical_title_re.search(low, lo, hi) is None:
        return True
    if cues.nontech_compound_re.search(low, lo, hi) is None:
        return False
    return cues.technical_title_re.search(cues.nontech_compound_re.sub(" ", low[lo:hi])) is None


# A second word joined by a slash ("AI/ML", "ML/AI", "AI/LLM"): read the descriptor after the pair.
_PAIR_RE: Final = re.compile(r"/[a-z]{2,4}(?![a-z0-9_])")
# A company named before the AI word: "Strategist at Acme AI", "apply to Acme AI" (capitalised name words).
_ORG_BEFORE_RE: Final = re.compile(r"\b(?:at|[Aa]pply to|[Jj]oin|[Jj]oining)\s+(?:[A-Z][\w.&'-]*\s+){1,2}$")
_ORG_BEFORE_REACH: Final = 40
_ASCII_UPPER: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _org_before(body: str, start: int) -> bool:
    """Whether _ORG_BEFORE_RE ends right before `start`.  A match ends with a capitalised word and whitespace, so
    the last word before `start` (whitespace-separated, as the regex's \\s) must start with a capital A-Z: tested
    first, it spares the regex for nearly every AI word."""
    before = body[max(0, start - _ORG_BEFORE_REACH) : start]
    if not before[-1:].isspace():
        return False
    tail = before.rstrip()
    if not tail or tail.rsplit(None, 1)[-1][0] not in _ASCII_UPPER:
        return False
    return _ORG_BEFORE_RE.search(body, max(0, start - _ORG_BEFORE_REACH), start) is not None


# What ends a job name at the start of a line: after the AI word, and before it (then the word is not in it).
_NAME_AFTER_ENDS: Final = (":", " — ", " – ", " - ", "http", " $", "|", "(", ". ")
_NAME_BEFORE_ENDS: Final = (":", " — ", " – ", " - ", "|", ". ")


def _role_line(low: str, start: int, end: int, cues: _Cues, scan: str | None = None) -> bool:
    """Whether [start, end) lies in the name of a technical job on a short line that names a job ("- ML
    Engineer: ..."; not "- AI Sales Lead")."""
    name = _job_name(low, start, end, cues, scan)
    return name is not None and not _nontech_job(low, start, end, cues, *name)


def _job_name(low: str, start: int, end: int, cues: _Cues, scan: str | None = None) -> tuple[int, int] | None:
    """[lo, hi) of the job name around [start, end) on a short line that names a job ("- ML Engineer: ..."), or
    None.  With `scan` (the padded scan form of `low`), a line whose words before the AI word speak of the
    company ("Acme builds AI agents for architects and engineers.") is not a job name."""
    ls = low.rfind("\n", max(0, start - _MAX_ROLE_NAME), start) + 1
    if ls == 0 and start > _MAX_ROLE_NAME:
        return None  # too far into its line to be in a job name
    for sep in _NAME_BEFORE_ENDS:
        if low.find(sep, ls, start) != -1:
            return None  # the word is after the job name
    le = low.find("\n", end)
    if le == -1:
        le = len(low)
    name_end = le
    for sep in _NAME_AFTER_ENDS:
        pos = low.find(sep, end, name_end)
        if pos != -1:
            name_end = pos
    name = low[ls:name_end]
    if len(name.split()) > cues.role_max_words or name.lstrip(" >-*•·#\t").startswith(("we ", "our ", "the ")):
        return None
    if cues.role_noun_re.search(name) is None:
        return None
    if scan is not None and _cue_bits(scan[ls : start + 1] + " ", cues) & _COMPANY:
        return None
    return ls, name_end


_LIST_MAX: Final = 160  # characters of a bare list line
_LIST_ITEMS: Final = 3  # items at least
_LIST_ITEM_WORDS: Final = 3  # words per inner item at most (the first and last may carry a lead-in or tail)
_LIST_END_WORDS: Final = 5


def _list_sentence(low: str, lo: int, hi: int) -> bool:
    """Whether the sentence low[lo:hi] is a bare comma list ("- Python, ML, Spark or Hadoop, Algorithms",
    "Multiple roles across hardware, IT, MLOps, sales"): a stack or the areas hired for."""
    if hi - lo > _LIST_MAX:
        return False
    sizes = [len(item.split()) for item in low[lo:hi].strip(" \t\n-*•·:.;|").split(",")]
    if len(sizes) < _LIST_ITEMS or max(sizes[0], sizes[-1]) > _LIST_END_WORDS:
        return False
    return all(0 < n <= _LIST_ITEM_WORDS for n in sizes[1:-1])


def _duty(doc: AiText, lo: int) -> bool:
    """Whether the sentence starting after `lo` opens with a work verb ("- Explore how AI can help our team"): a
    duty of the hire under a req heading, even when it names the company."""
    head = doc.scan[lo + 1 : lo + 41].lstrip(" •·*>.。")  # after its delimiter (". Build ...")
    first = head.split(" ", 1)[0]
    return bool(first) and bool(_cue_bits(" " + first + " ", doc.cues) & _WORK)


def _in_role_line(doc: AiText, lo: int) -> bool:
    """Whether position `lo` lies in the description of a line that opens with a job name and a colon
    ("- Software Engineer (Product): Full-stack focus. Build ... AI workflows"): the duties of that job."""
    low, cues = doc.low, doc.cues
    ls = low.rfind("\n", 0, lo) + 1
    colon = low.find(":", ls, lo)
    if colon == -1:
        return False
    name = low[ls:colon]
    return len(name.split()) <= cues.role_max_words and cues.role_noun_re.search(name) is not None


def _cue_bits(sentence: str, cues: _Cues) -> int:
    found = 0
    for _, bit in cues.automaton.iter(sentence):
        found |= bit
    return found


def _term(doc: AiText, start: int, end: int) -> str:
    return " ".join(doc.scan[start + 1 : end + 1].split())


def _judge(doc: AiText, start: int, end: int, kind: int, descriptor: str | None = "?", term: str = "") -> int:
    """How strongly one AI word supports each class: _BUILDS, _USES or _BOILER (text that is not the employer's
    is left to the caller: see AiText.ignored).  `descriptor` and `term` (_descriptor, _term) when known."""
    low, cues = doc.low, doc.cues
    if descriptor == "?":
        descriptor = _descriptor(doc, start, end)
    if not term:
        term = _term(doc, start, end)
    literacy = kind != ENGINEERING or descriptor == "tool"
    header_end, company_end = doc.header
    if start < header_end:
        if start < company_end or descriptor in ("product", "org") or _tagline(low, start, end, cues):
            return _BOILER
        if _domain_field(low, start, header_end, company_end, cues):
            return _BOILER  # "EnsoData | healthcare, sleep, machine learning | ... | Product Manager | ..."
        if not literacy and _nontech_job(low, start, end, cues, 0, header_end):
            return _BOILER
        return _USES if literacy else _BUILDS
    if descriptor == "org":
        return _BOILER
    name = None if descriptor in ("product", "colleagues") else _job_name(low, start, end, cues, doc.scan)
    if name is not None:
        if not literacy and _nontech_job(low, start, end, cues, *name):
            return _BOILER  # a listed job that works on AI: "- AI Sales Lead (Berlin)"
        return _USES if literacy else _BUILDS
    lo, hi = doc.sentence(start, end)
    bits = doc.bits(lo, hi)
    if bits & _DISCLAIMER:
        return _BOILER
    if descriptor == "colleagues":  # "used by ML researchers" (boilerplate); "experience working with ML engineers"
        return _USES if bits & _ASK and not (bits & _COMPANY and not bits & _YOU) else _BOILER
    if descriptor == "team":  # "our Data & AI team" (boilerplate); "experience working with ML teams" (uses)
        return _USES if bits & _CANDIDATE and not bits & _COMPANY else _BOILER
    company = bool(bits & _COMPANY) and not bits & _YOU
    asked = bool(bits & _CANDIDATE)
    duty = False
    if not asked:
        section = doc.section_at(start)
        duty = (section == "req" or _in_role_line(doc, lo)) and _duty(doc, lo)
        asked = duty or (
            not company
            and (section == "req" or (section != "blurb" and (bool(bits & _WORK) or _list_sentence(low, lo, hi))))
        )
    if not asked:
        w = cues.use_verb_window
        used = descriptor is None and _cue_bits(doc.scan[max(0, start + 1 - w) : start + 1], cues) & _USE_VERB
        if used and (literacy or (bits & _PRACTICE and term in cues.generic)):
            return _USES  # a team practice the hire joins: "we use Claude Code heavily", "our team embraces AI"
        if descriptor == "tool" and bits & _PRACTICE:
            return _USES  # a way of working of the team: "AI-first engineering culture", "team ... AI-friendly"
        if bits & _PERK and not company and term in cues.coding_tools:
            return _USES  # an AI coding assistant for the job's own work, as a perk: "access to Claude Code"
        if bits & _YOU and bits & _KNOW and not bits & _BUILD and term in cues.generic:
            return _USES  # knowing AI, said to the candidate: "you stay up to date with AI trends"
        return _BOILER
    if literacy:
        if kind == ENGINEERING and descriptor == "tool" and _builds_tool(doc, start):
            return _BUILDS  # "implementing AI/LLM tooling", "build AI tools for our analysts"
        return _USES
    if descriptor == "product":
        # Built by the hire: a building verb just before it, not the company's ("we build AI-powered tools").
        w = cues.descriptor_build_window
        cut = start
        for word in cues.descriptor_before:
            if low.endswith(word, 0, start):
                cut = start - len(word)  # the possessive itself ("build our ML systems") is not a subject
        before = _cue_bits(doc.scan[max(0, cut + 1 - w) : cut + 1] + " ", cues)
        builds = (
            before & _BUILD
            or (before & _FEEDS and bits & _BUILD)
            or (before & _WORK_ON and not low.startswith(cues.descriptor_after, end))  # "work on our AI features"
        )
        if builds and not before & _COMPANY and (bits & _CANDIDATE or not company or duty):
            return _BUILDS  # "developing AI-driven diagnostics", "build pipelines that feed our ML models"
        # Asked to use or know an AI product ("comfortable with AI-powered sourcing tools"): uses_ai.
        tool = any(low.find(noun, end, end + cues.tool_window) != -1 for noun in cues.tool_nouns)
        return _USES if (tool or bits & (_USE_VERB | _KNOW)) and not company else _BOILER
    if term not in cues.generic:
        return _nontech_cap(doc, bits, lo, hi)
    if _tool_list_item(doc, lo, start):
        return _USES  # listed with AI tools: "tools like Claude Code, Copilot, and emerging agent workflows"
    generic = not bits & _BUILD and (bits & (_USE | _KNOW) or _names_tool(doc, lo, hi))
    if generic and not (bits & _KNOW and doc.research_title):
        return _USES  # "using LLMs as accelerators", "interest in AI" (not when the job researches it)
    if bits & _CODE and _used_before(doc, start):
        return _USES  # AI used to write the software: "leveraging AI agents to plan, implement and commit code"
    if term in cues.instrument_terms and not company and _instrument(doc, lo, start, end):
        return _USES  # the building verb has another object: "build internal tools using AI"
    return _nontech_cap(doc, bits, lo, hi)


def _nontech_cap(doc: AiText, bits: int, lo: int, hi: int) -> int:
    """An AI word asked in a sentence with no building verb: builds_ai, but in a non-technical job's posting
    ("Product Manager", "Account Executive") only uses_ai when asked as knowledge ("machine learning a plus") and
    boilerplate otherwise (its scope, "shape the AI capabilities that power ...") - unless the sentence names
    technical jobs too ("engineers, designers and PMs well versed in machine learning")."""
    if bits & _BUILD or not doc.nontech_title or doc.cues.technical_re.search(doc.low, lo, hi) is not None:
        return _BUILDS
    return _USES if bits & (_ASK | _KNOW) else _BOILER


def _instrument(doc: AiText, lo: int, start: int, end: int) -> bool:
    """Whether a broad AI term low[start:end] (one of `instrument_terms`: the caller checks) is the instrument of
    the work, not its object: right after a verb of using in its clause ("build internal tools using AI", "fluent
    in using AI and data to automate"), not followed by a building noun ("using AI models") or paired with
    machine learning ("using AI/Machine Learning to ...", "leverage AI and machine learning to improve
    underwriting": the modelling work itself)."""
    cues = doc.cues
    if doc.low[end : end + 1] == "/":
        return False
    scan = doc.scan  # scan[i + 1] is low[i]
    after = scan[end + 1 : end + 1 + _OBJECT_REACH] + " "
    if after.startswith(cues.instrument_object_after) or any(w in after for w in cues.instrument_not_with):
        return False
    gap_lo = max(lo, start - cues.instrument_window - _LONGEST_MARKER)
    before = scan[gap_lo + 1 : start + 1]
    for marker in cues.instrument_before:
        i = before.rfind(marker)
        if i == -1:
            continue
        gap_start = gap_lo + i + len(marker)  # index in low where the gap between the marker and the term starts
        if start - gap_start > cues.instrument_window:
            continue
        raw = doc.low[gap_start:start]
        if not any(mark in raw for mark in ",;:") and not _cue_bits(scan[gap_start : start + 1] + " ", cues) & _BUILD:
            return True
    return False


_OBJECT_REACH: Final = 32  # characters after a broad AI term searched for a building noun or machine learning
_LONGEST_MARKER: Final = 20  # characters of the longest instrument marker ("with the help of")


def _names_tool(doc: AiText, lo: int, hi: int) -> bool:
    """Whether the sentence low[lo:hi] names an AI tool (mentions.tools: "AI: Claude", "AI (ChatGPT, Copilot)")."""
    sentence = doc.scan[lo : hi + 1] + " "
    return any(f" {tool} " in sentence for tool in doc.cues.tools)


def _used_before(doc: AiText, start: int) -> bool:
    """Whether a use cue governs the AI word: one within `use_verb_window` characters before it ("leveraging AI
    agents", "explore how autonomous agents")."""
    w = doc.cues.use_verb_window
    return bool(_cue_bits(doc.scan[max(0, start + 1 - w) : start + 1], doc.cues) & (_USE_VERB | _USE))


_TOOL_LIST_WINDOW: Final = 60  # characters before an AI word searched for an AI tool it is listed with
_TOOL_LIST_GAP: Final = 4  # words at most between that tool and the AI word


def _tool_list_item(doc: AiText, lo: int, start: int) -> bool:
    """Whether the AI word follows an AI tool in the same comma list ("Claude Code, Copilot, and agent
    workflows"): a few words apart, a comma between, no building verb between."""
    seg = doc.scan[max(lo, start - _TOOL_LIST_WINDOW) + 1 : start + 1]
    last = max((seg.rfind(f" {tool} ") + len(tool) + 1 for tool in doc.cues.tools if f" {tool} " in seg), default=-1)
    if last == -1:
        return False
    gap = seg[last:]
    raw = doc.low[max(lo, start - _TOOL_LIST_WINDOW) + last : start]
    return "," in raw and len(gap.split()) <= _TOOL_LIST_GAP and not _cue_bits(gap + " ", doc.cues) & _BUILD


_LIST_MARKS: Final = (",", "/", "(", ";", ":", "|")


def _builds_tool(doc: AiText, start: int) -> bool:
    """Whether a building verb governs an AI tool word ("implementing AI tooling"), not a tool used to build
    something ("build dashboards with AI tools", "building using AI-assisted workflows")."""
    lo = max(0, start - doc.cues.descriptor_build_window)
    # a list item before it is not its verb ("data modeling, AI-assisted analytics", "Architect (Backend / AI-Native")
    lo = max(lo, *(doc.low.rfind(mark, lo, start) + 1 for mark in _LIST_MARKS))
    before = doc.scan[lo : start + 1] + " "
    bits = _cue_bits(before, doc.cues)
    return bool(bits & _BUILD) and not bits & _USE_VERB and " with " not in before and " and " not in before


def _title_role(head: str, title_hits: Sequence[tuple[int, int, int]], cues: _Cues) -> int:
    if not title_hits:
        return _NONE
    low = head.lower()
    best = _NONE
    for start, end, kind in title_hits:
        if _tagline(low, start, end, cues):
            best = max(best, _BOILER)
            continue
        tool = (
            low.startswith(cues.descriptor_tool_after, end)
            or low.endswith(cues.descriptor_before_tool, 0, start)
            or low.startswith(cues.tool_phrases, start)
        )
        if kind == ENGINEERING and not tool and _nontech_job(low, start, end, cues):
            best = max(best, _BOILER)  # what the job works on, not what it builds: "Applied AI Strategist"
            continue
        best = max(best, _USES if kind != ENGINEERING or tool else _BUILDS)
    return best


def _domain_field(low: str, start: int, header_end: int, company_end: int, cues: _Cues) -> bool:
    """Whether an AI word low[start:...] of a "Company | Role | Place" header lies in the field right after the
    company's, that field names no job and a later field does: the company's domain ("EnsoData | healthcare,
    sleep, machine learning | Remote | Product Manager"), not the job.  A stack field after the job's
    ("Acme | Full-Stack Engineer | TypeScript / React / AI") still asks it."""
    sep = next((s for s in _HEADER_SEPARATORS if low.startswith(s, company_end)), None)
    if sep is None:
        return False
    lo = company_end + len(sep)
    hi = low.find(sep, lo, header_end)
    if hi == -1 or start >= hi or _job_words(low, lo, hi, cues):
        return False
    return _job_words(low, hi, header_end, cues)


def _job_words(low: str, lo: int, hi: int, cues: _Cues) -> bool:
    """Whether low[lo:hi] has a job noun ("engineer", "lead") or a non-technical job word ("product manager")."""
    return cues.role_noun_re.search(low, lo, hi) is not None or cues.nontech_re.search(low, lo, hi) is not None


def _tagline(low: str, start: int, end: int, cues: _Cues) -> bool:
    """Whether an AI word in a title or header field names the company's domain, not the job: "AI in
    healthcare", "AI for law firms" (followed by "in"/"for", and no job noun in its field)."""
    if not low.startswith(cues.tagline_after, end):
        return False
    lo = max(low.rfind("|", 0, start), low.rfind("\n", 0, start)) + 1
    ends = [i for i in (low.find("|", end), low.find("\n", end)) if i != -1]
    return cues.role_noun_re.search(low, lo, min(ends, default=len(low))) is None


def _mentions(doc: AiText, found: Iterable[tuple[int, Any]] | None = None) -> Iterable[Hit]:
    """AI wording in text order (one automaton pass; short spellings only in their AI letter cases), with the
    kind it would have as a skill: LITERACY for tool names, ENGINEERING otherwise.  Role-line AI words
    ("Data Labeling Intern") count only inside a job name.  `found`: the mention automaton's hits in
    `doc.scan` (end index, value) when the caller's own pass recorded them (the skill tagger does); None
    scans for them here."""
    body, low, cues = doc.body, doc.low, doc.cues
    count = 0
    if found is None:
        found = cues.mention_automaton.iter(doc.scan)
    for last, (word, n, trail, role_only) in found:
        if not n:
            continue  # an ignore heading's words (_HEADING_MENTION)
        start = last - trail - n
        end = start + n
        cased = cues.cased.get(word)
        # "ai" in another sense; "Haskell/ML", "x.ai" and e-mail names as the tagger reads them.  Any case still
        # names AI in a job name: "(ai) product engineers", "ai research engineers".
        if cased is not None and (
            low[start - 1 : start] in _NOT_BEFORE_CASED
            or (
                body[start:end] not in cased
                and (word not in cues.any_case_before_job or cues.job_after_re.match(low, end) is None)
            )
        ):
            continue
        if role_only and not _role_line(low, start, end, cues, doc.scan):
            continue
        yield Hit(start, end, LITERACY if word in cues.tools else ENGINEERING)
        count += 1
        if count >= cues.max_mentions:
            return


def _mention_ok(doc: AiText, hit: Hit, mention: bool = True) -> bool:
    """Not a law degree ("LLM in tax"); for a mention the tagger did not check, also not negated ("no ML") and
    not a bare tool name without a use cue."""
    low, cues = doc.low, doc.cues
    word = low[hit.start : hit.end]
    if not mention:
        veto = cues.veto.get(word)
        w = cues.veto_window
        return veto is None or veto.search(low, max(0, hit.start - w), hit.end + w) is None
    if low.endswith(_NEGATIONS, max(0, hit.start - 14), hit.start):
        return False
    veto = cues.veto.get(word)
    w = cues.veto_window
    if veto is not None and veto.search(low, max(0, hit.start - w), hit.end + w) is not None:
        return False
    if word in cues.tools_need_use:
        return bool(doc.bits(*doc.sentence(hit.start, hit.end)) & (_USE | _CANDIDATE))
    return True


def assess(
    doc: AiText,
    ai_hits: Sequence[tuple[int, int, int]],
    head: str = "",
    title_hits: Sequence[tuple[int, int, int]] = (),
    *,
    mentions: Iterable[tuple[int, Any]] | None = None,
) -> AiAssessment:
    """ai_skill_required evidence and the AI role (see the module docstring) of one posting.  `mentions`: the
    AI-mention automaton's hits in `doc.scan` as (end index, value) pairs, when the caller's scan already
    recorded them (the skill tagger's does); None scans the text for them."""
    cues = doc.cues
    if mentions is not None:
        mentions = mentions if isinstance(mentions, list) else list(mentions)
        doc.ignorable = any(not value[1] for _, value in mentions)  # _HEADING_MENTION found
    title_text = "title: " + head.strip()[:EVIDENCE_CHARS]
    title_kinds = {kind for _, _, kind in title_hits}
    # ai_skill_required: an ai_core hit (engineering first, then AI coding assistants) asked of the candidate.
    required: tuple[int, int] | None = None
    first: list[tuple[int, int, int]] = []  # judged first: usually decides builds_ai at once
    if ai_hits:
        required = ai_required(doc, [h for h in ai_hits if h[2] == ENGINEERING])
        if required is not None:
            first.append((*required, ENGINEERING))
        else:
            required = ai_required(doc, [h for h in ai_hits if h[2] == CORE_LITERACY])
    required_evidence: str | None = None
    if title_kinds & {ENGINEERING, CORE_LITERACY}:
        required_evidence = title_text
    elif required is not None:
        required_evidence = doc.evidence(*required)

    best = _title_role(head, title_hits, cues)
    if best == _BUILDS:
        return AiAssessment(required_evidence, "builds_ai", title_text)
    evidence = title_text if best else None
    span: tuple[int, int] | None = None  # the deciding AI word in the text (its evidence is read at the end)
    seen: set[tuple[int, int, int]] = set()
    judged: set[tuple[int, int, bool, str | None, bool]] = set()

    def consider(hits: Iterable[tuple[int, int, int]], mentions: bool) -> bool:
        """Judge hits until one builds; True when it does.  Hits that read the same (same sentence, kind,
        descriptor, broad or specific term) are judged once."""
        nonlocal best, span
        for start, end, kind in hits:
            key = (start, end, kind)
            if key in seen:
                continue
            seen.add(key)
            if not _mention_ok(doc, Hit(start, end, kind), mentions):
                continue
            descriptor = _descriptor(doc, start, end)
            lo, hi = doc.sentence(start, end)
            term = _term(doc, start, end)
            reading = (lo, hi, kind == ENGINEERING, descriptor, term in cues.generic)
            if reading in judged:
                continue
            judged.add(reading)
            strength = _judge(doc, start, end, kind, descriptor, term)
            if strength > best and not doc.ignored(start):
                best, span = strength, (start, end)
                if strength == _BUILDS:
                    return True
        return False

    if doc.body and not consider(first, False) and not consider(ai_hits, False):
        consider(_mentions(doc, mentions), True)
    if span is not None:
        evidence = doc.evidence(*span)
    return AiAssessment(required_evidence, _ROLE_NAMES[best], evidence)
