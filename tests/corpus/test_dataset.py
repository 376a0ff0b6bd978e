"""A corpus as a dataset: splits by source, nested Parquet, a typed card per domain, the
manifest's provenance, and ``datasets.load_dataset`` on both formats."""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import symgen
from symgen import corpus, corpus_files, dataset
from symgen.cli import main
from symgen.corpus_card import dataset_card
from symgen.schema import domain_schema

ROOT = Path(__file__).resolve().parents[2]
SPLITS = "0.5,0.25,0.25"
GEOMETRY = domain_schema("domains.geometry")
PACKAGES = {"geometry": "domains.geometry", "arithmetic": "domains.arithmetic",
            "code": "domains.code"}


@pytest.fixture(scope="module")
def split_corpus(tmp_path_factory) -> Path:
    """A geometry corpus in both formats whose 60 theorems fall in all three splits."""
    out = tmp_path_factory.mktemp("split") / "c"
    pytest.importorskip("pyarrow")
    assert main(["generate", "--count", "60", "--seed", "3", "--splits", SPLITS,
                 "--format", "parquet", "--out", str(out)]) == 0
    return out


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def _by_split(folder: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for entry in _manifest(folder)["files"]:
        if entry["format"] == "jsonl":
            lines = (folder / entry["file"]).read_text().splitlines()
            out.setdefault(entry["split"], []).extend(json.loads(x) for x in lines)
    return out


def test_no_source_is_in_two_splits(split_corpus):
    by_split = _by_split(split_corpus)
    assert set(by_split) == set(dataset.SPLITS)
    sources = {s: {dataset.source_key(r) for r in rows} for s, rows in by_split.items()}
    assert not (sources["train"] & sources["validation"] or sources["train"] & sources["test"]
                or sources["validation"] & sources["test"])
    assert sum(map(len, by_split.values())) == 60 == _manifest(split_corpus)["records"]
    assert all(dataset.split_of(dataset.source_key(r), (0.5, 0.25, 0.25)) == s
               for s, rows in by_split.items() for r in rows)


def test_the_card_states_the_splits(split_corpus):
    card = (split_corpus / "README.md").read_text()
    counts = {s: len(rows) for s, rows in _by_split(split_corpus).items()}
    for split, n in counts.items():
        assert f"  - split: {split}\n    path: parquet/{split}-*.parquet" in card
        assert f"{split} {n} (" in card and f"num_examples: {n}\n" in card


def test_one_format_per_folder_and_every_file_in_the_manifest(split_corpus):
    entries = _manifest(split_corpus)["files"]
    listed = {e["file"] for e in entries}
    on_disk = {p.relative_to(split_corpus).as_posix()
               for folder in ("data", "parquet") for p in (split_corpus / folder).iterdir()}
    assert listed == on_disk
    assert all(e["file"].startswith(dataset.FOLDERS[e["format"]] + "/")
               and e["file"].endswith("." + e["format"]) for e in entries)
    for e in entries:
        data = (split_corpus / e["file"]).read_bytes()
        assert corpus_files._sha256(data) == e["sha256"] and len(data) == e["bytes"]


def test_parquet_holds_the_records_with_nested_types(split_corpus):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    name = next(e["file"] for e in _manifest(split_corpus)["files"] if e["format"] == "parquet")
    schema = pq.read_schema(split_corpus / name)
    diagram, proof = schema.field("diagram").type, schema.field("proof").type
    assert pa.types.is_list(diagram) and diagram.value_type == pa.struct(
        [("point", pa.string()), ("x", pa.float64()), ("y", pa.float64())])
    assert pa.types.is_list(proof) and proof.value_type.field("cites").type.value_type == pa.int64()
    parquet = corpus_files.read_records(split_corpus, "parquet")
    assert parquet == corpus_files.read_records(split_corpus)
    assert not (split_corpus / corpus.PARTS).exists()


def test_a_changed_parquet_row_fails_the_check(split_corpus, tmp_path, capsys):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    folder = tmp_path / "c"
    shutil.copytree(split_corpus, folder)
    manifest = _manifest(folder)
    entry = next(e for e in manifest["files"] if e["format"] == "parquet")
    table = pq.read_table(folder / entry["file"])
    rows = table.to_pylist()
    rows[1]["goal"] = rows[0]["goal"]
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), folder / entry["file"])
    entry["sha256"] = corpus_files._sha256((folder / entry["file"]).read_bytes())      # resealed
    (folder / "manifest.json").write_text(json.dumps(manifest))
    capsys.readouterr()
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{entry['file']}:2: differs from the JSONL record" in out


