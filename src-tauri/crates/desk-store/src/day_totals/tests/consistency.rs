//! The kept totals against the records they sum: after any writes, after the migration, and
//! read through their indexes.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use std::collections::BTreeMap;

use desk_domain::Provider;
use rusqlite::params;

use super::*;

/// The totals recounted from the records themselves, by the rules written again in Rust.
fn recount(s: &Store) -> BTreeMap<(String, i64, String, String), Totals> {
    let conn = s.reader();
    let mut stmt = conn
        .prepare("SELECT environment, created_at, provider, currency, kind, status, amount_minor, captured_minor, parent_id FROM transactions")
        .unwrap();
    let mut out: BTreeMap<_, Totals> = BTreeMap::new();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, Option<i64>>(7)?,
                r.get::<_, Option<String>>(8)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (env, at, provider, currency, kind, status, amount, captured, parent) = row.unwrap();
        let mut t = Totals::default();
        let payment =
            parent.is_none() && !["payout", "refund", "capture", "void"].contains(&kind.as_str());
        if payment
            && ["succeeded", "captured", "partially_refunded", "refunded"]
                .contains(&status.as_str())
        {
            t.taken = captured.unwrap_or(amount);
            t.taken_count = 1;
        } else if kind == "refund" && status == "refunded" {
            t.refunded = amount;
            t.refunded_count = 1;
        } else if kind == "payout" && status == "paid" {
            t.paid_out = amount;
            t.paid_out_count = 1;
        } else {
            continue;
        }
        out.entry((env, at / BUCKET_MS, provider, currency))
            .or_default()
            .add(&t);
    }
    out
}

fn kept(conn: &rusqlite::Connection) -> BTreeMap<(String, i64, String, String), Totals> {
    let mut stmt = conn.prepare("SELECT environment, bucket, provider, currency, taken_minor, taken_count, refunded_minor, refunded_count, paid_out_minor, paid_out_count FROM day_totals").unwrap();
    stmt.query_map([], |r| {
        Ok((
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?),
            Totals {
                taken: r.get(4)?,
                taken_count: r.get(5)?,
                refunded: r.get(6)?,
                refunded_count: r.get(7)?,
                paid_out: r.get(8)?,
                paid_out_count: r.get(9)?,
            },
        ))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// A small deterministic generator (xorshift), so a failure repeats.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.roll(from.len())]
    }
}

const KINDS: &[&str] = &["checkout", "payment", "payout", "refund", "capture", "void"];
const STATUSES: &[&str] = &[
    "succeeded",
    "captured",
    "partially_refunded",
    "refunded",
    "paid",
    "reversed",
    "failed",
    "pending",
    "authorized",
    "attention",
    "queued",
];

// Thousands of inserts, status changes, captures, re-parentings, moves in time, changes of
// environment and deletes: the kept totals always equal a recount of the records.
#[test]
fn the_kept_totals_equal_a_recount_after_any_writes() {
    let s = Store::open_in_memory().unwrap();
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    let mut ids: Vec<String> = Vec::new();
    for step in 0..3_000 {
        let conn = s.writer();
        match dice.roll(8) {
            0..=2 => {
                let mut r = record(
                    &format!("R{step}"),
                    dice.pick(KINDS),
                    dice.pick(STATUSES),
                    dice.roll(100_000) as i64,
                    dice.pick(&["MXN", "USD"]),
                    NOW - dice.roll(3 * 24 * 60) as i64 * MIN,
                );
                r.provider = Provider::ALL[dice.roll(4)];
                drop(conn);
                ids.push(s.upsert(&r).unwrap().0);
                continue;
            }
            _ if ids.is_empty() => {}
            3 => {
                conn.execute(
                    "UPDATE transactions SET status = ?2 WHERE id = ?1",
                    params![ids[dice.roll(ids.len())], dice.pick(STATUSES)],
                )
                .unwrap();
            }
            4 => {
                let captured = (dice.roll(2) == 0).then(|| dice.roll(100_000) as i64);
                conn.execute(
                    "UPDATE transactions SET captured_minor = ?2, amount_minor = amount_minor + 1 WHERE id = ?1",
                    params![ids[dice.roll(ids.len())], captured],
                )
                .unwrap();
            }
            5 => {
                let parent = (dice.roll(2) == 0).then(|| ids[dice.roll(ids.len())].clone());
                conn.execute(
                    "UPDATE transactions SET parent_id = ?2, kind = ?3 WHERE id = ?1",
                    params![ids[dice.roll(ids.len())], parent, dice.pick(KINDS)],
                )
                .unwrap();
            }
            6 => {
                conn.execute(
                    "UPDATE transactions SET created_at = created_at - ?2, environment = ?3, currency = ?4 WHERE id = ?1",
                    params![
                        ids[dice.roll(ids.len())],
                        dice.roll(10 * 60) as i64 * MIN,
                        dice.pick(&["sandbox", "production"]),
                        dice.pick(&["MXN", "EUR"])
                    ],
                )
                .unwrap();
            }
            _ => {
                let id = ids.swap_remove(dice.roll(ids.len()));
                conn.execute("DELETE FROM transactions WHERE id = ?1", [id])
                    .unwrap();
            }
        }
        drop(conn);
        if step % 500 == 499 {
            let now_kept = kept(&s.reader());
            assert_eq!(now_kept, recount(&s), "after step {step}");
        }
    }
    let kept = kept(&s.reader());
    assert_eq!(kept, recount(&s));
    assert!(
        kept.len() > 50,
        "the walk left totals to compare: {}",
        kept.len()
    );
    assert!(
        kept.values().all(|t| t.movements() > 0),
        "no empty bucket is kept"
    );
}

