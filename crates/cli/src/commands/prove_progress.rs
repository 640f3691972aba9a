//! What `trellis prove` shows while it works: one line per step on stderr
//! and, when stderr is a terminal, live progress under those lines: a
//! spinner over the execute-ahead pass (once it has run for a second), then
//! a bar over the run's cycles (known from that pass) with an ETA, and one
//! line per segment in flight with its current phase and the time spent in
//! it (the executor tracing the next segment, each worker proving one).
//! Not a terminal (a log file, CI): the step lines only, no phases.

use indicatif::{HumanCount, MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;
use trellis_sdk::ProveEvent;

fn mib(bytes: u64) -> u64 {
    bytes >> 20
}

/// The execute-ahead spinner appears once the pass has run this long.
const SHOW_EXECUTION_AFTER: f64 = 1.0;

/// How often the segment lines redraw (their timers advance).
const SEGMENT_TICK: Duration = Duration::from_millis(200);

/// The line describing `event`, if it has one (phases and execution
/// progress only move the live display).
fn describe(event: &ProveEvent) -> Option<String> {
    Some(match event {
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
        ProveEvent::Chaining { segments } => {
            format!("{segments} segment proof(s) made; checking that they chain into one run")
        }
        ProveEvent::Aggregation(step) => super::aggregate_progress::describe_aggregation(step),
        ProveEvent::Executing { .. } | ProveEvent::Phase { .. } => return None,
    })
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).expect("a valid template")
}

/// The live part of the display (a terminal only).
struct Live {
    multi: MultiProgress,
    /// The execute-ahead spinner, while that pass runs.
    executing: Option<ProgressBar>,
    /// Cycles proven out of the run's, once the run's length is known.
    cycles: Option<ProgressBar>,
    /// One line per segment in flight.
    segments: BTreeMap<u32, ProgressBar>,
}

impl Live {
    fn new() -> Self {
        Self {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            executing: None,
            cycles: None,
            segments: BTreeMap::new(),
        }
    }

    /// Moves the bars for `event`.
    fn update(&mut self, event: &ProveEvent) {
        match event {
            ProveEvent::Executing { cycles, seconds } if *seconds >= SHOW_EXECUTION_AFTER => {
                let multi = &self.multi;
                let spinner =
                    self.executing.get_or_insert_with(|| {
                        multi.add(ProgressBar::no_length().with_style(style(
                            "{spinner} executing the run ahead of proving: {msg}",
                        )))
                    });
                spinner.set_message(format!(
                    "{} cycles ({:.1} M instructions/s)",
                    HumanCount(*cycles),
                    *cycles as f64 / seconds / 1e6
                ));
                spinner.tick();
            }
            ProveEvent::ExecutedAhead { cycles, .. } => {
                if let Some(spinner) = self.executing.take() {
                    spinner.finish_and_clear();
                    self.multi.remove(&spinner);
                }
                let bar = self.multi.insert(
                    0,
                    ProgressBar::new(*cycles).with_style(style(
                        "[{elapsed_precise}] {wide_bar} {human_pos}/{human_len} cycles proven, ETA {eta}",
                    )),
                );
                bar.tick();
                self.cycles = Some(bar);
            }
            ProveEvent::Phase { segment, phase } => {
                let multi = &self.multi;
                let line = self.segments.entry(*segment).or_insert_with(|| {
                    let line = multi.add(
                        ProgressBar::no_length()
                            .with_style(style("  {spinner} segment {prefix}: {msg} ({elapsed})")),
                    );
                    line.set_prefix(segment.to_string());
                    line.enable_steady_tick(SEGMENT_TICK);
                    line
                });
                line.reset_elapsed();
                line.set_message(phase.label());
            }
            ProveEvent::Proven {
                segment, cycles, ..
            }
            | ProveEvent::Reused { segment, cycles } => {
                if let Some(line) = self.segments.remove(segment) {
                    line.finish_and_clear();
                    self.multi.remove(&line);
                }
                if let Some(bar) = &self.cycles {
                    bar.inc(*cycles);
                }
            }
            _ => {}
        }
    }

    /// Removes every bar.
    fn clear(&mut self) {
        let bars = self.executing.take().into_iter().chain(self.cycles.take());
        for bar in bars.chain(std::mem::take(&mut self.segments).into_values()) {
            bar.finish_and_clear();
            self.multi.remove(&bar);
        }
        let _ = self.multi.clear();
    }
}

/// The prover's progress display.
pub struct ProveProgress {
    live: Option<Mutex<Live>>,
}

impl ProveProgress {
    /// Lines on stderr, and the live display when stderr is a terminal.
    pub fn new() -> Self {
        Self {
            live: std::io::stderr()
                .is_terminal()
                .then(|| Mutex::new(Live::new())),
        }
    }

    /// Shows `event` (a line, and the live display's change).
    pub fn event(&self, event: &ProveEvent) {
        let line = describe(event);
        match &self.live {
            Some(live) => {
                let mut live = live.lock().unwrap_or_else(|e| e.into_inner());
                live.update(event);
                if let Some(line) = line {
                    // Above the bars, which stay at the bottom.
                    let _ = live.multi.println(line);
                }
            }
            None => {
                if let Some(line) = line {
                    eprintln!("{line}");
                }
            }
        }
    }

    /// Removes the live display (before the final report).
    pub fn finish(&self) {
        if let Some(live) = &self.live {
            live.lock().unwrap_or_else(|e| e.into_inner()).clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trellis_sdk::SegmentPhase;

    #[test]
    fn phases_and_execution_progress_have_no_line() {
        let quiet = [
            ProveEvent::Executing {
                cycles: 5,
                seconds: 2.0,
            },
            ProveEvent::Phase {
                segment: 0,
                phase: SegmentPhase::Proving,
            },
        ];
        for event in quiet {
            assert_eq!(describe(&event), None, "{event:?}");
        }
        let line = describe(&ProveEvent::Chaining { segments: 3 }).unwrap();
        assert!(line.contains("3 segment proof(s)"), "{line}");
    }
}
