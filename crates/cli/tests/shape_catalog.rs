//! Shape catalogs from the command line: `trellis prove --learn-shapes` writes the
//! shapes a run's segments take (merged into the file's catalog where there is one);
//! `trellis prove --shape-catalog` proves at them (also with `--segments`, then
//! `trellis aggregate --shape-catalog`), so two
//! runs of different lengths get aggregated proofs over the same aggregation keys (the
//! catalog's), and `trellis verify` accepts both; a catalog of another configuration or
//! a damaged catalog file is refused with an error naming it and a nonzero exit.

use std::path::Path;
use std::process::{Command, Output};

use trellis_sdk::build::build_example;
use trellis_sdk::{AggregatedProof, ShapeCatalogFile};

fn trellis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .output()
        .expect("trellis runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stderr)
}

#[test]
fn runs_proven_against_one_catalog_share_their_aggregation_keys() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let elf = build_example("fibonacci").unwrap();
    let (pk, vk, catalog) = (d("pk"), d("vk"), d("catalog.json"));
    ok(&trellis(&[
        "keygen",
        p(&elf),
        "--pk",
        p(&pk),
        "--vk",
        p(&vk),
        "--insecure-test-params",
    ]));
    let prove = |input: &str, extra: &[&str], output: &Path| {
        let mut args = vec![
            "prove",
            p(&elf),
            "--pk",
            p(&pk),
            "--input-u32",
            input,
            "--segment-cycles",
            "2048",
            "-o",
            p(output),
        ];
        args.extend_from_slice(extra);
        trellis(&args)
    };

    // Learn from a long and a short run: nothing is proven, the catalog is written, then
    // holds the shapes of both.
    let learned = ok(&prove("400", &["--learn-shapes", p(&catalog)], &d("none")));
    assert!(learned.contains("distinct shape(s)"), "{learned}");
    assert!(!d("none").exists());
    let long_only = ShapeCatalogFile::read(&catalog).unwrap();
    let learned = ok(&prove("40", &["--learn-shapes", p(&catalog)], &d("none")));
    assert!(learned.contains("merged with the catalog"), "{learned}");
    let file = ShapeCatalogFile::read(&catalog).unwrap();
    assert!(
        long_only.shapes[..long_only.shapes.len() - 1]
            .iter()
            .all(|s| file.shapes.contains(s))
    );

    // Two runs of different lengths against the catalog: both list its shapes, so the
    // verifier makes the same keys for both, and both verify.
    let (short, long) = (d("short.agg"), d("long.agg"));
    ok(&prove("40", &["--shape-catalog", p(&catalog)], &short));
    ok(&prove("400", &["--shape-catalog", p(&catalog)], &long));
    for path in [&short, &long] {
        let agg = AggregatedProof::from_bytes(&std::fs::read(path).unwrap(), path).unwrap();
        assert_eq!(agg.shapes, file.shapes, "{}", path.display());
        let out = trellis(&[
            "verify",
            p(path),
            "--vk",
            p(&vk),
            "--allow-insecure-test-params",
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }

    // Segment proofs against the catalog, aggregated later against it: the same keys.
    let (segs, agg) = (d("long.segs"), d("later.agg"));
    ok(&prove(
        "400",
        &["--segments", "--shape-catalog", p(&catalog)],
        &segs,
    ));
    ok(&trellis(&[
        "aggregate",
        p(&segs),
        "--vk",
        p(&vk),
        "-o",
        p(&agg),
        "--shape-catalog",
        p(&catalog),
    ]));
    let later = AggregatedProof::from_bytes(&std::fs::read(&agg).unwrap(), &agg).unwrap();
    assert_eq!(later.shapes, file.shapes);
    ok(&trellis(&[
        "verify",
        p(&agg),
        "--vk",
        p(&vk),
        "--allow-insecure-test-params",
    ]));

    // A catalog whose tables are not the key's, and a damaged file: refused, named.
    let mut other = file.clone();
    other.tables[0] = "another table".into();
    let other_path = d("other.json");
    std::fs::write(&other_path, other.to_bytes()).unwrap();
    let damaged = d("damaged.json");
    std::fs::write(&damaged, b"{ \"tables\": [").unwrap();
    for (path, expected) in [
        (&other_path, "made for the tables"),
        (&damaged, "not a shape catalog"),
    ] {
        let out = prove("40", &["--shape-catalog", p(path)], &d("refused.agg"));
        assert!(!out.status.success());
        let err = text(&out.stderr);
        assert!(err.contains(p(path)) && err.contains(expected), "{err}");
        assert!(!d("refused.agg").exists());
    }
}
