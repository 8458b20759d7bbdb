# Sourced by the other scripts: puts a Node.js the UI's tools support first on PATH.
#
# The UI's tools set the floor (vitest 5 and vite 8: `^22.12.0 || ^24.0.0 || >=26.0.0`; Node
# 20 makes `npm ci` warn EBADENGINE). When the system's `node` is not in that range (Debian 12
# ships 18), `scripts/bootstrap.sh` installs Node 22 from the npm registry (the
# `node-linux-<arch>` package, the official build as an npm package, and a current npm) into
# $MERCHANT_DESK_NODE_HOME, by default ~/.cache/merchant-desk/node-22, and this file puts its
# `node`, `npm` and `npx` first on PATH.

MERCHANT_DESK_NODE_HOME="${MERCHANT_DESK_NODE_HOME:-$HOME/.cache/merchant-desk/node-22}"

# Whether `$1` (as `node --version` prints it, e.g. v22.12.0) is a Node the UI's tools support.
node_supported() {
  local v="${1#v}" major minor
  major="${v%%.*}"
  minor="${v#*.}"
  minor="${minor%%.*}"
  [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
  { [ "$major" -eq 22 ] && [ "$minor" -ge 12 ]; } || [ "$major" -eq 24 ] || [ "$major" -ge 26 ]
}

if ! node_supported "$(node --version 2>/dev/null)" && [ -x "$MERCHANT_DESK_NODE_HOME/node_modules/.bin/node" ]; then
  export PATH="$MERCHANT_DESK_NODE_HOME/node_modules/.bin:$PATH"
fi
