"""Shared pieces of the Python tests: the project's own articles, the command line's output for
them, and the Arrow rows turned back into the command line's JSON."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(os.environ.get("QUOTELENS_CLI", ROOT / "target" / "release" / "quotelens"))

# Spark's Python workers must run this interpreter (the venv with pyarrow and quotelens).
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)


def read_article(path: Path) -> str:
    # newline="" keeps CRLF as written (unicode-crlf.txt has it): the text compared on both
    # sides is exactly the file.
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


@pytest.fixture(scope="session")
def articles():
    """{id: text} of every fixture and held-out article (tests/fixtures, tests/holdout)."""
    found = {}
    for folder in ("fixtures", "holdout"):
        for path in sorted((ROOT / "tests" / folder).glob("*.txt")):
            found[f"{folder}/{path.stem}"] = read_article(path)
    assert len(found) >= 18, f"expected the 8 fixtures and 10 held-out articles, found {sorted(found)}"
    return found


@pytest.fixture(scope="session")
def jsonl(articles, tmp_path_factory):
    """The articles as JSON Lines ({"id", "text"}), the input of every engine."""
    path = tmp_path_factory.mktemp("input") / "articles.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for id_, text in articles.items():
            f.write(json.dumps({"id": id_, "text": text}) + "\n")
    return path


def cli(*args, stdin=None) -> str:
    if not CLI.exists():
        pytest.fail(f"{CLI} is missing: build it with `cargo build --release -p quotelens-cli`")
    done = subprocess.run([str(CLI), *map(str, args)], input=stdin, capture_output=True, text=True,
                          encoding="utf-8")
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="session")
def batch_char(jsonl):
    """{id: result} of `quotelens batch --unit char --keep-newlines` over the JSON Lines (each
    result with its id): the package indexes the string it is given, as `--keep-newlines` does."""
    out = {}
    for line in cli("batch", "--unit", "char", "--keep-newlines", "--threads", "2", jsonl).splitlines():
        result = json.loads(line)
        assert "error" not in result, result
        out[result["id"]] = result
    return out


# Keys the command line leaves out when they have no value (Arrow has them as null).
_OPTIONAL = {"form", "source", "cue", "evidence", "dateline", "agency", "date"}


def as_cli_json(value):
    """An Arrow/Parquet row (as Python objects) in the command line's shape: the optional keys
    that are null are dropped; the nulls the command line prints (speaker, gender) stay."""
    if isinstance(value, dict):
        return {k: as_cli_json(v) for k, v in value.items() if not (v is None and k in _OPTIONAL)}
    if isinstance(value, (list, tuple)):
        return [as_cli_json(v) for v in value]
    return value


RESULT = ("offset_unit", "annotations", "stories", "blocks", "speakers")


def assert_same_as_batch(rows, batch, extra=("id",)):
    """Every row (dicts with the kept columns and the result columns) equals the command line's
    line for its id, and every article has exactly one row."""
    ids = [r["id"] for r in rows]
    assert sorted(ids) == sorted(batch), "each article must come out exactly once"
    annotations = 0
    for row in rows:
        got = as_cli_json({k: row[k] for k in (*extra, *RESULT)})
        want = {k: batch[row["id"]][k] for k in (*extra, *RESULT)}
        assert got == want, f"{row['id']} differs from quotelens batch"
        annotations += len(want["annotations"])
    # 18 annotated articles: an empty result on both sides would prove nothing
    assert annotations > 300
