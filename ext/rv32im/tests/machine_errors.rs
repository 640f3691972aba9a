//! Every way a guest can stop the machine with an error, each named clearly.

mod support;
use support::*;
use trellis_vm::ExecError;

#[test]
fn exit_code_and_registers_are_reported() {
    let mut words = li(5, 0xdead_beef).to_vec();
    words.extend(exit(42));
    let result = run(&words).unwrap();
    assert_eq!(result.exit_code, 42);
    assert_eq!(result.registers[5], 0xdead_beef);
    assert_eq!(result.cycles, words.len() as u64);
}

#[test]
fn writes_to_x0_are_discarded() {
    let mut words = vec![addi(0, 0, 5), add(6, 0, 0), lw(0, 2, 0)];
    words.splice(0..0, li(2, 0x10_0000));
    words.extend(exit(0));
    let result = run(&words).unwrap();
    assert_eq!(result.registers[0], 0);
    assert_eq!(result.registers[6], 0);
}

#[test]
fn cycle_limit_stops_an_infinite_loop() {
    let err = run_with(&[jal(0, 0)], &[], 10_000).unwrap_err();
    assert_eq!(
        err,
        ExecError::CycleLimitExceeded {
            limit: 10_000,
            pc: BASE
        }
    );
    assert!(err.to_string().contains("cycle limit of 10000"), "{err}");
}

#[test]
fn loads_outside_memory_are_rejected() {
    for addr in [0u32, 0xffc, 0x2000_0000, 0xffff_fffc] {
        let mut words = li(5, addr).to_vec();
        words.push(lw(6, 5, 0));
        let err = run(&words).unwrap_err();
        assert_eq!(
            err,
            ExecError::MemoryOutOfBounds {
                pc: BASE + 8,
                addr,
                size: 4,
                access: "load"
            },
            "address {addr:#x}"
        );
    }
}

#[test]
fn stores_outside_memory_are_rejected() {
    let mut words = li(5, 0x2000_0000).to_vec();
    words.push(sw(6, 5, -4));
    words.push(sw(6, 5, 0));
    let err = run(&words).unwrap_err();
    assert_eq!(
        err,
        ExecError::MemoryOutOfBounds {
            pc: BASE + 12,
            addr: 0x2000_0000,
            size: 4,
            access: "store"
        }
    );
}

#[test]
fn misaligned_accesses_are_rejected() {
    let mut words = li(5, 0x10_0002).to_vec();
    words.push(lw(6, 5, 0));
    let err = run(&words).unwrap_err();
    assert_eq!(
        err,
        ExecError::MisalignedAccess {
            pc: BASE + 8,
            addr: 0x10_0002,
            size: 4,
            access: "load"
        }
    );
    assert!(err.to_string().contains("misaligned load"), "{err}");
}

#[test]
fn misaligned_jump_is_rejected() {
    let mut words = li(5, BASE + 2).to_vec();
    words.push(jalr(0, 5, 0));
    let err = run(&words).unwrap_err();
    assert_eq!(
        err,
        ExecError::MisalignedJump {
            pc: BASE + 8,
            target: BASE + 2
        }
    );
}

#[test]
fn jalr_clears_bit_zero() {
    let mut words = li(5, BASE + 13).to_vec(); // target BASE + 12 after clearing bit 0
    words.push(jalr(1, 5, 0));
    words.extend(exit(7));
    let result = run(&words).unwrap();
    assert_eq!(result.exit_code, 7);
    assert_eq!(result.registers[1], BASE + 12);
}

#[test]
fn running_off_the_code_is_rejected() {
    let err = run(&[addi(5, 0, 1)]).unwrap_err();
    assert_eq!(err, ExecError::PcOutOfCode { pc: BASE + 4 });
}

#[test]
fn unknown_ecall_names_the_number() {
    let mut words = li(17, 1234).to_vec();
    words.push(ECALL);
    let err = run(&words).unwrap_err();
    assert_eq!(
        err,
        ExecError::UnknownEcall {
            pc: BASE + 8,
            number: 1234
        }
    );
}

#[test]
fn unimp_traps() {
    let err = run(&[0xc000_1073]).unwrap_err();
    assert!(
        matches!(
            err,
            ExecError::Trap {
                pc: BASE,
                word: 0xc000_1073,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("unimp"), "{err}");
}

#[test]
fn write_and_reveal_reach_the_host() {
    // Store "hi" at 0x100000, write it to stdout, reveal it, read 3 input bytes over it, reveal again.
    let mut words = li(5, 0x100000).to_vec();
    words.extend(li(6, u32::from_le_bytes(*b"hi!\n")));
    words.push(sw(6, 5, 0));
    for (a7, a0, a1, a2) in [
        (64u32, 1u32, 0x100000u32, 4u32),
        (0x5452_0003, 0x100000, 2, 0),
        (0x5452_0001, 0x100000, 8, 0),
        (0x5452_0003, 0x100000, 4, 0),
        (64, 7, 0x100000, 4),
    ] {
        words.extend(li(17, a7));
        words.extend(li(10, a0));
        words.extend(li(11, a1));
        words.extend(li(12, a2));
        words.push(ECALL);
        words.push(add(20 + (a7 & 3), 10, 0));
    }
    words.extend(exit(0));
    let result = run_with(&words, b"xyz", 1_000_000).unwrap();
    assert_eq!(result.stdout, b"hi!\n");
    assert_eq!(result.public_output, b"hixyz\n");
    assert_eq!(result.registers[21], 3, "read_input returns bytes copied");
    assert_eq!(
        result.registers[20], -9i32 as u32,
        "write to a bad fd returns -EBADF"
    );
}

#[test]
fn syscall_buffers_are_bounds_checked() {
    let mut words = li(17, 64).to_vec();
    words.extend(li(10, 1));
    words.extend(li(11, 0x1fff_fff0));
    words.extend(li(12, 0x20));
    words.push(ECALL);
    let err = run(&words).unwrap_err();
    assert!(
        matches!(
            err,
            ExecError::MemoryOutOfBounds {
                addr: 0x1fff_fff0,
                size: 0x20,
                ..
            }
        ),
        "{err:?}"
    );
}
