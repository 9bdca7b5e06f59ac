"""tokku.extract and tokku.extract_many against the CLI: the same records, the same error
codes, and no document that can take the interpreter down."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import tokku

from conftest import REPO, corpus_paths

SEED = "fixtures/pdf/seed_libreoffice.pdf"


def sorted_json(record):
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def cli_records(tokku_bin, *files):
    run = subprocess.run([tokku_bin, "extract", *files], cwd=REPO, capture_output=True, text=True)
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


def test_the_seeds_record_is_the_clis(tokku_bin):
    [cli] = cli_records(tokku_bin, SEED)
    record = tokku.extract(SEED)
    assert sorted_json(record) == sorted_json(cli)
    # Exactly as printed: the same keys in the same order, at the top and in the report.
    assert list(record) == list(cli)
    assert list(record["report"]) == list(cli["report"])
    # The document's own words (its title page), so two empty records could not pass.
    assert record["report"]["title"] == "令和2年度 国際戦略総合特別区域評価書"
    assert record["report"]["fiscal_year"] == 2020
    assert record["source"]["file"] == SEED


def test_bytes_give_the_record_of_the_file():
    data = (REPO / SEED).read_bytes()
    assert tokku.extract(data, name=SEED) == tokku.extract(SEED)
    assert tokku.extract(bytearray(data), name="x.pdf")["source"]["file"] == "x.pdf"


def test_limits_are_the_clis(tokku_bin):
    # 17 pages > 5: the CLI's --max-pages gives limit_exceeded, and so does max_pages.
    with pytest.raises(tokku.ExtractError) as raised:
        tokku.extract(SEED, max_pages=5)
    assert raised.value.code == "limit_exceeded"
    run = subprocess.run(
        [tokku_bin, "extract", "--max-pages", "5", SEED], cwd=REPO, capture_output=True, text=True
    )
    assert sorted_json(raised.value.record) == sorted_json(json.loads(run.stdout))
    with pytest.raises(TypeError):
        tokku.extract(SEED, max_pagez=5)


def damaged_expectations():
    """fixtures/damaged/expected.json: the fixtures that must give an error record, with its code."""
    expected = json.loads((REPO / "fixtures/damaged/expected.json").read_text(encoding="utf-8"))
    return {
        name: spec["expect"]
        for name, spec in sorted(expected.items())
        if spec["expect"] not in ("recovers", "same")
    }


def test_a_damaged_pdf_raises_with_its_code_and_python_goes_on():
    with pytest.raises(tokku.ExtractError) as raised:
        tokku.extract("fixtures/damaged/header_then_junk.pdf")
    assert raised.value.code == "damaged"
    assert raised.value.record["error"]["code"] == "damaged"
    assert raised.value.record["report"] is None
    # The interpreter and the library are still there.
    assert tokku.extract(SEED)["report"]["fiscal_year"] == 2020
    # errors="record" gives the error record instead.
    record = tokku.extract("fixtures/damaged/binary_junk.pdf", errors="record")
    assert record["error"]["code"] == "not_pdf"


def test_a_missing_file_is_an_io_error():
    with pytest.raises(tokku.ExtractError) as raised:
        tokku.extract("fixtures/pdf/no_such_file.pdf")
    assert raised.value.code == "io"


def test_every_hostile_fixture_in_a_child_interpreter_gives_its_code_and_it_lives_on():
    """Every fixture of fixtures/damaged/ that must give an error record, and every fuzz
    finding, in a Python of its own: a crash (abort, segfault) of the extension would kill
    it before it prints. (The fixtures that recover are the Rust tests' part.) The bombs
    are stopped at 32 MiB instead of 256 to keep the test fast in a debug build: a
    bomb is a bomb at either limit."""
    damaged = [f"fixtures/damaged/{name}" for name in damaged_expectations()]
    findings = sorted(str(p.relative_to(REPO)) for p in (REPO / "fuzz/regressions").glob("*/*") if p.is_file())
    script = (
        "import json, sys, tokku\n"
        "paths = json.loads(sys.argv[1])\n"
        "codes = {}\n"
        "for path in paths:\n"
        "    try:\n"
        "        tokku.extract(path, max_decompressed_mb=32)\n"
        "        codes[path] = None\n"
        "    except tokku.ExtractError as e:\n"
        "        codes[path] = e.code\n"
        "print(json.dumps(codes))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, json.dumps(damaged + findings)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    codes = json.loads(run.stdout)
    assert len(codes) == len(damaged) + len(findings)
    for name, code in damaged_expectations().items():
        assert codes[f"fixtures/damaged/{name}"] == code, name
    assert len(damaged) >= 20


def test_a_panic_at_the_boundary_is_an_internal_error_record():
    """The binding's own guard (around the library's): a panic there is a record."""
    record = json.loads(tokku._tokku._record_of_a_panic("boom.pdf"))
    assert record["error"]["code"] == "internal"
    assert "a panic for the tests" in record["error"]["message"]
    assert record["source"]["file"] == "boom.pdf"


def test_extract_many_gives_the_batchs_records_in_input_order(batch_records, corpus_records):
    paths = corpus_paths()
    assert [r["source"]["file"] for r in batch_records] == paths
    records = corpus_records  # tokku.extract_many(paths, jobs=2)
    assert len(records) == len(batch_records) >= 90
    for mine, theirs in zip(records, batch_records):
        assert sorted_json(mine) == sorted_json(theirs), mine["source"]["file"]
    # The corpus is not one document many times: the reports differ.
    assert len({r["report"]["zone_name"] for r in records if r["report"]}) >= 8


def test_extract_many_yields_error_records_and_keeps_order():
    paths = ["fixtures/damaged/zero_bytes.pdf", SEED, "fixtures/pdf/not_a_report.pdf", "missing.pdf"]
    records = list(tokku.extract_many(paths, jobs=3))
    assert [r["source"]["file"] for r in records] == paths
    assert [r["error"] and r["error"]["code"] for r in records] == [
        "empty_input",
        None,
        "not_a_report",
        "io",
    ]


def test_extract_many_can_stop_early_and_checks_its_arguments():
    many = [SEED] * 6
    stream = tokku.extract_many(many, jobs=2)
    first = next(stream)
    assert first["report"]["fiscal_year"] == 2020
    del stream  # the threads stop after the documents they are reading
    assert list(tokku.extract_many([], jobs=2)) == []
    with pytest.raises(ValueError):
        tokku.extract_many([SEED], jobs=0)
    # A path object is named as written.
    [record] = tokku.extract_many([Path(SEED)])
    assert record["source"]["file"] == SEED
