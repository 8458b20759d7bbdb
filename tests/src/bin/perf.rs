//! The performance budget: starts Merchant Desk and the bare Tauri floor app several times
//! each under Xvfb through WebDriver, and prints medians and app/floor ratios for start-up
//! time (to the ready text in the X server's pixels, to WebDriver finding it and to the
//! page's paint), CPU use once settled, resident memory of the whole process tree (with the
//! seeded history and with a million transactions), binary size and each Linux bundle's
//! size, then the app's start-up profile.
//!
//! Run it through `scripts/bench.sh`, which builds and bundles both in release mode first.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use desk_e2e::process_tree::{cpu_time, resident_bytes};
use desk_e2e::screen::{Region, Screen};
use desk_e2e::{AppSession, Error};
use desk_store::Store;
use desk_store::records::Record;
use desk_store::synthetic::synthetic_record;
use desk_vault::{CredentialVault, KeychainStore};
use fantoccini::Locator;

/// One app under measurement.
struct Subject {
    binary: PathBuf,
    /// The element whose appearance means "ready for the merchant".
    ready: &'static str,
    /// The timeline entries that, all reached, mean the ready screen was painted.
    painted: &'static [&'static str],
    /// Where on the screen the ready element's text appears (the window opens at the
    /// top-left corner of Xvfb's screen).
    text_at: Region,
}

fn median<T: Copy + Ord>(mut v: Vec<T>) -> T {
    v.sort();
    v[v.len() / 2]
}

/// The pid of the running process whose executable is `binary`.
fn pid_of(binary: &Path) -> Option<u32> {
    let want = std::fs::canonicalize(binary).ok()?;
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid = e.file_name().to_string_lossy().parse::<u32>().ok()?;
        (std::fs::read_link(format!("/proc/{pid}/exe")).ok()? == want).then_some(pid)
    })
}

/// Where the time of one start went, from the page's own timeline (ms after launch).
#[derive(Default)]
struct Profile {
    /// The webview's navigation began (process start, core opening, window creation before it).
    page_origin: f64,
    /// The document was parsed and the UI's script had run.
    dom_interactive: f64,
    /// The load event began.
    load_event: f64,
    /// Each command the UI called: name, start, end.
    commands: Vec<(String, f64, f64)>,
    /// Marks the UI left on the way (`performance.mark`) and WebKit's paint entries: name, time.
    marks: Vec<(String, f64)>,
}

impl Profile {
    /// When the last of `names` was reached, once all were.
    fn reached_all(&self, names: &[&str]) -> Option<f64> {
        names.iter().try_fold(0f64, |latest, name| {
            let (_, t) = self.marks.iter().find(|(n, _)| n == name)?;
            Some(latest.max(*t))
        })
    }
}

/// The page's timeline, read through WebDriver once the app is ready.
async fn read_profile(app: &AppSession, launched: SystemTime) -> Result<Profile, Error> {
    let v = app
        .client
        .execute(
            "const n = performance.getEntriesByType('navigation')[0];
             return { origin: performance.timeOrigin, interactive: n ? n.domInteractive : 0,
                      load: n ? n.loadEventStart : 0,
                      marks: performance.getEntriesByType('mark')
                        .concat(performance.getEntriesByType('paint')).map(m => [m.name, m.startTime]),
                      measures: performance.getEntriesByType('measure')
                        .map(m => [m.name, m.startTime, m.startTime + m.duration]) };",
            vec![],
        )
        .await?;
    let launched_ms = launched
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
        * 1e3;
    let origin = v["origin"].as_f64().unwrap_or(launched_ms) - launched_ms;
    let at = |x: &serde_json::Value| origin + x.as_f64().unwrap_or(0.0);
    Ok(Profile {
        page_origin: origin,
        dom_interactive: at(&v["interactive"]),
        load_event: at(&v["load"]),
        commands: v["measures"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| Some((m[0].as_str()?.to_string(), at(&m[1]), at(&m[2]))))
            .collect(),
        marks: v["marks"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| Some((m[0].as_str()?.to_string(), at(&m[1]))))
            .collect(),
    })
}

/// One start's figures.
struct Sample {
    /// WebDriver found the ready element.
    startup: Duration,
    /// Ms after launch when the ready screen was painted.
    painted: f64,
    /// When the ready element's text first showed on the screen.
    on_screen: Duration,
    rss_bytes: u64,
    /// CPU time the process tree used over `IDLE_WINDOW`, once settled.
    idle_cpu: Duration,
    profile: Profile,
}

/// How long a settled, untouched app's CPU use is measured for.
const IDLE_WINDOW: Duration = Duration::from_secs(2);

