//! Turning revert data into a readable message.

use alloy::dyn_abi::{DynSolValue, JsonAbiExt};
use alloy::json_abi::Error as AbiError;
use alloy::primitives::hex;

/// Selector of `Error(string)`.
const ERROR_STRING: [u8; 4] = [0x08, 0xc3, 0x79, 0xa0];
/// Selector of `Panic(uint256)`.
const PANIC: [u8; 4] = [0x4e, 0x48, 0x7b, 0x71];

/// A readable message for revert `data`: the string of `Error(string)`, the kind of a
/// `Panic(uint256)`, a custom error of `known` with its arguments, or the raw selector.
pub fn decode_revert(data: &[u8], known: &[AbiError]) -> String {
    let Some(selector) = data.get(..4) else {
        return if data.is_empty() {
            "no reason given (empty revert data)".to_string()
        } else {
            format!("unrecognized revert data 0x{}", hex::encode(data))
        };
    };
    if (selector == ERROR_STRING || selector == PANIC)
        && let Some(reason) = alloy::sol_types::decode_revert_reason(data)
    {
        return reason;
    }
    for error in known.iter().filter(|e| e.selector().as_slice() == selector) {
        if let Ok(values) = error.abi_decode_input(&data[4..]) {
            let args: Vec<String> = values.iter().map(format_value).collect();
            return format!("{}({})", error.name, args.join(", "));
        }
    }
    format!(
        "unknown custom error 0x{} (revert data 0x{})",
        hex::encode(selector),
        hex::encode(data)
    )
}

fn format_value(value: &DynSolValue) -> String {
    match value {
        DynSolValue::Bool(b) => b.to_string(),
        DynSolValue::Int(i, _) => i.to_string(),
        DynSolValue::Uint(u, _) => u.to_string(),
        DynSolValue::FixedBytes(word, size) => format!("0x{}", hex::encode(&word[..*size])),
        DynSolValue::Address(a) => a.to_checksum(None),
        DynSolValue::Bytes(b) => format!("0x{}", hex::encode(b)),
        DynSolValue::String(s) => format!("{s:?}"),
        DynSolValue::Array(items) | DynSolValue::FixedArray(items) => {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(format_value)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        DynSolValue::Tuple(items) => {
            format!(
                "({})",
                items
                    .iter()
                    .map(format_value)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::sol_types::{Revert, SolError};

    #[test]
    fn error_string_and_custom_errors_decode() {
        let data = Revert::from("not allowed").abi_encode();
        assert_eq!(decode_revert(&data, &[]), "revert: not allowed");
        let error = AbiError::parse("PublicInputNotInField(uint256 index)").unwrap();
        let mut data = error.selector().to_vec();
        data.extend_from_slice(&alloy::primitives::U256::from(3).to_be_bytes::<32>());
        assert_eq!(
            decode_revert(&data, std::slice::from_ref(&error)),
            "PublicInputNotInField(3)"
        );
        assert!(decode_revert(&data, &[]).starts_with("unknown custom error 0x"));
        assert_eq!(
            decode_revert(&[], &[]),
            "no reason given (empty revert data)"
        );
    }
}
