//! The fixed row schedule of one compression: what each of its
//! [`ROWS_PER_BLOCK`] rows does. The same table is the preprocessed trace
//! of the schedule chip (`super::table`), which the compression rows look
//! up, so a row's position fixes its flags, its round constant and its
//! word offsets.

use crate::compress::K;

/// Rows per compression: 1 instruction row, 4 state-load rows, 64 round
/// rows, 1 final row.
pub const ROWS_PER_BLOCK: usize = 70;
/// Position of the first round row.
pub const FIRST_ROUND: usize = 5;
/// Position of the final row.
pub const FINAL: usize = ROWS_PER_BLOCK - 1;
/// First round whose row writes output words.
pub const FIRST_WRITE_ROUND: usize = 61;

/// What the row at one position does (all flags 0 or 1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowInfo {
    /// Position in the block, `0..ROWS_PER_BLOCK`.
    pub j: u32,
    /// `K_r` of a round row (0 elsewhere).
    pub k: u32,
    /// The instruction row: execution and program bus, register reads.
    pub is_instruction: bool,
    /// A state-load row: both slots read state words into `a` and `e`.
    pub is_load: bool,
    /// A round row.
    pub is_round: bool,
    /// The final row (the state after 64 rounds).
    pub is_final: bool,
    /// Slot A reads block word `r` (rounds 0..15).
    pub reads_block: bool,
    /// `W_r` comes from the message schedule (rounds 16..63).
    pub schedule: bool,
    /// Both slots write an output word (rounds 61..63 and the final row).
    pub is_write: bool,
    /// Byte offset of slot A's word from its base pointer.
    pub off_a: u32,
    /// Byte offset of slot E's word from the state pointer.
    pub off_e: u32,
}

/// The row at position `j` (< [`ROWS_PER_BLOCK`]).
pub fn row_info(j: usize) -> RowInfo {
    let mut info = RowInfo {
        j: j as u32,
        ..Default::default()
    };
    match j {
        0 => info.is_instruction = true,
        1..=4 => {
            // Load row p reads state words 3 - p and 7 - p.
            let word = 3 - (j as u32 - 1);
            info.is_load = true;
            info.off_a = 4 * word;
            info.off_e = 4 * (word + 4);
        }
        FINAL => {
            info.is_final = true;
            info.is_write = true;
            info.off_a = 0;
            info.off_e = 16;
        }
        _ => {
            let r = j - FIRST_ROUND;
            info.is_round = true;
            info.k = K[r];
            if r < 16 {
                info.reads_block = true;
                info.off_a = 4 * r as u32;
            } else {
                info.schedule = true;
            }
            if r >= FIRST_WRITE_ROUND {
                // Round row r holds a_r = word 64 - r of the output state.
                let word = (64 - r) as u32;
                info.is_write = true;
                info.off_a = 4 * word;
                info.off_e = 4 * (word + 4);
            }
        }
    }
    info
}

impl RowInfo {
    /// Accesses made by slot A (0 or 1).
    pub fn en_a(&self) -> u32 {
        u32::from(self.is_instruction || self.is_load || self.reads_block || self.is_write)
    }
    /// Accesses made by slot E (0 or 1).
    pub fn en_e(&self) -> u32 {
        u32::from(self.is_instruction || self.is_load || self.is_write)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::{ACCESSES, STATE_ORDER};

    #[test]
    fn accesses_follow_the_executor() {
        let rows: Vec<RowInfo> = (0..ROWS_PER_BLOCK).map(row_info).collect();
        let total: u32 = rows.iter().map(|r| r.en_a() + r.en_e()).sum();
        assert_eq!(total, ACCESSES);
        let loads: Vec<u32> = rows
            .iter()
            .filter(|r| r.is_load)
            .flat_map(|r| [r.off_a / 4, r.off_e / 4])
            .collect();
        let writes: Vec<u32> = rows
            .iter()
            .filter(|r| r.is_write)
            .flat_map(|r| [r.off_a / 4, r.off_e / 4])
            .collect();
        let order: Vec<u32> = STATE_ORDER.iter().map(|&i| i as u32).collect();
        assert_eq!(loads, order);
        assert_eq!(writes, order);
        assert_eq!(rows.iter().filter(|r| r.reads_block).count(), 16);
        assert_eq!(rows.iter().filter(|r| r.schedule).count(), 48);
        assert!(rows[FINAL].is_final && rows[FIRST_ROUND].is_round);
    }
}
