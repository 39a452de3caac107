//! Progress of a long run, reported by the stages and shown by the binary
//! (a bar on a terminal, a line per stage in CI). The library never prints.

/// A stage of the pipeline, as progress names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Parse,
    Check,
    Render,
    Search,
    Write,
}

impl Stage {
    /// `parse`: what a progress line calls the stage.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Parse => "parse",
            Stage::Check => "check",
            Stage::Render => "render",
            Stage::Search => "search index",
            Stage::Write => "write",
        }
    }

    /// `files`: what the stage counts.
    pub fn unit(self) -> &'static str {
        match self {
            Stage::Parse => "files",
            Stage::Check => "articles",
            Stage::Render => "pages",
            Stage::Search => "pages",
            Stage::Write => "files",
        }
    }
}

/// Receives progress. Called from many threads at once.
pub trait Progress: Sync {
    /// A stage starts, with `total` things to do.
    fn start(&self, stage: Stage, total: usize);
    /// `n` more things of the current stage are done.
    fn advance(&self, n: usize);
    /// The current stage is done.
    fn finish(&self, stage: Stage);
}

/// Progress that nobody watches.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: Stage, _: usize) {}
    fn advance(&self, _: usize) {}
    fn finish(&self, _: Stage) {}
}
