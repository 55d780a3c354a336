"""Exposure scores per O*NET-SOC code: exact, detailed-occupation and 6-digit fallbacks, bands from data."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobshift.enrich.exposure import BANDS, ExposureTable, band_for, build_exposure, exposure_column

ROWS = [
    ("15-1252.00", 0.60),
    ("15-1299.08", 0.50),
    ("15-1299.09", 0.30),  # 15-1299.00 itself is not scored: its specialties are
    ("29-1141.00", 0.20),
    ("29-1141.03", 0.10),
    ("43-4051.00", None),  # unscored rows are skipped
]
TABLE = build_exposure(ROWS)


def test_exact_then_detailed_then_six_digit_mean() -> None:
    assert TABLE.score("15-1299.08") == 0.50
    assert TABLE.score("29-1141.01") == 0.20  # an unscored specialty: its detailed .00 occupation
    assert TABLE.score("15-1299.00") == 0.40  # the mean of the scored 15-1299.xx codes
    assert TABLE.score("43-4051.00") is None and TABLE.score(None) is None
    assert TABLE.score("99-9999.00") is None


def test_bands_follow_the_thresholds_of_the_data_file() -> None:
    assert exposure_column() == "dv_rating_beta"
    assert band_for(0.0) == "low" and band_for(0.99) == "high" and band_for(None) is None
    assert TABLE.band("15-1252.00") == "high"
    assert TABLE.band("29-1141.00") == "low"
    assert TABLE.band("15-1299.00") == "medium"


@given(st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1))
def test_bands_are_monotone(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert BANDS.index(band_for(lo) or "") <= BANDS.index(band_for(hi) or "")


def test_fingerprint_tracks_the_scores() -> None:
    assert ExposureTable().fingerprint == "no-exposure"
    assert TABLE.fingerprint != build_exposure(ROWS[:-2]).fingerprint
    assert TABLE.fingerprint == build_exposure(list(reversed(ROWS))).fingerprint
