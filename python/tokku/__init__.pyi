"""Type stubs of the ``tokku`` package (see ``__init__.py`` for the documentation)."""

import os
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List, Literal, Optional, Tuple, Union

try:
    from pandas import DataFrame as _DataFrame
except ImportError:  # pandas is optional: tables are lists of dicts without it
    _DataFrame = List[Dict[str, Any]]  # type: ignore[misc]

__version__: str
LIMIT_NAMES: Tuple[str, ...]

PathLike = Union[str, os.PathLike[str]]
Record = Dict[str, Any]
#: A table: a pandas.DataFrame when pandas is installed, else a list of dicts.
Table = Union[_DataFrame, List[Dict[str, Any]]]

class ExtractError(Exception):
    code: str
    message: str
    record: Record
    def __init__(self, code: str, message: str, record: Record) -> None: ...

def extract(
    source: Union[PathLike, bytes, bytearray, memoryview],
    *,
    name: Optional[str] = ...,
    errors: Literal["raise", "record"] = ...,
    timeout_secs: Optional[float] = ...,
    max_decompressed_mb: Optional[int] = ...,
    max_pages: Optional[int] = ...,
    max_objects: Optional[int] = ...,
    max_glyphs: Optional[int] = ...,
) -> Record: ...
def extract_many(
    paths: Iterable[PathLike],
    *,
    jobs: Optional[int] = ...,
    timeout_secs: Optional[float] = ...,
    max_decompressed_mb: Optional[int] = ...,
    max_pages: Optional[int] = ...,
    max_objects: Optional[int] = ...,
    max_glyphs: Optional[int] = ...,
) -> Iterator[Record]: ...
def observations(records: Iterable[Record], *, zones: Optional[PathLike] = ...) -> Table: ...
def panel(records: Iterable[Record], *, zones: Optional[PathLike] = ...) -> Table: ...
def restatements(records: Iterable[Record], *, zones: Optional[PathLike] = ...) -> Table: ...
@dataclass
class Output:
    reports: Optional[Table]
    observations: Optional[Table]
    panel: Optional[Table]
    restatements: Optional[Table]
    local_measures: Optional[Table]
    records: List[Record]

def read_output(directory: PathLike) -> Output: ...
