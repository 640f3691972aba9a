//! What `trellis build` shows while the compiler works: on a terminal, a
//! spinner with the compiler's current line (`Compiling regex v1.11.1`) and
//! the elapsed time; not on a terminal, nothing. Verbose: every line the
//! compiler prints, as it comes. Errors are reported in full either way
//! (by the caller).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// The build's progress display.
pub struct BuildProgress {
    spinner: Option<ProgressBar>,
    verbose: bool,
}

impl BuildProgress {
    /// A spinner when stderr is a terminal; every line when `verbose`.
    pub fn new(verbose: bool) -> Self {
        let spinner = std::io::stderr().is_terminal().then(|| {
            let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            spinner.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed}] {wide_msg}")
                    .expect("a valid template"),
            );
            spinner.set_message("building");
            spinner.enable_steady_tick(Duration::from_millis(120));
            spinner
        });
        Self { spinner, verbose }
    }

    /// One line of the compiler's stderr.
    pub fn line(&mut self, line: &str) {
        if self.verbose {
            match &self.spinner {
                Some(spinner) => spinner.println(line),
                None => eprintln!("{line}"),
            }
        }
        // cargo's status lines and the first line of each diagnostic; not
        // the source excerpts under them.
        let status = line.trim();
        let shown = status.starts_with(|c: char| c.is_ascii_uppercase())
            || status.starts_with("warning")
            || status.starts_with("error");
        if let Some(spinner) = &self.spinner
            && shown
        {
            spinner.set_message(status.to_string());
        }
    }

    /// Removes the spinner.
    pub fn finish(&self) {
        if let Some(spinner) = &self.spinner {
            spinner.finish_and_clear();
        }
    }
}
