//! The host program `trellis new` writes (templates/rust/host/main.rs),
//! compiled here against this SDK: a change to the SDK's API that breaks
//! it fails this test target's build. It is not run (it proves with
//! production parameters).

#[allow(dead_code)]
#[path = "../templates/rust/host/main.rs"]
mod host;

/// What is compiled here is what `trellis new` writes: the file has no
/// placeholders to fill in.
#[test]
fn the_host_template_is_written_verbatim() {
    let template = include_str!("../templates/rust/host/main.rs");
    assert!(
        !template.contains("{{"),
        "placeholders in the host template"
    );
    assert!(template.contains("fn main()"));
}
