//! What the guest exchanges with the host: private input, stdout/stderr and
//! the public output.

use std::io::Write;

/// Most bytes of public output one run may reveal: what one proof carries
/// (the PublicOutput chip's height). Checked by every execution mode, so
/// `run` and `prove` stop with the same error, and by the chain check.
pub const MAX_PUBLIC_OUTPUT: usize = 1024;

/// Where guest writes to fd 1 or fd 2 go.
pub enum OutputSink {
    /// Kept in memory and returned with the result.
    Capture(Vec<u8>),
    /// Passed straight to a host stream (e.g. the CLI's stdout), unbuffered
    /// so output appears as the guest produces it.
    Stream(Box<dyn Write + Send>),
    /// Dropped (a run whose output was already seen, e.g. the prover's
    /// execute-ahead pass).
    Discard,
}

impl OutputSink {
    /// Appends guest bytes.
    pub fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Self::Capture(buf) => {
                buf.extend_from_slice(bytes);
                Ok(())
            }
            Self::Stream(w) => {
                w.write_all(bytes)?;
                w.flush()
            }
            Self::Discard => Ok(()),
        }
    }

    /// The captured bytes (empty for streams).
    pub fn into_captured(self) -> Vec<u8> {
        match self {
            Self::Capture(buf) => buf,
            Self::Stream(_) | Self::Discard => Vec::new(),
        }
    }
}

impl std::fmt::Debug for OutputSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Capture(buf) => write!(f, "Capture({} bytes)", buf.len()),
            Self::Stream(_) => write!(f, "Stream"),
            Self::Discard => write!(f, "Discard"),
        }
    }
}

/// The guest's channels to the host.
#[derive(Debug)]
pub struct HostIo {
    input: Vec<u8>,
    input_pos: usize,
    /// Guest fd 1.
    pub stdout: OutputSink,
    /// Guest fd 2.
    pub stderr: OutputSink,
    /// Bytes revealed as public output.
    pub public_output: Vec<u8>,
    /// Bytes revealed before this machine started (earlier segments of
    /// the run), counted against [`MAX_PUBLIC_OUTPUT`].
    pub earlier_output: u64,
}

impl HostIo {
    /// Channels with the given private input and both outputs captured.
    pub fn captured(input: Vec<u8>) -> Self {
        Self {
            input,
            input_pos: 0,
            stdout: OutputSink::Capture(Vec::new()),
            stderr: OutputSink::Capture(Vec::new()),
            public_output: Vec::new(),
            earlier_output: 0,
        }
    }

    /// Channels with the given input, writing guest output to the host's own stdout/stderr.
    pub fn streaming(input: Vec<u8>) -> Self {
        Self {
            stdout: OutputSink::Stream(Box::new(std::io::stdout())),
            stderr: OutputSink::Stream(Box::new(std::io::stderr())),
            ..Self::captured(input)
        }
    }

    /// Channels with the given input whose stdout and stderr are dropped.
    pub fn discarding(input: Vec<u8>) -> Self {
        Self {
            stdout: OutputSink::Discard,
            stderr: OutputSink::Discard,
            ..Self::captured(input)
        }
    }

    /// Takes up to `max` bytes of the remaining input.
    pub fn take_input(&mut self, max: usize) -> &[u8] {
        let start = self.input_pos;
        let end = start + max.min(self.input.len() - start);
        self.input_pos = end;
        &self.input[start..end]
    }

    /// Bytes the whole run has revealed so far (earlier segments included).
    pub fn revealed(&self) -> u64 {
        self.earlier_output + self.public_output.len() as u64
    }

    /// Bytes of input not yet read.
    pub fn input_remaining(&self) -> usize {
        self.input.len() - self.input_pos
    }

    /// Bytes of input already read.
    pub fn input_position(&self) -> u64 {
        self.input_pos as u64
    }

    /// Continues reading the input at `position` (clamped to its length),
    /// as when resuming a run from a checkpoint.
    pub fn resume_input_at(&mut self, position: u64) {
        self.input_pos =
            usize::try_from(position).map_or(self.input.len(), |p| p.min(self.input.len()));
    }
}
