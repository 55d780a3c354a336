"""The report: every metric as HTML (self-contained, offline), Markdown and JSON, with charts as SVG/PNG.

from jobshift.report import build_report, headline_lines
report = build_report(con, Path("out"), filters=Filters(country="US"))
print("\n".join(headline_lines(report)))
"""

from jobshift.report.build import FORMATS, Report, build_report, headline_lines
from jobshift.report.format import SYNTHETIC_BANNER

__all__ = ["FORMATS", "SYNTHETIC_BANNER", "Report", "build_report", "headline_lines"]
