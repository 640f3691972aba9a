//! The profile in pprof's format (`profile.proto`, gzipped), which
//! `go tool pprof`, pprof.me and speedscope open: one sample per call stack
//! with its cycles, one location and function per guest function.
//! Only the messages and fields Trellis writes are declared here (field
//! numbers as in github.com/google/pprof/proto/profile.proto).

use prost::Message;
use std::collections::HashMap;
use std::io::Write;

/// `Profile`.
#[derive(Clone, PartialEq, Message)]
pub struct Profile {
    /// What each sample value counts.
    #[prost(message, repeated, tag = "1")]
    pub sample_type: Vec<ValueType>,
    /// One per call stack.
    #[prost(message, repeated, tag = "2")]
    pub sample: Vec<Sample>,
    /// One per function (a guest function has one location here).
    #[prost(message, repeated, tag = "4")]
    pub location: Vec<Location>,
    /// The guest's functions.
    #[prost(message, repeated, tag = "5")]
    pub function: Vec<Function>,
    /// Strings, referred to by index; entry 0 is "".
    #[prost(string, repeated, tag = "6")]
    pub string_table: Vec<String>,
}

/// `ValueType`: a sample value's type and unit (string indices).
#[derive(Clone, PartialEq, Message)]
pub struct ValueType {
    /// e.g. "cycles".
    #[prost(int64, tag = "1")]
    pub r#type: i64,
    /// e.g. "count".
    #[prost(int64, tag = "2")]
    pub unit: i64,
}

/// `Sample`: a call stack (leaf first) and its values.
#[derive(Clone, PartialEq, Message)]
pub struct Sample {
    /// Location ids, leaf first.
    #[prost(uint64, repeated, tag = "1")]
    pub location_id: Vec<u64>,
    /// Cycles.
    #[prost(int64, repeated, tag = "2")]
    pub value: Vec<i64>,
}

/// `Location`.
#[derive(Clone, PartialEq, Message)]
pub struct Location {
    /// Its id (from 1).
    #[prost(uint64, tag = "1")]
    pub id: u64,
    /// The function it is in.
    #[prost(message, repeated, tag = "4")]
    pub line: Vec<Line>,
}

/// `Line`.
#[derive(Clone, PartialEq, Message)]
pub struct Line {
    /// The function's id.
    #[prost(uint64, tag = "1")]
    pub function_id: u64,
}

/// `Function`.
#[derive(Clone, PartialEq, Message)]
pub struct Function {
    /// Its id (from 1).
    #[prost(uint64, tag = "1")]
    pub id: u64,
    /// Its name (string index).
    #[prost(int64, tag = "2")]
    pub name: i64,
}

/// Builds the pprof profile of `stacks` (function names outermost first,
/// cycles) and returns it gzipped, as pprof files are.
pub(crate) fn encode(stacks: &[(Vec<&str>, u64)]) -> Vec<u8> {
    let mut strings = vec![String::new(), "cycles".to_string(), "count".to_string()];
    let mut ids: HashMap<&str, u64> = HashMap::new();
    let mut profile = Profile {
        sample_type: vec![ValueType { r#type: 1, unit: 2 }],
        ..Profile::default()
    };
    for (stack, cycles) in stacks {
        let mut location_id = Vec::with_capacity(stack.len());
        for &name in stack.iter().rev() {
            let id = *ids.entry(name).or_insert_with(|| {
                strings.push(name.to_string());
                let id = profile.function.len() as u64 + 1;
                profile.function.push(Function {
                    id,
                    name: strings.len() as i64 - 1,
                });
                profile.location.push(Location {
                    id,
                    line: vec![Line { function_id: id }],
                });
                id
            });
            location_id.push(id);
        }
        profile.sample.push(Sample {
            location_id,
            value: vec![i64::try_from(*cycles).unwrap_or(i64::MAX)],
        });
    }
    profile.string_table = strings;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&profile.encode_to_vec())
        .expect("writing to memory");
    gz.finish().expect("writing to memory")
}

/// Reads a gzipped pprof profile (for tests and tools).
pub fn decode(bytes: &[u8]) -> Result<Profile, String> {
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut raw)
        .map_err(|e| format!("not gzip: {e}"))?;
    Profile::decode(raw.as_slice()).map_err(|e| format!("not a pprof profile: {e}"))
}
