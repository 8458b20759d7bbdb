//! The sandbox as a standalone program for tests and developers: prints its URLs and the demo
//! merchant's credentials as JSON, then serves until killed.
//!
//! `desk-sandbox [--port P] [--seed N] [--data FILE] [--production [--rehearsal-dir DIR]]`
//!
//! `--production` plays the providers' production (the production rehearsal,
//! `docs/rehearsal.md`); `--rehearsal-dir` writes `endpoints.json` and `ca.pem` there, what a
//! debug build of the desk reads from `DESK_REHEARSAL`.

use desk_domain::Provider;
use desk_sandbox::{Sandbox, SandboxConfig};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!(
            "desk-sandbox [--port P] [--seed N] [--data FILE] [--production [--rehearsal-dir DIR]]\n  Mona on P, Monei P+1, MonEFlow P+2, Monnet P+3 (random ports without --port)\n  --production: the production rehearsal (production keys, HTTPS with a test authority)\n  --rehearsal-dir DIR: write endpoints.json and ca.pem for the desk's DESK_REHEARSAL"
        );
        return;
    }
    let config = SandboxConfig {
        base_port: arg(&args, "--port").and_then(|p| p.parse().ok()),
        seed: arg(&args, "--seed")
            .and_then(|s| s.parse().ok())
            .unwrap_or(7),
        data_file: arg(&args, "--data").map(Into::into),
        production: args.iter().any(|a| a == "--production"),
        ..SandboxConfig::default()
    };
    let handle = match Sandbox::start(config).await {
        Ok(h) => h,
        Err(e) => {
            eprintln!("desk-sandbox: {e}");
            std::process::exit(1);
        }
    };
    let urls: serde_json::Map<String, serde_json::Value> = Provider::ALL
        .iter()
        .map(|p| (p.as_str().to_string(), handle.url(*p).into()))
        .collect();
    let frames: serde_json::Map<String, serde_json::Value> = Provider::ALL
        .iter()
        .filter_map(|p| Some((p.as_str().to_string(), handle.frame_url(*p)?.into())))
        .collect();
    if let (Some(dir), Some(ca)) = (arg(&args, "--rehearsal-dir"), handle.ca_pem()) {
        let endpoints = serde_json::json!({ "api": urls, "frames": frames });
        let dir = std::path::Path::new(&dir);
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(dir.join("ca.pem"), ca))
            .and_then(|()| std::fs::write(dir.join("endpoints.json"), endpoints.to_string()));
        if let Err(e) = written {
            eprintln!("desk-sandbox: could not write the rehearsal directory: {e}");
            std::process::exit(1);
        }
    }
    println!(
        "{}",
        serde_json::json!({
            "urls": urls, "frames": frames, "caPem": handle.ca_pem(),
            "demoMerchant": handle.demo_merchant(),
        })
    );
    let _ = tokio::signal::ctrl_c().await;
}
