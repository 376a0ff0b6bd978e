"""Finding one corpus record by id or position, in JSONL or Parquet, with clear errors."""
import json

import pytest

from symgen.corpus_record import find_record
from symgen.errors import InputError

RECORDS = [{"id": f"geometry-0-{i}-0", "domain": "geometry", "aux": [], "premises": "p",
            "goal": "g", "proof": [{"fact": "coll a b c", "rule": "premise"},
                                   {"fact": "coll a b d", "rule": "r", "cites": [1]}],
            "diagram": {"a": [0.0, 1.0], f"p{i}": [2.0, 3.0]}, "stats": {"proof_steps": i}}
           for i in range(3)]


def _corpus(folder, files):
    (folder / "data").mkdir(parents=True)
    entries = []
    for name, write in files:
        write(folder / "data" / name)
        entries.append({"file": f"data/{name}"})
    (folder / "manifest.json").write_text(json.dumps({"domain": "geometry", "files": entries}))
    return folder


def _jsonl(records):
    return lambda path: path.write_text("".join(json.dumps(r) + "\n" for r in records))


def test_by_position_across_files_and_by_id(tmp_path):
    folder = _corpus(tmp_path, [("a.jsonl", _jsonl(RECORDS[:2])), ("b.jsonl", _jsonl(RECORDS[2:]))])
    assert find_record(folder, "2") == (RECORDS[2], "data/b.jsonl:1")
    assert find_record(folder, "geometry-0-1-0") == (RECORDS[1], "data/a.jsonl:2")


def test_missing_records_and_bad_lines_are_named(tmp_path):
    folder = _corpus(tmp_path, [("a.jsonl", lambda p: p.write_text(json.dumps(RECORDS[0]) + "\n[1]\n"))])
    with pytest.raises(InputError, match=r"no record 5: the corpus holds 2 records"):
        find_record(folder, "5")
    with pytest.raises(InputError, match=r"record 1 \(data/a.jsonl:2\): not a JSON object"):
        find_record(folder, "1")


def test_a_file_outside_the_corpus_is_refused(tmp_path):
    folder = _corpus(tmp_path / "c", [])
    (folder / "manifest.json").write_text(json.dumps({"domain": "geometry",
                                                      "files": [{"file": "../secret.jsonl"}]}))
    with pytest.raises(InputError, match="outside the corpus folder"):
        find_record(folder, "0")


@pytest.mark.parametrize("flat", [True, False])
def test_parquet_rows_read_back_as_the_records(tmp_path, flat):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")

    def write(path):
        rows = [{k: json.dumps(v) if flat and isinstance(v, (dict, list)) else v
                 for k, v in r.items()} for r in RECORDS]
        pq.write_table(pa.Table.from_pylist(rows), path)
    folder = _corpus(tmp_path, [("a.parquet", write)])
    record, where = find_record(folder, "geometry-0-2-0")
    assert where == "data/a.parquet:3"
    assert record == RECORDS[2]          # Arrow's nulls (p0, p1, the premise's cites) dropped