def test_load_dataset_reads_the_three_splits_as_the_records(split_corpus, tmp_path):
    datasets = pytest.importorskip("datasets")
    loaded = datasets.load_dataset(str(split_corpus), cache_dir=str(tmp_path / "cache"))
    by_split = _by_split(split_corpus)
    assert set(loaded) == set(dataset.SPLITS)
    for split, rows in by_split.items():
        assert [dataset.record_of(r, GEOMETRY) for r in loaded[split]] == rows
    jsonl = datasets.load_dataset("json", data_dir=str(split_corpus / "data"),
                                  cache_dir=str(tmp_path / "cache"))
    assert sorted(jsonl["train"]["id"]) == sorted(r["id"] for r in by_split["train"])


def test_load_dataset_reads_a_jsonl_corpus_with_the_card_features(tmp_path):
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "c"
    assert main(["generate", "--domain", "arithmetic", "--count", "12", "--splits", "0.5,0.5,0",
                 "--out", str(out)]) == 0
    assert not (out / "parquet").exists()
    loaded = datasets.load_dataset(str(out), cache_dir=str(tmp_path / "cache"))
    assert set(loaded) == {"train", "validation"}       # an empty split is left out
    records = corpus_files.read_records(out)
    schema = domain_schema("domains.arithmetic")
    assert sorted((dataset.record_of(r, schema) for s in loaded for r in loaded[s]),
                  key=lambda r: r["id"]) == sorted(records, key=lambda r: r["id"])
    pa_schema = dataset.arrow_schema(domain_schema("domains.arithmetic"))
    assert loaded["train"].features == datasets.Features.from_arrow_schema(pa_schema)


@pytest.mark.parametrize("domain", sorted(PACKAGES))
def test_the_card_features_are_the_ones_datasets_writes(domain):
    datasets = pytest.importorskip("datasets")
    pytest.importorskip("pyarrow")
    import yaml
    schema = domain_schema(PACKAGES[domain])
    ours = yaml.safe_load("\n".join(dataset.features_yaml(schema, indent="")))
    theirs = datasets.Features.from_arrow_schema(dataset.arrow_schema(schema))._to_yaml_list()
    assert ours == theirs


def _card(domain: str) -> str:
    manifest = {"seed": 0, "format": "jsonl", "format_version": corpus.FORMAT_VERSION,
                "symgen_version": symgen.__version__,
                "splits": {"by": "source", "train": 1.0, "validation": 0.0, "test": 0.0},
                "files": [{"file": "data/train-00000-of-00001.jsonl", "split": "train",
                           "format": "jsonl", "bytes": 10}]}
    report = {"theorems": 1, "with_aux": 0, "goal_predicates": {"x": 1},
              "proof_steps_median": 1, "splits": {"train": 1, "validation": 0, "test": 0}}
    return dataset_card(domain, manifest, report, domain_schema(PACKAGES[domain]), "symgen …")


def _features(card: str) -> list[str]:
    return re.findall(r"^  - name: (\w+)$", card.split("  splits:")[0], flags=re.M)


def test_each_domain_has_its_own_card():
    shared = list(dataset.SHARED)
    assert _features(_card("geometry")) == shared + ["diagram", "difficulty"]
    assert _features(_card("arithmetic")) == shared
    assert _features(_card("code")) == shared + ["program", "mode", "invariant"]
    code = _card("code")
    assert "* `invariant` (list of {loop, formula}):" in code and "`diagram`" not in code
    assert "point (program point)" in code and "subst" not in code
    assert f"generated by symgen {symgen.__version__} " in code and "0.5.0" not in code


@pytest.mark.parametrize("package", sorted(PACKAGES.values()))
def test_every_domain_record_has_the_shared_fields(package):
    schema = domain_schema(package)
    assert set(dataset.SHARED) <= set(schema["required"])
    assert "goal_kind" in schema["properties"]["stats"]["required"]
    assert all(p.get("description") for p in schema["properties"].values())


