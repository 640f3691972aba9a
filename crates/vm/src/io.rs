//! What the guest exchanges with the host: private input, stdout/stderr and
//! the public output.

use std::io::Write;

/// Where guest writes to fd 1 or fd 2 go.
pub enum OutputSink {
    /// Kept in memory and returned with the result.
    Capture(Vec<u8>),
    /// Passed straight to a host stream (e.g. the CLI's stdout), unbuffered
    /// so output appears as the guest produces it.
    Stream(Box<dyn Write + Send>),
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
        }
    }

    /// The captured bytes (empty for streams).
    pub fn into_captured(self) -> Vec<u8> {
        match self {
            Self::Capture(buf) => buf,
            Self::Stream(_) => Vec::new(),
        }
    }
}

impl std::fmt::Debug for OutputSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Capture(buf) => write!(f, "Capture({} bytes)", buf.len()),
            Self::Stream(_) => write!(f, "Stream"),
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

    /// Takes up to `max` bytes of the remaining input.
    pub fn take_input(&mut self, max: usize) -> &[u8] {
        let start = self.input_pos;
        let end = start + max.min(self.input.len() - start);
        self.input_pos = end;
        &self.input[start..end]
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
