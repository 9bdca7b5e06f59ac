//! `tokku._tokku`: the Rust side of the Python package `tokku` (PyO3, abi3). It calls the
//! library directly: a document in, its record out as the JSON line the CLI prints (the
//! Python side turns it into a dict with `json.loads`, so both agree byte for byte), and
//! the rows of the batch's tidy tables from records. Every call that reads documents
//! releases the GIL; every document is read inside a panic guard, so a hostile input is
//! an `internal` error record, never a crash of the interpreter.
//!
//! The library is entered through [`tokku::Extractor`] in [`extractor`], [`record_of`] and
//! [`record_of_path`]; the limits are made in [`limits_of`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use tokku::guard::catch_panic;
use tokku::pdf::limits::Limits;
use tokku::record::{ErrorCode, Record, Source};
use tokku::tables::{panel, Cell};
use tokku::{Extractor, Isolation};

/// mimalloc, as in the `tokku` binary: reading a PDF builds and drops many small objects,
/// and the system allocator costs a fifth of a document's CPU (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The library's limits for the options a Python caller gave, a dict keyed by the CLI's
/// flag names (`--timeout-secs` → `timeout_secs`); a limit not given keeps the default.
fn limits_of(options: Option<&Bound<'_, PyDict>>) -> PyResult<Limits> {
    let mut limits = Limits::default();
    let Some(options) = options else { return Ok(limits) };
    for (key, value) in options.iter() {
        let name: String = key.extract()?;
        if value.is_none() {
            continue;
        }
        match name.as_str() {
            "timeout_secs" => {
                let seconds: f64 = value.extract()?;
                if !(seconds.is_finite() && seconds > 0.0) {
                    return Err(PyValueError::new_err(format!(
                        "timeout_secs must be a positive number of seconds, not {seconds}"
                    )));
                }
                limits.wall_time = Duration::from_secs_f64(seconds);
            }
            "max_decompressed_mb" => {
                limits.max_decompressed_bytes = value.extract::<u64>()?.saturating_mul(1024 * 1024)
            }
            "max_pages" => limits.max_pages = value.extract()?,
            "max_objects" => limits.max_objects = value.extract()?,
            "max_glyphs" => limits.max_glyphs = value.extract()?,
            other => return Err(PyValueError::new_err(format!("unknown limit {other}"))),
        }
    }
    Ok(limits)
}

/// The extractor of `tokku extract`: in this process, under the limits, each document on
/// a watchdog thread that gives it up at the wall time.
fn extractor(limits: Limits) -> Extractor {
    Extractor::new().with_limits(limits).with_isolation(Isolation::Watchdog)
}

/// Runs one document's extraction. The library catches panics inside the document; this
/// guard catches anything that would still unwind to here, so no panic reaches Python.
fn guarded(file: &str, sha256: Option<String>, work: impl FnOnce() -> Record) -> Record {
    catch_panic(work).unwrap_or_else(|panic| {
        Record::failed(
            Source { file: file.to_string(), sha256, ..Source::default() },
            ErrorCode::Internal,
            format!("internal error: {panic}"),
            Vec::new(),
        )
    })
}

/// The record of a document given as bytes, named `file`.
fn record_of(bytes: &[u8], file: &str, limits: Limits) -> Record {
    guarded(file, Some(tokku::input::detect::sha256_hex(bytes)), || {
        extractor(limits).record(bytes, file)
    })
}

/// The record of the file at `path`, named as the caller wrote the path (as the CLI
/// does); a file that cannot be read is an `io` error record.
fn record_of_path(path: &Path, limits: Limits) -> Record {
    guarded(&path.display().to_string(), None, || extractor(limits).record_file(path).0)
}

/// A record as the one JSON line the CLI prints.
fn json_line(record: &Record) -> String {
    serde_json::to_string(record).unwrap_or_else(|e| {
        let failed = Record::failed(
            record.source.clone(),
            ErrorCode::Internal,
            format!("the record could not be serialized: {e}"),
            Vec::new(),
        );
        serde_json::to_string(&failed).unwrap_or_default()
    })
}

/// extract_path(path, limits) -> str
/// --
///
/// The record of one file as the JSON line `tokku extract FILE` prints.
#[pyfunction]
#[pyo3(signature = (path, limits=None))]
fn extract_path(
    py: Python<'_>,
    path: PathBuf,
    limits: Option<&Bound<'_, PyDict>>,
) -> PyResult<String> {
    let limits = limits_of(limits)?;
    Ok(py.detach(|| json_line(&record_of_path(&path, limits))))
}

