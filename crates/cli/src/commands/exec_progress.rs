//! The spinner of `trellis run` on a terminal: cycles executed and the rate,
//! for runs that last more than a second.
//!
//! The interpreter reports every [`trellis_vm::run::PROGRESS_INTERVAL`]
//! instructions (its loop is only re-entered, nothing is added to it);
//! the spinner is drawn from those reports, on the interpreter's thread.
//! The guest's output stays readable: the spinner is shown only while the
//! guest has written nothing to a terminal for [`QUIET_FOR`] and its last
//! output there ended a line, and it is cleared before the guest writes to
//! a terminal again. A chatty guest thus never sees it (its output is its
//! progress); a silent stretch of a long run does. Stderr not a terminal:
//! nothing is drawn and the guest's streams are not wrapped.

use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A run shorter than this shows no spinner.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// The guest must have been silent this long for the spinner to show.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// The spinner's state, shared with the guest's output streams.
struct Spinner {
    started: Instant,
    bar: Option<ProgressBar>,
    /// When the guest last wrote to a terminal.
    last_output: Option<Instant>,
    /// The guest's last output to a terminal ended a line (or there was none).
    at_line_start: bool,
}

impl Spinner {
    /// Whether the spinner may be drawn at `now`.
    fn may_show(&self, now: Instant) -> bool {
        now.duration_since(self.started) >= SHOW_AFTER
            && self.at_line_start
            && self
                .last_output
                .is_none_or(|t| now.duration_since(t) >= QUIET_FOR)
    }

    /// Clears the spinner from the terminal, if shown.
    fn hide(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

fn lock(spinner: &Mutex<Spinner>) -> std::sync::MutexGuard<'_, Spinner> {
    spinner.lock().unwrap_or_else(|e| e.into_inner())
}

/// The progress display of one run (inert when stderr is not a terminal).
pub struct ExecProgress {
    spinner: Option<Arc<Mutex<Spinner>>>,
}

impl ExecProgress {
    /// A spinner on stderr if it is a terminal.
    pub fn new() -> Self {
        let spinner = std::io::stderr().is_terminal().then(|| {
            Arc::new(Mutex::new(Spinner {
                started: Instant::now(),
                bar: None,
                last_output: None,
                at_line_start: true,
            }))
        });
        Self { spinner }
    }

    /// The guest's output stream `inner`; if it is a terminal (`terminal`)
    /// and the spinner is active, wrapped so that the spinner is cleared
    /// before the guest writes.
    pub fn guest_stream(
        &self,
        inner: Box<dyn Write + Send>,
        terminal: bool,
    ) -> Box<dyn Write + Send> {
        match &self.spinner {
            Some(spinner) if terminal => Box::new(GuestStream {
                inner,
                spinner: Arc::clone(spinner),
            }),
            _ => inner,
        }
    }

    /// The run has executed `cycles` instructions.
    pub fn update(&self, cycles: u64) {
        let Some(spinner) = &self.spinner else {
            return;
        };
        let mut spinner = lock(spinner);
        let now = Instant::now();
        if !spinner.may_show(now) {
            return;
        }
        let seconds = now.duration_since(spinner.started).as_secs_f64();
        let bar = spinner.bar.get_or_insert_with(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} running: {msg}").expect("a valid template"),
            );
            bar
        });
        bar.set_message(format!(
            "{} cycles in {seconds:.1} s ({:.1} M instructions/s)",
            HumanCount(cycles),
            cycles as f64 / seconds / 1e6
        ));
        bar.tick();
    }

    /// Clears the spinner (before the run's report).
    pub fn finish(&self) {
        if let Some(spinner) = &self.spinner {
            lock(spinner).hide();
        }
    }
}

/// A guest stream to a terminal that clears the spinner before each write.
struct GuestStream {
    inner: Box<dyn Write + Send>,
    spinner: Arc<Mutex<Spinner>>,
}

impl Write for GuestStream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // Held across the write: the spinner cannot be redrawn in between.
        let mut spinner = lock(&self.spinner);
        spinner.hide();
        let written = self.inner.write(buf)?;
        if let Some(&last) = buf[..written].last() {
            spinner.at_line_start = last == b'\n';
        }
        spinner.last_output = Some(Instant::now());
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spinner(started: Instant) -> Arc<Mutex<Spinner>> {
        Arc::new(Mutex::new(Spinner {
            started,
            bar: None,
            last_output: None,
            at_line_start: true,
        }))
    }

    #[test]
    fn shows_after_a_second_and_only_while_the_guest_is_quiet_at_a_line_start() {
        let t0 = Instant::now();
        let s = spinner(t0);
        assert!(!lock(&s).may_show(t0 + Duration::from_millis(500)));
        assert!(lock(&s).may_show(t0 + SHOW_AFTER));

        // The guest writes a partial line: no spinner until it ends the line.
        let mut out = GuestStream {
            inner: Box::new(std::io::sink()),
            spinner: Arc::clone(&s),
        };
        out.write_all(b"computing... ").unwrap();
        let later = Instant::now() + QUIET_FOR + SHOW_AFTER;
        assert!(!lock(&s).may_show(later));
        out.write_all(b"done\n").unwrap();
        assert!(lock(&s).may_show(later));
        // Just after output: not yet.
        assert!(!lock(&s).may_show(Instant::now()));
    }
}
