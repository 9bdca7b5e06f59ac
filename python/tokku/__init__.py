"""tokku: 総合特別区域評価書 (evaluation reports of Japan's Comprehensive Special Zones)
into validated records, from Python.

The Rust library does the work in this process (no subprocess)::

    import tokku
    record = tokku.extract("fixtures/pdf/seed_libreoffice.pdf")   # a dict, as `tokku extract` prints it
    for record in tokku.extract_many(paths, jobs=2):                 # parallel in Rust, input order
        ...
    tokku.observations([record])   # the rows of the batch's observations.csv
    tokku.panel(records)           # the rows of the batch's panel.csv
    out = tokku.read_output("out") # a `tokku batch` output folder

Tables are ``pandas.DataFrame`` when pandas is installed, else lists of dicts.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _tokku

__all__ = [
    "ExtractError",
    "Output",
    "extract",
    "extract_many",
    "observations",
    "panel",
    "restatements",
    "read_output",
    "__version__",
]

__version__: str = _tokku.__version__

#: The limits ``extract`` and ``extract_many`` accept, by the CLI's flag names.
LIMIT_NAMES: Tuple[str, ...] = (
    "timeout_secs",
    "max_decompressed_mb",
    "max_pages",
    "max_objects",
    "max_glyphs",
)

PathLike = Union[str, "os.PathLike[str]"]


class ExtractError(Exception):
    """A document that gave an error record instead of a report.

    Attributes:
        code: the record's error code (``"damaged"``, ``"encrypted"``, ``"not_pdf"``,
            ``"limit_exceeded"``, ``"io"``, ``"internal"``, … as in the README's *Error codes*).
        message: the record's error message.
        record: the whole error record (a dict, as the CLI prints it).
    """

    def __init__(self, code: str, message: str, record: Dict[str, Any]):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.record = record


def _limits(arguments: Dict[str, Any]) -> Dict[str, Any]:
    """The limits given to a function, from its ``locals()`` (its keyword arguments named
    as in :data:`LIMIT_NAMES`); those left at None keep tokku's defaults."""
    return {name: arguments[name] for name in LIMIT_NAMES if arguments[name] is not None}


def _raise_if_error(record: Dict[str, Any]) -> Dict[str, Any]:
    error = record.get("error")
    if error:
        raise ExtractError(error.get("code", "internal"), error.get("message", ""), record)
    return record


def extract(
    source: Union[PathLike, bytes, bytearray, memoryview],
    *,
    name: Optional[str] = None,
    errors: str = "raise",
    timeout_secs: Optional[float] = None,
    max_decompressed_mb: Optional[int] = None,
    max_pages: Optional[int] = None,
    max_objects: Optional[int] = None,
    max_glyphs: Optional[int] = None,
) -> Dict[str, Any]:
    """Extract one document (PDF or text) into its record.

    Args:
        source: a path (``str`` or ``os.PathLike``) or the document's bytes.
        name: the record's ``source.file`` for bytes (default ``"<bytes>"``); a path is
            named as written, as ``tokku extract FILE`` does.
        errors: ``"raise"`` (default) raises :class:`ExtractError` for an error record;
            ``"record"`` returns the error record instead.
        timeout_secs, max_decompressed_mb, max_pages, max_objects, max_glyphs: the
            limits of ``tokku extract`` (same names as its flags); None keeps the default.

    Returns:
        The record as a dict, exactly the JSON object ``tokku extract`` prints (keys in
        the same order).

    Raises:
        ExtractError: the document gave an error record (``.code`` says why), unless
            ``errors="record"``. A hostile PDF is an error record (``internal`` for a
            caught panic), never a crash.
    """
    if errors not in ("raise", "record"):
        raise ValueError('errors must be "raise" or "record"')
    limits = _limits(locals())
    if isinstance(source, (bytes, bytearray, memoryview)):
        line = _tokku.extract_bytes(bytes(source), name if name is not None else "<bytes>", limits)
    else:
        if name is not None:
            raise TypeError("name is for bytes; a path is named as written")
        line = _tokku.extract_path(os.fspath(source), limits)
    record = json.loads(line)
    return _raise_if_error(record) if errors == "raise" else record


def extract_many(
    paths: Iterable[PathLike],
    *,
    jobs: Optional[int] = None,
    timeout_secs: Optional[float] = None,
    max_decompressed_mb: Optional[int] = None,
    max_pages: Optional[int] = None,
    max_objects: Optional[int] = None,
    max_glyphs: Optional[int] = None,
) -> Iterator[Dict[str, Any]]:
    """Extract many documents in parallel, yielding their records in the order of ``paths``.

    The documents are read by ``jobs`` threads in Rust (default: one per core) with the
    GIL released, while you iterate. Like ``tokku batch``'s ``records.ndjson``, error
    records are yielded too (check ``record["error"]``): one bad file never stops the run.
    Stopping the iteration early stops the threads after the documents they are reading.
    """
    limits = _limits(locals())
    stream = _tokku.extract_many([os.fspath(p) for p in paths], jobs, limits)
    return (json.loads(line) for line in stream)


