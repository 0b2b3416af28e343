#!/usr/bin/env bash
# Builds wavegraph. Usage: scripts/build.sh [all|native|wasm|ts]   (default: all)
#   native: core + the `wavegraph` program + GoogleTest  -> build/native/
#   wasm:   core + Embind bindings -> dist/wavegraph-core.mjs (ES module, wasm embedded)
#   ts:     worklet + package API  -> dist/processor.js, dist/index.js, dist/index.d.ts
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
say() { printf '\033[1m[wavegraph build]\033[0m %s\n' "$*"; }

build_native() {
  say "native: configuring and building (CMake preset 'native', Release) -> build/native/"
  cmake --preset native >/dev/null
  cmake --build --preset native
}
build_wasm() {
  say "wasm: configuring and building with Emscripten (preset 'wasm') -> dist/wavegraph-core.mjs"
  # emcc in Debian's emscripten 3.1.6 finds its JS dependencies (acorn) only through NODE_PATH.
  NODE_PATH=/usr/share/nodejs emcmake cmake --preset wasm >/dev/null
  NODE_PATH=/usr/share/nodejs cmake --build --preset wasm
}
build_ts() {
  say "ts: bundling the worklet and the package API -> dist/"
  node scripts/build-ts.mjs
}

case "$what" in
  native) build_native ;;
  wasm) build_wasm ;;
  ts) build_ts ;;
  all) build_native; build_wasm; build_ts ;;
  *) echo "scripts/build.sh: unknown target '$what' (allowed: all, native, wasm, ts)" >&2; exit 2 ;;
esac
