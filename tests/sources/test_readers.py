"""File readers: locations name file and line, bad files fail with the file named."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jobshift.errors import InputFileError
from jobshift.sources.readers import detect_format, read_records


def test_csv_locations_are_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('id,text\n1,"two\nlines"\n2,plain\n', encoding="utf-8")
    header, rows = read_records(path, "csv")
    assert header == ["id", "text"]
    assert [(loc.rsplit(":", 1)[1], rec["id"]) for loc, rec in rows] == [("2", "1"), ("4", "2")]


def test_csv_extra_fields_are_flagged(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1,2,3\n4,5,\n", encoding="utf-8")
    _, rows = read_records(path, "csv")
    records = [r for _, r in rows]
    assert records[0]["__extra_fields__"] == ["3"]
    assert "__extra_fields__" not in records[1]


def test_wrong_encoding_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("name\nok\nM\u00fcnchen\n".encode("latin-1"))
    _, rows = read_records(path, "csv")
    with pytest.raises(InputFileError, match=r"latin\.csv: line 3: not valid utf-8"):
        list(rows)


def test_latin1_declared_reads(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("name\nM\u00fcnchen\n".encode("latin-1"))
    _, rows = read_records(path, "csv", encoding="latin-1")
    assert [r["name"] for _, r in rows] == ["M\u00fcnchen"]


def test_empty_csv_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputFileError, match="empty"):
        read_records(path, "csv")


def test_truncated_json_names_file(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text('{"jobs": [{"id": 1}, {"id": 2', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"t\.json: not valid JSON"):
        list(read_records(path, "json", records_path="jobs")[1])


def test_truncated_gzip_names_file(tmp_path: Path) -> None:
    path = tmp_path / "t.json.gz"
    data = gzip.compress(json.dumps([{"id": i, "text": "x" * 50} for i in range(500)]).encode())
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputFileError, match=r"t\.json\.gz"):
        list(read_records(path, "json")[1])


def test_json_records_path_and_locations(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"jobs": [{"id": 1}, 5]}), encoding="utf-8")
    rows = list(read_records(path, "json", records_path="jobs")[1])
    assert rows[0] == (f"{path}:#0", {"id": 1})
    assert "__invalid_json__" in rows[1][1]


def test_jsonl_bad_line_is_a_record_level_problem(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": 1}\n{"id": \n\n{"id": 3}\n', encoding="utf-8")
    rows = list(read_records(path, "jsonl")[1])
    assert [loc.rsplit(":", 1)[1] for loc, _ in rows] == ["1", "2", "4"]
    assert "__invalid_json__" in rows[1][1]


def test_parquet(tmp_path: Path) -> None:
    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"id": [1, 2], "name": ["a", "b"]}), path)
    header, rows = read_records(path, "parquet")
    assert header == ["id", "name"]
    assert [r["name"] for _, r in rows] == ["a", "b"]


def test_truncated_parquet_names_file(tmp_path: Path) -> None:
    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"id": list(range(1000))}), path)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(InputFileError, match=r"p\.parquet"):
        _, rows = read_records(path, "parquet")
        list(rows)


def test_detect_format() -> None:
    assert detect_format(Path("x.csv.gz")) == "csv"
    assert detect_format(Path("x.ndjson")) == "jsonl"
    with pytest.raises(InputFileError, match="format"):
        detect_format(Path("x.bin"))


def test_unclosed_quote_at_the_end_is_a_truncated_file(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"fine ""quoted"" text"\n2,"cut off here\n', encoding="utf-8")
    _, rows = read_records(path, "csv")
    with pytest.raises(InputFileError, match=r"t\.csv: a quoted field .* never closed"):
        list(rows)


def test_short_rows_are_flagged(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("a,b,c\n1,2,3\n4,5\n", encoding="utf-8")
    records = [r for _, r in read_records(path, "csv")[1]]
    assert "__missing_fields__" not in records[0]
    assert records[1]["__missing_fields__"] == "row has 2 fields, the header names 3"


def test_trailing_unnamed_columns_are_not_required(tmp_path: Path) -> None:
    path = tmp_path / "padded.csv"
    path.write_text("a,b" + "," * 50 + "\n1,2\n3\n", encoding="utf-8")
    records = [r for _, r in read_records(path, "csv")[1]]
    assert records[0] == {"a": "1", "b": "2"}
    assert records[1] == {"a": "3"}


def test_bare_cr_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(b"a,b\r1,2\r3,4\r")
    assert [r for _, r in read_records(path, "csv")[1]] == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]
