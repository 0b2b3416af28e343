#!/usr/bin/env bash
# Builds wavegraph. Usage: scripts/build.sh [all|cli|native|wasm|wasm-core|ts]   (default: all)
#   cli:    core + the `wavegraph` program only                 -> build/native/wavegraph
#   native: core + the `wavegraph` program + GoogleTest suites + benchmarks -> build/native/
#   wasm:   core + Embind bindings -> dist/wavegraph-core.*, and the tests' custom cores
#           (wavegraph_add_wasm_core: the soft clipper linked in) -> build/wasm/test-cores/
#   wasm-core: only dist/wavegraph-core.* (what the demo needs; `npm start`)
#   ts:     worklet + package API  -> dist/processor.js, dist/index.js, dist/index.d.ts
#   all:    native, wasm, ts
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
say() { printf '\033[1m[wavegraph build]\033[0m %s\n' "$*"; }

build_cli() {
  say "cli: configuring and building the wavegraph program (CMake preset 'cli', Release) -> build/native/wavegraph"
  cmake --preset cli >/dev/null
  cmake --build --preset cli --target wavegraph
}
build_native() {
  say "native: configuring and building (CMake preset 'native', Release: program, tests, benchmarks) -> build/native/"
  cmake --preset native >/dev/null
  cmake --build --preset native
}
build_wasm() {
  say "wasm: configuring and building with Emscripten (preset 'wasm') -> dist/, build/wasm/test-cores/"
  # emcc in Debian's emscripten 3.1.6 finds its JS dependencies (acorn) only through NODE_PATH.
  NODE_PATH=/usr/share/nodejs emcmake cmake --preset wasm >/dev/null
  NODE_PATH=/usr/share/nodejs cmake --build --preset wasm
}
build_wasm_core() {
  say "wasm-core: configuring and building the default core with Emscripten (preset 'wasm') -> dist/"
  NODE_PATH=/usr/share/nodejs emcmake cmake --preset wasm >/dev/null
  NODE_PATH=/usr/share/nodejs cmake --build --preset wasm --target wavegraph-core
}
build_ts() {
  say "ts: bundling the worklet and the package API -> dist/"
  node scripts/build-ts.mjs
}

case "$what" in
  cli) build_cli ;;
  native) build_native ;;
  wasm) build_wasm ;;
  wasm-core) build_wasm_core ;;
  ts) build_ts ;;
  all) build_native; build_wasm; build_ts ;;
  *) echo "scripts/build.sh: unknown target '$what' (allowed: all, cli, native, wasm, wasm-core, ts)" >&2; exit 2 ;;
esac
