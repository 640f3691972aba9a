//! The buses private to the ecall chips.

use trellis_stark::Bus;

/// `(timestamp, address, remaining, kind)`: the byte accesses of one
/// `read_input` (kind 0) or `reveal` (kind 1) call, as a chain. The Ecall row
/// sends the start `(t + 3, ptr, len, kind)` and receives the end
/// `(t + 3 + len, ptr + len, 0, kind)`; each EcallMemory row receives one
/// link and sends the next, `(T + 1, A + 1, R - 1, kind)`.
pub const ECALL_MEMORY: Bus = Bus::new("ecall_memory");

/// `(timestamp, byte)`: a revealed byte and the timestamp of the access that
/// read it, sent by EcallMemory reveal rows and received by PublicOutput.
pub const PUBLIC_OUTPUT: Bus = Bus::new("public_output");
