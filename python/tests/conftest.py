"""Shared fixtures: the repository root (the tests run from it, so records name files as
the CLI does), the `tokku` binary to compare with, and one `tokku batch` run over the
fixture corpus."""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

#: The batch's inputs: the seed's renditions and a PDF that is not a report, the three
#: reports of the invented panel zone (a restatement, a renamed target), and every
#: rendition of the report-model corpus.
CORPUS = ["fixtures/pdf", "fixtures/panel", "fixtures/corpus/renditions"]
ZONES = "fixtures/panel/zones.json"


@pytest.fixture(autouse=True)
def _at_the_repository_root(monkeypatch):
    monkeypatch.chdir(REPO)


@pytest.fixture(scope="session")
def tokku_bin():
    """The CLI: $TOKKU_BIN (the Makefile sets it), else target/debug/tokku, built if missing."""
    given = os.environ.get("TOKKU_BIN")
    if given:
        return str(Path(given).resolve())
    binary = REPO / "target" / "debug" / "tokku"
    if not binary.exists():
        subprocess.run(["cargo", "build", "--quiet", "--bin", "tokku"], cwd=REPO, check=True)
    return str(binary)


def corpus_paths():
    """The batch's documents as `tokku batch` names them: each folder walked for .pdf and
    .txt files, sorted by name."""
    found = []
    for folder in CORPUS:
        for root, dirs, files in os.walk(REPO / folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if name.lower().endswith((".pdf", ".txt")) and not name.startswith("."):
                    found.append(os.path.relpath(os.path.join(root, name), REPO))
    return sorted(found)


@pytest.fixture(scope="session")
def batch_dir(tokku_bin, tmp_path_factory):
    """`tokku batch` over the corpus, with the panel's zone list."""
    out = tmp_path_factory.mktemp("batch")
    run = subprocess.run(
        [tokku_bin, "batch", *CORPUS, "--out", str(out), "--zones", ZONES, "--jobs", "2"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    # Status 1: the corpus holds a PDF that is not a report (an error record).
    assert run.returncode in (0, 1), run.stderr
    return out


@pytest.fixture(scope="session")
def corpus_records():
    """tokku.extract_many over the corpus (2 jobs), from the repository root."""
    import tokku

    before = os.getcwd()
    os.chdir(REPO)
    try:
        return list(tokku.extract_many(corpus_paths(), jobs=2))
    finally:
        os.chdir(before)


@pytest.fixture(scope="session")
def batch_records(batch_dir):
    with open(batch_dir / "records.ndjson", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
