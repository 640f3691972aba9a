//! `trellis new` and `trellis build` with the CLI installed by
//! `cargo install --path crates/cli`, used from a temporary directory
//! outside the repository: the projects build into their own `target/`,
//! run, prove and verify; cargo's flags are passed through; failures show
//! the compiler's errors; the build is quiet when stderr is not a terminal.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The workspace's target directory: this test runs as
/// `<target>/debug/deps/build_anywhere-<hash>`.
fn workspace_target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors()
        .nth(3)
        .expect("<target>/<profile>/deps/<test>")
        .to_path_buf()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// `trellis` installed with `cargo install --path crates/cli --debug`
/// (once per run; it reuses this test build's target directory, so it is
/// mostly linking).
fn installed_trellis() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("trellis-install");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let out = Command::new(cargo)
            .args(["install", "--path"])
            .arg(repo().join("crates/cli"))
            .args(["--debug", "--locked", "--offline", "--force", "--root"])
            .arg(&root)
            .arg("--target-dir")
            .arg(workspace_target_dir())
            .output()
            .expect("cargo runs");
        assert!(
            out.status.success(),
            "cargo install failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        root.join("bin/trellis")
    })
}

/// Runs the installed `trellis` in `dir` with `envs` set.
fn trellis_env(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    Command::new(installed_trellis())
        .current_dir(dir)
        .args(args)
        .env_remove("TRELLIS_BUILD_VERBOSE")
        .envs(envs.iter().copied())
        .output()
        .expect("trellis runs")
}

fn trellis(dir: &Path, args: &[&str]) -> Output {
    trellis_env(dir, args, &[])
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts success; returns stdout.
fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "status {}\nstdout: {}\nstderr: {}",
        out.status,
        stdout(out),
        stderr(out)
    );
    stdout(out)
}

/// `trellis build` in `dir`: the ELF it prints, checked to lie under
/// `expected_dir`; stderr must stay empty (not a terminal, not verbose).
fn build(dir: &Path, args: &[&str], expected_dir: &Path) -> PathBuf {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = trellis(dir, &all);
    let elf = PathBuf::from(ok(&out).trim());
    assert_eq!(
        stderr(&out),
        "",
        "a build is quiet when stderr is not a terminal"
    );
    let elf = dir.join(elf).canonicalize().unwrap();
    assert!(
        elf.starts_with(expected_dir.canonicalize().unwrap()),
        "{} is not under {}",
        elf.display(),
        expected_dir.display()
    );
    elf
}

/// Runs `elf` with n = 7: the template's sum of squares 1..=7 = 140 (0x8c).
fn run_template(dir: &Path, elf: &Path) {
    let out = trellis(dir, &["run", elf.to_str().unwrap(), "--input-u32", "7"]);
    assert_eq!(ok(&out), "sum of squares 1..=7 = 140\n");
    assert!(
        stderr(&out).contains("public output (4 bytes): 8c000000"),
        "{}",
        stderr(&out)
    );
}

/// Runs the `trellis` commands the project's README lists, in the project
/// directory, as they are (but with test parameters for keygen and
/// verify): build, run, keygen, prove and verify with n = 10, whose sum of
/// squares 385 = 0x181 the proof reveals.
fn run_readme_commands(project: &Path) {
    let readme = std::fs::read_to_string(project.join("README.md")).unwrap();
    let commands: Vec<Vec<&str>> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("trellis "))
        .map(|l| l.split('#').next().unwrap().split_whitespace().collect())
        .collect();
    let names: Vec<&str> = commands.iter().map(|c| c[0]).collect();
    assert_eq!(
        names,
        ["build", "run", "keygen", "prove", "verify"],
        "{readme}"
    );
    let mut last = String::new();
    for mut args in commands {
        match args[0] {
            "keygen" => args.push("--insecure-test-params"),
            "verify" => args.push("--allow-insecure-test-params"),
            _ => {}
        }
        let out = trellis(project, &args);
        last = format!("{}{}", ok(&out), stderr(&out));
    }
    assert!(last.contains("81010000"), "{last}");
    assert!(last.contains("exit code: 0"), "{last}");
}

