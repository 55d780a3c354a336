"""Job titles to O*NET-SOC occupations, through an index of the O*NET alternate titles.

Pure: the caller builds an `OccupationIndex` once from (O*NET-SOC code, title) rows - O*NET's "Alternate
Titles" and "Occupation Data" titles, which a user imports (`jobshift import ... --mapping
onet_technology_skills`) and which jobshift never ships - and then calls `match_title` per title.

How a title is matched (first that succeeds):

0. rules: the frequent software and data titles, by the regexes of `jobshift/data/occupation_rules.yaml`
   (O*NET's alternate titles are thin and inconsistent for them; see that file);
1. exact: the normalised title (lower-cased, bracketed asides, level words such as senior/junior/intern and
   employment words such as remote/contract dropped, plural "s" folded) equals a normalised O*NET title; each
   segment of a title naming several parts ("Architect/Project Manager", "416550 - Postdoctoral Appointee -
   CSE") is tried in order, then the title's last words ("Sales Administrative Assistant" -> "administrative
   assistant");
2. words: the O*NET titles sharing the title's words are ranked by the summed rarity (idf) of the shared
   words, and the best is kept when it covers most of the title's information (`MIN_COVER`) - an inverted
   index, never a scan of all 57,000 titles;
3. family: no title matched, but the posting's role family has a typical occupation (software_engineer ->
   15-1252 Software Developers); the method says so;
4. none.
"""

from __future__ import annotations

import importlib.resources
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

import yaml

__all__ = ["FAMILY_SOC", "OccupationIndex", "OccupationMatch", "build_index", "normalise_title"]

MIN_COVER: Final = 0.75  # share of the title's idf mass the best O*NET title must share
_CANDIDATE_WORDS: Final = 2


@lru_cache(maxsize=1)
def _title_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    text = importlib.resources.files("jobshift").joinpath("data/occupation_rules.yaml").read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    return tuple((str(r["soc"]), re.compile(r["re"], re.IGNORECASE)) for r in raw["rules"])

# The occupation a role family most often is, for titles no O*NET title matches.
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

_BRACKETS: Final = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_SPLIT: Final = re.compile(r"\s+[-–—|:]\s+|\s*[/|,;]\s*|\s+&\s+|\s+and\s+")
_NON_WORD: Final = re.compile(r"[^a-z]+")
_DROP: Final = frozenset(
    [
    "senior", "sr", "snr", "junior", "jr", "lead", "principal", "staff", "intern", "internship", "interns",
    "trainee", "apprentice", "entry", "level", "mid", "i", "ii", "iii", "iv", "v", "vi", "remote", "hybrid",
    "onsite", "on", "site", "full", "part", "time", "fulltime", "parttime", "contract", "contractor", "temporary",
    "temp", "permanent", "freelance", "new", "grad", "graduate", "experienced", "the", "a", "an", "of", "for",
    "in", "at", "with", "needed", "wanted", "urgently", "hiring", "job", "position", "role", "opening",
    "opportunity", "f", "m", "w", "d", "x"
    ]
)


