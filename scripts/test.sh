#!/usr/bin/env bash
# Runs every test of Merchant Desk on a fresh Debian/Ubuntu machine, installing what it needs
# first. Fails on the first failing step; ends with the test runner's summary.
#
#   formatting → clippy → generated TS bindings current → UI type check + unit tests →
#   build the app → all Rust tests (unit, integration, real keychain, sandbox over loopback,
#   WebDriver end-to-end under Xvfb) in one nextest run.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# A CI run builds once from a fresh clone: incremental caches only cost disk there (tens of GB).
if [ "${CI:-}" = true ]; then export CARGO_INCREMENTAL=0; fi

step() { printf '\n==> %s\n' "$*" >&2; }

step "bootstrap"
bash scripts/bootstrap.sh
# the Node the bootstrap chose (the system's, or Node 22 it installed)
source scripts/node.sh

step "build the UI (the app embeds ui/dist)"
(cd ui && npm run build --silent)

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "TypeScript bindings generated from Rust are current"
cargo test --workspace --quiet export_bindings >/dev/null
if ! git diff --quiet -- ui/src/api/bindings || [ -n "$(git ls-files --others --exclude-standard ui/src/api/bindings)" ]; then
  git status --short ui/src/api/bindings >&2
  echo "ui/src/api/bindings is stale: run 'cargo test --workspace export_bindings' and commit it" >&2
  exit 1
fi

step "UI: svelte-check and vitest"
(cd ui && npm run check --silent && npm test --silent)

step "the history's local days under the merchants' time zones (only those tests, by name)"
for tz in America/Mexico_City Europe/Madrid; do
  TZ="$tz" cargo test --quiet -p desk-store --lib local_day
done

step "build the app and the sandbox binaries"
cargo build --workspace --bins

step "all Rust tests (keychain in a D-Bus session, end-to-end under Xvfb)"
export DESK_REQUIRE_KEYCHAIN=1 DESK_REQUIRE_E2E=1
exec dbus-run-session -- bash -c '
  set -euo pipefail
  # A fresh, unlocked keyring for this run only; the daemon ends with the session. It is
  # started again if it stops (once, mid-run, it died of a trap in GLib and every later
  # end-to-end test lost its keychain); what it stored stays in the keyring file.
  export XDG_DATA_HOME="$(mktemp -d)"
  (
    while true; do
      printf "ci-unlock" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 || true
      echo "[test] the keyring daemon stopped; starting it again" >&2
      sleep 0.5
    done
  ) &
  keyring_pid=$!
  trap "daemons=\$(pgrep -P $keyring_pid || true); kill $keyring_pid \$daemons 2>/dev/null || true" EXIT
  for _ in $(seq 50); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true && break
    sleep 0.1
  done
  xvfb-run -a -s "-screen 0 1280x800x24" cargo nextest run --workspace --no-fail-fast
'
