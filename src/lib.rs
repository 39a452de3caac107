pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod model;
pub mod parse;
pub mod paths;
pub mod assemble;
pub mod i18n;
