"""Job titles (and the role phrases of layoff texts) to O*NET-SOC occupations, through an index of O*NET titles.

Pure: the caller builds an `OccupationIndex` once from O*NET's "Occupation Data" titles and "Alternate Titles"
rows (code, title, short title, sources) - which a user imports (`jobshift import ... --mapping
onet_technology_skills`) and which jobshift never ships - and then calls `match_title` per title. Without
O*NET rows (`build_index([], [])`) the rules and the role-family fallback still work.

A title is first normalised (`normalise_title`): lower-cased, bracketed asides and req ids dropped, level and
employment words (senior, II, intern, remote, part-time...) dropped unless they are part of a kept phrase
("assistant principal"), abbreviations expanded from the data file (mgr -> manager, rn -> registered nurse,
swe -> software engineer, lab -> laboratory...), plurals folded, repeated words dropped. It is then cut into
segments - the roles a title names ("Architect/Project Manager"), and the team, location or req-id asides
after a dash, comma, pipe or "for"/"at"/"in" - and the segments are tried in order; the first that matches
decides (labelling convention: a title naming several roles gets the first named). A segment that names no
head noun borrows from the next role it is joined to, unless only a comma separates them: its words after the
first, tried exactly ("Graphic and Website Design Specialist" -> "graphic design specialist"), then the last
head ("Business and Data Analyst" -> "business analyst"); a bare head before a comma is read with what
follows ("Manager, Corporate Sales" -> "corporate sales manager"; also after a dash, "Analyst - Business Data",
and a bare manager before its function, "Manager Data Center Operations"), but a plural before a comma lists
roles ("Engineers (SWE), Founding AE"); an executive naming a function is read as that function's manager ("VP
Operations", "Head of Accounting" -> "accounting manager"). "+" joins roles like "/"; a title whose roles are all
in brackets is read with them ("Roles: [Engineering Manager ..."); a title that as a whole is an O*NET title
with its "and" is tried before its parts ("Learning and Development Specialist"); a part borrowing a head takes
a rule only when the rule's match holds the part's own word ("Database [Solutions] Architect"); and a worker head
noun with a data default ("exceptional engineers") decides where it stands, before a later role.

Per segment (method names are the database's `occupation_method`):

* ``rule``: the data rules of `jobshift/data/occupation_rules.yaml` (software, data and IT titles, whose
  O*NET alternate titles are thin and inconsistent, and managers of a function); of the rules that match, the
  one whose match ends nearest the head noun ("Data Science Software Engineer" -> software), and not when an
  O*NET title equals the whole segment that the rule matches only in part ("Healthcare Data Analyst");
* ``title_index``: the normalised segment equals an O*NET title (a one-word title only when the word is a job
  noun: "Psychotherapist", not "Warehouse"), else the same function with another head of its group does
  ("Social Media Coordinator" -> O*NET "Social Media Specialist"; "... Director" -> "... Manager"), else its
  longest ending of two or more words does ("sales administrative assistant" -> "administrative assistant")
  unless the ranked match below keeps clearly more of the title's information, else the O*NET titles that end
  in the segment's head noun are ranked by the idf mass of the words they share (the head's own modifier
  counting more) minus a penalty for words the segment lacks (an inverted index, never a scan of the 57,000
  titles; activity words meet their agent noun there: underwriting ~ underwriter). A normalised title filed
  under several codes goes to the code with the most weight - an official occupation title counts 3, a part
  of one ("Secretaries and Administrative Assistants" -> "administrative assistant") 1.5, a residual "All
  Other" title 0.5, an alternate title one per O*NET source that reports it (half for an "All Other" code or
  an O*NET specialty, .01-.99: a title filed there is usually a broader occupation's too) - plus a share for
  its words appearing in the code's own title and for the title's other words appearing in the code's other
  titles, less a penalty for a specialty whose own qualifiers the title lacks ("Project Manager" is not
  "Information Technology Project Managers"), plus a share for a group's general worker code (data
  `general_codes`: "Maintenance Technician" -> Maintenance and Repair Workers, General, not Machinery), less a
  point for a management code when the title names no manager ("Facilities Engineer", "Major Gifts Officer"),
  plus a point for a code in the major group of the posting's role family's typical occupation (a "Client
  Service Associate" in customer support is a brokerage clerk, not a sales agent) (`_pick`). A bare head
  noun O*NET files under several codes is not read by O*NET's pick (`_bare_head`): a bare manager or director
  waits for a later part naming its function, else takes its default; a head with a data default in the role
  family's major group (or without a family) takes it ("full-time engineers" -> 15-1252, not Electrical
  Engineers); else a computer role family (or one whose typical code O*NET files the word under) picks the
  word's code in its major group ("tester" in QA testing -> 15-1253); and a weak ranked match (it explains
  less than TECH_WEAK of the segment or of its O*NET title) outside a computer role family's major group
  gives way to the best-ranked candidate inside it, when that still covers MIN_COVER ("Data Recovery
  Engineer" in data science -> Data Engineer, not "Power and Recovery Shift Engineer") (`_in_family`);
* then the head noun alone: a data default ("engineer" -> 15-1252, "manager" -> 11-1021) or the O*NET title
  it is when O*NET files it mostly under one code ("Attorney"); then the segments with no head noun, as
  fields ("warehouse jobs": the O*NET titles holding all its words, a worker title before a supervisor's);
  last, a head noun O*NET files under many codes ("Designer");
* opt-in (`build_index(..., model=True)`, off by default), still ``title_index``: the O*NET titles nearest the
  whole title by TF-IDF cosine (word uni/bigrams, character 3-4-grams; scikit-learn, fitted once on the
  index's titles on first need) vote for their codes (`_by_model`; the evidence names them). Measured on the
  development set it adds one or two titles, but on real titles that fall through to it (mostly not job
  titles: locations, "INTERNS, VISA", URLs) it mostly answers wrongly, so it stays off (docs/method.md);
* ``role_family_fallback``: no title matched, but the posting's role family has a typical occupation
  (software_engineer -> 15-1252 Software Developers); the evidence says so;
* ``none``.
"""

from __future__ import annotations

import importlib.resources
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final, Literal

import yaml

__all__ = [
    "FAMILY_SOC",
    "METHODS",
    "NO_MATCH",
    "OccupationIndex",
    "OccupationMatch",
    "build_index",
    "normalise_title",
    "rules_version",
]

