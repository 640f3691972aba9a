//! How a [`SecurityLevel`] reads: one line for `keygen` / `verify`, and the full report.

use std::fmt::{self, Write};

use super::SecurityLevel;

impl SecurityLevel {
    /// One line: proven bits (and regime), conjectured bits.
    pub fn summary(&self) -> String {
        format!(
            "{:.1} bits proven ({}), {:.1} bits conjectured (p3-security 0.8.0)",
            self.proven_bits,
            self.proven_regime,
            self.conjectured_bits()
        )
    }

    /// The full report: parameters, batch shape, and every term of every regime.
    pub fn report(&self) -> String {
        let p = &self.params;
        let s = &self.shape;
        let mut out = String::new();
        let _ = writeln!(out, "security: {}", self.summary());
        let _ = writeln!(
            out,
            "parameters: log_blowup {}, {} queries, fold arity 2^{}, final poly 2^{}, max trace 2^{}; \
             grinding: query {}, commit {}, batch {}, out-of-domain {}, lookup {} bits",
            p.log_blowup,
            p.num_queries,
            p.max_log_arity,
            p.log_final_poly_len,
            p.max_log_trace_height,
            p.query_pow_bits,
            p.commit_pow_bits,
            p.batch_pow_bits,
            p.ood_pow_bits,
            p.lookup_pow_bits
        );
        let _ = writeln!(
            out,
            "shape: {} AIRs at up to 2^{} rows, {} main columns, {} constraints (max degree {}, \
             DEEP union degree {}), {} batched column openings, {} LogUp tuples per row (widest {})",
            s.num_airs,
            s.log_trace_length,
            s.main_columns,
            s.num_constraints,
            s.max_constraint_degree,
            s.deep_degree,
            s.batched_openings,
            s.lookup_tuples,
            s.max_tuple_width
        );
        let regimes = [
            Some(&self.unique_decoding),
            self.list_decoding.as_ref(),
            Some(&self.conjectured),
        ];
        for r in regimes.into_iter().flatten() {
            let terms: Vec<String> = r
                .terms
                .iter()
                .map(|t| format!("{} {:.1}", t.label, t.bits))
                .collect();
            let _ = writeln!(
                out,
                "  {:<26} {:>6.1} bits (binding: {}): {}",
                format!("{}:", r.regime),
                r.bits(),
                r.binding().label,
                terms.join(", ")
            );
        }
        out
    }
}

impl fmt::Display for SecurityLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())
    }
}
