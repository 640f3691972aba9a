//! C guests: compiled and linked by [`GCC`] against picolibc and the
//! embedded C runtime.

use super::BuildError;
use super::embedded::SupportDir;
use super::error::io_err;
use super::process::run;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::SystemTime;

/// The C compiler for C guests.
pub const GCC: &str = "riscv64-unknown-elf-gcc";

/// Flags every C guest is compiled and linked with (besides the optimization
/// level, `-I <runtime>` and `-T <linker script>`).
///
/// `-march=rv32im -mabi=ilp32` selects the rv32im/ilp32 multilib of libgcc
/// and picolibc, so no compressed instruction enters the ELF; `-nostartfiles`
/// replaces picolibc's crt0 with the runtime's `crt0.S`; `-mstrict-align` keeps
/// every access naturally aligned (Trellis traps on misaligned ones).
pub const C_FLAGS: &[&str] = &[
    "-march=rv32im",
    "-mabi=ilp32",
    "--specs=picolibc.specs",
    "-nostartfiles",
    "-static",
    "-mcmodel=medlow",
    "-mstrict-align",
    "-ffunction-sections",
    "-fdata-sections",
    "-Wl,--gc-sections",
    "-Wall",
];

/// `.c`, `.S` and `.s` files directly inside `dir`, sorted.
pub(crate) fn c_sources(dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io_err(dir))? {
        let path = entry.map_err(io_err(dir))?.path();
        let ext = path.extension().and_then(OsStr::to_str);
        if path.is_file() && matches!(ext, Some("c" | "S" | "s")) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Compiles `files` (the guest at `source`) into
/// `<target_dir>/c/<release|debug>/<name>.elf`.
pub(crate) fn build_c(
    source: &Path,
    files: &[PathBuf],
    name: &str,
    release: bool,
    target_dir: &Path,
    support: &SupportDir,
    progress: &mut dyn FnMut(&str),
) -> Result<PathBuf, BuildError> {
    let runtime = &support.c_runtime;
    let script = &support.linker_script;
    let out_dir = target_dir
        .join("c")
        .join(if release { "release" } else { "debug" });
    std::fs::create_dir_all(&out_dir).map_err(io_err(&out_dir))?;
    let elf = out_dir.join(format!("{name}.elf"));

    let mut args: Vec<String> = C_FLAGS.iter().map(|s| s.to_string()).collect();
    if release {
        args.push("-O2".to_string());
    } else {
        args.extend(["-Og".to_string(), "-g".to_string()]);
    }
    args.push(format!("-I{}", runtime.display()));
    args.push(format!("-T{}", script.display()));
    args.push(runtime.join("crt0.S").display().to_string());
    args.push(runtime.join("trellis.c").display().to_string());
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.push("-lm".to_string());

    // Make-like cache: up to date when the ELF is newer than every input and
    // was linked by the same command line (which names the support
    // directory, itself named by the runtime's contents).
    let record = out_dir.join(format!("{name}.cmd"));
    let command_line = args.join("\n");
    let mut inputs: Vec<PathBuf> = files.to_vec();
    let headers_dir = if source.is_dir() {
        source
    } else {
        source.parent().unwrap_or(source)
    };
    if let Ok(entries) = std::fs::read_dir(headers_dir) {
        inputs.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension() == Some(OsStr::new("h"))),
        );
    }
    if up_to_date(&elf, &record, &command_line, &inputs) {
        return Ok(elf);
    }

    if Command::new(GCC)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_err()
    {
        return Err(BuildError::ToolchainMissing {
            tool: GCC.to_string(),
        });
    }
    // Link to a temporary name and rename: concurrent builds never see a
    // half-written ELF.
    let tmp = out_dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut cmd = Command::new(GCC);
    cmd.args(&args).arg("-o").arg(&tmp).current_dir(headers_dir);
    let result = run(cmd, GCC, source, progress);
    if let Err(err) = result {
        let _ = std::fs::remove_file(&tmp);
        if let BuildError::Compile { stderr_tail, .. } = &err
            && stderr_tail.contains("picolibc.specs")
        {
            return Err(BuildError::ToolchainMissing {
                tool: "picolibc for riscv64-unknown-elf (picolibc.specs)".to_string(),
            });
        }
        return Err(err);
    }
    std::fs::rename(&tmp, &elf).map_err(io_err(&elf))?;
    std::fs::write(&record, &command_line).map_err(io_err(&record))?;
    Ok(elf)
}

fn mtime(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn up_to_date(elf: &Path, record: &Path, command_line: &str, inputs: &[PathBuf]) -> bool {
    let Some(built) = mtime(elf) else {
        return false;
    };
    if std::fs::read_to_string(record).ok().as_deref() != Some(command_line) {
        return false;
    }
    inputs
        .iter()
        .all(|input| mtime(input).is_some_and(|t| t <= built))
}
