#!/usr/bin/env bash
# The performance budget: builds and bundles Merchant Desk and the bare Tauri floor app
# (bench/floor) in release mode, starts each several times under Xvfb through WebDriver, and
# prints medians and app/floor ratios (start-up, memory with the seeded history and with a
# million transactions, binary and bundle sizes) and the app's start-up profile.
# Not part of the test run. PERF_RUNS sets how many starts each (default 5), PERF_ROWS the
# size of the large history (default 1,000,000). First, the payout batch budgets: 10,000 rows
# parsed, validated and previewed, and queued, each within a second.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p desk-domain --bench batch -- --quick 2>/dev/null | grep '^batch:'
cargo bench -p desk-store --bench batch_queue 2>/dev/null | grep '^batch:'
bash scripts/bundle.sh
source scripts/node.sh
tauri="$PWD/ui/node_modules/.bin/tauri"
(cd bench/floor && "$tauri" build --ci --bundles deb,rpm)
cargo build --release -p desk-e2e --bin perf
exec dbus-run-session -- bash -c '
  set -euo pipefail
  export XDG_DATA_HOME="$(mktemp -d)"
  printf "bench-unlock" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  keyring_pid=$!
  trap "kill $keyring_pid 2>/dev/null || true" EXIT
  sleep 1
  xvfb-run -a -s "-screen 0 1280x800x24" target/release/perf
'
