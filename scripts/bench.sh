#!/usr/bin/env bash
# The long-run measurement behind docs/performance.md (not part of `npm test`): prints the
# machine (CPU model, SIMD flags, the biquad kernels it runs, compiler, Node, Chromium, load)
# and then runs every benchmark of the document in its order. Each section prints its command
# and the load average before it starts.
#
# Usage: bash scripts/bench.sh [section …]     (npm run bench)
#   sections: native nodes processors track render wasm browser browser-nodes page (default: all, in that order)
#   env REPETITIONS (default 5) and MIN_TIME (seconds per repetition, default 0.2) for the
#   native suite; BROWSER_RUNS (default 5) for the browser comparison; NODES_RUNS (default 3) for the new
#   nodes against the browser's; PAGE_RUNS (default 5).
# Needs the builds: bash scripts/build.sh native && bash scripts/build.sh wasm && npm ci &&
#   bash scripts/build.sh ts
# Takes about 12 minutes on 2 cores. Exit codes: 0 done; 1 a benchmark failed; 2 bad arguments
# or a missing build.
set -uo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n\033[1m[wavegraph bench]\033[0m %s\n' "$*"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

repetitions=${REPETITIONS:-5}
minTime=${MIN_TIME:-0.2}
browserRuns=${BROWSER_RUNS:-5}
pageRuns=${PAGE_RUNS:-5}
nodesRuns=${NODES_RUNS:-3}
bench=build/native/bench/wavegraph_bench
cli=build/native/wavegraph
allSections=(native nodes processors track render wasm browser browser-nodes page)
sections=("$@")
((${#sections[@]})) || sections=("${allSections[@]}")
for section in "${sections[@]}"; do
  [[ " ${allSections[*]} " == *" $section "* ]] ||
    { echo "scripts/bench.sh: unknown section '$section' (allowed: ${allSections[*]})" >&2; exit 2; }
done
wants() { [[ " ${sections[*]} " == *" $1 "* ]]; }

missing=()
{ wants native || wants nodes || wants track || wants render; } && [[ ! -x $bench ]] && missing+=("$bench (bash scripts/build.sh native)")
[[ -x $cli ]] || missing+=("$cli (bash scripts/build.sh native)")
{ wants wasm || wants browser || wants browser-nodes || wants page; } && [[ ! -f dist/index.js || ! -f dist/wavegraph-core.wasm ]] &&
  missing+=("dist/ (bash scripts/build.sh wasm && npm ci && bash scripts/build.sh ts)")
if ((${#missing[@]})); then
  printf 'scripts/bench.sh: missing build: %s\n' "${missing[@]}" >&2
  exit 2
fi

failed=0
run() {
  say "load average $(load); \$ $*"
  "$@" || { failed=1; say "FAILED: $*"; }
}

say "machine"
grep -m1 'model name' /proc/cpuinfo
grep -m1 -E '^cpu family' /proc/cpuinfo
grep -m1 -E '^model\s' /proc/cpuinfo
echo "cores: $(nproc); $(grep -q hypervisor /proc/cpuinfo && echo 'virtual machine' || echo 'no hypervisor flag')"
echo "SIMD flags: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(sse4_2|avx|avx2|fma|avx512[a-z_0-9]*)$' | tr '\n' ' ')"
kernels=()
for kernel in portable avx avx2 avx512; do
  WAVEGRAPH_KERNEL=$kernel "$cli" nodes >/dev/null 2>&1 && kernels+=("$kernel")
done
echo "biquad kernels this CPU runs (WAVEGRAPH_KERNEL): ${kernels[*]} (default: avx2 where the CPU has it, else the widest)"
echo "compiler: $(c++ --version | head -1); build: CMake preset native (Release)"
echo "node: $(node --version); emcc: $(NODE_PATH=/usr/share/nodejs emcc --version 2>/dev/null | head -1 | grep -o '[0-9]*\.[0-9]*\.[0-9]*')"
echo "chromium: $(chromium --version 2>/dev/null || echo 'not installed')"
echo "load average: $(load)"

gbench=(--benchmark_min_time="$minTime" --benchmark_repetitions="$repetitions"
  --benchmark_report_aggregates_only=true)

if wants native; then
  say "native: scalar baseline, the cascade and the default graph with each kernel forced (one run: its closing table gives the speed-ups)"
  run "$bench" --benchmark_filter='BM_ScalarBiquadBaseline|BM_BiquadCascade|BM_ReferenceGraph' "${gbench[@]}"
fi
if wants nodes; then
  say "native: every node type and the random 100-, 1000- and 10,000-node graphs (default kernel)"
  run "$bench" --benchmark_filter='BM_Node|BM_Graph' "${gbench[@]}"
fi
if wants processors; then
  say "native: the soft clipper through the processor ABI against the same class as a built-in node"
  run "$bench" --benchmark_filter='BM_SoftClipper' --benchmark_enable_random_interleaving=true "${gbench[@]}"
fi
if wants track; then
  say "native: the track scheduler, a 1-hour track"
  run "$bench" --benchmark_filter='BM_TrackRenderHour' --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
fi
if wants render; then
  say "native: the whole wavegraph render process against its DSP alone (60 s stereo float WAV)"
  run bash bench/render-process.sh --runs 9
fi
if wants wasm; then
  say "WebAssembly in Node"
  run env SECONDS=10 RUNS=7 node bench/wasm-graph-bench.mjs
  run node bench/render-offline-repeat.mjs
  run node bench/render-offline-phases.mjs 7
  run node bench/worklet-quantum.mjs 7 --split
  say "Node engines side by side: wavegraph renderOffline, plain JS, node-web-audio-api, faustwasm"
  run node bench/node/engines.mjs --rounds 7
  run node bench/node-vs-native.mjs --runs 5
  for kernel in "${kernels[@]}"; do
    say "native render with WAVEGRAPH_KERNEL=$kernel (the wasm side is the same in every run)"
    run env WAVEGRAPH_KERNEL="$kernel" node bench/node-vs-native.mjs --runs 3
  done
  run node bench/wasm-memory.mjs
fi
if wants browser; then
  say "Chromium: Chromium's nodes, the worklet, an empty worklet, plain JS"
  run node bench/browser/run.mjs --runs "$browserRuns" --profile
fi
if wants browser-nodes; then
  say "Chromium: each new node against Chromium's own (compressor, waveShaper, splitter/merger, automation)"
  run node bench/browser/nodes.mjs --runs "$nodesRuns"
fi
if wants page; then
  say "loading the demo page"
  run node bench/page-load.mjs --runs "$pageRuns"
fi

say "done; load average $(load)"
exit $failed
