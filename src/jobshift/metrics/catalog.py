"""The metric catalogue: one SQL file per metric in `metrics/sql/`, described by its header comment.

A header is the leading block of `-- key: value` lines; a line `--   more text` (two or more spaces after
the dashes) continues the previous key. Keys:

    id          must equal the file name without `.sql`
    label       short human name
    unit        postings | events | share | USD/year | ratio | companies | HHI points | …
    compute     how rows become a result: scalar | proportion | table | growth | median_ci | premium
    basis       the rows that feed the metric, e.g. `f_postings WHERE mentions_llm IS NOT NULL`;
                may repeat (one per view used); gives n, sources, period and the synthetic flag
    definition  what is measured, in words a reader can check against the SQL
    caveats     what the number does not say
    section     report section (postings | pay | layoffs | shift); order: position within the report
    chart       id of the chart drawn from this metric (optional)

Files whose name starts with `_` are helpers (the filtered views), not metrics.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from jobshift.errors import ConfigError
from jobshift.metrics.model import MetricDef

_KEY_LINE = re.compile(r"^--\s?([a-z_]+):\s*(.*)$")
_CONT_LINE = re.compile(r"^--\s{2,}(\S.*)$")
_REQUIRED = ("id", "label", "unit", "compute", "basis", "definition", "caveats")
COMPUTE_KINDS = ("scalar", "proportion", "table", "growth", "median_ci", "premium")


def parse_header(name: str, text: str) -> MetricDef:
    """Read one metric file; raise ConfigError naming the file when its header is incomplete."""
    fields: dict[str, list[str]] = {}
    last: str | None = None
    body: list[str] = []
    in_header = True
    for line in text.splitlines():
        stripped = line.rstrip()
        if in_header and stripped.startswith("--"):
            cont = _CONT_LINE.match(stripped)
            key = _KEY_LINE.match(stripped)
            if cont and last is not None:
                fields[last][-1] += " " + cont.group(1).strip()
            elif key:
                last = key.group(1)
                fields.setdefault(last, []).append(key.group(2).strip())
            continue
        if in_header and not stripped:
            continue
        in_header = False
        body.append(line)
    missing = [k for k in _REQUIRED if not fields.get(k)]
    if missing:
        raise ConfigError(f"metrics/sql/{name}: header lacks {', '.join(missing)}")
    one = {k: v[0] for k, v in fields.items()}
    if one["id"] + ".sql" != name:
        raise ConfigError(f"metrics/sql/{name}: id {one['id']!r} does not match the file name")
    if one["compute"] not in COMPUTE_KINDS:
        raise ConfigError(f"metrics/sql/{name}: unknown compute {one['compute']!r}")
    for basis in fields["basis"]:
        if not re.match(r"^f_(postings|layoffs)\w*\b", basis):
            raise ConfigError(f"metrics/sql/{name}: basis must start with f_postings or f_layoffs")
    return MetricDef(
        id=one["id"],
        label=one["label"],
        unit=one["unit"],
        compute=one["compute"],
        definition=one["definition"],
        caveats=one["caveats"],
        basis=tuple(fields["basis"]),
        sql="\n".join(body).strip().rstrip(";"),
        section=one.get("section", "other"),
        order=int(one.get("order", "1000")),
        chart=one.get("chart") or None,
    )


def sql_text(name: str) -> str:
    """A packaged file from metrics/sql."""
    return resources.files("jobshift.metrics").joinpath("sql", name).read_text(encoding="utf-8")


@cache
def _catalogue() -> tuple[MetricDef, ...]:
    found = [
        parse_header(entry.name, entry.read_text(encoding="utf-8"))
        for entry in resources.files("jobshift.metrics").joinpath("sql").iterdir()
        if entry.name.endswith(".sql") and not entry.name.startswith("_")
    ]
    found.sort(key=lambda m: (m.order, m.id))
    return tuple(found)


def list_metrics() -> list[MetricDef]:
    """Every metric, in report order."""
    return list(_catalogue())


def get_metric(metric_id: str) -> MetricDef:
    """The metric with this id; ConfigError listing the known ids otherwise."""
    for metric in _catalogue():
        if metric.id == metric_id:
            return metric
    known = ", ".join(m.id for m in _catalogue())
    raise ConfigError(f"unknown metric {metric_id!r}; known: {known}")
