//! `trellis_sdk::Input` against the guest's readers: `examples/inputs`
//! reads a postcard value, a frame and 4 raw bytes, and reveals them.

use trellis_sdk::build::build_example;
use trellis_sdk::{ExecOptions, Input, Trellis};

fn round_trip(number: u32, text: &str, frame: &[u8], raw: u32) {
    let trellis = Trellis::rv32im();
    let elf = build_example("inputs").unwrap();
    let program = trellis.load_program(&elf).unwrap();
    let input = Input::new()
        .write(&(number, text))
        .write_slice(frame)
        .write_u32(raw);
    let result = trellis
        .execute(&program, input.into_bytes(), &ExecOptions::default())
        .unwrap();
    assert_eq!(result.exit_code, 0);
    let expected = [
        &number.to_le_bytes()[..],
        text.as_bytes(),
        frame,
        &raw.to_le_bytes(),
    ]
    .concat();
    assert_eq!(result.public_output, expected);
}

#[test]
fn every_part_reaches_the_guest_as_written() {
    round_trip(7, "seven", b"frame", 42);
    round_trip(0, "", b"", 0);
    round_trip(u32::MAX, "ünïcödé ✓", &[0xff; 300], 0xdead_beef);
}

#[test]
fn a_misframed_input_is_a_guest_panic_not_a_misread() {
    let trellis = Trellis::rv32im();
    let elf = build_example("inputs").unwrap();
    let program = trellis.load_program(&elf).unwrap();
    // A raw u32 where the guest expects a frame: the frame length reads as
    // 42 bytes the input does not have.
    let input = Input::new().write_u32(42).write_raw(b"short");
    let result = trellis
        .execute(&program, input.into_bytes(), &ExecOptions::default())
        .unwrap();
    assert_eq!(result.exit_code, 101, "the guest panics");
    assert!(String::from_utf8_lossy(&result.stderr).contains("input ended inside a frame"));
}
