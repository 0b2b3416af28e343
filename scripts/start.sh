#!/usr/bin/env bash
# `npm start`: installs what is missing, builds native and wasm, and serves the demo page
# (with the COOP/COEP headers that enable the SharedArrayBuffer command ring).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh all
printf '\033[1m[wavegraph start]\033[0m demo: http://localhost:5173  (Ctrl-C stops it; native CLI: build/native/wavegraph --help)\n'
exec npx vite --config demo/vite.config.ts --host localhost --port 5173 --strictPort
