#!/usr/bin/env bash
# Builds and runs Merchant Desk on the embedded sandbox, installing what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# the Node the bootstrap chose (the system's, or Node 22 it installed)
source scripts/node.sh
(cd ui && npm run build --silent)
exec cargo run -p merchant-desk "$@"
