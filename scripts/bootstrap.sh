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
  # receipts' text read back from the PDF in tests (pdftotext)
  poppler-utils
  # `kill` for the end-to-end harness, which ends each app's whole process tree
  procps
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

# A Node.js the UI's tools support (see scripts/node.sh). The system's own when it is one;
# otherwise Node 22 from the npm registry into $MERCHANT_DESK_NODE_HOME, installed with
# whatever npm there is (Debian's `npm` package when there is none).
install_node() {
  # shellcheck source=scripts/node.sh
  source scripts/node.sh
  if node_supported "$(node --version 2>/dev/null)"; then
    log "node: $(node --version) ($(command -v node))"
    return
  fi
  if ! command -v npm >/dev/null; then
    if [ -r /etc/os-release ] && grep -qiE '^(ID|ID_LIKE)=.*(debian|ubuntu)' /etc/os-release; then
      log "node: installing the system's npm, only to fetch Node 22"
      local sudo=""
      [ "$(id -u)" -eq 0 ] || sudo="sudo"
      $sudo apt-get update -q
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends nodejs npm
    else
      log "Node.js is missing: install Node 22.12 or newer (22.x, 24.x or 26+), then run again."
      exit 1
    fi
  fi
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) log "node: no Node 22 package for $(uname -m): install Node 22.12 or newer"; exit 1 ;;
  esac
  log "node: $(node --version 2>/dev/null || echo none) is not supported; installing Node 22 into $MERCHANT_DESK_NODE_HOME"
  mkdir -p "$MERCHANT_DESK_NODE_HOME"
  local npm_flags=(--prefix "$MERCHANT_DESK_NODE_HOME" --no-save --no-package-lock --no-audit --no-fund --loglevel=error)
  # First the node binary (a package without install scripts or engines), then a current npm
  # installed by the old npm running on the new node, so no step runs on an unsupported Node.
  npm install "${npm_flags[@]}" "node-linux-$arch@^22.12"
  PATH="$MERCHANT_DESK_NODE_HOME/node_modules/node-linux-$arch/bin:$PATH" \
    npm install "${npm_flags[@]}" "node-linux-$arch@^22.12" "npm@^11"
  source scripts/node.sh
  node_supported "$(node --version 2>/dev/null)" || { log "node: the installed Node does not run"; exit 1; }
  log "node: $(node --version) ($(command -v node)), npm $(npm --version)"
}

install_ui_packages() {
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    log "ui: npm ci"
    (cd ui && npm ci --no-audit --no-fund)
  else
    log "ui: node_modules current"
  fi
}

install_system_packages
install_rust_tools
if [ -f ui/package.json ]; then
  install_node
  install_ui_packages
fi
log "ready"