METHODS: Final = ("rule", "title_index", "role_family_fallback", "none")
SUFFIX_FIRST: Final = True  # an exact O*NET title ending the segment wins before the ranked word match
SUFFIX_MARGIN: Final = 0.1  # how much more of the title a ranked word match must cover to beat an ending
MIN_COVER: Final = 0.5  # share of the segment's idf mass an O*NET title found by words must share
CONTEXT_WEIGHT: Final = 0.4  # how much the title's other words may move a code's weight (see `_pick`)
NAME_WEIGHT: Final = 1.0  # ... and how much the matched title's words appearing in the code's own title do
ADJACENT_BONUS: Final = 1.0  # extra weight (share of its idf) of the word before the head when a title has it
EXTRA_PENALTY: Final = 0.35  # weight of the idf mass of O*NET-title words the segment lacks
ALTERNATE_DISCOUNT: Final = 0.5  # factor on an alternate title's vote for an "All Other" code or a specialty (.01..)
SPECIALTY_PENALTY: Final = 1.0  # vote taken from an O*NET specialty (.01..) whose own title's words the title lacks
MANAGER_PENALTY: Final = 1.0  # vote taken from a management code (11-) for a title naming no manager
FAMILY_WEIGHT: Final = 1.0  # vote added to a code in the major group of the posting's role family's typical code
GENERAL_BONUS: Final = 0.5  # vote added to a group's general worker code ("Maintenance and Repair Workers, General")
OFFICIAL_WEIGHT: Final = 3.0  # vote of an official occupation title for its code
OFFICIAL_PART_WEIGHT: Final = 1.5  # vote of a part of one ("Secretaries and Administrative Assistants")
HEAD_MIN_LAST: Final = 3  # a word is a head noun when it ends >= this many O*NET titles ...
HEAD_MIN_SHARE: Final = 0.4  # ... and ends at least this share of the titles it occurs in
HEAD_CLEAR_SHARE: Final = 0.5  # a head noun alone goes before the fields when its code has this vote share
TECH_MAJORS: Final = frozenset({"15"})  # major groups of role families that may overrule O*NET on weak evidence
TECH_WEAK: Final = 0.75  # a ranked word match explaining less of the segment or of its O*NET title is weak
MODEL_NEIGHBOURS: Final = 15  # O*NET titles the nearest-neighbour model votes with (see `_by_model`)
MODEL_MIN_SIM: Final = 0.25  # cosine similarity the nearest O*NET title must reach for the model to answer
CHAR_WEIGHT: Final = 0.5  # weight of the character n-grams against the words in the model's vectors
CHAR_NGRAMS: Final = (3, 4)  # lengths of the character n-grams (within words) of the model
MODEL_TIE: Final = 0.9  # a code within this share of the best vote is "as good" (the role family then decides)


@dataclass(frozen=True, slots=True)
class _Rules:
    rules: tuple[tuple[str, re.Pattern[str]], ...]
    synonyms: dict[str, str]
    drop: frozenset[str]
    heads: frozenset[str]
    head_defaults: dict[str, str]
    executive: re.Pattern[str]
    keep: frozenset[tuple[str, ...]]
    generic_heads: tuple[tuple[str, ...], ...]
    general_codes: frozenset[str]
    text: str


@lru_cache(maxsize=1)
def _data() -> _Rules:
    text = importlib.resources.files("jobshift").joinpath("data/occupation_rules.yaml").read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    rules = tuple((str(r["soc"]), re.compile(r["re"], re.IGNORECASE)) for r in raw["rules"])
    synonyms = {str(k).lower(): str(v).lower() for k, v in (raw.get("abbreviations") or {}).items()}
    drop = frozenset(str(w).lower() for w in raw.get("drop_words") or [])
    heads = frozenset(str(w).lower() for w in raw.get("head_words") or [])
    defaults = {str(k).lower(): str(v) for k, v in (raw.get("head_defaults") or {}).items()}
    words = "|".join(sorted((re.escape(str(w)).replace(r"\ ", r"\s+") for w in raw.get("executive_words") or []),
                            key=len, reverse=True)) or "(?!)"
    executive = re.compile(rf"^\W*(?:{words})\b[\s.]*(?:of\s+(?:the\s+)?)?(.+)$", re.IGNORECASE)
    keep = frozenset(tuple(str(p).lower().split()) for p in raw.get("keep_phrases") or [])
    generic = tuple(tuple(str(w).lower() for w in group) for group in raw.get("generic_heads") or [])
    general = frozenset(str(c) for c in raw.get("general_codes") or [])
    return _Rules(rules, synonyms, drop, heads, defaults, executive, keep, generic, general, text)


def rules_version() -> str:
    """A short fingerprint of the rules data (part of the version recorded on mapped rows)."""
    import hashlib

    return hashlib.sha1(_data().text.encode("utf-8")).hexdigest()[:10]


# The occupation a role family most often is, for titles nothing else matched.
FAMILY_SOC: Final[dict[str, str]] = {
    "ai_engineer": "15-1252.00",
    "ml_infra_engineer": "15-1252.00",
    "applied_research_scientist": "15-1221.00",
    "software_engineer": "15-1252.00",
    "data_scientist_analyst": "15-2051.00",
    "qa_testing": "15-1253.00",
    "customer_support": "43-4051.00",
    "content_writing": "27-3043.00",
    "data_entry_ops": "43-9021.00",
    "recruiting_hr": "13-1071.00",
}

_BRACKETS: Final = re.compile(r"\([^()]*\)?|\[[^\[\]]*\]?|\{[^{}]*\}?")
_REQ_ID: Final = re.compile(r"\b(?:req(?:uisition)?\b[\s.#:-]*(?:id\b|no\b)?[\s.#:-]*)?[a-z]*\d[\w-]*", re.IGNORECASE)
_SPLIT: Final = re.compile(
    r"\s+[-–—|:+]+\s+|\s*[/|,;:•]\s*|\s+&\s+|\s+(?:and|or|for|at|in|with|to|-)\s+|\s+[–—]|[–—]\s+",
    re.IGNORECASE,
)
_FAMILY_MARK: Final = "\x01family:"  # a context "word" carrying the role family's typical code (see `_pick`)
_GUESS: Final = "\x00"  # marks a segment put together from two parts: matched only exactly (see `_match`)
_SPLIT_KEEP: Final = re.compile(f"({_SPLIT.pattern})", re.IGNORECASE)
_COORDINATION: Final = re.compile(r"\band\b|&|/|\+", re.IGNORECASE)
_NON_WORD: Final = re.compile(r"[^a-z]+")
_DROP_PHRASES: Final = re.compile(r"\bentry[- ]level\b|\bnew[- ]grad\w*|\bpart[- ]time\b|\bfull[- ]time\b")
_OF: Final = re.compile(r"^\W*((?:\S+\s+){0,2}?\S+)\s+of\s+(?:the\s+)?(.+)$", re.IGNORECASE)
_ASIDE: Final = re.compile(r"\(([^()]*)\)")
_RULE_CLEAN: Final = re.compile(r"[^A-Za-z0-9+#./&\s-]+|(?<=\w)-(?=\W)|(?<=\W)-(?=\w)")


