//! `trellis prove --json` / `--json-out FILE`: the proof's summary as one
//! JSON object, its per-segment part gathered from the prover's events.

use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Mutex;
use trellis_sdk::{AggregationEvent, ProveEvent};

/// The summary of a finished `trellis prove`.
#[derive(Serialize, Debug)]
pub struct ProveJson {
    /// The program id the proof is for (64 hex digits), as `keygen` prints it.
    pub program_id: String,
    /// The guest's exit code.
    pub exit_code: u32,
    /// The bytes the guest revealed, as hex.
    pub public_output_hex: String,
    /// Instructions of the whole run.
    pub cycles: u64,
    /// Segments in the proof.
    pub segments: usize,
    /// Segments whose proofs were kept from the work directory (resumed).
    pub segments_kept: usize,
    /// Each segment, in order.
    pub per_segment: Vec<SegmentJson>,
    /// Whether the proof file is one aggregated proof (the default) rather than
    /// the list of segment proofs (`--segments`).
    pub aggregated: bool,
    /// Aggregation nodes proven, and kept from the work directory (resumed).
    pub aggregation_nodes: usize,
    /// Aggregation nodes whose proofs were kept from the work directory.
    pub aggregation_nodes_kept: usize,
    /// Seconds from the first aggregation step to the written file (null when not
    /// aggregated).
    pub aggregation_seconds: Option<f64>,
    /// Where the proof was written.
    pub proof_path: String,
    /// Size of the proof file.
    pub proof_bytes: usize,
    /// Seconds of the whole command's proving (execution, every segment,
    /// the chain check and the write).
    pub seconds: f64,
    /// Seconds of the execute-ahead pass.
    pub execute_ahead_seconds: Option<f64>,
    /// Estimated prover memory allowed per segment (bytes).
    pub segment_memory_bytes: u64,
    /// Segments proven at once.
    pub workers: usize,
    /// Peak resident memory of the process (bytes), where the OS reports it.
    pub peak_memory_bytes: Option<u64>,
}

/// One segment of the proof.
#[derive(Serialize, Debug, Clone, Default, PartialEq)]
pub struct SegmentJson {
    /// Its number (0 first).
    pub segment: u32,
    /// Its instructions.
    pub cycles: u64,
    /// Seconds the executor spent running it in tracing mode.
    pub trace_seconds: Option<f64>,
    /// Seconds a worker spent on it (filling traces, proving, verifying,
    /// saving); null for a kept segment.
    pub prove_seconds: Option<f64>,
    /// The prover's memory estimate for it (bytes).
    pub estimated_memory_bytes: Option<u64>,
    /// Its proof was kept from the work directory.
    pub kept: bool,
}

/// The figures of `segment`, made empty if new.
fn entry(segments: &mut BTreeMap<u32, SegmentJson>, segment: u32) -> &mut SegmentJson {
    segments.entry(segment).or_insert_with(|| SegmentJson {
        segment,
        ..SegmentJson::default()
    })
}

/// Gathers per-segment figures from the prover's events (any thread).
#[derive(Default)]
pub struct SegmentLog {
    segments: Mutex<BTreeMap<u32, SegmentJson>>,
    ahead_seconds: Mutex<Option<f64>>,
    aggregation: Mutex<AggregationLog>,
}

/// What the aggregation events said.
#[derive(Default, Clone, Copy)]
struct AggregationLog {
    started: Option<std::time::Instant>,
    proven: usize,
    kept: usize,
}

impl SegmentLog {
    /// Notes what `event` says about a segment or the execute-ahead pass.
    pub fn record(&self, event: &ProveEvent) {
        let mut segments = self.segments.lock().unwrap_or_else(|e| e.into_inner());
        match *event {
            ProveEvent::ExecutedAhead { seconds, .. } => {
                *self.ahead_seconds.lock().unwrap_or_else(|e| e.into_inner()) = Some(seconds);
            }
            ProveEvent::Traced {
                segment,
                cycles,
                seconds,
                estimated_memory,
            } => {
                let s = entry(&mut segments, segment);
                s.cycles = cycles;
                s.trace_seconds = Some(seconds);
                s.estimated_memory_bytes = Some(estimated_memory);
            }
            ProveEvent::Proven {
                segment,
                cycles,
                seconds,
            } => {
                let s = entry(&mut segments, segment);
                s.cycles = cycles;
                s.prove_seconds = Some(seconds);
            }
            ProveEvent::Reused { segment, cycles } => {
                let s = entry(&mut segments, segment);
                s.cycles = cycles;
                s.kept = true;
            }
            ProveEvent::Aggregation(ref step) => {
                let mut log = self.aggregation.lock().unwrap_or_else(|e| e.into_inner());
                log.started.get_or_insert_with(std::time::Instant::now);
                match step {
                    AggregationEvent::Proven { .. } => log.proven += 1,
                    AggregationEvent::Reused { .. } => log.kept += 1,
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// Seconds of the execute-ahead pass, if it was reported.
    pub fn ahead_seconds(&self) -> Option<f64> {
        *self.ahead_seconds.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Aggregation nodes (proven or kept), those kept, and the seconds since the first
    /// aggregation step (`None` if there was none).
    pub fn aggregation(&self) -> (usize, usize, Option<f64>) {
        let log = *self.aggregation.lock().unwrap_or_else(|e| e.into_inner());
        (
            log.proven + log.kept,
            log.kept,
            log.started.map(|t| t.elapsed().as_secs_f64()),
        )
    }

    /// The first `count` segments, in order (a segment never reported
    /// appears with zero cycles).
    pub fn segments(&self, count: usize) -> Vec<SegmentJson> {
        let segments = self.segments.lock().unwrap_or_else(|e| e.into_inner());
        (0..count as u32)
            .map(|segment| {
                segments.get(&segment).cloned().unwrap_or(SegmentJson {
                    segment,
                    ..SegmentJson::default()
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_gather_their_events() {
        let log = SegmentLog::default();
        for event in [
            ProveEvent::Reused {
                segment: 0,
                cycles: 10,
            },
            ProveEvent::Traced {
                segment: 1,
                cycles: 7,
                seconds: 0.5,
                estimated_memory: 99,
            },
            ProveEvent::Proven {
                segment: 1,
                cycles: 7,
                seconds: 2.0,
            },
        ] {
            log.record(&event);
        }
        let segments = log.segments(2);
        assert!(segments[0].kept && segments[0].prove_seconds.is_none());
        assert_eq!(segments[0].cycles, 10);
        assert_eq!(
            segments[1],
            SegmentJson {
                segment: 1,
                cycles: 7,
                trace_seconds: Some(0.5),
                prove_seconds: Some(2.0),
                estimated_memory_bytes: Some(99),
                kept: false,
            }
        );
    }
}
