//! Per-document resource limits (wall time, decompressed bytes, pages, objects) and the
//! bounded stream decoder that checks a stream's decoded size without ever holding more
//! than a small buffer of it, so that a decompression bomb is refused, not inflated.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use flate2::read::{DeflateDecoder, ZlibDecoder};

/// Default wall time per document.
pub const DEFAULT_WALL_TIME_SECS: u64 = 60;
/// Default budget of decompressed stream bytes per document (content, fonts, forms,
/// object and cross-reference streams; images are not decoded by tokku and not counted).
pub const DEFAULT_MAX_DECOMPRESSED_MB: u64 = 256;
/// Default maximum number of pages.
pub const DEFAULT_MAX_PAGES: u32 = 2_000;
/// Default maximum number of indirect objects.
pub const DEFAULT_MAX_OBJECTS: u32 = 1_000_000;
/// Default budget of glyphs and ruling lines per document: 2,500 a page over the
/// 2,000-page limit (a dense page of these reports draws about 2,300 glyphs). Glyphs are
/// kept for the whole document (tables are read by position), at about 60 bytes each as
/// drawn (a page of 5,000,000 glyphs peaks at about 300 MiB), more with the text lines
/// made of them.
pub const DEFAULT_MAX_GLYPHS: u64 = 5_000_000;
/// Default address-space limit of an isolated worker process (`--isolate`), in MiB. Sized
/// for a document at the other limits: its glyphs at the glyph budget (about 400 MiB with
/// the lines made of them), one content stream being interpreted (≤ 1,000,000 operators:
/// about 100 MiB), the decompressed-stream budget (256 MiB), the reading thread's reserved
/// stack (256 MiB) and the allocator's reserved arenas (a worker reading a 17-page report
/// reserves about 420 MiB of address space).
pub const DEFAULT_MAX_MEMORY_MB: u64 = 2_048;
/// Fixed bound on form XObject invocations per document (a form drawn by a form drawn by
/// a form …: exponential fan-out is refused as `xobject_calls`).
pub const MAX_FORM_CALLS: u64 = 100_000;

/// The limits one document is read under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub wall_time: Duration,
    pub max_decompressed_bytes: u64,
    pub max_pages: u32,
    pub max_objects: u32,
    /// Glyphs drawn plus ruling lines kept, per document.
    pub max_glyphs: u64,
    /// Address space of an isolated worker process (enforced only there, by the kernel:
    /// `setrlimit(RLIMIT_AS)`); an in-process run cannot bound its own memory this way.
    pub max_memory_bytes: u64,
    /// Refuse (`encrypted`) a file without a user password whose permissions forbid
    /// copying text, instead of reading it with a `copy_restricted` warning.
    pub respect_permissions: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            wall_time: Duration::from_secs(DEFAULT_WALL_TIME_SECS),
            max_decompressed_bytes: DEFAULT_MAX_DECOMPRESSED_MB * 1024 * 1024,
            max_pages: DEFAULT_MAX_PAGES,
            max_objects: DEFAULT_MAX_OBJECTS,
            max_glyphs: DEFAULT_MAX_GLYPHS,
            max_memory_bytes: DEFAULT_MAX_MEMORY_MB * 1024 * 1024,
            respect_permissions: false,
        }
    }
}

/// Which limit a document ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    WallTime,
    DecompressedBytes,
    Pages,
    Objects,
    XObjectCalls,
    Memory,
    Glyphs,
    Operators,
}

impl Limit {
    /// The name used in messages (`limit_exceeded: decompressed_bytes …`).
    pub fn name(self) -> &'static str {
        match self {
            Limit::WallTime => "wall_time",
            Limit::DecompressedBytes => "decompressed_bytes",
            Limit::Pages => "pages",
            Limit::Objects => "objects",
            Limit::XObjectCalls => "xobject_calls",
            Limit::Memory => "memory",
            Limit::Glyphs => "glyphs",
            Limit::Operators => "operators",
        }
    }
}

/// A limit that was exceeded, with what exceeded it.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitExceeded {
    pub limit: Limit,
    pub detail: String,
}

impl LimitExceeded {
    pub fn new(limit: Limit, detail: impl Into<String>) -> Self {
        LimitExceeded { limit, detail: detail.into() }
    }

    /// The error message of the record: starts with the limit's name.
    pub fn message(&self) -> String {
        format!("limit {} exceeded: {}", self.limit.name(), self.detail)
    }
}

/// A document's wall-time deadline, checked cooperatively between and inside stages.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    start: Instant,
    budget: Duration,
}

impl Deadline {
    pub fn start(budget: Duration) -> Self {
        Deadline { start: Instant::now(), budget }
    }

