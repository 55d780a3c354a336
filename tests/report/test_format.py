"""Number formatting and table display used by every output."""

from __future__ import annotations

from jobshift.report.format import column_title, display_rows, figure, pct


def test_figure_by_unit() -> None:
    assert figure("share", 0.1234) == "12.3%"
    assert figure("ratio", 0.25) == "+25.0%"
    assert figure("ratio", -0.05) == "−5.0%"
    assert figure("USD/year", 123456.7) == "$123,457"
    assert figure("postings", 1234) == "1,234"
    assert figure("HHI points", 271.26) == "271.3"
    assert figure("share", None) == "no data"
    assert pct(None) == "–"


def test_display_rows_merges_intervals_and_formats_by_column() -> None:
    rows = [
        {
            "role_family": "ai_engineer",
            "n": 5,
            "median_usd": 240000.0,
            "ci_low": 200000.0,
            "ci_high": 260000.0,
        },
        {"role_family": "software_engineer", "n": 2, "median_usd": 160000.0, "ci_low": None, "ci_high": None},
    ]
    header, body, numeric = display_rows(rows)
    assert header == ["role family", "n", "median (USD)", "95% CI"]
    assert body[0] == ["ai_engineer", "5", "$240,000", "$200,000 to $260,000"]
    assert body[1][3] == "–"
    assert numeric == [False, True, True, True]


def test_display_rows_growth_and_hidden_columns() -> None:
    rows = [{"company_id": "x", "growth": -0.5, "growth_ci_low": -0.9, "growth_ci_high": 1.2}]
    header, body, _ = display_rows(rows)
    assert header == ["growth", "growth 95% CI"]
    assert body == [["−50.0%", "−90.0% to +120.0%"]]
    assert column_title("n_swe") == "n SWE"
    assert display_rows([]) == ([], [], [])
