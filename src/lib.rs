//! tokku: turns 総合特別区域評価書 (evaluation reports of Japan's Comprehensive Special
//! Zones) into validated JSON records.

pub mod fonts;
pub mod jp;
