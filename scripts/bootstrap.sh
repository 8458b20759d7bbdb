#!/usr/bin/env bash
# Installs what a fresh machine lacks to build, run and test Merchant Desk. Idempotent: a second
# run checks and skips. Debian/Ubuntu get their packages through apt; other systems are told
# what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # build
  libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev libayatana-appindicator3-dev
  librsvg2-dev libxdo-dev curl file
  # the keychain client links the system libdbus
  libdbus-1-dev
  # headless end-to-end tests
  xvfb xauth webkit2gtk-driver
  # the real keychain in tests
  gnome-keyring dbus-x11 libsecret-tools
  # screenshots
  imagemagick
)

log() { printf '[bootstrap] %s\n' "$*" >&2; }

install_system_packages() {
  if [ -r /etc/os-release ] && grep -qiE '^(ID|ID_LIKE)=.*(debian|ubuntu)' /etc/os-release; then
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
      log "system packages: all present"
      return
    fi
    log "system packages: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    log "This is not a Debian/Ubuntu system. Install the equivalents of:"
    log "  ${APT_PACKAGES[*]}"
    log "(see https://v2.tauri.app/start/prerequisites/), then run this script again."
    exit 1
  fi
}

install_rust_tools() {
  command -v cargo >/dev/null || { log "Rust is missing: install it with rustup, then run again."; exit 1; }
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt || true
  if ! command -v tauri-driver >/dev/null || ! tauri-driver --help >/dev/null 2>&1; then
    log "installing tauri-driver 2.x"
    cargo install tauri-driver --locked --version '^2'
  fi
  if ! command -v cargo-nextest >/dev/null; then
    log "installing cargo-nextest"
    cargo install cargo-nextest --locked
  fi
}

install_ui_packages() {
  command -v npm >/dev/null || { log "Node.js and npm are missing: install Node 20 or newer."; exit 1; }
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    log "ui: npm ci"
    (cd ui && npm ci --no-audit --no-fund)
  else
    log "ui: node_modules current"
  fi
}

install_system_packages
install_rust_tools
[ -f ui/package.json ] && install_ui_packages
log "ready"