/// extract_bytes(data, name, limits) -> str
/// --
///
/// The record of a document given as bytes (`name` is its `source.file`).
#[pyfunction]
#[pyo3(signature = (data, name, limits=None))]
fn extract_bytes(
    py: Python<'_>,
    data: Vec<u8>,
    name: String,
    limits: Option<&Bound<'_, PyDict>>,
) -> PyResult<String> {
    let limits = limits_of(limits)?;
    Ok(py.detach(|| json_line(&record_of(&data, &name, limits))))
}

/// How often a wait for the next record looks for a signal (Ctrl-C) to Python.
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// The records of many files, extracted by `jobs` threads of a rayon pool while Python
/// iterates, and given back in the order of the paths (each thread takes the next path
/// not yet taken, so the records come nearly in order and few wait). Dropping the
/// iterator stops the threads after the documents they are reading.
#[pyclass(module = "tokku._tokku")]
struct RecordStream {
    receiver: Mutex<Receiver<(usize, String)>>,
    /// Records that came before their turn, by position.
    waiting: BTreeMap<usize, String>,
    next: usize,
    total: usize,
    stop: Arc<AtomicBool>,
}

#[pymethods]
impl RecordStream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The next record's JSON line, waited for with the GIL released.
    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<String>> {
        if self.next >= self.total {
            return Ok(None);
        }
        loop {
            if let Some(line) = self.waiting.remove(&self.next) {
                self.next += 1;
                return Ok(Some(line));
            }
            let receiver = &self.receiver;
            let received = py.detach(|| match receiver.lock() {
                Ok(receiver) => receiver.recv_timeout(SIGNAL_CHECK),
                Err(_) => Err(RecvTimeoutError::Disconnected),
            });
            match received {
                Ok((position, line)) => {
                    self.waiting.insert(position, line);
                }
                // Ctrl-C in a notebook stops the iteration (and so the threads).
                Err(RecvTimeoutError::Timeout) => py.check_signals()?,
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(PyRuntimeError::new_err(
                        "the extracting threads ended before every record was made (a bug; please report it)",
                    ))
                }
            }
        }
    }

    fn __len__(&self) -> usize {
        self.total - self.next
    }
}

impl Drop for RecordStream {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// extract_many(paths, jobs, limits) -> RecordStream
/// --
///
/// An iterator over the records (JSON lines) of `paths`, in their order, extracted in
/// parallel by `jobs` threads (None: one per core).
#[pyfunction]
#[pyo3(signature = (paths, jobs=None, limits=None))]
fn extract_many(
    paths: Vec<PathBuf>,
    jobs: Option<usize>,
    limits: Option<&Bound<'_, PyDict>>,
) -> PyResult<RecordStream> {
    let limits = limits_of(limits)?;
    if jobs == Some(0) {
        return Err(PyValueError::new_err("jobs must be at least 1"));
    }
    let jobs = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
        .min(paths.len().max(1));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("tokku-extract-{i}"))
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start the threads: {e}")))?;
    let total = paths.len();
    let (sender, receiver) = sync_channel::<(usize, String)>(jobs * 2);
    let stop = Arc::new(AtomicBool::new(false));
    let stop_threads = Arc::clone(&stop);
    std::thread::Builder::new()
        .name("tokku-extract-many".into())
        .spawn(move || {
            let next = AtomicUsize::new(0);
            pool.scope(|scope| {
                for _ in 0..jobs {
                    let sender = sender.clone();
                    let (next, paths, stop) = (&next, &paths, &stop_threads);
                    scope.spawn(move |_| {
                        while !stop.load(Ordering::Relaxed) {
                            let position = next.fetch_add(1, Ordering::Relaxed);
                            let Some(path) = paths.get(position) else { break };
                            let line = json_line(&record_of_path(path, limits));
                            if sender.send((position, line)).is_err() {
                                break; // the iterator is gone
                            }
                        }
                    });
                }
            });
        })
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start the threads: {e}")))?;
    Ok(RecordStream {
        receiver: Mutex::new(receiver),
        waiting: BTreeMap::new(),
        next: 0,
        total,
        stop,
    })
}

/// Records from their JSON texts (the dicts `extract` gives, after `json.dumps`).
fn records_from_json(py: Python<'_>, texts: Vec<String>) -> PyResult<Vec<Record>> {
    py.detach(|| {
        texts
            .iter()
            .enumerate()
            .map(|(position, text)| {
                serde_json::from_str::<Record>(text).map_err(|e| {
                    format!("record {position} is not a tokku record (schema_version 1): {e}")
                })
            })
            .collect::<Result<Vec<Record>, String>>()
    })
    .map_err(PyValueError::new_err)
}

