//! Text search reads the text index newest first and stops after a page: the order holds
//! however the rows arrived, and paging covers every match exactly once.

#![allow(clippy::unwrap_used)] // a test may stop at the first surprise

use desk_domain::Provider;
use desk_store::Store;
use desk_store::history::HistoryQuery;
use desk_store::synthetic::synthetic_record;

/// 400 records whose creation times arrive shuffled (a pull of old records after new ones,
/// several in the same millisecond), a sixth of them for Chiamaka.
fn shuffled_store() -> Store {
    let store = Store::open_in_memory().unwrap();
    let mut order: Vec<usize> = (0..400).collect();
    // A fixed shuffle: every 7th step through the range.
    order.sort_by_key(|i| (i * 7) % 401);
    for chunk in order.chunks(37) {
        let records: Vec<_> = chunk
            .iter()
            .map(|&i| synthetic_record(i, 1_700_000_000_000 + (i as i64 / 3) * 1000))
            .collect();
        store.upsert_many(&records).unwrap();
    }
    store
}

#[test]
fn search_pages_are_newest_first_whatever_order_the_rows_arrived_in() {
    let store = shuffled_store();
    let mut q = HistoryQuery {
        text: Some("chiamaka".into()),
        limit: Some(10),
        ..Default::default()
    };
    let first = store.history(&q).unwrap();
    let expected = (0..400).filter(|i| i % 6 == 2).count();
    assert_eq!(first.total as usize, expected);
    let mut seen = Vec::new();
    loop {
        let page = store.history(&q).unwrap();
        seen.extend(page.items);
        match page.next_cursor {
            Some(c) => q.cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen.len(), expected, "every match once");
    assert!(seen.iter().all(|i| i.counterparty.starts_with("Chiamaka")));
    let times: Vec<&str> = seen.iter().map(|i| i.created_at.as_str()).collect();
    let mut newest_first = times.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, newest_first, "newest first across every page");
    let mut refs: Vec<&str> = seen.iter().map(|i| i.reference.as_str()).collect();
    refs.sort();
    refs.dedup();
    assert_eq!(refs.len(), expected, "no match twice");
}

#[test]
fn search_combines_with_the_other_filters_and_refuses_a_foreign_page_marker() {
    let store = shuffled_store();
    let q = HistoryQuery {
        text: Some("chiamaka".into()),
        provider: Some(Provider::ALL[2]),
        status: Some("succeeded".into()),
        ..Default::default()
    };
    let page = store.history(&q).unwrap();
    let expected = (0..400)
        .filter(|i| i % 6 == 2 && i % 4 == 2 && i % 10 != 0)
        .count();
    assert_eq!(page.items.len(), expected);
    assert!(page.items.iter().all(|i| i.provider == Provider::ALL[2]));
    // A list page's marker is not a search page's, and the other way round.
    let list_marker = HistoryQuery {
        cursor: Some("1700000000000:x".into()),
        ..q.clone()
    };
    assert!(store.history(&list_marker).is_err());
    let search_marker = HistoryQuery {
        text: None,
        cursor: Some("k123".into()),
        ..q
    };
    assert!(store.history(&search_marker).is_err());
}
