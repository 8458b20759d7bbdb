//! The history's queries read the list's indexes, never the whole table: checked with SQLite's
//! own `EXPLAIN QUERY PLAN` for every filter the History screen offers, on the first page
//! (count and page) and on a later one.

use desk_domain::{Environment, Provider};
use rusqlite::types::Value;

use crate::Store;
use crate::history::{HistoryQuery, page_sql};

/// The plan SQLite chooses for `sql`, one line per step.
pub(crate) fn plan(store: &Store, sql: &str, params: &[Value]) -> Vec<String> {
    let conn = store.reader();
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
        r.get::<_, String>(3)
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Every step reads an index (or the text index), none scans `transactions`, and the order
/// comes from the index rather than a sort of every match.
pub(crate) fn assert_indexed(what: &str, steps: &[String], sorted_by_index: bool) {
    for step in steps {
        assert!(
            !step.starts_with("SCAN t") || step.contains("INDEX"),
            "{what}: reads the whole table: {steps:?}"
        );
    }
    if sorted_by_index {
        assert!(
            !steps.iter().any(|s| s.contains("TEMP B-TREE")),
            "{what}: sorts every match instead of reading the index in order: {steps:?}"
        );
    }
}

#[test]
fn every_history_filter_reads_an_index_without_a_sort() {
    let store = Store::open_in_memory().unwrap();
    let sandbox = Some(Environment::Sandbox);
    let cases = [
        (
            "all",
            HistoryQuery {
                environment: sandbox,
                ..Default::default()
            },
        ),
        (
            "provider",
            HistoryQuery {
                environment: sandbox,
                provider: Some(Provider::Monei),
                ..Default::default()
            },
        ),
        (
            "status",
            HistoryQuery {
                environment: sandbox,
                status: Some("failed".into()),
                ..Default::default()
            },
        ),
        (
            "provider and status",
            HistoryQuery {
                environment: sandbox,
                provider: Some(Provider::Mona),
                status: Some("succeeded".into()),
                ..Default::default()
            },
        ),
    ];
    let text = |q: &HistoryQuery| HistoryQuery {
        text: Some("chiamaka".into()),
        ..q.clone()
    };
    let cases: Vec<(String, HistoryQuery)> = cases
        .iter()
        .flat_map(|(what, q)| {
            [
                (what.to_string(), q.clone()),
                (format!("{what} + text"), text(q)),
            ]
        })
        .collect();
    for (what, q) in cases {
        let later = match q.text {
            Some(_) => "k7000000000000000",
            None => "1700000000000:tx-1",
        };
        for cursor in [None, Some(later.to_string())] {
            let q = HistoryQuery {
                cursor: cursor.clone(),
                ..q.clone()
            };
            let sql = page_sql(&q).unwrap();
            if let Some(count) = &sql.count {
                let steps = plan(&store, count, &sql.params);
                assert_indexed(&format!("{what} count"), &steps, false);
                // The count reads an index alone, or the text index and each match by rowid:
                // no row is looked up to learn its parent.
                assert!(
                    steps
                        .iter()
                        .any(|s| s.contains("COVERING INDEX transactions_list_")
                            || s.contains("INTEGER PRIMARY KEY (rowid=?)")),
                    "{what} count looks up every row: {steps:?}"
                );
            }
            let steps = plan(&store, &sql.page, &sql.page_params);
            assert_indexed(&format!("{what} page (cursor {cursor:?})"), &steps, true);
            if q.text.is_some() {
                // Matches come from the text index in its (time) order, each row by rowid.
                assert!(
                    steps[0].starts_with("SCAN f VIRTUAL TABLE")
                        && steps[1].contains("INTEGER PRIMARY KEY (rowid=?)"),
                    "{what}: {steps:?}"
                );
            }
        }
    }
}
