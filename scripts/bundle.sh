#!/usr/bin/env bash
# Release bundles for Linux: builds the UI, then the app in release mode, packages it as .deb
# and .rpm (and as an AppImage where Tauri's AppImage tools can be downloaded), and prints
# each bundle's size. Bundles land in target/release/bundle/.
#
# Updater signatures: with TAURI_SIGNING_PRIVATE_KEY (and TAURI_SIGNING_PRIVATE_KEY_PASSWORD)
# set, Tauri also writes a .sig next to each bundle (see docs/releasing.md). Without it the
# bundles are built without updater signatures; the private key is never in this repository.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# the Node the bootstrap chose (the system's, or Node 22 it installed)
source scripts/node.sh
(cd ui && npm run build --silent)
tauri="$PWD/ui/node_modules/.bin/tauri"

config=()
if [ -z "${TAURI_SIGNING_PRIVATE_KEY:-}" ]; then
  echo "[bundle] TAURI_SIGNING_PRIVATE_KEY is not set: bundles without updater signatures" >&2
  config=(--config '{"bundle":{"createUpdaterArtifacts":false}}')
fi

(cd src-tauri && "$tauri" build --ci --bundles deb,rpm "${config[@]}")

# The AppImage bundler downloads its tools (linuxdeploy, AppRun) from GitHub on first use.
if curl -fsSI --max-time 10 https://github.com >/dev/null 2>&1; then
  (cd src-tauri && "$tauri" bundle --ci --bundles appimage "${config[@]}")
else
  echo "[bundle] AppImage skipped: its tools are downloaded from GitHub, which is not reachable" >&2
fi

echo
echo "| bundle | size |"
echo "|---|---|"
for f in target/release/merchant-desk target/release/bundle/deb/*.deb \
         target/release/bundle/rpm/*.rpm target/release/bundle/appimage/*.AppImage; do
  [ -f "$f" ] || continue
  case "$f" in *Desk\ Floor*|*desk-floor*) continue ;; esac
  printf '| %s | %s bytes |\n' "${f##*/}" "$(stat -c %s "$f")"
done
