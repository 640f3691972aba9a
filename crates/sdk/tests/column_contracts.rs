//! Every chip of every built-in configuration declares the domain of each of
//! its columns, and the declarations hold against the AIR's own constraints
//! and bus interactions (`trellis_vm::circuit::contracts`): a declared bit
//! has a booleanity constraint, a declared byte or limb a range lookup, and
//! no column is left unread.

use std::collections::BTreeSet;
use trellis_sdk::{Trellis, TrellisConfig};
use trellis_stark::DynAir;
use trellis_vm::circuit::contracts::check_contract;

/// Both AIR sets (whole-run and segment) of the configuration with every
/// built-in extension on.
fn every_air() -> Vec<DynAir> {
    let names: Vec<&str> = trellis_sdk::config::known_extensions()
        .iter()
        .map(|known| known.name)
        .collect();
    let trellis = Trellis::from_config(&TrellisConfig::with_extensions(names)).unwrap();
    let mut airs = trellis.vm().airs(None);
    airs.extend(trellis.vm().segment_airs(None));
    let mut seen = BTreeSet::new();
    airs.retain(|air| seen.insert(format!("{air:?}")));
    airs
}

#[test]
fn every_chip_keeps_its_column_contract() {
    let airs = every_air();
    assert!(airs.len() >= 20, "expected every chip, got {}", airs.len());
    let mut report = Vec::new();
    for air in &airs {
        if let Err(violations) = check_contract(air) {
            report.push(format!("{air:?}: {} violation(s)", violations.len()));
            for v in violations.iter().take(8) {
                report.push(format!("    {v}"));
            }
        }
    }
    assert!(
        report.is_empty(),
        "column contracts:\n{}",
        report.join("\n")
    );
}