def _family(context: frozenset[str]) -> str | None:
    """The typical code of the posting's role family carried in a match context (see `_match`), if any."""
    return next((w[len(_FAMILY_MARK):] for w in context if w.startswith(_FAMILY_MARK)), None)


def _fold(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


def _plural(part: str) -> bool:
    """Whether a title part ends in a plural noun ("Engineers"), which lists roles rather than names a level."""
    words = _NON_WORD.sub(" ", part.lower()).split()
    return bool(words) and _fold(words[-1]) != words[-1]


@lru_cache(maxsize=65_536)
def normalise_title(title: str) -> str:
    """Lower-cased content words of a title: asides, ids, level and employment words dropped, abbreviations
    expanded, plurals folded, each word once."""
    data = _data()
    text = _REQ_ID.sub(" ", _BRACKETS.sub(" ", _DROP_PHRASES.sub(" ", title.lower())))
    out: list[str] = []
    raws = _NON_WORD.sub(" ", text).split()
    kept = _kept(raws, data.keep)
    for k, raw in enumerate(raws):
        for word in data.synonyms.get(raw, raw).split():
            word = _fold(word)
            if (word not in data.drop or k in kept) and word not in out:
                out.append(word)
    return " ".join(out)


def _kept(words: list[str], phrases: frozenset[tuple[str, ...]]) -> set[int]:
    """Positions of the words that make up a kept phrase ("assistant principal": a level word that is a job)."""
    out: set[int] = set()
    for phrase in phrases:
        n = len(phrase)
        for k in range(len(words) - n + 1):
            if tuple(words[k:k + n]) == phrase:
                out.update(range(k, k + n))
    return out


@lru_cache(maxsize=65_536)
def _rule_match(segment: str) -> tuple[str, str] | None:
    """(code, matched text) of the data rule matching a title segment: of the rules that match, the one whose
    match ends nearest the head noun (the segment's end: "Data Science Software Engineer" is a software
    engineer), then the first in the file; None when none does."""
    clean = " ".join(_RULE_CLEAN.sub(" ", segment).split())
    best: tuple[int, str, str] | None = None
    for rule_code, pattern in _data().rules:
        m = pattern.search(clean)
        if m and (best is None or m.end() > best[0]):
            best = (m.end(), rule_code, m.group(0).strip())
    return None if best is None else (best[1], best[2])


@dataclass(frozen=True, slots=True)
class OccupationMatch:
    onet_code: str | None  # "15-1252.00"
    soc_code: str | None  # "15-1252"
    method: str  # rule | title_index | role_family_fallback | none
    matched_title: str | None  # the O*NET title (or the rule's occupation) that matched
    score: float  # 1.0 exact or rule; the idf cover for a words match; 0 for the fallback
    evidence: str = ""  # the title words (or role family) the code rests on

    @property
    def major_group(self) -> str | None:
        return self.soc_code[:2] if self.soc_code else None


NO_MATCH: Final = OccupationMatch(None, None, "none", None, 0.0, "")


@dataclass(eq=False)  # hashed by identity: match results are cached per index
class OccupationIndex:
    """Normalised O*NET titles: exact lookup, an inverted word index weighted by idf, and head nouns."""

    exact: dict[str, str] = field(default_factory=dict)  # normalised title -> O*NET code
    shown: dict[str, str] = field(default_factory=dict)  # normalised title -> one original spelling
    weight: dict[str, float] = field(default_factory=dict)  # normalised title -> weight of its chosen code
    votes: dict[str, dict[str, float]] = field(default_factory=dict)  # titles filed under several codes
    vocab: dict[str, frozenset[str]] = field(default_factory=dict)  # O*NET code -> the words of its titles
    canon: dict[str, str] = field(default_factory=dict)  # word -> its agent noun, for the word index only
    name_words: dict[str, frozenset[str]] = field(default_factory=dict)  # O*NET code -> words of its own title
    qualifiers: dict[str, frozenset[str]] = field(default_factory=dict)  # specialty -> its title's words but the head
    titles: list[str] = field(default_factory=list)  # distinct normalised titles (ids of by_word)
    by_word: dict[str, list[int]] = field(default_factory=dict)
    by_last: dict[str, frozenset[int]] = field(default_factory=dict)  # head noun -> ids of the titles it ends
    idf: dict[str, float] = field(default_factory=dict)
    heads: frozenset[str] = frozenset()  # words that end many O*NET titles (nurse, manager, technician...)
    nouns: frozenset[str] = frozenset()  # words that end most O*NET titles they occur in (psychotherapist)
    names: dict[str, str] = field(default_factory=dict)  # O*NET code -> occupation title
    fingerprint: str = "rules-only"  # what the index was built from (see `build_index`)
    use_model: bool = False  # try the nearest-neighbour model after the rules and the index (opt-in)
    _model: Any = field(default=None, repr=False)  # the nearest-neighbour model, built on first need


    @property
    def has_titles(self) -> bool:
        return bool(self.exact)

    def match_title(self, title: str | None, role_family: str | None = None) -> OccupationMatch:
        """The occupation of one job title or role phrase (see the module docstring)."""
        if title:
            found = (self._match(title, FAMILY_SOC.get(role_family or ""))
                     or (self._by_model(title, role_family) if self.use_model else None))
            if found is not None:
                return found
        code = FAMILY_SOC.get(role_family or "")
        if code is not None:
            return OccupationMatch(code, code[:7], "role_family_fallback", self.names.get(code), 0.0,
                                   f"no title match; role family {role_family}")
        return NO_MATCH

    @lru_cache(maxsize=131_072)  # noqa: B019 - an index lives for a whole run; titles repeat a lot
    def _match(self, title: str, family_code: str | None = None) -> OccupationMatch | None:
        segments = self._segments(title)
        context = frozenset(normalise_title(title).split())  # the title's words, to tell apart O*NET's homonyms
        if family_code is not None:  # ... and the posting's role family (see `_pick`)
            context = context | {_FAMILY_MARK + family_code}
        fields = []  # segments naming no head noun ("Remodeling" of "Remodeling/Insurance Estimator") are
        for seg in segments:  # fields, tried only after every segment that names a job
            if seg.endswith(_GUESS):  # a guess ("Graphic design specialist"): only an exact title or a rule
                seg = seg[:-1]
                found = (self._exact_over_rule(seg, context) or self._rule(seg, own=seg.split()[0])
                         or self._by_title(seg, context, True))
            elif not any(self._is_head(w) for w in normalise_title(seg).split()):
                fields.append(seg)
                found = self._rule(seg)
            else:
                found = (self._exact_over_rule(seg, context) or self._rule(seg) or self._by_title(seg, context)
                         or self._by_default(seg))  # a named role before the next one ("engineers or designers")
            if found is not None:
                return found
        segments = [seg for seg in segments if not seg.endswith(_GUESS)]
        for seg in segments:  # then the head noun alone when O*NET files it clearly ("Attorney - Tax, Trusts")
            found = self._by_head(seg, context, clear=True)
            if found is not None:
                return found
        for seg in fields:  # then the fields ("warehouse jobs", "HTML" of "HTML/CSS Specialist")
            found = self._by_title(seg, context)
            if found is not None:
                return found
        for seg in segments:  # last, any head noun alone ("Designer")
            found = self._by_head(seg, context, clear=False)
            if found is not None:
                return found
        return None

    def _by_default(self, segment: str) -> OccupationMatch | None:
        """A segment ending in a worker head noun with a data default ("exceptional engineers"), read where it
        stands, so that a title naming several roles keeps the first ("engineers or designers"); None otherwise
        (and for a bare manager or director, whose function a later segment may name)."""
        words = normalise_title(segment).split()
        head = words[-1] if words else ""
        default = _data().head_defaults.get(head)
        if default is None or not self._is_head(head) or head in _SUPERVISORY:  # a manager of what? (later)
            return None
        return OccupationMatch(default, default[:7], "rule", self.names.get(default), 0.5,
                               f"head noun '{head}' (default occupation)")

    def _by_head(self, segment: str, context: frozenset[str], clear: bool) -> OccupationMatch | None:
        """The occupation of a segment's head noun alone: a data default ("engineer") or the O*NET title it is."""
        norm = normalise_title(segment)
        head = self._to_head(norm.split())[-1] if norm else ""
        default = _data().head_defaults.get(head)
        if default is not None and (self._is_head(head) or head == norm):  # a field only alone ("Engineering")
            if not clear:
                return None  # (given in the first pass)
            return OccupationMatch(default, default[:7], "rule", self.names.get(default), 0.5,
                                   f"head noun '{head}' (default occupation)")
        code = self.exact.get(head)
        if code is not None and head in self.heads and self.weight.get(head, 0.0) >= 1.0 and (
                self._clear(head) == clear):  # not a stray title; a clear one in the first pass
            return self._hit(code, head, 0.5, f"head noun '{head}' = O*NET '{self.shown.get(head, head)}'", context)
        return None

    def _segments(self, title: str) -> list[str]:
        """The parts of a title to try, in order (see the module docstring)."""
        bare = _BRACKETS.sub(" ", title)
        if not any(self._is_head(w) for w in normalise_title(bare).split()):  # the roles are all in brackets:
            bare = re.sub(r"[()\[\]{}]", " ", title)  # "Roles: [Engineering Manager (Ruby on Rails)"
        text = re.sub(r"\s+", " ", bare).strip(" -–—|,;:/")
        pieces = _SPLIT_KEEP.split(text)  # part, separator, part, ...
        kept = [(pieces[k].strip(), pieces[k + 1] if k + 1 < len(pieces) else "")
                for k in range(0, len(pieces), 2) if pieces[k] and normalise_title(pieces[k])]
        parts = [p for p, _ in kept]
        joined = [bool(_COORDINATION.search(sep)) for _, sep in kept]  # "X and Y", "X/Y", "X & Y"
        if not parts:
            return []
        norms = [normalise_title(p) for p in parts]
        out: list[str] = []
        whole = normalise_title(text)
        if (len(parts) > 1 and all(joined[:-1]) and " " in whole and whole in self.exact
                and _COORDINATION.search(self.shown.get(whole, ""))):  # the whole title is an O*NET title
            out.append(text)  # with its "and" ("Learning and Development Specialist"; not "Business Data Analyst")
        if len(parts) == 1 and " " not in norms[0] and self._is_head(norms[0]):
            for aside in _ASIDE.findall(title):  # "Analyst (Data Management)" -> "Data Management Analyst"
                if normalise_title(aside):
                    out.append(f"{aside} {parts[0]}")
        if (len(parts) > 1 and " " not in norms[0] and self._is_head(norms[0])
                and not _plural(parts[0])  # "Engineers, Founding AE" lists roles; "Manager, Data Scientist" does not
                and re.match(rf"\W*{re.escape(parts[0])}(?:\s*[,:]|\s+[-–—]+\s)", text)):
            if self._is_head(norms[1].rsplit(" ", 1)[-1]):
                out.append(parts[1])  # a level title: "Manager, Data Scientist" -> "Data Scientist"
            else:
                out.append(f"{parts[1]} {norms[0]}")  # "Manager, Corporate Sales" -> "Corporate Sales manager"
        last_head = next((n.rsplit(" ", 1)[-1] for n in reversed(norms) if self._is_head(n.rsplit(" ", 1)[-1])), None)
        for k, (part, norm) in enumerate(zip(parts, norms, strict=True)):
            if (last_head and "," not in kept[k][1] and not self._is_head(norm.rsplit(" ", 1)[-1])
                    and not _RULE_HEAD.search(part)):
                tail = (self._shared_tail(parts[k + 1:])
                        if " " not in norm and joined[k] and self._rule(part) is None else None)
                if tail:  # "Graphic and Website Design Specialist" -> "Graphic design specialist"
                    out.append(f"{part} {tail}{_GUESS}")
                out.append(f"{part} {last_head}")  # "Business and Data Analyst" -> "Business analyst"
            lead = part.split(None, 1)
            if (len(lead) == 2 and normalise_title(lead[0]) in _BARE_MANAGER and not lead[1].lower().startswith("of ")
                    and not self._is_head(norm.rsplit(" ", 1)[-1])):  # a bare manager before what it runs:
                out.append(f"{lead[1]} {lead[0]}")  # "Manager Data Center Operations" -> "Data Center Operations ..."
            executive = self._executive(part)
            if executive and self._rule(part) is None:  # a rule on the title itself goes first ("Head of HR")
                out.append(executive)  # "Head of Accounting" -> "Accounting manager"
            out.append(part)
            of = _OF.match(part)
            if of and self._is_head(normalise_title(of.group(1)).rsplit(" ", 1)[-1] if normalise_title(of.group(1))
                                    else ""):
                out.append(f"{of.group(2)} {of.group(1)}")  # "Director of Childhood Education" -> "... Director"
        if len(parts) > 1:
            out.append(text)
        return list(dict.fromkeys(out))

    @staticmethod
    def _executive(part: str) -> str | None:
        """An executive title naming a function, read as that function's manager ("VP Operations" ->
        "Operations manager", "Head of Accounting" -> "Accounting manager"; labelling: people managers go to
        the management code of their function). None for other parts and for "Chief ... Officer"."""
        m = _data().executive.match(part)
        if not m or not normalise_title(m.group(1)) or re.search(r"\bofficers?\W*$", part, re.IGNORECASE):
            return None
        return f"{m.group(1).strip()} manager"

    def _shared_tail(self, rest: list[str]) -> str | None:
        """What a one-word part naming no job shares with the next part: its words after the first, when they
        end in a head noun ("Website Design Specialist" -> "design specialist"); None for a short or headless
        part."""
        if not rest:
            return None
        words = rest[0].split()
        norm = normalise_title(" ".join(words[1:])) if len(words) > 2 else ""
        if " " in norm and self._is_head(norm.rsplit(" ", 1)[-1]):
            return " ".join(words[1:])
        return None

    def _is_head(self, word: str) -> bool:
        return word in self.heads or word in _data().heads

    def _rule(self, segment: str, own: str | None = None) -> OccupationMatch | None:
        """The data rule matching a segment; with `own`, only a rule whose match holds that word (a guess's own
        word: "Database [Solutions] Architect" is not a solutions architect)."""
        found = _rule_match(segment)
        if found is None:
            return None
        rule_code, text = found
        if own is not None and own.lower() not in text.lower().split():
            return None
        return OccupationMatch(rule_code, rule_code[:7], "rule", self.names.get(rule_code), 1.0, f"rule: '{text}'")

    def _exact_over_rule(self, segment: str, context: frozenset[str]) -> OccupationMatch | None:
        """An O*NET title equal to the whole segment, when a rule matches only part of it ("Healthcare Data
        Analyst": O*NET's title keeps "healthcare", the data-analyst rule drops it); None otherwise."""
        norm = normalise_title(segment)
        code = self.exact.get(norm)
        if code is None or " " not in norm:
            return None
        found = _rule_match(segment)
        if found is None or normalise_title(found[1]) == norm:
            return None
        return self._hit(code, norm, 1.0, f"'{segment}' = O*NET '{self.shown[norm]}'", context)

    def _hit(self, code: str, norm: str, score: float, evidence: str,
             context: frozenset[str] = frozenset()) -> OccupationMatch:
        code = self._pick(norm, code, context)
        return OccupationMatch(code, code[:7], "title_index", self.shown.get(norm, self.names.get(code)),
                               round(score, 3), evidence)

    def _pick(self, norm: str, code: str, context: frozenset[str]) -> str:
        """The code of an O*NET title filed under several: its weight, plus CONTEXT_WEIGHT times the idf share
        of the title's other words that the code's own titles use ("Executive Personal Assistant": the
        executive-assistant code, not the concierge one), plus GENERAL_BONUS for a group's general worker code
        (data `general_codes`), less SPECIALTY_PENALTY for a specialty the title does not name."""
        votes = self.votes.get(norm)
        if not votes:
            return code
        family = _family(context)
        own = set(norm.split())
        rest = context - own
        mass = math.fsum(self.idf.get(self.canon.get(w, w), 0.0) for w in rest) or 1.0
        own_mass = math.fsum(self.idf.get(self.canon.get(w, w), 0.0) for w in own) or 1.0
        general = _data().general_codes
        worker = not (own | context) & _MANAGERIAL

        def score(c: str) -> tuple[float, bool, str]:
            vocab = self.vocab.get(c, frozenset())
            shared = math.fsum(self.idf.get(self.canon.get(w, w), 0.0) for w in rest if w in vocab)
            name = self.name_words.get(c, frozenset())
            in_name = math.fsum(self.idf.get(self.canon.get(w, w), 0.0) for w in own if w in name)
            total = votes[c] + CONTEXT_WEIGHT * shared / mass + NAME_WEIGHT * in_name / own_mass
            if family is not None and c[:2] == family[:2]:  # the role family tells homonyms apart: a "Tester"
                total += FAMILY_WEIGHT  # in QA testing is a software tester, not a production-line one
            if c in general:  # an unspecified "Maintenance Technician" is the general worker, not a machinery one
                total += GENERAL_BONUS
            if self.qualifiers.get(c, frozenset()) - own - context:  # a specialty the title does not name
                total -= SPECIALTY_PENALTY  # ("Project Manager" is not "Information Technology Project Manager")
            if worker and c.startswith("11-"):  # a title naming no manager is a worker of its field ("Facilities
                total -= MANAGER_PENALTY  # Engineer", "Major Gifts Officer"), not the field's manager
            return (-total, not c.endswith(".00"), c)

        return min(votes, key=score)

    def _by_title(self, segment: str, context: frozenset[str], exact_only: bool = False) -> OccupationMatch | None:
        norm = normalise_title(segment)
        if not norm or not self.exact:
            return None
        words = norm.split()
        code = self.exact.get(norm)
        if code is not None and len(words) == 1:  # a bare head O*NET files under several codes ("Tester")
            bare = self._bare_head(segment, norm, context)
            if bare is not None:
                return bare or None
        if code is not None and (len(words) > 1 or self._is_head(norm) or norm in self.nouns):  # not a lone
            # field word ("Cleaning", "Warehouse") but a job noun ("Psychotherapist")
            return self._hit(code, norm, 1.0, f"'{segment}' = O*NET '{self.shown[norm]}'", context)
        words = self._to_head(words)
        swapped = self._swap_head(words)
        if swapped is not None:
            return self._hit(self.exact[swapped], swapped, 0.9,
                             f"'{segment}' ~ O*NET '{self.shown[swapped]}' (same function)", context)
        if exact_only:
            return None
        if SUFFIX_FIRST:
            for k in range(0 if words != norm.split() else 1, len(words) - 1):  # the longest ending of 2+ words
                tail = " ".join(words[k:])
                code = self.exact.get(tail)
                if code is not None:
                    # the ranked word match wins when it keeps more of the title's information than the
                    # ending does ("Litigation Support Specialist": litigation matters more than support)
                    ranked = self._by_words(segment, words, context)
                    if ranked is not None and ranked.score > self._cover(tail, words) + SUFFIX_MARGIN:
                        return ranked
                    return self._hit(code, tail, 0.9, f"'{segment}' ends in O*NET '{self.shown[tail]}'", context)
        return self._by_words(segment, words, context)

    def _bare_head(self, segment: str, norm: str,
                   context: frozenset[str]) -> OccupationMatch | Literal[False] | None:
        """A bare head noun that O*NET files under several codes ("Engineer", "Tester", "Manager"): no modifier
        tells them apart, so O*NET's own pick for the word is no evidence. A bare manager or director is left
        to a later part naming its function, else to its data default in `_by_head` (False: no match here).
        Otherwise the head's data default decides when it is in the major group of the posting's role family's
        typical occupation, or there is no family ("engineer" -> 15-1252); else the role family does when it is
        a computer family or O*NET files the head under its typical code - that code, else the head's code with
        most weight in the family's major group (a "tester" in QA testing is 15-1253, not a production-line
        tester); else the default. None when nothing applies (O*NET's code for the word stands)."""
        votes = self.votes.get(norm)
        if not votes:
            return None
        default = _data().head_defaults.get(norm)
        if default is not None and norm in _SUPERVISORY:
            return False
        family = _family(context)
        spread = f"O*NET files '{norm}' under {len(votes)} codes"
        by_default = None if default is None else OccupationMatch(
            default, default[:7], "rule", self.names.get(default), 0.5,
            f"bare head '{segment}' (default occupation; {spread})")
        if default is not None and (family is None or default[:2] == family[:2]):
            return by_default
        if family is not None and (family in votes or family[:2] in TECH_MAJORS):
            alike = [c for c in votes if c[:2] == family[:2]]
            if alike:
                code = family if family in votes else min(alike, key=lambda c: (-votes[c], not c.endswith(".00"), c))
                return OccupationMatch(code, code[:7], "title_index", self.names.get(code), 0.5,
                                       f"bare head '{segment}' ({spread}): the role family's major group "
                                       f"{family[:2]} has {code[:7]}")
        return by_default  # None when the head has no default: O*NET's code for the word stands

    def _clear(self, norm: str) -> bool:
        """Whether O*NET files a title mostly under one code (its chosen code holds at least HEAD_CLEAR_SHARE
        of its votes: "attorney", not "specialist", which 12 codes share)."""
        weight = self.weight.get(norm, 0.0)
        return weight >= HEAD_CLEAR_SHARE * math.fsum((self.votes.get(norm) or {"": weight}).values())

    def _swap_head(self, words: list[str]) -> str | None:
        """The O*NET title naming the same function with another head noun of the same group ("social media
        coordinator" -> "social media specialist", "revenue cycle director" -> "revenue cycle manager"), the one
        with most weight; None when the head is in no group."""
        generic = next((group for group in _data().generic_heads if words[-1] in group), None)
        if len(words) < 2 or generic is None:
            return None
        stem = " ".join(words[:-1])
        found = [f"{stem} {h}" for h in generic if h != words[-1] and f"{stem} {h}" in self.exact]
        return max(found, key=lambda t: self.weight.get(t, 0.0)) if found else None

    def _cover(self, tail: str, words: list[str]) -> float:
        """The idf share of a segment's words an ending of it holds."""
        canon = [self.canon.get(w, w) for w in dict.fromkeys(words)]
        mass = math.fsum(self.idf.get(w, 0.0) for w in canon) or 1.0
        return math.fsum(self.idf.get(self.canon.get(w, w), 0.0) for w in set(tail.split())) / mass

    def _to_head(self, words: list[str]) -> list[str]:
        """The words up to the last head noun: "attorney tax" -> "attorney" (the rest is an aside)."""
        if self._is_head(words[-1]):
            return words
        for k in range(len(words) - 2, -1, -1):
            if self._is_head(words[k]):
                return words[: k + 1]
        return words

    def _by_words(self, segment: str, words: list[str], context: frozenset[str]) -> OccupationMatch | None:
        is_head = self._is_head(words[-1])
        words = list(dict.fromkeys(self.canon.get(w, w) for w in words))
        head = words[-1]
        if head not in self.by_word:
            return None
        if not is_head:  # a field, not a job ("warehouse jobs"): the titles holding all its words
            return self._by_field(segment, words, context)
        if len(words) < 2:
            return None
        known = [w for w in words if w in self.idf]
        mass = math.fsum(self.idf[w] for w in known)
        with_head = self.by_last.get(head, frozenset())  # O*NET titles with the same head noun
        scores: defaultdict[int, float] = defaultdict(float)
        for w in known:
            if w == head:
                continue
            weight = self.idf[w]
            for i in self.by_word[w]:
                if i in with_head:
                    scores[i] += weight
        if not scores:
            return None
        head_idf = self.idf[head]

        near = words[-2]  # the head's own modifier ("systems" of "consulting systems engineer") counts more
        near_ids = set(self.by_word.get(near, ())) if ADJACENT_BONUS else set()
        near_idf = self.idf.get(near, 0.0)

        def key(item: tuple[int, float]) -> tuple[float, int]:
            i, shared = item
            extra = self._mass(i) - shared - head_idf
            bonus = ADJACENT_BONUS * near_idf if i in near_ids else 0.0
            return (shared - EXTRA_PENALTY * extra + bonus, -len(self.titles[i]))

        i, shared = max(scores.items(), key=key)
        cover = (shared + head_idf) / mass
        if cover < MIN_COVER:
            return None
        norm = self.titles[i]
        found = self._hit(self.exact[norm], norm, cover, f"'{segment}' ~ O*NET '{self.shown[norm]}'", context)
        family = _family(context)
        if (family is not None and family[:2] in TECH_MAJORS and found.onet_code is not None
                and found.onet_code[:2] != family[:2] and min(cover, (shared + head_idf) / self._mass(i)) < TECH_WEAK):
            alike = self._in_family(scores, family, key, head_idf, mass, segment, context)
            if alike is not None:  # a weak match outside a computer role family's group: the family's reading
                return alike  # ("Data Recovery Engineer" in data science is a data engineer, not a power plant's)
        return found

    def _in_family(self, scores: dict[int, float], family: str, key: Any, head_idf: float, mass: float,
                   segment: str, context: frozenset[str]) -> OccupationMatch | None:
        """The best-ranked of the candidate O*NET titles whose code (as `_pick` reads it) is in the role family's
        major group, when it still covers MIN_COVER of the segment; None otherwise."""
        alike = [(j, shared) for j, shared in scores.items()
                 if self._pick(self.titles[j], self.exact[self.titles[j]], context)[:2] == family[:2]]
        if not alike:
            return None
        j, shared = max(alike, key=key)
        cover = (shared + head_idf) / mass
        if cover < MIN_COVER:
            return None
        norm = self.titles[j]
        return self._hit(self.exact[norm], norm, cover, f"'{segment}' ~ O*NET '{self.shown[norm]}' (weak match: "
                         f"the role family's major group {family[:2]})", context)

    def _by_field(self, segment: str, words: list[str], context: frozenset[str]) -> OccupationMatch | None:
        if any(w not in self.by_word or len(w) < 3 for w in words):  # not a 2-letter code ("AP", "CA")
            return None
        rarest = min(words, key=lambda w: len(self.by_word[w]))
        others = [set(self.by_word[w]) for w in words if w != rarest]
        found = [i for i in self.by_word[rarest] if all(i in o for o in others)]
        if not found:
            return None
        # a title that ends in a head noun ("Warehouse Worker", not "Warehouse"), a worker rather than a
        # supervisor of the field, then the most weight, then the fewest other words
        i = min(found, key=lambda j: (not self._is_head(self.titles[j].rsplit(" ", 1)[-1]),
                                      self.titles[j].rsplit(" ", 1)[-1] in _SUPERVISORY,
                                      -self.weight.get(self.titles[j], 0.0), self._mass(j), self.titles[j]))
        norm = self.titles[i]
        return self._hit(self.exact[norm], norm, 0.6, f"'{segment}' ~ O*NET '{self.shown[norm]}' (field)",
                         context)

    @lru_cache(maxsize=65_536)  # noqa: B019
    def _by_model(self, title: str, role_family: str | None) -> OccupationMatch | None:
        """Last title step: the O*NET titles nearest the whole title in TF-IDF space (word uni/bigrams and
        character 3-4-grams, cosine), each voting similarity squared times log(1 + weight) for each code O*NET
        files it under;
        when another code's vote is within MODEL_TIE of the best and in the major group of the posting's role
        family, that one. None without O*NET titles, without scikit-learn, or when nothing is near enough."""
        model = self._title_model()
        norm = normalise_title(title)
        if model is None or not norm:
            return None
        import numpy as np

        vectorise, matrix_t = model
        cols, vals = vectorise(norm)
        if not cols:
            return None
        sims = np.asarray(matrix_t[cols].T @ vals).ravel()
        k = min(MODEL_NEIGHBOURS, len(sims) - 1)
        top = np.argpartition(-sims, k)[:k] if k > 0 else np.arange(len(sims))
        top = top[np.argsort(-sims[top])]
        if not len(top) or sims[top[0]] < MODEL_MIN_SIM:
            return None
        votes: defaultdict[str, float] = defaultdict(float)
        for i in top:
            norm_i = self.titles[i]
            for c, weight in (self.votes.get(norm_i) or {self.exact[norm_i]: self.weight.get(norm_i, 1.0)}).items():
                votes[c] += float(sims[i]) ** 2 * math.log1p(weight)  # every code O*NET files the title under
        best = min(votes, key=lambda c: (-votes[c], not c.endswith(".00"), c))
        family = FAMILY_SOC.get(role_family or "")
        if family is not None and best[:2] != family[:2]:
            alike = [c for c in votes if c[:2] == family[:2] and votes[c] >= MODEL_TIE * votes[best]]
            best = min(alike, key=lambda c: (-votes[c], not c.endswith(".00"), c)) if alike else best
        near = [i for i in top[:3] if sims[i] >= MODEL_MIN_SIM]
        names = ", ".join(f"'{self.shown[self.titles[i]]}' {sims[i]:.2f}" for i in near)
        return OccupationMatch(best, best[:7], "title_index", self.names.get(best), round(float(sims[top[0]]), 3),
                               f"model: '{title}' nearest O*NET {names}")

    def fit_model(self) -> bool:
        """Build the nearest-neighbour model now rather than on the first title that needs it; False when
        there is none (the index does not use it, has no O*NET titles, or scikit-learn is missing)."""
        return self.use_model and self._title_model() is not None

    def _title_model(self) -> tuple[Any, Any] | None:
        """The TF-IDF nearest-neighbour model over the index's O*NET titles (each with its chosen code and
        weight), built once on first need; None without titles or scikit-learn."""
        if self._model is None:
            self._model = _fit_model(self.titles) if self.titles else False
        return self._model or None

    @lru_cache(maxsize=131_072)  # noqa: B019
    def _mass(self, i: int) -> float:
        # fsum: exact, so the same whatever order the set gives (a plain sum's last bit followed the hash seed
        # and broke ties - "Node.js" or "React.js Developer" - differently from run to run)
        return math.fsum(self.idf.get(w, 0.0) for w in {self.canon.get(w, w) for w in self.titles[i].split()})


_RESIDUAL: Final = re.compile(r",\s*all other\b", re.IGNORECASE)
_SUPERVISORY: Final = frozenset({"manager", "director", "supervisor", "foreman", "head", "chief", "executive"})
_BARE_MANAGER: Final = frozenset({"manager", "director", "supervisor"})  # may come before the function they run
# words that make a title a manager's (an O*NET management code, 11-, is then a fair reading of it)
_MANAGERIAL: Final = _SUPERVISORY | frozenset({"president", "vice", "controller", "superintendent", "principal",
                                               "administrator", "owner", "chief"})
_RULE_HEAD: Final = re.compile(r"\b(?:engineer|developer|scientist|analyst|manager|designer)s?\b", re.IGNORECASE)


def _fit_model(titles: list[str]) -> tuple[Any, Any] | Literal[False]:
    """Fit the vectorisers of `OccupationIndex._by_model` on normalised O*NET titles: a function from a
    normalised title to the columns and values of its L2-normalised row (computed from the fitted vocabularies
    and idf directly - sklearn's `transform` costs milliseconds a call), and the titles' matrix transposed
    (feature x title) so that one title's similarities cost only its own features' rows."""
    try:
        import numpy as np
        from scipy.sparse import hstack  # type: ignore[import-untyped]
        from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
        from sklearn.preprocessing import normalize  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - scikit-learn is a dependency; without it the step is skipped
        return False
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True, min_df=2,
                            dtype=np.float32)
    parts = [words.fit_transform(titles)]
    blocks = [(words.build_analyzer(), words.vocabulary_, words.idf_, 0, 1.0)]
    if CHAR_WEIGHT:
        parts.append(CHAR_WEIGHT * chars.fit_transform(titles))
        blocks.append((chars.build_analyzer(), chars.vocabulary_, chars.idf_, len(words.vocabulary_), CHAR_WEIGHT))
    matrix = normalize(hstack(parts).tocsr())

    def vectorise(norm: str) -> tuple[list[int], Any]:
        cols: list[int] = []
        vals: list[float] = []
        for analyse, vocabulary, idf, offset, scale in blocks:  # as TfidfVectorizer: (1 + log tf) idf, L2 per block
            counts = Counter(vocabulary[t] for t in analyse(norm) if t in vocabulary)
            row = {j: (1.0 + math.log(n)) * float(idf[j]) for j, n in counts.items()}
            length = math.sqrt(sum(x * x for x in row.values())) or 1.0
            cols += [offset + j for j in row]
            vals += [scale * x / length for x in row.values()]
        out = np.asarray(vals, dtype=np.float32)
        return cols, out / (float(np.linalg.norm(out)) or 1.0)

    return vectorise, matrix.T.tocsr()