def _record_texts(records: Iterable[Dict[str, Any]]) -> List[str]:
    if isinstance(records, dict):
        records = [records]
    return [json.dumps(record, ensure_ascii=False) for record in records]


def _frame(columns: Sequence[str], rows: Sequence[Sequence[Any]]):
    """A DataFrame of these rows when pandas is installed, else a list of dicts. Text
    cells come from Rust as str, so a key such as "2" stays text."""
    try:
        import pandas
    except ImportError:
        return [dict(zip(columns, row)) for row in rows]
    return pandas.DataFrame([list(row) for row in rows], columns=list(columns))


#: Columns of the batch's CSVs that are text even when every value looks like a number
#: (a 数値目標 key "2"): :func:`read_output` reads them as text. The Rust library's list
#: (``tokku::tables::TEXT_COLUMNS``), which the workbook's text cells are tested against.
_TEXT_COLUMNS = tuple(_tokku.TEXT_COLUMNS)


def observations(records: Iterable[Dict[str, Any]], *, zones: Optional[PathLike] = None):
    """The rows of ``observations.csv`` for these records: one per report × 数値目標 ×
    別紙1 fiscal year, values in base units (None when missing). ``zones``: a zone list
    of your own for ``zone_official_name``, as ``tokku batch --zones FILE``.

    The rows are made by the same Rust code as the batch's CSV. Returns a
    ``pandas.DataFrame`` when pandas is installed, else a list of dicts.
    """
    columns, rows = _tokku.observation_rows(
        _record_texts(records), os.fspath(zones) if zones is not None else None
    )
    return _frame(columns, rows)


def _panel_tables(records, zones):
    return _tokku.panel_tables(_record_texts(records), os.fspath(zones) if zones is not None else None)


def panel(records: Iterable[Dict[str, Any]], *, zones: Optional[PathLike] = None):
    """The rows of ``panel.csv`` for these records: one per zone × 数値目標 × fiscal year,
    each field's value from the latest report that gives it (``restated`` is 1 when an
    earlier report gave another value).

    Args:
        records: records as :func:`extract` gives them (error records are left out).
        zones: a zone list of your own (the format of ``data/zones.json``), searched
            before the official list, as ``tokku batch --zones FILE``.

    The rows are made by the same Rust code as the batch's CSV. Returns a
    ``pandas.DataFrame`` when pandas is installed, else a list of dicts.
    """
    (columns, rows), _ = _panel_tables(records, zones)
    return _frame(columns, rows)


def restatements(records: Iterable[Dict[str, Any]], *, zones: Optional[PathLike] = None):
    """The rows of ``restatements.csv`` for these records: every earlier report's value
    that differs from the latest report's. See :func:`panel`."""
    _, (columns, rows) = _panel_tables(records, zones)
    return _frame(columns, rows)


@dataclass
class Output:
    """A ``tokku batch`` output folder read back (see :func:`read_output`)."""

    reports: Any
    observations: Any
    panel: Any
    restatements: Any
    local_measures: Any
    #: The folder's records.ndjson, one dict per input (error records included).
    records: List[Dict[str, Any]]


_OUTPUT_TABLES = {
    "reports": "reports.csv",
    "observations": "observations.csv",
    "panel": "panel.csv",
    "restatements": "restatements.csv",
    "local_measures": "local_measures.csv",
}


def _read_csv(path: str):
    try:
        import pandas
    except ImportError:
        with open(path, newline="", encoding="utf-8-sig") as f:
            return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(f)]
    with open(path, newline="", encoding="utf-8-sig") as f:
        header = next(csv.reader(f), [])
    text = {column: str for column in header if column in _TEXT_COLUMNS}
    return pandas.read_csv(path, encoding="utf-8-sig", dtype=text, keep_default_na=False, na_values=[""])


def read_output(directory: PathLike) -> Output:
    """Read a ``tokku batch --out DIR`` folder: its tables (reports, observations, panel,
    restatements, local measures) as DataFrames when pandas is installed (else lists of
    dicts, all values text), and its records.

    Text columns (file, zone names, target keys such as ``"2"``, …) stay text; an empty
    cell is missing (NaN / None). The CSVs' byte order mark, if any, is skipped. A table
    whose file is absent (a batch of an older tokku) is None.
    """
    directory = os.fspath(directory)
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"{directory} is not a tokku batch output folder")
    tables = {}
    for table, file in _OUTPUT_TABLES.items():
        path = os.path.join(directory, file)
        tables[table] = _read_csv(path) if os.path.exists(path) else None
    records_path = os.path.join(directory, "records.ndjson")
    records: List[Dict[str, Any]] = []
    if os.path.exists(records_path):
        with open(records_path, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
    return Output(records=records, **tables)