def _fold(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalise_title(title: str) -> str:
    """Lower-cased content words of a title, level and employment words dropped, plurals folded."""
    text = _BRACKETS.sub(" ", title.lower())
    words = [_fold(w) for w in _NON_WORD.sub(" ", text).split()]
    return " ".join(w for w in words if w not in _DROP)


@dataclass(frozen=True, slots=True)
class OccupationMatch:
    onet_code: str | None  # "15-1252.00"
    soc_code: str | None  # "15-1252"
    method: str  # exact | words | family | none
    matched_title: str | None  # the O*NET title that matched
    score: float  # 1.0 exact; idf cover for words; 0 otherwise

    @property
    def major_group(self) -> str | None:
        return self.soc_code[:2] if self.soc_code else None


NO_MATCH: Final = OccupationMatch(None, None, "none", None, 0.0)


@dataclass(eq=False)  # hashed by identity: match results are cached per index
class OccupationIndex:
    """Normalised O*NET titles: exact lookup, and an inverted word index weighted by idf."""

    exact: dict[str, str] = field(default_factory=dict)  # normalised title -> O*NET code
    titles: list[tuple[str, str, str]] = field(default_factory=list)  # (normalised, code, original)
    by_word: dict[str, list[int]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # O*NET code -> occupation title

    def match_title(self, title: str | None, role_family: str | None = None) -> OccupationMatch:
        """The occupation of one job title (see the module docstring)."""
        if title:
            found = self._match(title)
            if found is not None:
                return found
        code = FAMILY_SOC.get(role_family or "")
        if code is not None:
            return OccupationMatch(code, code[:7], "family", self.names.get(code), 0.0)
        return NO_MATCH

    @lru_cache(maxsize=65_536)  # noqa: B019 - an index lives for a whole run; titles repeat a lot
    def _match(self, title: str) -> OccupationMatch | None:
        for rule_code, pattern in _title_rules():
            if pattern.search(title):
                return OccupationMatch(rule_code, rule_code[:7], "rules", self.names.get(rule_code), 1.0)
        parts = [title, *(_SPLIT.split(_BRACKETS.sub(" ", title)))]
        normalised = [n for n in (normalise_title(p) for p in parts) if n]
        for norm in normalised:
            code = self.exact.get(norm)
            if code is not None:
                return OccupationMatch(code, code[:7], "exact", self.names.get(code, norm), 1.0)
        for norm in normalised:  # the head of a longer title: "sales administrative assistant" -> its last words
            words = norm.split()
            for k in range(1, len(words) - 1):
                head = self.exact.get(" ".join(words[k:]))
                if head is not None:
                    return OccupationMatch(head, head[:7], "exact", self.names.get(head, norm), 0.9)
        best: OccupationMatch | None = None
        for norm in normalised:
            found = self._by_words(norm)
            if found is not None and (best is None or found.score > best.score):
                best = found
        return best

    def _by_words(self, norm: str) -> OccupationMatch | None:
        words = [w for w in dict.fromkeys(norm.split()) if w in self.idf]
        if not words:
            return None
        mass = sum(self.idf[w] for w in words)
        # Candidates share one of the title's rarest words (short postings lists); all words then score them.
        rare = sorted(words, key=lambda w: -self.idf[w])[:_CANDIDATE_WORDS]
        candidates = {i for w in rare for i in self.by_word[w]}
        scores: defaultdict[int, float] = defaultdict(float)
        for w in words:
            weight = self.idf[w]
            for i in self.by_word[w]:
                if i in candidates:
                    scores[i] += weight
        if not scores:
            return None
        # Highest shared idf; among equals the shortest O*NET title (fewest words the title does not have).
        i, shared = max(scores.items(), key=lambda kv: (kv[1], -len(self.titles[kv[0]][0])))
        cover = shared / mass
        if cover < MIN_COVER:
            return None
        _, code, original = self.titles[i]
        return OccupationMatch(code, code[:7], "words", original, round(cover, 3))


def build_index(alternate_titles: Iterable[tuple[str, str]], occupations: Iterable[tuple[str, str]]) -> OccupationIndex:
    """Index from (O*NET-SOC code, alternate title) rows and (code, occupation title) rows."""
    index = OccupationIndex()
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    rows: list[tuple[str, str]] = []
    for code, name in occupations:
        index.names[code] = name
        rows.append((code, name))
    rows += list(alternate_titles)
    for code, title in rows:
        norm = normalise_title(title)
        if not norm:
            continue
        votes[norm][code] += 1
        index.titles.append((norm, code, title))
    index.exact = {norm: counts.most_common(1)[0][0] for norm, counts in votes.items()}
    df: Counter[str] = Counter()
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, (norm, _, _) in enumerate(index.titles):
        for w in set(norm.split()):
            by_word[w].append(i)
            df[w] += 1
    n = len(index.titles)
    index.by_word = dict(by_word)
    index.idf = {w: math.log(n / c) for w, c in df.items()}
    return index