def test_the_schema_is_written_beside_the_data(split_corpus, tmp_path, capsys):
    written = json.loads((split_corpus / dataset.SCHEMA).read_text())
    assert written == domain_schema("domains.geometry")
    assert _manifest(split_corpus)["schema"]["file"] == dataset.SCHEMA
    folder = shutil.copytree(split_corpus, tmp_path / "c")
    (folder / dataset.SCHEMA).write_text("{}")
    capsys.readouterr()
    assert main(["check", str(folder)]) == 1
    assert f"{dataset.SCHEMA}: its SHA-256 is not the manifest's" in capsys.readouterr().out


def test_the_manifest_records_every_effective_setting_and_the_version(split_corpus):
    manifest = _manifest(split_corpus)
    assert manifest["config"] == {"aux_only": False, "weights": {}}      # what was given
    effective = manifest["effective_config"]                           # what was used
    assert effective["min_proof_steps"] == 3 and effective["sampler"]["steps"] == [3, 5]
    assert manifest["symgen_version"] == symgen.__version__
    assert manifest["format_version"] == corpus.FORMAT_VERSION
    assert manifest["command"].startswith("symgen generate --domain geometry --count 60 --seed 3")
    assert f"--splits {SPLITS}" in manifest["command"]


def test_the_git_commit_is_recorded_when_known(monkeypatch):
    found = corpus.git_commit()
    if (ROOT / ".git").exists() and found:
        assert re.fullmatch(r"[0-9a-f]{40}", found["git_commit"])

    def no_git(*args, **kwargs):
        raise FileNotFoundError("git")
    monkeypatch.setattr(subprocess, "run", no_git)
    assert corpus.git_commit() == {}
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 128))
    assert corpus.git_commit() == {}


def test_the_package_version_is_read_from_symgen_init():
    text = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in text and "\nversion =" not in text
    assert 'metadata.version.input = "symgen/__init__.py"' in text
    assert re.fullmatch(r"\d+\.\d+\.\d+", symgen.__version__)


@pytest.mark.parametrize("value", ["0.5,0.5", "0.5,0.6,0.1", "a,b,c", "0,0.5,0.5"])
def test_bad_splits_are_one_clear_error(tmp_path, capsys, value):
    assert main(["generate", "--splits", value, "--out", str(tmp_path / "x")]) == 2
    assert "--splits" in capsys.readouterr().err and not (tmp_path / "x" / "data").exists()


def test_training_uses_the_corpus_split_function():
    from symgen.train import _is_val
    keys = [f"0/{i}" for i in range(200)]
    assert [_is_val(k, 0.25) for k in keys] == \
        [dataset.split_of(k, (0.75, 0.25, 0.0)) == "validation" for k in keys]
    assert 20 < sum(_is_val(k, 0.25) for k in keys) < 80


def test_check_validates_every_domain_against_its_schema(tmp_path, capsys):
    out = tmp_path / "c"
    assert main(["generate", "--domain", "arithmetic", "--count", "6", "--splits", "1,0,0",
                 "--out", str(out)]) == 0
    entry = _manifest(out)["files"][0]
    rows = (out / entry["file"]).read_text().splitlines()
    k, record = next((k, json.loads(r)) for k, r in enumerate(rows) if '"certificate"' in r)
    step = next(s for s in record["proof"] if "certificate" in s)
    term = step["certificate"]["terms"][0] if step["certificate"]["terms"] else \
        step["certificate"]["free"][0]
    term["lines"] = "1"                                  # not a list of line numbers
    rows[k] = json.dumps(record)
    text = "\n".join(rows) + "\n"
    (out / entry["file"]).write_text(text)
    manifest = _manifest(out)
    manifest["files"][0]["sha256"] = corpus_files._sha256(text.encode())
    (out / "manifest.json").write_text(json.dumps(manifest))
    capsys.readouterr()
    assert main(["check", str(out)]) == 1
    said = capsys.readouterr().out
    assert f"{entry['file']}:{k + 1}: proof[" in said and ".lines: expected array" in said


def test_a_parquet_null_is_dropped_unless_the_schema_allows_one():
    schema = {"type": "object", "additionalProperties": False, "properties": {
        "depth": {"type": ["integer", "null"]}, "aux": {"type": "integer"},
        "proof": {"type": "array", "items": {"type": "object", "additionalProperties": False,
                                             "properties": {"cites": {"type": "integer"}}}}}}
    row = {"depth": None, "aux": None, "proof": [{"cites": None}, {"cites": 2}]}
    assert dataset.record_of(row, schema) == {"depth": None, "proof": [{}, {"cites": 2}]}
    assert dict(dataset.columns(schema))["depth"] == "int64"
