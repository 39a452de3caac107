//! Integration tests: each builds a fixture site from `tests/fixtures/<case>/`
//! in a temporary folder and checks the output contract of DESIGN.md.

// A test binary: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod adversarial;
mod build;
mod cache;
mod cli;
mod diagnostics;
mod extensions;
mod html_safety;
mod incremental;
mod l10n;
mod quirks;
mod readme;
mod search;
mod serve;
mod support;
mod translation;
