//! What only shows across rows: references generated for rows without one, references used
//! twice, and payouts that look like an earlier row's (same CLABE, same amount).

use std::collections::{HashMap, HashSet};

use desk_i18n::msg;

use super::columns::{Columns, Field};
use super::earlier::Earlier;
use super::rows::{BatchRow, RowProblem};

/// What the references generated for a batch's rows start with, after a `B`: one to
/// [`OrderIdPrefix::MAX_LEN`] ASCII letters and digits that tell this batch from others (a
/// date, a batch number), so that `B<prefix>-<row>` is unique beyond the file too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderIdPrefix(String);

impl OrderIdPrefix {
    /// The longest prefix: `B`, 6 characters, `-`, a row of up to 6 digits and, when a row of
    /// the file already uses the reference, `-` and up to 5 more digits stay within Monnet's 20.
    pub const MAX_LEN: usize = 6;

    /// The prefix `text`, if it is 1 to [`OrderIdPrefix::MAX_LEN`] ASCII letters and digits.
    pub fn new(text: &str) -> Option<OrderIdPrefix> {
        let fits = (1..=Self::MAX_LEN).contains(&text.len());
        (fits && text.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| OrderIdPrefix(text.to_string()))
    }

    /// The reference generated for `row`: `B<prefix>-<row>`, or with `-2`, `-3`… after it when
    /// a row of the file already has that one as its own.
    fn order_id(&self, row: u32, taken: &HashSet<&str>) -> String {
        let plain = format!("B{}-{row}", self.0);
        if !taken.contains(plain.as_str()) {
            return plain;
        }
        // `taken` holds at most one reference per row, so one of the first rows + 1 is free.
        let mut n = 2usize;
        loop {
            let id = format!("{plain}-{n}");
            if !taken.contains(id.as_str()) {
                return id;
            }
            n += 1;
        }
    }
}

/// Fills in the reference of every row that has none of its own; returns the positions of the
/// rows whose reference changed (and must be validated again).
pub(super) fn assign_order_ids(rows: &mut [BatchRow], prefix: &OrderIdPrefix) -> Vec<usize> {
    let ids: Vec<String> = {
        let taken: HashSet<&str> = rows
            .iter()
            .filter(|r| !r.order_id_generated)
            .map(|r| r.draft.order_id.trim())
            .collect();
        rows.iter()
            .map(|r| match r.order_id_generated {
                true => prefix.order_id(r.row, &taken),
                false => String::new(),
            })
            .collect()
    };
    let mut changed = Vec::new();
    for (i, (row, id)) in rows.iter_mut().zip(ids).enumerate() {
        if row.order_id_generated && row.draft.order_id != id {
            row.draft.order_id = id;
            changed.push(i);
        }
    }
    changed
}

/// Marks, on each row, a reference an earlier row or an earlier payout already uses (a
/// problem), and an earlier row or payout with the same CLABE and amount (a possible duplicate
/// for the merchant to keep or drop).
pub(super) fn compare_rows(rows: &mut [BatchRow], columns: &Columns, earlier: &Earlier) {
    let (reused, duplicates): (Vec<Option<u32>>, Vec<Option<u32>>) = {
        let mut first_with_id: HashMap<&str, u32> = HashMap::with_capacity(rows.len());
        let mut first_with_key = HashMap::with_capacity(rows.len());
        rows.iter()
            .map(|r| {
                let id = r.draft.order_id.trim();
                let reused = match id.is_empty() {
                    true => None,
                    false => first_with_id.get(id).copied().or_else(|| {
                        first_with_id.insert(id, r.row);
                        None
                    }),
                };
                let duplicate = r.duplicate_key().and_then(|key| {
                    first_with_key.get(&key).copied().or_else(|| {
                        first_with_key.insert(key, r.row);
                        None
                    })
                });
                (reused, duplicate)
            })
            .unzip()
    };
    let column = columns.title(Field::OrderId.name()).map(str::to_string);
    for ((row, reused), duplicate) in rows.iter_mut().zip(reused).zip(duplicates) {
        let id = row.draft.order_id.trim();
        let problem = |message: String| RowProblem {
            row: row.row,
            column: column.clone(),
            field: Some(Field::OrderId.name().to_string()),
            message,
        };
        let in_file = reused.map(|first| {
            problem(msg!("batch.reference_in_file", reference = id, row = first).to_string())
        });
        let used_before = earlier
            .taken
            .contains(id)
            .then(|| problem(msg!("batch.reference_used", reference = id).to_string()));
        let repeats = row
            .duplicate_key()
            .and_then(|(clabe, amount)| earlier.repeats.get(&(clabe.to_string(), amount)))
            .cloned();
        row.set_cross_problems(in_file.into_iter().chain(used_before));
        row.duplicate_of = duplicate;
        row.repeats_earlier = repeats;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_short_letters_and_digits() {
        assert!(OrderIdPrefix::new("261203").is_some());
        assert!(OrderIdPrefix::new("A7").is_some());
        for bad in ["", "1234567", "a-b", "ñ", "a b"] {
            assert_eq!(OrderIdPrefix::new(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_generated_reference_steps_around_the_files_own() {
        let prefix = OrderIdPrefix::new("X").unwrap();
        let taken: HashSet<&str> = ["BX-4", "BX-4-2"].into_iter().collect();
        assert_eq!(prefix.order_id(3, &taken), "BX-3");
        assert_eq!(prefix.order_id(4, &taken), "BX-4-3");
        // The longest stays within Monnet's 20 characters.
        let prefix = OrderIdPrefix::new("ABCDEF").unwrap();
        let longest = format!("{}-{}", prefix.order_id(999_999, &HashSet::new()), 10_001);
        assert!(longest.len() <= 20, "{longest}");
    }
}
