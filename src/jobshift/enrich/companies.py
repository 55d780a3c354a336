"""Company names: one normalised form and a stable id per company, a display name, and fuzzy resolution.

`normalise_company("Amazon.com, Inc.")` -> "amazon": Unicode-folded and lower-cased, parentheses dropped,
the legal suffix removed with cleanco (Inc, LLC, GmbH, Ltd, Corp...), a glued web suffix dropped
(".com", ".io", ".ai"), "&" read as "and", punctuation and whitespace folded, a leading "the" dropped, then
the aliases of `jobshift/data/company_aliases.yaml` applied ("Meta Platforms", "Facebook" -> "meta";
"Alphabet", "Google LLC" -> "google"). It is idempotent: normalising a normalised name changes nothing.
`company_id` is the slug of that ("amazon", "jpmorgan-chase"); `display_name` keeps the original casing
("Amazon.com, Inc." -> "Amazon.com") unless the alias file names a display form ("Facebook" -> "Meta").

`CompanyResolver` attaches a new name to a list of known normalised names: the override list first, then an
exact match, then rapidfuzz (scorer and threshold from the YAML, where the choice is documented), with
results cached.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Final

import yaml
from cleanco import basename
from cleanco.clean import normalized, prepare_default_terms, strip_punct, strip_tail
from rapidfuzz import fuzz, process

_RULES_RESOURCE = "data/company_aliases.yaml"
_MAX_NAME = 300
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_WEB_SUFFIX = re.compile(r"(?<=\w)\.(?:co\.uk|com|io|ai|co|org|net|dev|app|so|xyz|tech|de|fr|in)\b", re.IGNORECASE)
_AMPERSAND = re.compile(r"\s*&\s*")
_GLUE = re.compile(r"[’'`´.]")
_NON_WORD = re.compile(r"[\W_]+")
_LEADING_THE = re.compile(r"^the\s+")
_DIGITS = re.compile(r"\d+")
_SCORERS: dict[str, Callable[..., float]] = {
    "token_sort_ratio": fuzz.token_sort_ratio,
    "token_set_ratio": fuzz.token_set_ratio,
    "ratio": fuzz.ratio,
    "WRatio": fuzz.WRatio,
}


@dataclass(frozen=True, slots=True)
class _Rules:
    aliases: dict[str, str]
    displays: dict[str, str]
    scorer: Callable[..., float]
    threshold: float
    min_length: int
    generic_words: frozenset[str]
    min_core_length: int
    overrides: dict[str, str]


def _fold(text: str) -> str:
    """Unicode compatibility form, accents removed, case-folded."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", text).casefold()


# cleanco compares the name's last tokens with every legal term it knows (hundreds): skip that scan when
# the last token cannot end any term, which gives the same result (nothing is removed) much faster.
_LEGAL_LAST_TOKENS: Final[frozenset[str]] = frozenset(parts[-1] for _, parts in prepare_default_terms() if parts)


def _strip_legal(text: str) -> str:
    try:
        tokens = [strip_punct(t) for t in normalized(strip_tail(text)).split()]
        if not tokens or tokens[-1] not in _LEGAL_LAST_TOKENS:
            return _same_as_cleanco_without_terms(text)
        stripped = basename(text)
    except Exception:  # cleanco is a third-party parser: never let it fail a row
        return text
    return stripped if isinstance(stripped, str) and stripped.strip() else text


def _same_as_cleanco_without_terms(text: str) -> str:
    """What cleanco's basename returns when no legal term matches: the name, trailing symbols stripped."""
    stripped = strip_tail(" ".join(strip_tail(text).split()))
    return stripped if stripped.strip() else text


def _keep(new: str, old: str) -> str:
    """A step may shorten a name but never empty it."""
    return new if new.strip() else old


