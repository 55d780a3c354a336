"""AI exposure of an O*NET-SOC occupation, from the "GPTs are GPTs" occupation-level scores.

Pure: the caller passes the `occupation_exposure` rows (code, score) once - imported by `jobshift import
../shared/data/gpts_are_gpts_exposure --mapping gpts_are_gpts_exposure`, never shipped - and asks per code.

* Score: the column named in `jobshift/data/exposure_bands.yaml` (`dv_rating_beta`, the paper's headline
  GPT-4 rating: exposed tasks plus half of those needing extra tooling, as a share of the occupation's tasks;
  see docs/method.md "Occupations and exposure").
* Lookup: the exact O*NET-SOC code ("15-1299.08"); else its detailed ".00" occupation; else the mean of the
  scored codes under the same 6-digit SOC code (15-1299.00 is not scored; its .01-.09 specialties are).
* Band: low / medium / high by the fixed thresholds of the YAML (terciles of the occupation distribution).
"""

from __future__ import annotations

import hashlib
import importlib.resources
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

import yaml

__all__ = ["BANDS", "ExposureTable", "band_for", "build_exposure", "exposure_column"]

BANDS: Final = ("low", "medium", "high")


@lru_cache(maxsize=1)
def _bands() -> dict[str, Any]:
    text = importlib.resources.files("jobshift").joinpath("data/exposure_bands.yaml").read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    if not float(raw["low_below"]) < float(raw["high_from"]):
        raise ValueError("exposure_bands.yaml: low_below must be below high_from")
    return raw


def exposure_column() -> str:
    """The occupation_exposure column the score is read from (dv_rating_beta)."""
    return str(_bands()["column"])


def band_for(score: float | None) -> str | None:
    """low | medium | high for a score; None without a score."""
    if score is None:
        return None
    bands = _bands()
    if score < float(bands["low_below"]):
        return "low"
    return "medium" if score < float(bands["high_from"]) else "high"


@dataclass(frozen=True)
class ExposureTable:
    """Scores by O*NET-SOC code, with the 6-digit means for codes only their siblings have."""

    scores: dict[str, float] = field(default_factory=dict)
    by_soc: dict[str, float] = field(default_factory=dict)  # "15-1299" -> mean of its scored codes
    fingerprint: str = "no-exposure"

    def score(self, code: str | None) -> float | None:
        """The exposure of an O*NET-SOC code (exact, then its .00 occupation, then the 6-digit mean)."""
        if not code:
            return None
        found = self.scores.get(code)
        if found is None:
            found = self.scores.get(code[:7] + ".00")
        if found is None:
            found = self.by_soc.get(code[:7])
        return found

    def band(self, code: str | None) -> str | None:
        return band_for(self.score(code))


def build_exposure(rows: Iterable[tuple[str, float | None]]) -> ExposureTable:
    """Table from (O*NET-SOC code, score) rows; rows without a score are skipped."""
    scores = {str(code): float(value) for code, value in rows if code and value is not None}
    groups: defaultdict[str, list[float]] = defaultdict(list)
    for code, value in scores.items():
        groups[code[:7]].append(value)
    by_soc = {soc: sum(v) / len(v) for soc, v in groups.items()}
    if not scores:
        return ExposureTable()
    digest = hashlib.sha1(
        "".join(f"{c}={v:.6f};" for c, v in sorted(scores.items())).encode() + repr(_bands()).encode()
    ).hexdigest()[:10]
    return ExposureTable(scores, by_soc, f"exp-{len(scores)}-{digest}")
