//! A std guest: parses a log file with a real regular expression and reports
//! through `tracing`.
//!
//! Input: the log as text on stdin (the private input), one entry per line:
//! `2026-12-05T17:02:11Z WARN net::peer: slow reply from 10.0.0.7 (412 ms)`.
//! Lines that do not match the pattern are counted as malformed.
//!
//! Output: a `tracing` event per ERROR line and a summary, printed on stderr
//! by the small subscriber below; on stdout the count per level and the
//! slowest reply; public output: entries, errors, warnings, malformed lines
//! and the slowest reply in ms, each a u32 LE.  Uses std (`String`,
//! `HashMap`, `std::io::stdin`), `regex` (whose lazy DFA needs `Arc` and
//! atomics) and `tracing` (a global dispatcher behind atomics and a
//! `OnceLock`).
use std::collections::HashMap;
use std::io::Read;

use regex::Regex;

mod subscriber;

fn main() {
    tracing::subscriber::set_global_default(subscriber::Stderr)
        .expect("no other subscriber is installed");

    let mut log = String::new();
    std::io::stdin()
        .read_to_string(&mut log)
        .expect("the input is UTF-8 text");

    let entry = Regex::new(
        r"^(?<ts>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z) (?<level>TRACE|DEBUG|INFO|WARN|ERROR) (?<module>[a-z_]+(?:::[a-z_]+)*): (?<msg>.*)$",
    )
    .expect("the pattern is valid");
    let latency = Regex::new(r"\((?<ms>[0-9]+) ms\)").expect("the pattern is valid");

    let mut per_level: HashMap<String, u32> = HashMap::new();
    let mut malformed = 0u32;
    let mut slowest: Option<(u32, String)> = None;
    for line in log.lines().filter(|l| !l.trim().is_empty()) {
        let Some(caps) = entry.captures(line) else {
            malformed += 1;
            tracing::warn!(line, "malformed log line");
            continue;
        };
        let level = &caps["level"];
        *per_level.entry(level.to_string()).or_default() += 1;
        if level == "ERROR" {
            tracing::error!(module = &caps["module"], at = &caps["ts"], "{}", &caps["msg"]);
        }
        if let Some(ms) = latency.captures(&caps["msg"]) {
            let ms: u32 = ms["ms"].parse().expect("at most 10 digits");
            if slowest.as_ref().is_none_or(|(best, _)| ms > *best) {
                slowest = Some((ms, caps["module"].to_string()));
            }
        }
    }

    let mut levels: Vec<_> = per_level.iter().collect();
    levels.sort();
    for (level, count) in &levels {
        println!("{level}: {count}");
    }
    let entries: u32 = per_level.values().sum();
    let (slowest_ms, slowest_module) = slowest.unwrap_or((0, "-".to_string()));
    println!("slowest reply: {slowest_ms} ms ({slowest_module})");
    tracing::info!(entries, malformed, "log scanned");

    let count = |level: &str| per_level.get(level).copied().unwrap_or(0);
    for value in [entries, count("ERROR"), count("WARN"), malformed, slowest_ms] {
        trellis_guest::reveal_u32(value);
    }
}
