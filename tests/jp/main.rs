//! The Japanese text helpers of `tokku::jp`: eras and fiscal years, normalization,
//! quantities, and their properties. One test binary: each file below is a module of it.

mod era;
mod normalize;
mod props;
mod quantity;