    pub fn expired(&self) -> bool {
        self.start.elapsed() > self.budget
    }

    /// `Err(wall_time)` once the budget is spent; `stage` says where.
    pub fn check(&self, stage: &str) -> Result<(), LimitExceeded> {
        if self.expired() {
            Err(LimitExceeded::new(
                Limit::WallTime,
                format!(
                    "reading took longer than {} s (during {stage})",
                    self.budget.as_secs_f64()
                ),
            ))
        } else {
            Ok(())
        }
    }
}

/// The decoded size of a stream's data under its filters (in decoding order), counted
/// without keeping the output, up to `cap` bytes. `Err(())` when it exceeds `cap`.
/// Mirrors lopdf: FlateDecode (with its raw-deflate fallback), LZWDecode and
/// ASCII85Decode are decoded; a stream with any other filter is left encoded by lopdf,
/// so its size is its raw length.
pub fn decoded_len(filters: &[&[u8]], data: &[u8], cap: u64) -> Result<u64, ()> {
    decode_into(filters, data, cap, &mut |_| true)
}

/// [`decoded_len`] that also hands the decoded bytes to `sink`, a piece (at most 64 KiB
/// for flate) at a time; `sink` returns false to stop early (the count so far is returned).
pub fn decode_into(
    filters: &[&[u8]],
    data: &[u8],
    cap: u64,
    sink: &mut dyn FnMut(&[u8]) -> bool,
) -> Result<u64, ()> {
    if filters.is_empty()
        || filters.iter().any(|f| !matches!(*f, b"FlateDecode" | b"LZWDecode" | b"ASCII85Decode"))
    {
        if data.len() as u64 > cap {
            return Err(());
        }
        sink(data);
        return Ok(data.len() as u64);
    }
    if let [b"FlateDecode"] = filters {
        return flate_into(data, cap, sink);
    }
    // A chain: flate stages stream into each other; LZW and ASCII85 stages are
    // materialized, each capped.
    let mut reader: Box<dyn Read + '_> = Box::new(data);
    for (i, filter) in filters.iter().enumerate() {
        let last = i + 1 == filters.len();
        match *filter {
            b"FlateDecode" => reader = Box::new(ZlibDecoder::new(reader)),
            other => {
                let mut input = Vec::new();
                read_capped(reader.as_mut(), &mut input, cap)?;
                let output = if other == b"LZWDecode" {
                    lzw_capped(&input, cap)?
                } else {
                    ascii85_capped(&input, cap)?
                };
                if last {
                    sink(&output);
                    return Ok(output.len() as u64);
                }
                reader = Box::new(std::io::Cursor::new(output));
            }
        }
    }
    feed_capped(reader.as_mut(), cap, sink)
}

/// Inflated zlib data (or raw deflate after a 2-byte header, lopdf's fallback).
fn flate_into(data: &[u8], cap: u64, sink: &mut dyn FnMut(&[u8]) -> bool) -> Result<u64, ()> {
    if data.is_empty() {
        return Ok(0);
    }
    match feed_capped(&mut ZlibDecoder::new(data), cap, sink) {
        Ok(n) if n > 0 => Ok(n),
        Err(()) => Err(()),
        Ok(_) if data.len() > 2 => feed_capped(&mut DeflateDecoder::new(&data[2..]), cap, sink),
        Ok(n) => Ok(n),
    }
}

/// Bytes a reader yields, up to `cap`, each piece handed to `sink`; a read error ends
/// the stream (lopdf keeps what it inflated before the error).
fn feed_capped(
    reader: &mut dyn Read,
    cap: u64,
    sink: &mut dyn FnMut(&[u8]) -> bool,
) -> Result<u64, ()> {
    PIECE.with(|piece| match piece.try_borrow_mut() {
        Ok(mut buf) => {
            buf.resize(PIECE_BYTES, 0);
            feed_capped_through(reader, cap, sink, &mut buf)
        }
        // Only if a sink ever decoded a stream itself.
        Err(_) => feed_capped_through(reader, cap, sink, &mut vec![0; PIECE_BYTES]),
    })
}

/// The size of the pieces [`decode_into`] hands on.
const PIECE_BYTES: usize = 64 * 1024;

