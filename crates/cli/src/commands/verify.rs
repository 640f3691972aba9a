//! `trellis verify`.

use clap::Args;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use trellis_sdk::{
    AggregatedProof, Claim, SecurityLevel, Trellis, TrellisProof, VerifyOptions, VerifyingKey,
    aggregation_cache::CACHE_DIR_ENV,
};

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The proof file.
    #[arg(default_value = "trellis.proof")]
    proof: PathBuf,
    /// The verifying key from `trellis keygen`.
    #[arg(long, default_value = "trellis.vk")]
    vk: PathBuf,
    /// Print p3-security's full report (every error term of every regime).
    #[arg(long)]
    security_report: bool,
    /// Accept a key made with the INSECURE test parameters (`keygen
    /// --insecure-test-params`); such a proof proves nothing.
    #[arg(long)]
    allow_insecure_test_params: bool,
    /// Print the verdict as one JSON object on stdout, alone (the usual
    /// lines go to stderr); a rejected proof gives `"valid": false` and the
    /// reason, and still a nonzero exit status.
    #[arg(long)]
    json: bool,
    /// Write that JSON verdict to this file instead (also on rejection).
    #[arg(long, value_name = "FILE", conflicts_with = "json")]
    json_out: Option<PathBuf>,
}

/// The verdict of `trellis verify --json`. Fields that could not be known
/// (the key or proof did not load) are null.
#[derive(Serialize, Debug, Default)]
struct VerifyJson {
    /// The proof verifies against the key.
    valid: bool,
    /// Why it does not (the message of the `error:` line); null when valid.
    reason: Option<String>,
    /// The key's program id (64 hex digits).
    program_id: Option<String>,
    /// The proven exit code.
    exit_code: Option<u32>,
    /// The proven public output, as hex.
    public_output_hex: Option<String>,
    /// The run's first pc.
    entry_pc: Option<u32>,
    /// The pc of the run's exiting instruction.
    final_pc: Option<u32>,
    /// Segments in the proof (null for an aggregated proof).
    segments: Option<usize>,
    /// Whether the file is an aggregated proof (`trellis aggregate`).
    aggregated: Option<bool>,
    /// The key's proven security (bits).
    security_bits_proven: Option<f64>,
    /// The key's conjectured security (bits).
    security_bits_conjectured: Option<f64>,
    /// The proven bits reach the required 100 (false only for a key made
    /// with the insecure test parameters).
    security_meets_requirement: Option<bool>,
    /// Seconds the verification itself took.
    seconds: Option<f64>,
}

impl VerifyJson {
    fn key(&mut self, vk: &VerifyingKey) {
        let security: &SecurityLevel = vk.security();
        self.program_id = Some(vk.program_id().to_string());
        self.security_bits_proven = Some(security.proven_bits);
        self.security_bits_conjectured = Some(security.conjectured_bits());
        self.security_meets_requirement = Some(security.meets_requirement());
    }

    fn claim(&mut self, claim: &Claim) {
        self.exit_code = Some(claim.exit_code);
        self.public_output_hex = Some(super::hex(&claim.public_output));
        self.entry_pc = Some(claim.entry_pc);
        self.final_pc = Some(claim.final_pc);
    }
}

pub fn verify(args: VerifyArgs, trellis: &Trellis) -> anyhow::Result<ExitCode> {
    if let Some(path) = &args.json_out {
        trellis_sdk::files::check_distinct(
            path,
            "--json-out",
            &[(&args.proof, "the proof"), (&args.vk, "the verifying key")],
        )?;
    }
    let mut json = VerifyJson::default();
    let verdict = check(&args, trellis, &mut json);
    if args.json || args.json_out.is_some() {
        json.valid = verdict.is_ok();
        json.reason = verdict.as_ref().err().map(|e| e.to_string());
        super::emit_json(&json, args.json_out.as_deref())?;
    }
    verdict.map(|()| ExitCode::SUCCESS)
}

/// Verifies, printing the usual lines (on stderr with `--json`) and
/// filling `json` with what is known.
fn check(args: &VerifyArgs, trellis: &Trellis, json: &mut VerifyJson) -> anyhow::Result<()> {
    let vk = VerifyingKey::from_bytes(trellis.vm(), &super::read_file(&args.vk)?, &args.vk)?;
    json.key(&vk);
    super::print_security(vk.security(), args.security_report);
    let bytes = super::read_file(&args.proof)?;
    let options = VerifyOptions {
        allow_insecure_test_params: args.allow_insecure_test_params,
    };
    let start = Instant::now();
    let claim = if AggregatedProof::is_aggregated_file(&bytes) {
        let proof = AggregatedProof::from_bytes(&bytes, &args.proof)?;
        json.aggregated = Some(true);
        let claim = trellis.verify_aggregated_reporting(&vk, &proof, &options, &|shapes| {
            eprintln!(
                "making the aggregation keys of {shapes} segment shape(s): not in the key cache (seconds per shape; later verifications load them)"
            )
        })?;
        let keys = match trellis.aggregation_key_cache() {
            Some(cache) => format!("key cache {}", cache.dir().display()),
            None => format!("no key cache: ${CACHE_DIR_ENV} is empty or there is no home"),
        };
        eprintln!(
            "aggregated proof verified in {:.3} s ({} segment shape(s); {keys})",
            start.elapsed().as_secs_f64(),
            proof.shapes.len()
        );
        claim
    } else {
        let proof = TrellisProof::from_bytes(&bytes, &args.proof)?;
        json.segments = Some(proof.segments.len());
        json.aggregated = Some(false);
        let claim = trellis.verify_with(&vk, &proof, &options)?;
        eprintln!(
            "proof of {} segment(s) verified in {:.3} s",
            proof.segments.len(),
            start.elapsed().as_secs_f64()
        );
        claim
    };
    let seconds = start.elapsed().as_secs_f64();
    json.claim(&claim);
    json.seconds = Some(seconds);
    let lines = [
        format!("program id: {}", vk.program_id()),
        format!("exit code: {}", claim.exit_code),
        format!(
            "entry pc: {:#010x}, final pc: {:#010x}",
            claim.entry_pc, claim.final_pc
        ),
        format!(
            "public output ({} bytes): {}",
            claim.public_output.len(),
            super::hex(&claim.public_output)
        ),
    ];
    for line in lines {
        if args.json {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    }
    Ok(())
}
