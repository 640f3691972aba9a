//! What `trellis prove` shows while it works: one line per step on stderr
//! and, when stderr is a terminal, a progress bar over the run's cycles
//! (known from the execute-ahead pass) with an ETA.
//! Not a terminal (a log file, CI): the lines only.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use trellis_sdk::ProveEvent;

fn mib(bytes: u64) -> u64 {
    bytes >> 20
}

/// The line describing `event`.
fn describe(event: &ProveEvent) -> String {
    match event {
        ProveEvent::WorkDir { path, reset } => {
            let note = if *reset {
                " (removed files of another proof)"
            } else {
                ""
            };
            format!("work directory {}{note}", path.display())
        }
        ProveEvent::ExecutedAhead {
            cycles,
            seconds,
            exit_code,
        } => format!(
            "executed the run ahead of proving: {cycles} cycles in {seconds:.2} s, exit code {exit_code}"
        ),
        ProveEvent::Plan {
            segment_memory,
            baseline,
            ..
        } => format!(
            "segments sized for {} MiB of prover memory each ({} MiB held before proving)",
            mib(*segment_memory),
            mib(*baseline)
        ),
        ProveEvent::Discarded { reason } => format!("redoing: {reason}"),
        ProveEvent::Resumed { segment, cycles } => {
            format!("resuming at segment {segment} (after {cycles} cycles)")
        }
        ProveEvent::Traced {
            segment,
            cycles,
            seconds,
            estimated_memory,
        } => format!(
            "segment {segment}: executed {cycles} cycles in {seconds:.2} s (estimated prover memory {} MiB)",
            mib(*estimated_memory)
        ),
        ProveEvent::Proven {
            segment,
            cycles,
            seconds,
        } => format!(
            "segment {segment}: proven in {seconds:.2} s ({:.0} cycles/s)",
            *cycles as f64 / seconds
        ),
        ProveEvent::Reused { segment, .. } => {
            format!("segment {segment}: proof kept from the work directory")
        }
    }
}

/// The prover's progress display.
pub struct ProveProgress {
    bar: Option<ProgressBar>,
}

impl ProveProgress {
    /// Lines on stderr, and a bar when stderr is a terminal.
    pub fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "[{elapsed_precise}] {wide_bar} {human_pos}/{human_len} cycles proven, ETA {eta}",
                )
                .expect("a valid template"),
            );
            bar
        });
        Self { bar }
    }

    /// Shows `event` (a line, and the bar's advance).
    pub fn event(&self, event: &ProveEvent) {
        let line = describe(event);
        match &self.bar {
            Some(bar) => {
                match event {
                    ProveEvent::ExecutedAhead { cycles, .. } => bar.set_length(*cycles),
                    ProveEvent::Proven { cycles, .. } | ProveEvent::Reused { cycles, .. } => {
                        bar.inc(*cycles)
                    }
                    _ => {}
                }
                bar.println(line);
            }
            None => eprintln!("{line}"),
        }
    }

    /// Removes the bar (before the final report).
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
