//! `tokku review` pages: without a browser, and rendered in a headless Chromium.
//! One test binary: each file below is a module of it.

mod browser;
mod pages;
