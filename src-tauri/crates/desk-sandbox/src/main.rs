//! The sandbox as a standalone program for tests and developers: prints its URLs and the demo
//! merchant's credentials as JSON, then serves until killed.
//!
//! `desk-sandbox [--port P] [--seed N] [--data FILE]`

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
            "desk-sandbox [--port P] [--seed N] [--data FILE]\n  Mona on P, Monei P+1, MonEFlow P+2, Monnet P+3 (random ports without --port)"
        );
        return;
    }
    let config = SandboxConfig {
        base_port: arg(&args, "--port").and_then(|p| p.parse().ok()),
        seed: arg(&args, "--seed")
            .and_then(|s| s.parse().ok())
            .unwrap_or(7),
        data_file: arg(&args, "--data").map(Into::into),
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
    println!(
        "{}",
        serde_json::json!({ "urls": urls, "demoMerchant": handle.demo_merchant() })
    );
    let _ = tokio::signal::ctrl_c().await;
}