def _clean_once(name: str) -> str:
    """One pass of normalisation without aliases; "" only when the name has no letter or digit."""
    text = html.unescape(name) if "&" in name else name
    text = _keep(_BRACKETS.sub(" ", text).strip(), text)
    text = _strip_legal(text.strip(" ,;:-") or text)
    text = _keep(_WEB_SUFFIX.sub("", text), text)
    text = _keep(_fold(text), text)
    text = _AMPERSAND.sub(" and ", text)
    text = _NON_WORD.sub(" ", _GLUE.sub("", text)).strip()
    if not text:
        return ""
    text = _keep(_strip_legal(text).strip(), text)
    text = _keep(_LEADING_THE.sub("", text), text)
    return _keep(_NON_WORD.sub(" ", text).strip(), text)


def _clean(name: str) -> str:
    """Normalise until nothing changes (every pass after the first only removes characters, so this
    stops); "" when the name has no letter or digit."""
    current = _clean_once(name[:_MAX_NAME])
    for _ in range(20):
        nxt = _clean_once(current) if current else current
        if nxt == current:
            break
        current = nxt
    return current


def parse_rules(raw: dict[str, Any]) -> _Rules:
    """Validate a parsed company_aliases.yaml (exposed so tests can check rule files)."""
    aliases: dict[str, str] = {}
    displays: dict[str, str] = {}
    for canonical, spec in (raw.get("companies") or {}).items():
        key = _clean(str(canonical))
        if key != str(canonical):
            raise ValueError(f"company_aliases.yaml: canonical name {canonical!r} is not normalised ({key!r})")
        spec = spec or {}
        if spec.get("display"):
            displays[key] = str(spec["display"])
        for alias in spec.get("aliases") or ():
            normal = _clean(str(alias))
            if normal and normal != key:
                if aliases.get(normal, key) != key:
                    raise ValueError(f"company_aliases.yaml: alias {alias!r} maps to two companies")
                aliases[normal] = key
    clash = set(aliases) & set(displays)
    if clash:
        raise ValueError(f"company_aliases.yaml: {sorted(clash)} are both canonical names and aliases")
    resolver = raw.get("resolver") or {}
    scorer_name = str(resolver.get("scorer", "token_sort_ratio"))
    if scorer_name not in _SCORERS:
        raise ValueError(f"company_aliases.yaml: unknown scorer {scorer_name!r}")
    overrides = {_clean(str(k)): _clean(str(v)) if v else "" for k, v in (resolver.get("overrides") or {}).items()}
    generic = frozenset(_clean(str(w)) for w in resolver.get("generic_words") or ())
    return _Rules(
        aliases,
        displays,
        _SCORERS[scorer_name],
        float(resolver.get("threshold", 97)),
        int(resolver.get("min_length", 10)),
        generic - {""},
        int(resolver.get("min_core_length", 4)),
        overrides,
    )


@cache
def _rules() -> _Rules:
    text = resources.files("jobshift").joinpath(_RULES_RESOURCE).read_text(encoding="utf-8")
    return parse_rules(yaml.safe_load(text))


@lru_cache(maxsize=262144)
def _normalise(name: str) -> str | None:
    cleaned = _clean(name)
    if not cleaned:
        return None
    return _rules().aliases.get(cleaned, cleaned)


def normalise_company(name: str | None) -> str | None:
    """Lower-case company name without legal suffix, punctuation, leading "the"; aliases applied."""
    if name is None or not name.strip():
        return None
    return _normalise(name.strip())


def company_id(name: str | None) -> str | None:
    """Stable slug of the normalised name: "Amazon.com, Inc." -> "amazon", "AT&T" -> "att"."""
    normal = normalise_company(name)
    return normal.replace(" ", "-") if normal else None


def display_name(name: str | None) -> str | None:
    """The name for display in its original casing, without legal suffix, parentheses or stray punctuation;
    the alias file's display form when it has one ("Facebook, Inc." -> "Meta")."""
    if name is None or not name.strip():
        return None
    normal = normalise_company(name)
    if normal is None:
        return None
    shown = _rules().displays.get(normal)
    if shown:
        return shown
    text = html.unescape(name) if "&" in name else name
    text = unicodedata.normalize("NFKC", text)
    text = _BRACKETS.sub(" ", text).strip() or text
    text = _strip_legal(text.strip(" ,;:-"))
    text = re.sub(r"\s+", " ", text).strip(" ,;:-")
    text = re.sub(r"^(?i:the)\s+(?=\S)", "", text)
    return text[:_MAX_NAME] or None


