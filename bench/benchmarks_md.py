"""BENCHMARKS.md: each bench script owns one `## ...` section and rewrites only that section."""

from __future__ import annotations

from pathlib import Path

BENCHMARKS_MD = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"


def replace_section(text: str, heading: str, section: str) -> str:
    """`text` with the section starting at the `heading` line (up to the next '## ') replaced by `section`, or
    `section` appended when there is none; one blank line separates it from what follows."""
    body = section.rstrip("\n") + "\n"
    start = text.find(heading)
    if start < 0:
        return text.rstrip("\n") + "\n\n" + body
    end = text.find("\n## ", start + len(heading))
    return text[:start] + body + ("\n" + text[end + 1 :] if end >= 0 else "")


def write_section(section: str, path: Path = BENCHMARKS_MD) -> None:
    """Replace (or append) the section whose heading is `section`'s first line, leaving the others untouched."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    path.write_text(replace_section(text, section.splitlines()[0], section), encoding="utf-8")
