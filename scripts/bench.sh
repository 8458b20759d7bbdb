#!/usr/bin/env bash
# The performance budget: builds Merchant Desk and the bare Tauri floor app in release mode,
# starts each several times under Xvfb through WebDriver, and prints medians and ratios.
# Not part of the test run. PERF_RUNS sets how many starts each (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
(cd ui && npm run build --silent)
cargo build --release -p merchant-desk -p desk-floor -p desk-e2e --bin perf
exec dbus-run-session -- bash -c '
  set -euo pipefail
  export XDG_DATA_HOME="$(mktemp -d)"
  printf "bench-unlock" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  keyring_pid=$!
  trap "kill $keyring_pid 2>/dev/null || true" EXIT
  sleep 1
  xvfb-run -a -s "-screen 0 1280x800x24" target/release/perf
'
