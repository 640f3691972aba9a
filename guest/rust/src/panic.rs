//! Panic handler: `panicked at FILE:LINE:COL:\nMESSAGE\n` on stderr, exit 101.
//! Running out of heap ends here too, with the message
//! "memory allocation of N bytes failed".

#[cfg(all(
    target_arch = "riscv32",
    any(target_os = "none", target_os = "zkvm"),
    not(feature = "std")
))]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    use core::fmt::Write;

    let mut w = crate::io::FdWriter::new(2);
    match info.location() {
        Some(loc) => {
            let _ = writeln!(
                w,
                "panicked at {}:{}:{}:",
                loc.file(),
                loc.line(),
                loc.column()
            );
        }
        None => {
            let _ = w.write_str("panicked:\n");
        }
    }
    let _ = writeln!(w, "{}", info.message());
    w.flush();
    crate::io::exit(101)
}
