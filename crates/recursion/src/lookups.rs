//! The LogUp challenges: one pair `(α, β)` for the whole batch, laid out per AIR as
//! `[prefix(bus), β]` per lookup with `prefix(i) = α + (i+1)·β^W` (`W` the widest tuple),
//! global buses numbered by first appearance of their name, each local lookup a bus of
//! its own (Plonky3's `lay_out_lookup_challenges`).

use std::collections::HashMap;

use p3_lookup::{Kind, Lookups};
use trellis_stark::Val;

use crate::backend::VerifierBackend;

/// Which bus every lookup of every AIR uses, and the widest tuple.
pub struct BusLayout {
    bus_ids: Vec<Vec<usize>>,
    num_buses: usize,
    max_width: usize,
}

impl BusLayout {
    /// Numbers the buses of `lookups` (one entry per AIR).
    pub fn new(lookups: &[Lookups<Val>]) -> Self {
        let mut global: HashMap<&str, usize> = HashMap::new();
        let mut num_buses = 0;
        let mut max_width = 1;
        let bus_ids = lookups
            .iter()
            .map(|air| {
                air.iter()
                    .map(|l| {
                        let width = l.elements.first().map_or(0, Vec::len);
                        max_width = max_width.max(width);
                        match &l.kind {
                            Kind::Global(name) => {
                                *global.entry(name.as_str()).or_insert_with(|| {
                                    num_buses += 1;
                                    num_buses - 1
                                })
                            }
                            Kind::Local => {
                                num_buses += 1;
                                num_buses - 1
                            }
                        }
                    })
                    .collect()
            })
            .collect();
        Self {
            bus_ids,
            num_buses,
            max_width,
        }
    }

    /// The challenges each AIR's LogUp constraints read, from the sampled pair.
    pub fn challenges<B: VerifierBackend>(
        &self,
        b: &mut B,
        alpha: &B::EF,
        beta: &B::EF,
    ) -> Vec<Vec<B::EF>> {
        // gamma = beta^max_width by square-and-multiply.
        let mut gamma: Option<B::EF> = None;
        let mut square = beta.clone();
        let mut e = self.max_width;
        while e > 0 {
            if e & 1 == 1 {
                gamma = Some(match gamma {
                    None => square.clone(),
                    Some(g) => b.ext_mul(&g, &square),
                });
            }
            e >>= 1;
            if e > 0 {
                square = b.ext_mul(&square, &square);
            }
        }
        let gamma = gamma.expect("max_width is at least 1");
        let mut prefix = alpha.clone();
        let prefixes: Vec<B::EF> = (0..self.num_buses)
            .map(|_| {
                prefix = b.ext_add(&prefix, &gamma);
                prefix.clone()
            })
            .collect();
        self.bus_ids
            .iter()
            .map(|buses| {
                buses
                    .iter()
                    .flat_map(|&bus| [prefixes[bus].clone(), beta.clone()])
                    .collect()
            })
            .collect()
    }
}