/// `cargo metadata --no-deps` of a manifest.
fn metadata(manifest: &Path) -> serde_json::Value {
    let out = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args([
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(manifest)
        .output()
        .unwrap();
    serde_json::from_slice(ok(&out).as_bytes()).unwrap()
}

#[test]
fn a_new_rust_project_builds_runs_proves_and_verifies_outside_the_repo() {
    let tmp = tempfile::tempdir().unwrap();
    let out = trellis(tmp.path(), &["new", "demo"]);
    ok(&out);
    let project = tmp.path().join("demo");
    let manifest = std::fs::read_to_string(project.join("Cargo.toml")).unwrap();
    assert!(
        manifest
            .contains(r#"trellis-guest = { path = "vendor/trellis-guest", version = "=0.1.0", features = ["std"] }"#),
        "{manifest}"
    );
    assert!(project.join("vendor/trellis-guest/src/lib.rs").is_file());
    // The examples' pinned serde and postcard: no registry lookup.
    std::fs::copy(
        repo().join("examples/Cargo.lock"),
        project.join("Cargo.lock"),
    )
    .unwrap();

    // Built into the project's own target/, with the support files there.
    let elf = build(
        &project,
        &["."],
        &project.join("target/riscv32im-risc0-zkvm-elf/release"),
    );
    assert!(elf.ends_with("demo"));
    let support = std::fs::read_dir(project.join("target/trellis-support"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert!(support.join("trellis.ld").is_file());
    run_template(&project, &elf);
    run_readme_commands(&project);

    // The guest crate is a workspace of its own; the host crate too, and
    // it names an SDK that exists. (The host is not compiled here: that
    // would build the whole prover; crates/cli/tests/host_template.rs
    // compiles its code.)
    let guest_meta = metadata(&project.join("Cargo.toml"));
    assert_eq!(
        Path::new(guest_meta["workspace_root"].as_str().unwrap()),
        project.canonicalize().unwrap()
    );
    let host_meta = metadata(&project.join("host/Cargo.toml"));
    let host = &host_meta["packages"][0];
    assert_eq!(host["name"], "demo-host");
    let sdk = host["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "trellis-sdk")
        .expect("the host depends on trellis-sdk");
    assert_eq!(
        Path::new(sdk["path"].as_str().unwrap())
            .canonicalize()
            .unwrap(),
        repo().join("crates/sdk")
    );
    let host_main = std::fs::read_to_string(project.join("host/src/main.rs")).unwrap();
    assert_eq!(
        host_main,
        include_str!("../templates/rust/host/main.rs"),
        "host/src/main.rs is the template compiled by host_template.rs"
    );
}

#[test]
fn cargo_flags_change_the_guest_and_failures_show_the_compiler_errors() {
    let tmp = tempfile::tempdir().unwrap();
    ok(&trellis(tmp.path(), &["new", "feat"]));
    let project = tmp.path().join("feat");
    std::fs::copy(
        repo().join("examples/Cargo.lock"),
        project.join("Cargo.lock"),
    )
    .unwrap();
    let manifest = std::fs::read_to_string(project.join("Cargo.toml")).unwrap();
    let manifest = manifest.replace(
        "[features]\ndefault = []\n",
        "[features]\ndefault = [\"greet\"]\ngreet = []\nshout = []\n\n\
         [profile.small]\ninherits = \"release\"\nopt-level = \"s\"\n",
    );
    std::fs::write(project.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(
        project.join("src/main.rs"),
        r#"#![no_std]
#![no_main]
trellis_guest::entry!(main);
fn main() {
    let word = if cfg!(feature = "shout") {
        "SHOUT"
    } else if cfg!(feature = "greet") {
        "hello"
    } else {
        "plain"
    };
    trellis_guest::println!("{word}");
}
"#,
    )
    .unwrap();
    let release = project.join("target/riscv32im-risc0-zkvm-elf/release");
    let said = |elf: &Path| ok(&trellis(&project, &["run", elf.to_str().unwrap()]));
    assert_eq!(said(&build(&project, &["."], &release)), "hello\n");
    assert_eq!(
        said(&build(&project, &[".", "--no-default-features"], &release)),
        "plain\n"
    );
    assert_eq!(
        said(&build(
            &project,
            &[".", "--no-default-features", "--features", "shout"],
            &release
        )),
        "SHOUT\n"
    );
    // --profile: cargo's profile, and the ELF in its directory.
    let small = project.join("target/riscv32im-risc0-zkvm-elf/small");
    assert_eq!(
        said(&build(&project, &[".", "--profile", "small"], &small)),
        "hello\n"
    );

    // -v and TRELLIS_BUILD_VERBOSE print cargo's output.
    let main = std::fs::read_to_string(project.join("src/main.rs")).unwrap();
    std::fs::write(project.join("src/main.rs"), main + "// changed\n").unwrap();
    let out = trellis(&project, &["build", ".", "-v", "-F", "shout"]);
    ok(&out);
    assert!(
        stderr(&out).contains("Compiling feat v0.1.0"),
        "{}",
        stderr(&out)
    );
    let out = trellis_env(&project, &["build", "."], &[("TRELLIS_BUILD_VERBOSE", "1")]);
    ok(&out);
    assert!(
        stderr(&out).contains("Finished `release` profile"),
        "{}",
        stderr(&out)
    );

    // A compile error: nonzero exit, the error with its source line, no
    // progress lines.
    std::fs::write(
        project.join("src/main.rs"),
        "#![no_std]\n#![no_main]\ntrellis_guest::entry!(main);\nfn main() {\n    let n: u32 = \"not a number\";\n}\n",
    )
    .unwrap();
    let out = trellis(&project, &["build", "."]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error: cargo failed"), "{err}");
    assert!(err.contains("error[E0308]: mismatched types"), "{err}");
    assert!(err.contains(r#"let n: u32 = "not a number";"#), "{err}");
    assert!(!err.contains("Compiling"), "{err}");
}

#[test]
fn a_new_c_project_builds_runs_proves_and_verifies_outside_the_repo() {
    let tmp = tempfile::tempdir().unwrap();
    ok(&trellis(tmp.path(), &["new", "democ", "--lang", "c"]));
    let project = tmp.path().join("democ");
    assert_eq!(
        std::fs::read_to_string(project.join("trellis.h")).unwrap(),
        std::fs::read_to_string(repo().join("guest/c/trellis.h")).unwrap()
    );
    let elf = build(tmp.path(), &["democ"], &project.join("target/c/release"));
    assert!(elf.ends_with("democ.elf"));
    run_template(&project, &elf);
    run_readme_commands(&project);
    // --target-dir (relative to the current directory).
    let elf = build(
        &project,
        &[".", "--target-dir", "../elsewhere"],
        &tmp.path().join("elsewhere/c/release"),
    );
    run_template(&project, &elf);
    // Cargo's flags are refused by name.
    for flag in [
        &["--features", "x"][..],
        &["--no-default-features"],
        &["--profile", "small"],
    ] {
        let mut args = vec!["build", "."];
        args.extend_from_slice(flag);
        let out = trellis(&project, &args);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(
            err.contains(&format!("error: {} applies to Rust guests only", flag[0])),
            "{err}"
        );
    }
    // A compile error shows gcc's message and exits nonzero.
    std::fs::write(project.join("main.c"), "int main(void) { return nope; }\n").unwrap();
    let out = trellis(&project, &["build", "."]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("'nope' undeclared"), "{err}");
}

#[test]
fn new_refuses_a_non_empty_directory_and_bad_names() {
    let tmp = tempfile::tempdir().unwrap();
    let trellis = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_trellis"))
            .current_dir(tmp.path())
            .args(args)
            .output()
            .unwrap()
    };
    std::fs::create_dir(tmp.path().join("taken")).unwrap();
    std::fs::write(tmp.path().join("taken/file"), "mine").unwrap();
    let out = trellis(&["new", "taken"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("already exists and is not an empty directory"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_dir(tmp.path().join("taken")).unwrap().count(),
        1
    );
    for bad in ["9lives", "a/b", "with space", ""] {
        let out = trellis(&["new", bad]);
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("is not a project name"),
            "{bad}: {}",
            stderr(&out)
        );
    }
    // An empty directory is fine, and --path puts the project there.
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    ok(&trellis(&[
        "new", "named", "--path", "empty", "--lang", "c",
    ]));
    assert!(tmp.path().join("empty/main.c").is_file());
    let out = trellis(&["new", "x", "--lang", "c", "--sdk-path", "."]);
    assert!(
        stderr(&out).contains("--sdk-path applies to Rust projects only"),
        "{}",
        stderr(&out)
    );
    let out = trellis(&["new", "y", "--sdk-path", "."]);
    assert!(
        stderr(&out).contains("not the trellis-sdk crate"),
        "{}",
        stderr(&out)
    );
    // --accelerated: Rust only, and only with a source tree's patches.
    let out = trellis(&["new", "z", "--lang", "c", "--accelerated"]);
    assert!(
        stderr(&out).contains("--accelerated applies to Rust projects only"),
        "{}",
        stderr(&out)
    );
    let lone_sdk = tmp.path().join("lone/crates/sdk");
    std::fs::create_dir_all(&lone_sdk).unwrap();
    std::fs::write(
        lone_sdk.join("Cargo.toml"),
        "[package]\nname = \"trellis-sdk\"\n",
    )
    .unwrap();
    let out = trellis(&["new", "w", "--accelerated", "--sdk-path", "lone"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("--accelerated needs the patched crates")
            && stderr(&out).contains("sha2, keccak, tiny-keccak"),
        "{}",
        stderr(&out)
    );
    for name in ["z", "w"] {
        assert!(!tmp.path().join(name).exists(), "{name} was written");
    }
}

/// A `trellis new` project turned into one of the std examples: the
/// example's sources and dependencies, the runtime still the vendored copy.
fn std_project(tmp: &Path, example: &str, deps: &str) -> PathBuf {
    ok(&trellis(tmp, &["new", example]));
    let project = tmp.join(example);
    let manifest = std::fs::read_to_string(project.join("Cargo.toml")).unwrap();
    let manifest = manifest.replace(
        "features = [\"std\"] }\n",
        &format!("features = [\"std\"] }}\n{deps}\n"),
    );
    std::fs::write(project.join("Cargo.toml"), manifest).unwrap();
    let src = repo().join("examples").join(example).join("src");
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, project.join("src").join(path.file_name().unwrap())).unwrap();
    }
    // The examples' pinned versions: no registry lookup.
    std::fs::copy(
        repo().join("examples/Cargo.lock"),
        project.join("Cargo.lock"),
    )
    .unwrap();
    project
}

/// std guests using regex (and tracing), serde_json and bytes — crates that
/// need `std` or atomic compare-and-swap — built by the installed CLI from
/// outside the repository, run, and one of them proven and verified.
#[test]
fn std_guests_with_regex_serde_json_and_bytes_build_and_run_outside_the_repo() {
    let tmp = tempfile::tempdir().unwrap();
    // One build directory for the three: the standard library is compiled once.
    let target = tmp.path().join("shared-target");
    let target_arg = target.to_str().unwrap();
    let release = target.join("riscv32im-risc0-zkvm-elf/release");

    let log = tmp.path().join("log.txt");
    std::fs::write(
        &log,
        "2026-12-05T17:02:12Z WARN net::peer: slow reply from 10.0.0.7 (412 ms)\n\
         not a log line\n\
         2026-12-05T17:02:13Z ERROR db::pool: connection refused (35 ms)\n",
    )
    .unwrap();
    let project = std_project(tmp.path(), "logscan", "regex = \"1\"\ntracing = \"0.1\"");
    let elf = build(&project, &[".", "--target-dir", target_arg], &release);
    let out = trellis(
        &project,
        &[
            "run",
            elf.to_str().unwrap(),
            "--input",
            log.to_str().unwrap(),
        ],
    );
    assert_eq!(
        ok(&out),
        "ERROR: 1\nWARN: 1\nslowest reply: 412 ms (net::peer)\n"
    );
    // entries 2, errors 1, warnings 1, malformed 1, slowest 412 = 0x19c.
    assert!(
        stderr(&out).contains(
            "public output (20 bytes): 02000000010000000100000001000000\
             9c010000"
        ),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("ERROR logscan: connection refused (35 ms)"),
        "{}",
        stderr(&out)
    );

    let project = std_project(
        tmp.path(),
        "json-std",
        "serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"",
    );
    let elf = build(&project, &[".", "--target-dir", target_arg], &release);
    let book = tmp.path().join("book.json");
    std::fs::write(
        &book,
        r#"{"orders":[{"account":"zed","amount":2},{"account":"amy","amount":2}]}"#,
    )
    .unwrap();
    let elf_arg = elf.to_str().unwrap();
    let book_arg = book.to_str().unwrap();
    let out = trellis(&project, &["run", elf_arg, "--input", book_arg]);
    assert_eq!(ok(&out), "{\"amy\":2,\"zed\":2}\n");
    // 2 orders, total 4, top account "amy" (ties go to the first name).
    let public = "0200000004000000616d79";
    assert!(stderr(&out).contains(public), "{}", stderr(&out));
    ok(&trellis(
        &project,
        &[
            "keygen",
            elf_arg,
            "--pk",
            "j.pk",
            "--vk",
            "j.vk",
            "--insecure-test-params",
        ],
    ));
    ok(&trellis(
        &project,
        &[
            "prove", elf_arg, "--pk", "j.pk", "--input", book_arg, "-o", "j.proof",
        ],
    ));
    let out = trellis(
        &project,
        &[
            "verify",
            "j.proof",
            "--vk",
            "j.vk",
            "--allow-insecure-test-params",
        ],
    );
    let said = format!("{}{}", ok(&out), stderr(&out));
    assert!(said.contains(public), "{said}");

    let project = std_project(tmp.path(), "bytes-frames", "bytes = \"1\"");
    let elf = build(&project, &[".", "--target-dir", target_arg], &release);
    let frames = tmp.path().join("frames.bin");
    std::fs::write(&frames, [0, 2, b'h', b'i', 0, 0, 0, 1, b'!']).unwrap();
    let out = trellis(
        &project,
        &[
            "run",
            elf.to_str().unwrap(),
            "--input",
            frames.to_str().unwrap(),
        ],
    );
    assert_eq!(ok(&out), "3 frames, 9 bytes\n");
}

/// The Merkle root of the accelerated template's tree of `n` leaves
/// (leaf i = H(i LE), parent = H(left || right), an odd node moves up).
fn merkle_root(n: u32, hash: fn(&[&[u8]]) -> [u8; 32]) -> [u8; 32] {
    let mut level: Vec<[u8; 32]> = (0..n).map(|i| hash(&[&i.to_le_bytes()])).collect();
    if level.is_empty() {
        return hash(&[]);
    }
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [l, r] => hash(&[l, r]),
                [odd] => *odd,
                _ => unreachable!(),
            })
            .collect();
    }
    level[0]
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn an_accelerated_project_hashes_with_patched_crates_on_the_precompiles() {
    use sha2::Digest;
    use tiny_keccak::Hasher;
    let tmp = tempfile::tempdir().unwrap();
    ok(&trellis(tmp.path(), &["new", "fast", "--accelerated"]));
    let project = tmp.path().join("fast");

    // The patches are the source tree's, by absolute path; the extensions
    // they need are enabled; the lock the patches were tested with comes
    // along (no registry lookup).
    let manifest = std::fs::read_to_string(project.join("Cargo.toml")).unwrap();
    for krate in ["sha2", "keccak", "tiny-keccak"] {
        let line = format!(
            "{krate} = {{ path = \"{}\" }}",
            repo().join("guest/patches").join(krate).display()
        );
        assert!(manifest.contains(&line), "{line}\n{manifest}");
    }
    assert!(
        std::fs::read_to_string(project.join("trellis.toml"))
            .unwrap()
            .contains(r#"extensions = ["rv32im", "sha256", "keccak"]"#)
    );
    assert!(project.join("Cargo.lock").is_file());

    // The build links the patched crates, without a warning (no unused
    // patch, no warnings from the patched sources).
    let out = trellis(&project, &["build", ".", "-v"]);
    ok(&out);
    let log = stderr(&out);
    for krate in ["sha2 v0.10.9", "keccak v0.1.6", "tiny-keccak v2.0.2"] {
        let compiling = format!(
            "Compiling {krate} ({}",
            repo().join("guest/patches").display()
        );
        assert!(log.contains(&compiling), "{compiling}\n{log}");
    }
    assert!(!log.contains("warning"), "{log}");
    let elf = build(
        &project,
        &["."],
        &project.join("target/riscv32im-risc0-zkvm-elf/release"),
    );
    let elf = elf.to_str().unwrap();

    // Run with the project's trellis.toml: the roots of the host's crates.
    let out = trellis(&project, &["run", elf, "--input-u32", "7"]);
    let sha256 = merkle_root(7, |parts| {
        let mut h = sha2::Sha256::new();
        parts.iter().for_each(|p| h.update(p));
        h.finalize().into()
    });
    let keccak256 = merkle_root(7, |parts| {
        let mut h = tiny_keccak::Keccak::v256();
        parts.iter().for_each(|p| h.update(p));
        let mut out = [0u8; 32];
        h.finalize(&mut out);
        out
    });
    assert_eq!(
        ok(&out),
        format!(
            "sha256 merkle root of 7 leaves: {}\nkeccak256 merkle root of 7 leaves: {}\n",
            hex(&sha256),
            hex(&keccak256)
        )
    );
    let public = format!("{}{}", hex(&sha256), hex(&keccak256));
    assert!(
        stderr(&out).contains(&format!("public output (64 bytes): {public}")),
        "{}",
        stderr(&out)
    );

    // The program uses the precompiles: an RV32IM-only VM refuses it.
    std::fs::write(
        tmp.path().join("plain.toml"),
        "[vm]\nextensions = [\"rv32im\"]\n",
    )
    .unwrap();
    let out = trellis(
        &project,
        &["run", elf, "--config", "../plain.toml", "--input-u32", "7"],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("to [vm] extensions in trellis.toml"),
        "{}",
        stderr(&out)
    );

    // The README's commands (test parameters): keygen, prove and verify
    // with the project's trellis.toml; n = 10.
    let readme = std::fs::read_to_string(project.join("README.md")).unwrap();
    let commands: Vec<Vec<&str>> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("trellis "))
        .map(|l| l.split('#').next().unwrap().split_whitespace().collect())
        .collect();
    let names: Vec<&str> = commands.iter().map(|c| c[0]).collect();
    assert_eq!(
        names,
        ["build", "run", "keygen", "prove", "verify"],
        "{readme}"
    );
    let mut last = String::new();
    for mut args in commands {
        match args[0] {
            "keygen" => args.push("--insecure-test-params"),
            "verify" => args.push("--allow-insecure-test-params"),
            _ => {}
        }
        let out = trellis(&project, &args);
        last = format!("{}{}", ok(&out), stderr(&out));
    }
    assert!(last.contains("exit code: 0"), "{last}");
    let root = hex(&merkle_root(10, |parts| {
        let mut h = sha2::Sha256::new();
        parts.iter().for_each(|p| h.update(p));
        h.finalize().into()
    }));
    assert!(last.contains(&root), "{last}");
}