/// Per cent of one core that `used` over `IDLE_WINDOW` makes.
fn idle_cpu_percent(used: Duration) -> f64 {
    used.as_secs_f64() / IDLE_WINDOW.as_secs_f64() * 100.0
}

async fn measure_once(
    subject: &Subject,
    home: &Path,
    screen: &Arc<Screen>,
) -> Result<Sample, Error> {
    let launched = SystemTime::now();
    let t0 = Instant::now();
    // what a person sees: the X server's pixels, read from before the launch
    let region = subject.text_at;
    let watcher = Arc::clone(screen);
    let probe = std::thread::spawn(move || {
        watcher.wait_for_text(region, Duration::from_millis(3), Duration::from_secs(60))
    });
    let app = AppSession::launch(&subject.binary, home, &[]).await?;
    app.client
        .wait()
        .at_most(Duration::from_secs(120))
        // fantoccini polls every 250 ms by default: far coarser than what is measured
        .every(Duration::from_millis(5))
        .for_element(Locator::Css(subject.ready))
        .await?;
    let startup = t0.elapsed();
    // the paint may come after WebDriver finds the element in the document
    let mut profile = read_profile(&app, launched).await?;
    for _ in 0..100 {
        if profile.reached_all(subject.painted).is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        profile = read_profile(&app, launched).await?;
    }
    let painted = profile
        .reached_all(subject.painted)
        .ok_or("the ready screen's paint never reached the page's timeline")?;
    let on_screen = probe
        .join()
        .map_err(|_| "the screen probe panicked")??
        .ok_or(format!("no text ever showed at {region:?}"))?
        .duration_since(t0);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let pid = pid_of(&subject.binary);
    let rss_bytes = pid.map(resident_bytes).unwrap_or(0);
    // an app left open all day should use no CPU while nobody touches it
    let before = pid.map(cpu_time).unwrap_or_default();
    tokio::time::sleep(IDLE_WINDOW).await;
    let idle_cpu = pid.map(cpu_time).unwrap_or_default().saturating_sub(before);
    app.close().await?;
    Ok(Sample {
        startup,
        painted,
        on_screen,
        rss_bytes,
        idle_cpu,
        profile,
    })
}

/// Onboards a home once so the app's measured starts open on a lived-in history.
async fn prepare_app_home(subject: &Subject, home: &Path) -> Result<(), Error> {
    let app = AppSession::launch(&subject.binary, home, &[]).await?;
    let steps = async {
        for (selector, click) in [
            ("[data-testid=start-sandbox]:enabled", true),
            ("[data-testid=open-desk]", true),
            (subject.ready, false),
        ] {
            let el = app
                .client
                .wait()
                .at_most(Duration::from_secs(60))
                .for_element(Locator::Css(selector))
                .await?;
            if click {
                el.click().await?;
            }
        }
        Ok::<(), Error>(())
    };
    if let Err(e) = steps.await {
        // what the merchant would have seen, to tell why onboarding did not finish
        let page = match app.client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        eprintln!("onboarding the bench home failed ({e}); the window showed:\n{page}");
        app.close().await?;
        return Err(e);
    }
    app.close().await
}