def _official_variants(name: str) -> list[str]:
    """Parts of an official occupation title that name it: "Cooks, Fast Food" -> "fast food cooks";
    "Secretaries and Administrative Assistants, Except Legal" -> "secretaries", "administrative assistants"."""
    base = re.split(r",\s*except\b|,\s*all other\b", name, flags=re.IGNORECASE)[0]
    out = [base]
    if "," in base:
        head, _, rest = base.partition(",")
        out.append(f"{rest.strip()} {head.strip()}")
        base = head
    out += [p for p in re.split(r"\s+and\s+|,\s*", base) if len(p.split()) >= 1]
    return out


def _agent_nouns(vocabulary: set[str]) -> dict[str, str]:
    """Activity words to the agent noun O*NET also uses, for the ranked word match only: underwriting ->
    underwriter, typesetting -> typesetter, nursing -> nurse, animation -> animator, inspection -> inspector.
    (Not to a bare stem: "accounting" is not "account", "marketing" not "market".)"""
    out: dict[str, str] = {}
    for word in vocabulary:
        if len(word) < 7:
            continue
        candidates: tuple[str, ...]
        if word.endswith("ing"):
            candidates = (word[:-3] + "er", word[:-3] + "or", word[:-3] + "e")
        elif word.endswith("ion"):
            candidates = (word[:-3] + "or",)
        else:
            continue
        found = next((c for c in candidates if c in vocabulary), None)
        if found:
            out[word] = found
    return out


