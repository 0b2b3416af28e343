#!/usr/bin/env bash
# `npm start`: installs what the demo and the CLI need, builds only those (the `wavegraph`
# program, the wasm core and the package), and serves the demo page (with the COOP/COEP headers
# that enable the SharedArrayBuffer command ring). Test suites and benchmarks: `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh start
bash scripts/build.sh cli
bash scripts/build.sh wasm-core
bash scripts/build.sh ts
printf '\033[1m[wavegraph start]\033[0m demo: http://localhost:5173  (Ctrl-C stops it; native CLI: build/native/wavegraph --help)\n'
exec npx vite --config demo/vite.config.ts --host localhost --port 5173 --strictPort