# ----------------------------------------------------------------------------------- fuzzy resolution


@dataclass(frozen=True, slots=True)
class CompanyMatch:
    """A resolved name: the known normalised name, the score (100 for exact/alias) and how it was found."""

    name: str
    score: float
    method: str  # "exact" | "override" | "fuzzy"


class CompanyResolver:
    """Resolve new company names against known normalised names, cached. In order:

    1. the override list (YAML `resolver.overrides`, then the `overrides` argument);
    2. exact normalised name;
    3. the same name with spaces removed ("way fair" = "wayfair");
    4. the same core once generic words are removed ("kensho technologies" = "kensho"), when exactly one
       known name has that core;
    5. rapidfuzz (scorer and threshold from the YAML) for names of at least `min_length` characters with
       the same digits - fuzzy candidates are blocked by first character.
    """

    def __init__(
        self,
        known: Iterable[str] = (),
        *,
        threshold: float | None = None,
        overrides: Mapping[str, str] | None = None,
    ) -> None:
        rules = _rules()
        self.threshold = rules.threshold if threshold is None else float(threshold)
        self._scorer = rules.scorer
        self._min_length = rules.min_length
        self._generic = rules.generic_words
        self._min_core = rules.min_core_length
        self._overrides = dict(rules.overrides)
        for key, value in (overrides or {}).items():
            self._overrides[normalise_company(key) or key] = normalise_company(value) or ""
        self._known: set[str] = set()
        self._glued: dict[str, str] = {}
        self._cores: dict[str, set[str]] = {}
        self._blocks: dict[str, list[str]] = {}
        self._cache: dict[str, CompanyMatch | None] = {}
        for name in known:
            self.add(name)

    def __len__(self) -> int:
        return len(self._known)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and normalise_company(name) in self._known

    def _core(self, normal: str) -> str:
        """The name without trailing generic words ("micron technology" -> "micron")."""
        words = normal.split()
        while words and words[-1] in self._generic:
            words.pop()
        return " ".join(words)

    def add(self, name: str) -> str | None:
        """Add a known name (normalised here); returns its normalised form."""
        normal = normalise_company(name)
        if normal and normal not in self._known:
            self._known.add(normal)
            self._glued.setdefault(normal.replace(" ", ""), normal)
            self._cores.setdefault(self._core(normal), set()).add(normal)
            self._blocks.setdefault(normal[0], []).append(normal)
            self._cache.clear()
        return normal

    def match(self, name: str | None) -> CompanyMatch | None:
        """The known name this name refers to, with score and method; None when none is close enough."""
        normal = normalise_company(name)
        if normal is None:
            return None
        if normal in self._cache:
            return self._cache[normal]
        result = self._match(normal)
        self._cache[normal] = result
        return result

    def resolve(self, name: str | None) -> str | None:
        """The known normalised name for `name`, or None."""
        found = self.match(name)
        return found.name if found else None

    def _match(self, normal: str) -> CompanyMatch | None:
        if normal in self._overrides:
            target = self._overrides[normal]
            return CompanyMatch(target, 100.0, "override") if target and target in self._known else None
        if normal in self._known:
            return CompanyMatch(normal, 100.0, "exact")
        glued = self._glued.get(normal.replace(" ", ""))
        if glued is not None:
            return CompanyMatch(glued, 100.0, "spacing")
        core = self._core(normal)
        same_core = self._cores.get(core, set()) if len(core) >= self._min_core else set()
        if len(same_core) == 1:
            return CompanyMatch(next(iter(same_core)), 100.0, "generic_words")
        if len(normal) < self._min_length:
            return None
        digits = _DIGITS.findall(normal)
        best: CompanyMatch | None = None
        for choice, score, _ in process.extract(
            normal, self._blocks.get(normal[0], []), scorer=self._scorer, score_cutoff=self.threshold, limit=5
        ):
            if _DIGITS.findall(choice) != digits or len(choice) < self._min_length:
                continue
            if best is None or score > best.score:
                best = CompanyMatch(choice, float(score), "fuzzy")
        return best