def build_index(alternate_titles: Iterable[Sequence[str | None]],
                occupations: Iterable[tuple[str, str]], model: bool = False) -> OccupationIndex:
    """Index from O*NET alternate-title rows (code, title[, short title[, sources "02,04"]]) and
    (code, occupation title) rows; `model` turns on the nearest-neighbour step (`OccupationIndex._by_model`,
    off by default: see docs/method.md)."""
    index = OccupationIndex(use_model=model)
    votes: defaultdict[str, defaultdict[str, float]] = defaultdict(lambda: defaultdict(float))
    shown: dict[str, str] = {}
    n_rows = 0

    def add(code: str, title: str | None, weight: float) -> None:
        if not title:
            return
        norm = normalise_title(title)
        if norm:
            votes[norm][code] += weight
            shown.setdefault(norm, title)

    for code, name in occupations:
        n_rows += 1
        index.names[code] = name
        index.name_words[code] = frozenset(normalise_title(name).split())
        if not code.endswith(".00"):  # "Information Technology Project Managers" -> information, technology, project
            parts = re.split(r"\s+and\s+|/", _official_variants(name)[0])  # "Treasurers and Controllers": none
            index.qualifiers[code] = frozenset(w for p in parts for w in normalise_title(p).split()[:-1])
        residual = bool(_RESIDUAL.search(name))  # "..., All Other": a catch-all, not what a title names
        for k, variant in enumerate(_official_variants(name)):
            add(code, variant, 0.5 if residual else OFFICIAL_WEIGHT if k == 0 else OFFICIAL_PART_WEIGHT)
    residual_soc = {c[:7] for c, name in index.names.items() if _RESIDUAL.search(name)}
    for row in alternate_titles:
        n_rows += 1
        code, title = str(row[0]), row[1]
        sources = str(row[3]) if len(row) > 3 and row[3] else ""
        weight = float(max(1, len([s for s in sources.split(",") if s.strip()])))
        if code[:7] in residual_soc or not code.endswith(".00"):  # a catch-all's or a specialty's title is
            weight *= ALTERNATE_DISCOUNT  # usually a broader occupation's too
        add(code, title, weight)
        for aside in _ASIDE.findall(title or ""):  # "PT Tech (Physical Therapist Technician)": the spelled-out
            norm_aside = normalise_title(aside)  # title in brackets is a title of the code too (once)
            if len(norm_aside.split()) > 1 and norm_aside != normalise_title(title or ""):
                add(code, aside, weight)
        short = row[2] if len(row) > 2 else None
        if short and short != "n/a" and normalise_title(short) != normalise_title(title or ""):
            add(code, short, 1.0)  # a short title that says the same as its row is not a second vote

    def best(counts: dict[str, float]) -> str:
        # most weight; then the detailed occupation (.00) over a specialty; then the lowest code
        return min(counts, key=lambda c: (-counts[c], not c.endswith(".00"), c))

    index.exact = {norm: best(counts) for norm, counts in votes.items()}
    index.weight = {norm: float(votes[norm][code]) for norm, code in index.exact.items()}
    index.votes = {norm: {c: float(v) for c, v in counts.items()} for norm, counts in votes.items() if len(counts) > 1}
    vocab: defaultdict[str, set[str]] = defaultdict(set)
    for norm, counts in votes.items():
        for c in counts:
            vocab[c].update(norm.split())
    index.vocab = {c: frozenset(words) for c, words in vocab.items()}
    index.shown = shown
    index.titles = list(index.exact)
    df: Counter[str] = Counter()
    last: Counter[str] = Counter()
    by_word: dict[str, list[int]] = defaultdict(list)
    raw_df: Counter[str] = Counter()
    index.canon = _agent_nouns({w for norm in index.titles for w in norm.split()})
    for i, norm in enumerate(index.titles):
        words = norm.split()
        last[words[-1]] += 1
        raw_df.update(set(words))
        for w in {index.canon.get(w, w) for w in words}:
            by_word[w].append(i)
            df[w] += 1
    n = max(1, len(index.titles))
    index.by_word = dict(by_word)
    by_last: defaultdict[str, set[int]] = defaultdict(set)
    for i, norm in enumerate(index.titles):
        last_word = norm.rsplit(" ", 1)[-1]
        by_last[index.canon.get(last_word, last_word)].add(i)
    index.by_last = {w: frozenset(ids) for w, ids in by_last.items()}
    index.idf = {w: math.log(1 + n / c) for w, c in df.items()}
    index.heads = frozenset(w for w, c in last.items() if c >= HEAD_MIN_LAST and c / raw_df[w] >= HEAD_MIN_SHARE)
    index.nouns = frozenset(w for w, c in last.items() if c / raw_df[w] >= HEAD_MIN_SHARE)
    if n_rows:
        import hashlib

        digest = hashlib.sha1()
        for norm in index.titles:
            digest.update(f"{norm}\x1f{index.exact[norm]}\n".encode())
        index.fingerprint = f"onet-{len(index.titles)}-{digest.hexdigest()[:10]}" + ("-knn" if model else "")
    return index