/// A table cell as a Python value: text and dates as str, numbers as int when integral
/// (as the CSVs print them) else float, a missing value as None.
fn cell_value(py: Python<'_>, cell: &Cell) -> PyResult<Py<PyAny>> {
    Ok(match cell {
        Cell::Text(text) | Cell::Date(text) => text.into_pyobject(py)?.into_any().unbind(),
        Cell::Number(value) if value.fract() == 0.0 && value.abs() < 9.0e15 => {
            (*value as i64).into_pyobject(py)?.into_any().unbind()
        }
        Cell::Number(value) => value.into_pyobject(py)?.into_any().unbind(),
        Cell::Year(year) => year.into_pyobject(py)?.into_any().unbind(),
        Cell::Empty => py.None(),
    })
}

/// A table as its column names and its rows of Python values.
type Table = (Vec<String>, Vec<Vec<Py<PyAny>>>);

fn table(py: Python<'_>, columns: &[&str], rows: &[Vec<Cell>]) -> PyResult<Table> {
    let rows = rows
        .iter()
        .map(|row| row.iter().map(|cell| cell_value(py, cell)).collect::<PyResult<Vec<_>>>())
        .collect::<PyResult<Vec<_>>>()?;
    Ok((columns.iter().map(|c| c.to_string()).collect(), rows))
}

/// The zone list of `tokku batch --zones FILE`: the file's zones (none when `zones` is
/// None), searched before the official list.
fn extra_zones(zones: Option<PathBuf>) -> PyResult<Vec<tokku::jp::zones::Zone>> {
    match zones {
        Some(path) => panel::read_extra_zones(&path).map_err(PyValueError::new_err),
        None => Ok(Vec::new()),
    }
}

/// observation_rows(records, zones) -> (columns, rows)
/// --
///
/// The rows of `observations.csv` for these records (JSON texts), in their order, the
/// official zone names looked up as `tokku batch --zones FILE` does.
#[pyfunction]
#[pyo3(signature = (records, zones=None))]
fn observation_rows(
    py: Python<'_>,
    records: Vec<String>,
    zones: Option<PathBuf>,
) -> PyResult<Table> {
    let records = records_from_json(py, records)?;
    let zones = panel::zone_list(&extra_zones(zones)?);
    let rows: Vec<Vec<Cell>> = records
        .iter()
        .flat_map(|record| {
            tokku::tables::observation_rows(
                record,
                &tokku::tables::official_zone_name(record, &zones),
            )
        })
        .collect();
    table(py, &tokku::tables::OBSERVATION_COLUMNS, &rows)
}

/// panel_tables(records, zones) -> ((columns, rows), (columns, rows))
/// --
///
/// The rows of `panel.csv` and `restatements.csv` for these records (JSON texts), zones
/// looked up in the zone list file `zones` (the format of data/zones.json) before the
/// official list, as `tokku batch --zones FILE` does.
#[pyfunction]
#[pyo3(signature = (records, zones=None))]
fn panel_tables(
    py: Python<'_>,
    records: Vec<String>,
    zones: Option<PathBuf>,
) -> PyResult<(Table, Table)> {
    let records = records_from_json(py, records)?;
    let extra = extra_zones(zones)?;
    let built = py.detach(|| panel::build(&records, &extra));
    Ok((
        table(py, &tokku::tables::PANEL_COLUMNS, &panel::panel_rows(&built))?,
        table(py, &tokku::tables::RESTATEMENT_COLUMNS, &panel::restatement_rows(&built))?,
    ))
}

/// _record_of_a_panic(name) -> str
/// --
///
/// For the tests: the record [`guarded`] makes of a panic (an `internal` error record).
#[pyfunction]
fn _record_of_a_panic(py: Python<'_>, name: String) -> String {
    py.detach(|| json_line(&guarded(&name, None, || panic!("a panic for the tests"))))
}

/// The Rust half of the `tokku` package; use the functions of `tokku` itself.
#[pymodule]
fn _tokku(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add("TEXT_COLUMNS", tokku::tables::TEXT_COLUMNS.to_vec())?;
    module.add_function(wrap_pyfunction!(extract_path, module)?)?;
    module.add_function(wrap_pyfunction!(extract_bytes, module)?)?;
    module.add_function(wrap_pyfunction!(extract_many, module)?)?;
    module.add_function(wrap_pyfunction!(observation_rows, module)?)?;
    module.add_function(wrap_pyfunction!(panel_tables, module)?)?;
    module.add_function(wrap_pyfunction!(_record_of_a_panic, module)?)?;
    module.add_class::<RecordStream>()?;
    Ok(())
}