thread_local! {
    /// [`feed_capped`]'s piece buffer, zeroed once per thread: zeroing 64 KiB on the
    /// stack for every stream cost more instructions than inflating a small stream.
    static PIECE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn feed_capped_through(
    reader: &mut dyn Read,
    cap: u64,
    sink: &mut dyn FnMut(&[u8]) -> bool,
    buf: &mut [u8],
) -> Result<u64, ()> {
    let mut total = 0u64;
    loop {
        match reader.read(buf) {
            Ok(0) => return Ok(total),
            Ok(n) => {
                total += n as u64;
                if total > cap {
                    return Err(());
                }
                if !sink(&buf[..n]) {
                    return Ok(total);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Ok(total),
        }
    }
}

fn read_capped(reader: &mut dyn Read, out: &mut Vec<u8>, cap: u64) -> Result<(), ()> {
    let mut buf = [0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => {
                if out.len() as u64 + n as u64 > cap {
                    return Err(());
                }
                out.extend_from_slice(&buf[..n]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Ok(()),
        }
    }
}

/// A writer that refuses to grow past its cap.
struct CappedVec {
    data: Vec<u8>,
    cap: u64,
    exceeded: bool,
}

impl Write for CappedVec {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.data.len() as u64 + buf.len() as u64 > self.cap {
            self.exceeded = true;
            return Err(std::io::Error::other("cap"));
        }
        self.data.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn lzw_capped(input: &[u8], cap: u64) -> Result<Vec<u8>, ()> {
    // lopdf decodes with early change (the PDF default); either way the size differs
    // by a few bytes at most.
    let mut decoder = weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
    let mut sink = CappedVec { data: Vec::new(), cap, exceeded: false };
    let _ = decoder.into_stream(&mut sink).decode_all(input);
    if sink.exceeded {
        Err(())
    } else {
        Ok(sink.data)
    }
}

fn ascii85_capped(input: &[u8], cap: u64) -> Result<Vec<u8>, ()> {
    let mut out = Vec::new();
    let mut group: u64 = 0;
    let mut count = 0;
    for &c in input {
        if c == b'~' {
            break;
        }
        if c == b'z' && count == 0 {
            out.extend_from_slice(&[0; 4]);
        } else if (b'!'..=b'u').contains(&c) {
            group = group * 85 + u64::from(c - b'!');
            count += 1;
            if count == 5 {
                out.extend_from_slice(&(group as u32).to_be_bytes());
                group = 0;
                count = 0;
            }
        } else if !c.is_ascii_whitespace() {
            break;
        }
        if out.len() as u64 > cap {
            return Err(());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::ZlibEncoder;
    use flate2::Compression;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn flate_sizes_are_counted_and_capped() {
        let plain = vec![b'a'; 1_000_000];
        let packed = zlib(&plain);
        assert_eq!(decoded_len(&[b"FlateDecode"], &packed, 2_000_000), Ok(1_000_000));
        assert_eq!(decoded_len(&[b"FlateDecode"], &packed, 999_999), Err(()));
        // Two flate stages: the inner size counts.
        let twice = zlib(&packed);
        assert_eq!(
            decoded_len(&[b"FlateDecode", b"FlateDecode"], &twice, 2_000_000),
            Ok(1_000_000)
        );
        assert_eq!(decoded_len(&[b"FlateDecode", b"FlateDecode"], &twice, 10_000), Err(()));
        // Unknown filter: lopdf leaves the data as it is.
        assert_eq!(decoded_len(&[b"DCTDecode"], &packed, 2_000_000), Ok(packed.len() as u64));
        // Raw deflate after a bogus two-byte header (lopdf's fallback).
        let mut raw = vec![0u8, 0u8];
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), Compression::best());
        e.write_all(&plain).unwrap();
        raw.extend(e.finish().unwrap());
        assert_eq!(decoded_len(&[b"FlateDecode"], &raw, 2_000_000), Ok(1_000_000));
    }

    #[test]
    fn ascii85_and_lzw_are_capped() {
        assert_eq!(decoded_len(&[b"ASCII85Decode"], b"zzzz~>", 100), Ok(16));
        assert_eq!(decoded_len(&[b"ASCII85Decode"], b"zzzz~>", 10), Err(()));
        let mut enc = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
        let packed = enc.encode(&vec![b'x'; 100_000]).unwrap();
        assert_eq!(decoded_len(&[b"LZWDecode"], &packed, 200_000), Ok(100_000));
        assert_eq!(decoded_len(&[b"LZWDecode"], &packed, 50_000), Err(()));
    }

    #[test]
    fn deadline_names_the_stage() {
        let d = Deadline::start(Duration::from_millis(0));
        std::thread::sleep(Duration::from_millis(2));
        let e = d.check("layout").unwrap_err();
        assert_eq!(e.limit, Limit::WallTime);
        assert!(e.message().starts_with("limit wall_time exceeded"), "{}", e.message());
        assert!(e.message().contains("layout"));
    }
}
