//! A std guest: reads a JSON order book from stdin with `serde_json` (std),
//! totals it per account in a `HashMap` and prints the totals as JSON.
//!
//! Input: `{"orders":[{"account":"alice","amount":120,"note":"…"},…]}`.
//! Output: the totals as a JSON object on stdout (accounts sorted); public
//! output: the number of orders and the grand total, each a u32 LE, then the
//! account with the largest total as UTF-8.  Invalid JSON, or an amount that
//! does not fit a u32, panics with serde_json's message (exit code 101).
use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use serde::Deserialize;

#[derive(Deserialize)]
struct Book {
    orders: Vec<Order>,
}

#[derive(Deserialize)]
struct Order {
    account: String,
    amount: u32,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

fn main() {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .expect("the input is UTF-8 text");
    let book: Book = serde_json::from_str(&text).expect("the input is an order book");

    let mut totals: HashMap<&str, u64> = HashMap::new();
    for order in &book.orders {
        *totals.entry(order.account.as_str()).or_default() += u64::from(order.amount);
    }
    let sorted: BTreeMap<&str, u64> = totals.iter().map(|(k, v)| (*k, *v)).collect();
    println!("{}", serde_json::to_string(&sorted).expect("a map of numbers"));

    let grand: u64 = totals.values().sum();
    let top = sorted
        .iter()
        .max_by_key(|(account, total)| (**total, std::cmp::Reverse(**account)))
        .map_or("", |(account, _)| account);
    trellis_guest::reveal_u32(book.orders.len() as u32);
    trellis_guest::reveal_u32(u32::try_from(grand).expect("grand total fits a u32"));
    trellis_guest::reveal(top.as_bytes());
}
