//! Writing GNU assembly text one machine instruction per line.
//!
//! Pseudo-instructions that may expand to several words (`li`, `la`) are
//! written out as their real instructions, so every line [`Asm::insn`] emits
//! is exactly one 32-bit instruction and the per-mnemonic counts are exact.

use crate::reg::Reg;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Assembly text under construction, with a histogram of the instructions in it.
#[derive(Debug, Default, Clone)]
pub struct Asm {
    text: String,
    counts: BTreeMap<&'static str, u64>,
    label_prefix: &'static str,
    next_label: u32,
}

impl Asm {
    /// An empty text whose labels are `.Lb1`, `.Lb2`, ...
    pub fn new() -> Self {
        Self::with_label_prefix("b")
    }

    /// An empty text whose labels are `.L<prefix>1`, ...: texts that will be
    /// joined need different prefixes.
    pub fn with_label_prefix(label_prefix: &'static str) -> Self {
        Self {
            label_prefix,
            ..Self::default()
        }
    }

    /// Emits one instruction: `mnemonic operands`.
    pub fn insn(&mut self, mnemonic: &'static str, operands: std::fmt::Arguments<'_>) {
        writeln!(self.text, "    {mnemonic} {operands}").expect("writing to a String");
        *self.counts.entry(mnemonic).or_default() += 1;
    }

    /// Emits a line that is not an instruction (directive, label, comment).
    pub fn raw(&mut self, line: impl std::fmt::Display) {
        writeln!(self.text, "{line}").expect("writing to a String");
    }

    /// A fresh local label name, not yet placed.
    pub fn fresh_label(&mut self) -> String {
        self.next_label += 1;
        format!(".L{}{}", self.label_prefix, self.next_label)
    }

    /// Places `label` at the current position.
    pub fn label(&mut self, label: &str) {
        self.raw(format_args!("{label}:"));
    }

    /// Loads the constant `value` into `rd` with `lui` + `addi` (or one of them).
    pub fn li(&mut self, rd: Reg, value: u32) {
        let lo = ((value << 20) as i32) >> 20; // low 12 bits, sign-extended
        let hi = value.wrapping_sub(lo as u32) >> 12;
        if hi != 0 {
            self.insn("lui", format_args!("{rd}, {hi:#x}"));
            if lo != 0 {
                self.insn("addi", format_args!("{rd}, {rd}, {lo}"));
            }
        } else {
            self.insn("addi", format_args!("{rd}, x0, {lo}"));
        }
    }

    /// Loads the address `symbol` (an expression such as `.L3+1`) into `rd`
    /// with `auipc` + `addi`, pc-relative.
    pub fn la(&mut self, rd: Reg, symbol: &str) {
        let anchor = self.fresh_label();
        self.label(&anchor);
        self.insn("auipc", format_args!("{rd}, %pcrel_hi({symbol})"));
        self.insn("addi", format_args!("{rd}, {rd}, %pcrel_lo({anchor})"));
    }

    /// Instructions emitted so far.
    pub fn instruction_count(&self) -> u64 {
        self.counts.values().sum()
    }

    /// How often each mnemonic was emitted.
    pub fn counts(&self) -> &BTreeMap<&'static str, u64> {
        &self.counts
    }

    /// The text so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Appends another text (its labels must not clash with ours) and adds its counts.
    pub fn append(&mut self, other: &Asm) {
        self.text.push_str(&other.text);
        for (mnemonic, count) in &other.counts {
            *self.counts.entry(mnemonic).or_default() += count;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `li` splits a constant so that `lui hi` + `addi lo` rebuilds it.
    #[test]
    fn li_rebuilds_every_edge_value() {
        for &value in crate::values::EDGE_VALUES
            .iter()
            .chain(&[0x1234_5800, 0xdead_beef, 0x800])
        {
            let mut asm = Asm::new();
            asm.li(Reg(5), value);
            let mut acc = 0u32;
            for line in asm.text().lines() {
                let parts: Vec<&str> = line.split_whitespace().collect();
                let last = parts.last().unwrap();
                match parts[0] {
                    "lui" => {
                        acc = u32::from_str_radix(last.trim_start_matches("0x"), 16).unwrap() << 12
                    }
                    "addi" => acc = acc.wrapping_add(last.parse::<i32>().unwrap() as u32),
                    other => panic!("unexpected {other}"),
                }
            }
            assert_eq!(acc, value, "li {value:#x}:\n{}", asm.text());
        }
    }
}