// Migration 0010 fills the totals from the records already there.
#[test]
fn the_migration_fills_the_totals_from_the_existing_history() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    for sql in &crate::db::MIGRATIONS[..9] {
        conn.execute_batch(sql).unwrap();
    }
    let mut dice = Dice(42);
    for i in 0..400 {
        conn.execute(
            "INSERT INTO transactions (id, provider, environment, kind, reference, amount_minor, currency, status, created_at, updated_at, parent_id, captured_minor)
             VALUES (?1, ?2, ?3, ?4, ?1, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
            params![
                format!("t{i}"),
                Provider::ALL[dice.roll(4)].as_str(),
                dice.pick(&["sandbox", "production"]),
                dice.pick(KINDS),
                dice.roll(1_000_000) as i64,
                dice.pick(&["MXN", "NGN"]),
                dice.pick(STATUSES),
                NOW - dice.roll(40 * 24 * 4) as i64 * 15 * MIN - dice.roll(900) as i64,
                (dice.roll(5) == 0).then(|| format!("t{}", dice.roll(400))),
                (dice.roll(5) == 0).then(|| dice.roll(1_000) as i64),
            ],
        )
        .unwrap();
    }
    let tx = conn.transaction().unwrap();
    tx.execute_batch(crate::db::MIGRATIONS[9]).unwrap();
    tx.commit().unwrap();
    let filled = kept(&conn);
    // the same rows through the store's own writer give the same recount
    let s = Store::open_in_memory().unwrap();
    {
        let w = s.writer();
        w.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        let mut read = conn.prepare("SELECT id, provider, environment, kind, amount_minor, currency, status, created_at, parent_id, captured_minor FROM transactions").unwrap();
        let rows = read
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, Option<i64>>(9)?,
                ))
            })
            .unwrap();
        for row in rows {
            let (id, p, e, k, a, c, st, at, parent, cap) = row.unwrap();
            w.execute(
                "INSERT INTO transactions (id, provider, environment, kind, reference, amount_minor, currency, status, created_at, updated_at, parent_id, captured_minor)
                 VALUES (?1, ?2, ?3, ?4, ?1, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
                params![id, p, e, k, a, c, st, at, parent, cap],
            )
            .unwrap();
        }
    }
    assert_eq!(filled, recount(&s));
    assert_eq!(
        filled,
        kept(&s.reader()),
        "filled as the triggers keep them"
    );
    assert!(filled.len() > 30, "{}", filled.len());
}

// The summary reads the kept totals by their key's range, the attention lists by an index:
// none of them reads the records.
#[test]
fn the_summary_and_its_lists_read_indexes_only() {
    let s = Store::open_in_memory().unwrap();
    let plan = |sql: &str, n: usize| -> Vec<String> {
        let conn = s.reader();
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let args: Vec<rusqlite::types::Value> = (0..n)
            .map(|i| rusqlite::types::Value::Integer(i as i64))
            .collect();
        stmt.query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let steps = plan(SUMMARY_SQL, 3);
    assert_eq!(
        steps,
        ["SEARCH day_totals USING PRIMARY KEY (environment=? AND bucket>? AND bucket<?)"],
        "{steps:?}"
    );
    let steps = plan(crate::attention::PAYOUT_TROUBLE_SQL, 3);
    assert!(
        steps[0].starts_with("SEARCH transactions USING INDEX transactions_payout_trouble"),
        "{steps:?}"
    );
    assert!(
        !steps.iter().any(|s| s.contains("TEMP B-TREE")),
        "{steps:?}"
    );
    let steps = plan(crate::attention::OPEN_TROUBLE_SQL, 2);
    assert!(
        steps
            .iter()
            .any(|s| s.contains("USING INDEX operations_due")),
        "{steps:?}"
    );
    assert!(
        steps
            .iter()
            .all(|s| !s.starts_with("SCAN t") && !s.starts_with("SCAN o")),
        "{steps:?}"
    );
}