/// Adds `rows` sandbox transactions to a prepared home's store, opened with the database key
/// the app keeps in the keychain (the release build's service).
fn fill_store(home: &Path, rows: usize) -> Result<(), Error> {
    let vault = CredentialVault::new(Arc::new(KeychainStore::new("merchant-desk")));
    let key = vault.database_key().map_err(|e| e.to_string())?;
    let path = home.join("data/com.merchantdesk.desk/desk.db");
    let store = Store::open(&path, &key).map_err(|e| e.to_string())?;
    let newest = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as i64
        - 86_400_000;
    for chunk in 0..rows.div_ceil(10_000) {
        let batch: Vec<Record> = (chunk * 10_000..((chunk + 1) * 10_000).min(rows))
            .map(|i| synthetic_record(i, newest - i as i64 * 30_000))
            .collect();
        store.upsert_many(&batch).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Size in bytes of the first file in `dir` whose name starts with `prefix`.
fn bundle_size(dir: &Path, prefix: &str) -> Option<u64> {
    std::fs::read_dir(dir).ok()?.flatten().find_map(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        let is_file = e.file_type().ok()?.is_file();
        (is_file && name.starts_with(prefix)).then(|| e.metadata().ok().map(|m| m.len()))?
    })
}

/// One figure read from a scenario's medians.
type FigureOf = fn(&Figures) -> f64;

/// Medians of a scenario's runs.
struct Figures {
    startup: Duration,
    /// Median ms from launch to the ready screen painted.
    painted: f64,
    /// Median time from launch to the ready element's text on the screen.
    on_screen: Duration,
    rss: u64,
    /// Median CPU use of the settled, untouched process tree, in per cent of one core.
    idle_cpu: f64,
    /// Median ms from launch to the page's navigation (process, window, WebKit's processes).
    before_page: f64,
    /// Median ms from the page's navigation to ready.
    in_page: f64,
    profile: Profile,
}

/// The medians of `samples`: resident memory, and the median start-up run with its profile.
fn figures(mut samples: Vec<Sample>) -> Figures {
    let rss = median(samples.iter().map(|s| s.rss_bytes).collect());
    let on_screen = median(samples.iter().map(|s| s.on_screen).collect());
    let idle_cpu = idle_cpu_percent(median(samples.iter().map(|s| s.idle_cpu).collect()));
    // whole microseconds, so the medians can be taken over an ordered type
    let us = |x: f64| (x * 1e3).round() as i64;
    let painted = median(samples.iter().map(|s| us(s.painted)).collect()) as f64 / 1e3;
    let before_page =
        median(samples.iter().map(|s| us(s.profile.page_origin)).collect()) as f64 / 1e3;
    let in_page = median(
        samples
            .iter()
            .map(|s| us(ms(s.startup) - s.profile.page_origin))
            .collect(),
    ) as f64
        / 1e3;
    samples.sort_by_key(|s| s.startup);
    let mid = samples.swap_remove(samples.len() / 2);
    Figures {
        startup: mid.startup,
        painted,
        on_screen,
        rss,
        idle_cpu,
        before_page,
        in_page,
        profile: mid.profile,
    }
}

/// Starts the floor and the app in turn, `runs` times each (floor, app, floor, app, ...), so
/// the machine's drifting load falls on both alike: returns (floor, app).
async fn run_pair(
    label: &str,
    floor: (&Subject, &Path),
    app: (&Subject, &Path),
    runs: usize,
    screen: &Arc<Screen>,
) -> Result<(Figures, Figures), Error> {
    let (mut floor_samples, mut app_samples) = (Vec::new(), Vec::new());
    for i in 0..runs {
        let f = measure_once(floor.0, floor.1, screen).await?;
        let a = measure_once(app.0, app.1, screen).await?;
        let in_page = |s: &Sample| ms(s.startup) - s.profile.page_origin;
        eprintln!(
            "{label} run {}: floor {:?} (on screen {:.0} ms, painted {:.0} ms, {:.0} ms in page), {} MB, idle CPU {:.0}%; app {:?} (on screen {:.0} ms, painted {:.0} ms, {:.0} ms in page), {} MB, idle CPU {:.0}%",
            i + 1,
            f.startup,
            ms(f.on_screen),
            f.painted,
            in_page(&f),
            f.rss_bytes / 1_000_000,
            idle_cpu_percent(f.idle_cpu),
            a.startup,
            ms(a.on_screen),
            a.painted,
            in_page(&a),
            a.rss_bytes / 1_000_000,
            idle_cpu_percent(a.idle_cpu)
        );
        floor_samples.push(f);
        app_samples.push(a);
    }
    Ok((figures(floor_samples), figures(app_samples)))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn print_profile(label: &str, f: &Figures) {
    let p = &f.profile;
    println!("\nStart-up profile, {label} (median run, ms after launch):");
    println!("  {:>7.0}  page navigation starts", p.page_origin);
    println!(
        "  {:>7.0}  DOM interactive (UI script ran)",
        p.dom_interactive
    );
    println!("  {:>7.0}  load event", p.load_event);
    for (name, start, end) in &p.commands {
        println!("  {start:>7.0}  {name} .. {end:.0} ({:.0} ms)", end - start);
    }
    for (name, t) in &p.marks {
        println!("  {t:>7.0}  {name}");
    }
    println!(
        "  {:>7.0}  first history row found by WebDriver",
        ms(f.startup)
    );
    println!("  {:>7.0}  its text on the screen", ms(f.on_screen));
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let runs: usize = std::env::var("PERF_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let rows: usize = std::env::var("PERF_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1_000_000);
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let release = target.join("release");
    let app = Subject {
        binary: release.join("merchant-desk"),
        ready: "[data-testid=history-row]",
        // the first contentful paint, once the frame with the rows began
        painted: &["first-contentful-paint", "history:rows-frame"],
        // the first row's date
        text_at: Region {
            x: 205,
            y: 268,
            width: 150,
            height: 20,
        },
    };
    let floor = Subject {
        binary: release.join("desk-floor"),
        ready: "#ready",
        painted: &["first-contentful-paint"],
        // the heading's first words
        text_at: Region {
            x: 10,
            y: 32,
            width: 150,
            height: 26,
        },
    };

    // one connection for the whole run, which also keeps the X server from resetting between
    // starts
    let screen = Arc::new(Screen::open()?);
    let floor_home = tempfile::tempdir()?;
    let app_home = tempfile::tempdir()?;
    prepare_app_home(&app, app_home.path()).await?;
    let (floor_seeded, seeded) = run_pair(
        "seeded history",
        (&floor, floor_home.path()),
        (&app, app_home.path()),
        runs,
        &screen,
    )
    .await?;

    let t = Instant::now();
    fill_store(app_home.path(), rows)?;
    // the fill's dirty pages reach the disk now, not during the measured starts
    std::process::Command::new("sync").status()?;
    eprintln!("added {rows} transactions in {:.1?}", t.elapsed());
    let (floor_large, large) = run_pair(
        "large history",
        (&floor, floor_home.path()),
        (&app, app_home.path()),
        runs,
        &screen,
    )
    .await?;

    let ratio = |a: f64, f: f64| a / f;
    let mb = |b: u64| b as f64 / 1e6;
    println!("\n| measure (median of {runs}) | floor | merchant-desk | ratio | target |");
    println!("|---|---|---|---|---|");
    let pairs = [
        ("seeded history", &floor_seeded, &seeded),
        (&*format!("{rows} transactions"), &floor_large, &large),
    ];
    // the merchant's measure first: the history's text among the screen's pixels
    let startup_measures: [(&str, FigureOf); 3] = [
        (
            "start-up to history on screen (its text in the X server's pixels; floor: heading)",
            |f| ms(f.on_screen),
        ),
        (
            "start-up to history found by WebDriver (floor: heading found)",
            |f| ms(f.startup),
        ),
        (
            "start-up to history painted in the page's timeline (floor: heading painted)",
            |f| f.painted,
        ),
    ];
    for (measure, of) in startup_measures {
        for (what, floor_fig, fig) in pairs {
            println!(
                "| {measure}, {what} | {:.0} ms | {:.0} ms | {:.2}x | <= 1.2x |",
                of(floor_fig),
                of(fig),
                ratio(of(fig), of(floor_fig))
            );
        }
    }
    for (what, floor_fig, fig) in pairs {
        for (part, f, a) in [
            (
                "launch to page navigation",
                floor_fig.before_page,
                fig.before_page,
            ),
            (
                "page navigation to history found",
                floor_fig.in_page,
                fig.in_page,
            ),
        ] {
            println!(
                "| of which {part}, {what} | {f:.0} ms | {a:.0} ms | {:.2}x | |",
                ratio(a, f)
            );
        }
    }
    for (what, floor_fig, fig) in pairs {
        let budget = 1.2 * mb(floor_fig.rss) + 30.0;
        println!(
            "| resident memory, process tree, {what} | {:.0} MB | {:.0} MB | {:.2}x | <= 1.2x + 30 MB = {budget:.0} MB ({}) |",
            mb(floor_fig.rss),
            mb(fig.rss),
            ratio(mb(fig.rss), mb(floor_fig.rss)),
            if mb(fig.rss) <= budget {
                "met"
            } else {
                "missed"
            }
        );
    }
    for (what, floor_fig, fig) in pairs {
        println!(
            "| CPU when settled and untouched (% of one core over {:?}), {what} | {:.1}% | {:.1}% | | |",
            IDLE_WINDOW, floor_fig.idle_cpu, fig.idle_cpu
        );
    }
    let sizes = [
        (
            "release binary",
            std::fs::metadata(&floor.binary).ok().map(|m| m.len()),
            std::fs::metadata(&app.binary).ok().map(|m| m.len()),
            "<= 2x",
        ),
        (
            ".deb bundle",
            bundle_size(&release.join("bundle/deb"), "Desk Floor_"),
            bundle_size(&release.join("bundle/deb"), "Merchant Desk_"),
            "",
        ),
        (
            ".rpm bundle",
            bundle_size(&release.join("bundle/rpm"), "Desk Floor-"),
            bundle_size(&release.join("bundle/rpm"), "Merchant Desk-"),
            "",
        ),
        (
            "AppImage bundle",
            bundle_size(&release.join("bundle/appimage"), "Desk Floor_"),
            bundle_size(&release.join("bundle/appimage"), "Merchant Desk_"),
            "",
        ),
    ];
    for (what, f, a, target) in sizes {
        match (f, a) {
            (Some(f), Some(a)) => println!(
                "| {what} | {:.1} MB | {:.1} MB | {:.2}x | {target} |",
                mb(f),
                mb(a),
                a as f64 / f as f64
            ),
            _ => println!("| {what} | not built | not built | | {target} |"),
        }
    }
    print_profile("floor", &floor_seeded);
    print_profile("app, seeded history", &seeded);
    print_profile(&format!("app, {rows} transactions"), &large);
    Ok(())
}
