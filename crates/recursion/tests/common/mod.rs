//! The tamper corpus shared by the integration tests: structural alterations of a
//! segment proof and single-bit flips that still decode.

use p3_field::PrimeCharacteristicRing;
use p3_symmetric::MerkleCap;
use trellis_stark::{Challenge, Proof, Val};

/// One altered proof.
pub struct Case {
    /// What was altered.
    pub name: String,
    /// The altered proof.
    pub proof: Proof,
    /// The (possibly altered) public values.
    pub public_values: Vec<Vec<Val>>,
    /// Use the other program's key.
    pub wrong_key: bool,
}

/// A copy of `p` through its bytes.
pub fn copy(p: &Proof) -> Proof {
    Proof::from_bytes(&p.to_bytes()).expect("a proof's own bytes decode")
}

/// Adds one.
pub fn bump(v: &mut Val) {
    *v += Val::ONE;
}

/// Adds one.
pub fn bump_ext(v: &mut Challenge) {
    *v += Challenge::ONE;
}

/// Alters one root of a cap.
pub fn bump_cap(c: &mut MerkleCap<Val, [Val; 8]>) {
    let mut roots = c.roots().to_vec();
    roots[0][3] += Val::ONE;
    *c = MerkleCap::new(roots);
}

/// Structural alterations of `p` (each one change).
pub fn structured(p: &Proof, pv: &[Vec<Val>]) -> Vec<Case> {
    type Edit = Box<dyn Fn(&mut Proof, &mut Vec<Vec<Val>>)>;
    let mut edits: Vec<(String, Edit)> = Vec::new();
    let n = p.batch_proof().opened_values.instances.len();
    for i in 0..n {
        let inst = &p.batch_proof().opened_values.instances[i];
        // Two columns with different values at zeta (equal ones would swap to the same proof).
        let local = &inst.base_opened_values.trace_local;
        if let Some(j) = (1..local.len()).find(|&j| local[j] != local[0]) {
            edits.push((
                format!("swap opened main columns 0 and {j} of AIR {i}"),
                Box::new(move |p, _| {
                    p.batch_proof_mut().opened_values.instances[i]
                        .base_opened_values
                        .trace_local
                        .swap(0, j)
                }),
            ));
        }
        edits.push((
            format!("alter an opened main value of AIR {i}"),
            Box::new(move |p, _| {
                let v = &mut p.batch_proof_mut().opened_values.instances[i].base_opened_values;
                let last = v.trace_local.len() - 1;
                bump_ext(&mut v.trace_local[last]);
            }),
        ));
        if inst.base_opened_values.trace_next.is_some() {
            edits.push((
                format!("swap this and next row of AIR {i}"),
                Box::new(move |p, _| {
                    let v = &mut p.batch_proof_mut().opened_values.instances[i].base_opened_values;
                    let next = v.trace_next.take().unwrap();
                    v.trace_next = Some(std::mem::replace(&mut v.trace_local, next));
                }),
            ));
        }
        edits.push((
            format!("alter a quotient chunk of AIR {i}"),
            Box::new(move |p, _| {
                let v = &mut p.batch_proof_mut().opened_values.instances[i].base_opened_values;
                bump_ext(&mut v.quotient_chunks[0][1]);
            }),
        ));
        if !inst.permutation_local.is_empty() {
            edits.push((
                format!("alter a LogUp column opening of AIR {i}"),
                Box::new(move |p, _| {
                    bump_ext(
                        &mut p.batch_proof_mut().opened_values.instances[i].permutation_local[2],
                    )
                }),
            ));
            edits.push((
                format!("alter the LogUp terminal of AIR {i}"),
                Box::new(move |p, _| {
                    if let Some(t) = &mut p.batch_proof_mut().lookup_terminals[i] {
                        bump_ext(&mut t.0);
                    }
                }),
            ));
        }
        if inst.base_opened_values.preprocessed.is_some() {
            edits.push((
                format!("alter a preprocessed opening of AIR {i}"),
                Box::new(move |p, _| {
                    let v = &mut p.batch_proof_mut().opened_values.instances[i].base_opened_values;
                    bump_ext(&mut v.preprocessed.as_mut().unwrap().local[0]);
                }),
            ));
        }
        if !pv[i].is_empty() {
            edits.push((
                format!("alter a public value of AIR {i}"),
                Box::new(move |_, pv| bump(&mut pv[i][0])),
            ));
        }
    }
    edits.push((
        "alter the main commitment".into(),
        Box::new(|p, _| bump_cap(&mut p.batch_proof_mut().commitments.main)),
    ));
    edits.push((
        "alter the quotient commitment".into(),
        Box::new(|p, _| bump_cap(&mut p.batch_proof_mut().commitments.quotient_chunks)),
    ));
    edits.push((
        "alter the permutation commitment".into(),
        Box::new(|p, _| {
            if let Some(c) = &mut p.batch_proof_mut().commitments.permutation {
                bump_cap(c)
            }
        }),
    ));
    edits.push((
        "alter the FRI final polynomial".into(),
        Box::new(|p, _| bump_ext(&mut p.batch_proof_mut().opening_proof.final_poly[0])),
    ));
    edits.push((
        "alter a FRI commit-phase commitment".into(),
        Box::new(|p, _| bump_cap(&mut p.batch_proof_mut().opening_proof.commit_phase_commits[0])),
    ));
    edits.push((
        "alter a FRI sibling value".into(),
        Box::new(|p, _| {
            bump_ext(
                &mut p.batch_proof_mut().opening_proof.commit_phase_openings[0].sibling_values[0]
                    [0],
            )
        }),
    ));
    edits.push((
        "alter a FRI commit-phase Merkle sibling".into(),
        Box::new(|p, _| {
            let o = &mut p.batch_proof_mut().opening_proof.commit_phase_openings[0];
            bump(&mut o.opening_proof.sibling_hashes[0][0]);
        }),
    ));
    edits.push((
        "alter an opened input row".into(),
        Box::new(|p, _| {
            let o = &mut p.batch_proof_mut().opening_proof.input_openings[0];
            bump(&mut o.opened_values[0][0][0]);
        }),
    ));
    edits.push((
        "alter an input Merkle sibling".into(),
        Box::new(|p, _| {
            let o = &mut p.batch_proof_mut().opening_proof.input_openings[1];
            bump(&mut o.opening_proof.sibling_hashes[0][5]);
        }),
    ));
    edits.push((
        "alter the query grinding witness".into(),
        Box::new(|p, _| bump(&mut p.batch_proof_mut().opening_proof.query_pow_witness)),
    ));
    edits.push((
        "alter the batch grinding witness".into(),
        Box::new(|p, _| bump(&mut p.batch_proof_mut().opening_proof.batch_pow_witness)),
    ));
    edits.push((
        "alter the out-of-domain grinding witness".into(),
        Box::new(|p, _| bump(&mut p.batch_proof_mut().ood_pow_witness)),
    ));
    edits.push((
        "alter the lookup grinding witness".into(),
        Box::new(|p, _| {
            if let Some(w) = &mut p.batch_proof_mut().lookup_pow_witness {
                bump(w)
            }
        }),
    ));
    edits.push((
        "swap two query openings".into(),
        Box::new(|p, _| {
            let o = &mut p.batch_proof_mut().opening_proof.input_openings[0];
            o.opened_values.swap(0, 1);
        }),
    ));
    edits
        .into_iter()
        .map(|(name, edit)| {
            let mut proof = copy(p);
            let mut public_values = pv.to_vec();
            edit(&mut proof, &mut public_values);
            Case {
                name,
                proof,
                public_values,
                wrong_key: false,
            }
        })
        .collect()
}

/// Single-byte flips spread over the proof file, kept where the result still decodes.
pub fn byte_flips(p: &Proof, pv: &[Vec<Val>], count: usize) -> Vec<Case> {
    let bytes = p.to_bytes();
    let mut cases = Vec::new();
    let mut k = 0usize;
    while cases.len() < count && k < 40 * count {
        // A pseudo-random walk over the file (the first bytes are the envelope).
        let at = 16 + (k.wrapping_mul(7919) * 104_729) % (bytes.len() - 16);
        let bit = k % 8;
        k += 1;
        let mut altered = bytes.clone();
        altered[at] ^= 1 << bit;
        if let Ok(proof) = Proof::from_bytes(&altered) {
            cases.push(Case {
                name: format!("flip bit {bit} of byte {at}"),
                proof,
                public_values: pv.to_vec(),
                wrong_key: false,
            });
        }
    }
    cases
}
