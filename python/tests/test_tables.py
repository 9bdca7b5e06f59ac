"""tokku.observations, tokku.panel, tokku.restatements and tokku.read_output against the
CSVs `tokku batch` wrote for the same documents: the same rows, cell by cell."""

import csv
import math
import sys

import pytest

import tokku

from conftest import ZONES

pandas = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def records(corpus_records):
    return corpus_records


def csv_rows(path):
    """A CSV as the batch wrote it: its header and rows of text (byte order mark skipped)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def same_cell(value, text):
    """A value of a DataFrame or dict equals the CSV's text for it: missing is empty, a
    number is the same number, text is the same text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return text == ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text != "" and float(text) == float(value)
    return str(value) == text


def frame_rows(frame):
    return [list(row) for row in frame.itertuples(index=False, name=None)]


def assert_table_equals_csv(frame, path):
    header, rows = csv_rows(path)
    assert list(frame.columns) == header
    assert len(frame) == len(rows)
    for number, (mine, theirs) in enumerate(zip(frame_rows(frame), rows)):
        for column, value, text in zip(header, mine, theirs):
            assert same_cell(value, text), f"row {number} {column}: {value!r} vs {text!r}"


def test_observations_are_the_batchs_csv(records, batch_dir):
    frame = tokku.observations(records, zones=ZONES)
    assert isinstance(frame, pandas.DataFrame)
    assert len(frame) > 500
    assert_table_equals_csv(frame, batch_dir / "observations.csv")
    # A value checked against the seed document (別紙1, 数値目標(1)-①, 令和2年度: 135億円).
    seed = frame[(frame.file == "fixtures/pdf/seed_libreoffice.pdf") & (frame.target_key == "1-1")]
    assert seed[seed.fiscal_year == 2020].actual.tolist() == [13_500_000_000]


def test_panel_and_restatements_are_the_batchs_csvs(records, batch_dir):
    panel = tokku.panel(records, zones=ZONES)
    assert_table_equals_csv(panel, batch_dir / "panel.csv")
    restated = tokku.restatements(records, zones=ZONES)
    assert_table_equals_csv(restated, batch_dir / "restatements.csv")
    # The planted restatement of fixtures/panel (README there): 令和元年度 実績値 of 1-1,
    # 508,000人 in the 令和元年度 report, 512,000人 in the later ones.
    planted = restated[
        restated.zone.str.startswith("しらかば")
        & (restated.target_key == "1-1")
        & (restated.fiscal_year == 2019)
        & (restated.field == "actual")
    ]
    assert planted[["value", "latest_value"]].values.tolist() == [[508000, 512000]]


def test_read_output_gives_the_folder_as_data_frames(records, batch_dir):
    out = tokku.read_output(batch_dir)
    for table, file in [
        ("reports", "reports.csv"),
        ("observations", "observations.csv"),
        ("panel", "panel.csv"),
        ("restatements", "restatements.csv"),
        ("local_measures", "local_measures.csv"),
    ]:
        frame = getattr(out, table)
        assert isinstance(frame, pandas.DataFrame), table
        assert_table_equals_csv(frame, batch_dir / file)
    assert len(out.records) == len(records)
    # Keys stay text even where one reads as a number ("2"), as in the records.
    assert set(out.observations.target_key) == set(tokku.observations(records, zones=ZONES).target_key)
    assert "2" in set(out.observations.target_key)
    # The same rows from the records and from the folder.
    assert_table_equals_csv(tokku.observations(out.records, zones=ZONES), batch_dir / "observations.csv")


def test_without_pandas_tables_are_lists_of_dicts(records, batch_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` fails
    rows = tokku.observations(records, zones=ZONES)
    assert isinstance(rows, list) and isinstance(rows[0], dict)
    header, expected = csv_rows(batch_dir / "observations.csv")
    assert list(rows[0]) == header
    assert len(rows) == len(expected)
    assert all(same_cell(row[c], t) for row, texts in zip(rows, expected) for c, t in zip(header, texts))
    panel = tokku.panel(records, zones=ZONES)
    assert isinstance(panel, list) and len(panel) == len(csv_rows(batch_dir / "panel.csv")[1])
    out = tokku.read_output(batch_dir)
    assert isinstance(out.reports, list) and len(out.reports) == len(records)


def test_tables_refuse_what_is_not_a_record():
    with pytest.raises(ValueError):
        tokku.observations([{"not": "a record"}])
