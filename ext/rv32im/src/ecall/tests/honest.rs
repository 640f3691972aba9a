//! Honest traces of real runs: every call and its edge cases.

use super::*;
use crate::ecall::abi::{EXIT, READ_INPUT, REVEAL, WRITE};
use crate::ecall::public_output::CAPACITY;
use trellis_stark::{Matrix, PrimeCharacteristicRing};
use trellis_vm::system_chips::connector::ConnectorAir;
use trellis_vm::system_chips::connector::ConnectorChip;

#[test]
fn exit_codes() {
    for code in [0, 1, 255, 0x1234_5678, 0x8000_0000, u32::MAX] {
        let mut words = Vec::new();
        call(&mut words, EXIT, &[code]);
        let (run, t) = honest(&words, &[]);
        assert_eq!(run.trace.result.exit_code, code);
        assert_eq!(t.ecall.height(), 4);
    }
}

#[test]
fn exit_tuple_matches_the_connector() {
    let mut words = Vec::new();
    call(&mut words, WRITE, &[1, DATA, 3]);
    call(&mut words, EXIT, &[0xdead_beef]);
    let (run, t) = honest(&words, &[]);
    let counters = LookupCounters::new();
    let connector = ConnectorChip.generate_trace(&run.ctx(&counters));
    let pvs = ConnectorChip.public_values(&claim(&run));
    check_air_constraints(&ConnectorChip.air(), &connector, &pvs).unwrap();
    assert_eq!(pvs[1..5], 0xdead_beefu32.to_le_bytes().map(Val::from_u8));
    let mut tally = BusTally::new();
    tally.add_all(&interactions(&ConnectorAir, &connector, &pvs));
    tally.add_all(&interactions(&EcallAir, &t.ecall, &[]));
    assert!(
        tally.unbalanced("exit").is_empty(),
        "{:?}",
        tally.unbalanced("exit")
    );
}

#[test]
fn writes_with_good_and_bad_descriptors() {
    let mut words = Vec::new();
    store(&mut words, DATA, b"hello, world");
    // Good fds: any length, and a zero length with a pointer outside memory.
    call(&mut words, WRITE, &[1, DATA, 12]);
    call(&mut words, WRITE, &[2, DATA + 3, 5]);
    call(&mut words, WRITE, &[1, 0, 0]);
    call(&mut words, WRITE, &[2, 0xffff_fff0, 0]);
    call(&mut words, WRITE, &[1, 0x1fff_fff0, 0x10]);
    call(&mut words, WRITE, &[1, 0x1000, 1]);
    // Bad fds: the buffer is not looked at.
    for fd in [0, 3, 255, 0x101, 0x201, 0x1_0000 + 1, 0x8000_0001, u32::MAX] {
        call(&mut words, WRITE, &[fd, 0, u32::MAX]);
    }
    call(&mut words, EXIT, &[0]);
    let (run, t) = honest(&words, &[]);
    assert_eq!(
        run.trace.result.stdout,
        b"hello, world\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
    );
    assert_eq!(run.register(A0), 0);
    assert_eq!(t.ecall.height(), 16);
}

#[test]
fn read_input_partial_empty_and_unaligned() {
    let input: Vec<u8> = (1..=23).collect();
    let mut words = Vec::new();
    call(&mut words, READ_INPUT, &[DATA + 1, 6]); // unaligned, 6 of 23
    words.extend([addi(20, A0, 0)]);
    call(&mut words, READ_INPUT, &[DATA + 8, 0]); // capacity 0
    call(&mut words, READ_INPUT, &[0, 0]); // null pointer, nothing copied
    call(&mut words, READ_INPUT, &[DATA + 0x1002, 0x7fff_ffff]); // huge capacity: the other 17
    words.extend([addi(21, A0, 0)]);
    call(&mut words, READ_INPUT, &[DATA, 8]); // end of input: 0
    words.extend([addi(22, A0, 0)]);
    call(&mut words, READ_INPUT, &[0xffff_ff00, 8]); // end of input, any pointer
    call(&mut words, EXIT, &[0]);
    let (run, t) = honest(&words, &input);
    assert_eq!([20, 21, 22].map(|r| run.register(r)), [6, 17, 0]);
    assert_eq!(t.memory.height(), 32, "23 byte stores");
}

#[test]
fn reveal_every_alignment_and_length() {
    let data: Vec<u8> = (0..64).map(|k| (k * 37 + 11) as u8).collect();
    let mut words = Vec::new();
    store(&mut words, DATA, &data);
    let mut expected: Vec<u8> = Vec::new();
    for start in 0..4u32 {
        for len in [0u32, 1, 2, 3, 4, 5, 9] {
            call(&mut words, REVEAL, &[DATA + start, len]);
            expected.extend(&data[start as usize..(start + len) as usize]);
        }
    }
    call(&mut words, REVEAL, &[0, 0]);
    call(&mut words, REVEAL, &[0xffff_ffff, 0]);
    call(&mut words, EXIT, &[7]);
    let (run, t) = honest(&words, &[]);
    assert_eq!(run.trace.result.public_output, expected);
    assert_eq!(run.register(A0), 7);
    assert_eq!(t.pvs[0], Val::from_usize(expected.len()));
}

#[test]
fn reveal_what_was_read() {
    // The example of tests/machine_errors.rs: write, reveal, read over it, reveal again, bad fd.
    let mut words = Vec::new();
    store(&mut words, DATA, b"hi!\n");
    for (a7, a0, a1, a2) in [
        (WRITE, 1, DATA, 4),
        (REVEAL, DATA, 2, 0),
        (READ_INPUT, DATA, 8, 0),
        (REVEAL, DATA, 4, 0),
        (WRITE, 7, DATA, 4),
    ] {
        call(&mut words, a7, &[a0, a1, a2]);
        words.push(addi(20 + (a7 & 3), A0, 0));
    }
    call(&mut words, EXIT, &[0]);
    let (run, _) = honest(&words, b"xyz");
    assert_eq!(run.trace.result.stdout, b"hi!\n");
    assert_eq!(run.trace.result.public_output, b"hixyz\n");
    assert_eq!(run.register(21), 3, "read_input returns bytes copied");
    assert_eq!(
        run.register(20),
        -9i32 as u32,
        "write to a bad fd returns -EBADF"
    );
}

#[test]
fn full_public_output_capacity() {
    let mut words = Vec::new();
    call(&mut words, READ_INPUT, &[DATA, CAPACITY as u32]);
    call(&mut words, REVEAL, &[DATA, CAPACITY as u32]);
    call(&mut words, EXIT, &[0]);
    let input: Vec<u8> = (0..CAPACITY).map(|k| (k % 251) as u8).collect();
    let (run, t) = honest(&words, &input);
    assert_eq!(run.trace.result.public_output, input);
    assert_eq!(t.public.height(), CAPACITY);
}

#[test]
fn degrees_are_at_most_three() {
    use crate::adapters::testing::assert_degrees;
    assert_eq!(assert_degrees(&DynAir::new(EcallAir)), 3);
    assert_eq!(assert_degrees(&DynAir::new(EcallMemoryAir)), 3);
    assert_eq!(assert_degrees(&DynAir::new(PublicOutputAir)), 3);
}
