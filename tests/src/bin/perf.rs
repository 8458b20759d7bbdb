//! The performance budget: starts Merchant Desk and the bare Tauri floor app several times
//! each under Xvfb through WebDriver, and prints medians and app/floor ratios for start-up
//! time, resident memory of the whole process tree, and binary size.
//!
//! Run it through `scripts/bench.sh`, which builds both in release mode first.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use desk_e2e::{AppSession, Error};
use fantoccini::Locator;

/// One app under measurement.
struct Subject {
    name: &'static str,
    binary: PathBuf,
    /// The element whose appearance means "ready for the merchant".
    ready: &'static str,
}

/// One start's figures.
struct Sample {
    startup: Duration,
    rss_bytes: u64,
}

fn median<T: Copy + Ord>(mut v: Vec<T>) -> T {
    v.sort();
    v[v.len() / 2]
}

/// Resident memory of `root` and all its descendants, from /proc.
fn tree_rss(root: u32) -> u64 {
    let mut parents = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for entry in dir.flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            // the field after the parenthesised command name: state, then ppid
            let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
                continue;
            };
            let ppid = rest
                .split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<u32>().ok());
            if let Some(ppid) = ppid {
                parents.push((pid, ppid));
            }
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    tree.iter().map(|pid| rss_of(*pid)).sum()
}

fn rss_of(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|k| k.parse::<u64>().ok())
            })
        })
        .map(|kb| kb * 1024)
        .unwrap_or(0)
}

/// The pid of the running process whose executable is `binary`.
fn pid_of(binary: &Path) -> Option<u32> {
    let want = std::fs::canonicalize(binary).ok()?;
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid = e.file_name().to_string_lossy().parse::<u32>().ok()?;
        (std::fs::read_link(format!("/proc/{pid}/exe")).ok()? == want).then_some(pid)
    })
}

async fn measure_once(subject: &Subject, home: &Path) -> Result<Sample, Error> {
    let t0 = Instant::now();
    let app = AppSession::launch(&subject.binary, home, &[]).await?;
    app.client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css(subject.ready))
        .await?;
    let startup = t0.elapsed();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let rss_bytes = pid_of(&subject.binary).map(tree_rss).unwrap_or(0);
    app.close().await?;
    Ok(Sample { startup, rss_bytes })
}

/// Onboards a home once so the app's measured starts open on a lived-in history.
async fn prepare_app_home(subject: &Subject, home: &Path) -> Result<(), Error> {
    let app = AppSession::launch(&subject.binary, home, &[]).await?;
    let start = app
        .client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css("[data-testid=start-sandbox]"))
        .await?;
    start.click().await?;
    app.client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css("[data-testid=open-desk]"))
        .await?
        .click()
        .await?;
    app.client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css(subject.ready))
        .await?;
    app.close().await
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let runs: usize = std::env::var("PERF_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let release = target.join("release");
    let app = Subject {
        name: "merchant-desk",
        binary: release.join("merchant-desk"),
        ready: "[data-testid=history-row]",
    };
    let floor = Subject {
        name: "floor",
        binary: release.join("desk-floor"),
        ready: "#ready",
    };
    let mut results = Vec::new();
    for subject in [&floor, &app] {
        let home = tempfile::tempdir()?;
        if subject.name == "merchant-desk" {
            prepare_app_home(subject, home.path()).await?;
        }
        let mut samples = Vec::new();
        for i in 0..runs {
            let s = measure_once(subject, home.path()).await?;
            eprintln!(
                "{} run {}: start-up {:?}, tree RSS {} MB",
                subject.name,
                i + 1,
                s.startup,
                s.rss_bytes / 1_000_000
            );
            samples.push(s);
        }
        let startup = median(samples.iter().map(|s| s.startup).collect());
        let rss = median(samples.iter().map(|s| s.rss_bytes).collect());
        let size = std::fs::metadata(&subject.binary)?.len();
        results.push((subject.name, startup, rss, size));
    }
    let (_, f_start, f_rss, f_size) = results[0];
    let (_, a_start, a_rss, a_size) = results[1];
    println!("\n| measure (median of {runs}) | floor | merchant-desk | ratio | target |");
    println!("|---|---|---|---|---|");
    println!(
        "| start-up to history on screen | {:.0} ms | {:.0} ms | {:.2}x | <= 1.2x |",
        f_start.as_secs_f64() * 1e3,
        a_start.as_secs_f64() * 1e3,
        a_start.as_secs_f64() / f_start.as_secs_f64()
    );
    println!(
        "| resident memory, process tree | {} MB | {} MB | {:.2}x | <= 1.2x + 30 MB |",
        f_rss / 1_000_000,
        a_rss / 1_000_000,
        a_rss as f64 / f_rss as f64
    );
    println!(
        "| release binary | {:.1} MB | {:.1} MB | {:.2}x | <= 2x |",
        f_size as f64 / 1e6,
        a_size as f64 / 1e6,
        a_size as f64 / f_size as f64
    );
    Ok(())
}
