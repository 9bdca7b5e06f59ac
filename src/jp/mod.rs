//! Japanese domain knowledge in one place: text normalization, 和暦 (era dates and
//! fiscal years) and quantities with magnitudes (億 / 万 / 千 …). Small pure functions,
//! used by the extract stage and never re-implemented elsewhere. `patterns` compiles the
//! constant regex patterns of every stage in one place. A floor: every stage may use it,
//! and it imports no stage.

pub mod era;
pub mod normalize;
pub mod numbering;
pub mod patterns;
pub mod quantity;
mod radicals_table;
pub mod zones;

pub use era::{parse_date, parse_fiscal_year, parse_fiscal_year_range, JpDate};
pub use normalize::{normalize, normalize_keeping_word_spaces};
pub use numbering::circled_number;
pub use quantity::{
    format_like, parse_percent, parse_quantity, serialize_number, Quantity, QuantityError,
};
