//! The limit flags every command that reads documents takes (`--timeout-secs`,
//! `--max-pages` …), mapped to the library's plain [`Limits`]. The worker process gets the
//! same flags from [`tokku::extract::worker::worker_args`].

use std::time::Duration;

use tokku::pdf::limits::{
    Limits, DEFAULT_MAX_DECOMPRESSED_MB, DEFAULT_MAX_GLYPHS, DEFAULT_MAX_MEMORY_MB,
    DEFAULT_MAX_OBJECTS, DEFAULT_MAX_PAGES, DEFAULT_WALL_TIME_SECS,
};

/// The limit flags of `tokku extract` (and of the hidden `tokku extract-one` worker).
#[derive(Debug, Clone, clap::Args)]
pub struct LimitArgs {
    /// Wall time per document, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_WALL_TIME_SECS)]
    pub timeout_secs: u64,
    /// Decompressed stream bytes per document, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = DEFAULT_MAX_DECOMPRESSED_MB)]
    pub max_decompressed_mb: u64,
    /// Pages per document.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_PAGES)]
    pub max_pages: u32,
    /// Indirect objects per document.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_OBJECTS)]
    pub max_objects: u32,
    /// Glyphs drawn (and ruling lines kept) per document.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_GLYPHS)]
    pub max_glyphs: u64,
    /// Memory (address space) of each worker process under `batch --isolate`, in MiB;
    /// a worker that needs more is stopped with `limit_exceeded`.
    #[arg(long, value_name = "MIB", default_value_t = DEFAULT_MAX_MEMORY_MB)]
    pub max_memory_mb: u64,
    /// Refuse PDFs whose permissions forbid copying text (`encrypted`), as the publisher
    /// asks, instead of reading them with a `copy_restricted` warning.
    #[arg(long)]
    pub respect_permissions: bool,
}

impl LimitArgs {
    /// The limits these flags ask for.
    pub fn limits(&self) -> Limits {
        Limits {
            wall_time: Duration::from_secs(self.timeout_secs.max(1)),
            max_decompressed_bytes: self.max_decompressed_mb.saturating_mul(1024 * 1024),
            max_pages: self.max_pages,
            max_objects: self.max_objects,
            max_glyphs: self.max_glyphs,
            max_memory_bytes: self.max_memory_mb.saturating_mul(1024 * 1024),
            respect_permissions: self.respect_permissions,
        }
    }
}

/// The default limits, with `--respect-permissions` as given (`tokku text`, `tokku tables`).
pub fn permission_limits(respect_permissions: bool) -> Limits {
    Limits { respect_permissions, ..Default::default() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Flags {
        #[command(flatten)]
        limits: LimitArgs,
    }

    #[test]
    fn the_worker_flags_parse_back_into_the_same_limits() {
        let limits = Limits {
            wall_time: Duration::from_secs(7),
            max_decompressed_bytes: 3 * 1024 * 1024,
            max_pages: 11,
            max_objects: 13,
            max_glyphs: 17,
            max_memory_bytes: 19 * 1024 * 1024,
            respect_permissions: true,
        };
        let mut args = vec!["tokku".to_string()];
        args.extend(tokku::extract::worker::worker_args(&limits));
        let parsed = Flags::try_parse_from(args).expect("the worker's flags parse");
        assert_eq!(parsed.limits.limits(), limits);
    }

    #[test]
    fn no_flags_give_the_default_limits() {
        let parsed = Flags::try_parse_from(["tokku"]).expect("no flags parse");
        assert_eq!(parsed.limits.limits(), Limits::default());
    }
}
