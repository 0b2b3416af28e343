#!/usr/bin/env bash
# `npm test`: installs what is missing, builds native and wasm, then runs every test suite:
#   0. static checks (format, lint, strict types) and the generated schema files against C++
#   1. ctest: GoogleTest (core), CLI tests, and real-time playback through a paced JACK dummy server
#      (two tests at a time; the tests paced by a clock are RUN_SERIAL and run alone)
#   2. the same GoogleTest and CLI suites built with AddressSanitizer + UndefinedBehaviorSanitizer
#      (clang 14; the same tree builds the fuzz targets of 2c)
#   2b. the short soaks (docs/reliability.md; scripts/soak.sh runs the full ones)
#   2c. every fuzz target (libFuzzer, ASan + UBSan, built by 2) for a fixed budget (scripts/fuzz.sh)
#   3. Vitest (TypeScript, Node + the shipped wasm)
#   3b. the network server (`wavegraph serve --backend null`) with real clients: curl, WebSocket
#       clients (ws), 50-client load for 30 s, security (tests/server, about 80 s)
#   4. browser end-to-end (headless Chromium and Firefox ESR)
#   5. the npm package packed, installed into a fresh Vite app, built and run in Chromium and Firefox;
#      package checks: the tarball's contents, publint, arethetypeswrong, the size budget
#   6. the browser comparison (bench/browser), Chromium and Firefox: prints times, ratios and the difference to each browser's nodes
set -uo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[wavegraph test]\033[0m %s\n' "$*"; }

bash scripts/setup.sh test || exit 1
bash scripts/build.sh all || { say "build failed"; exit 1; }

passed=0; failed=0; failures=()
run_suite() {
  local name=$1; shift
  say "suite: $name ($*)"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); say "suite $name passed in $((SECONDS - start)) s"
  else
    failed=$((failed + 1)); failures+=("$name"); say "suite $name FAILED after $((SECONDS - start)) s"
  fi
}

run_suite "static checks: clang-format, typescript-eslint, tsc --strict (scripts/lint.sh)" bash scripts/lint.sh
run_suite "generated schema files match the C++ schema (generate-schema --check)" node scripts/generate-schema.mjs --check
run_suite "API documentation: TypeDoc of the package, Doxygen of the public headers, no undocumented symbol (scripts/docs.sh)" bash scripts/docs.sh
run_suite "GoogleTest, CLI and JACK playback (ctest, 2 at a time; clock-paced tests alone)" ctest --preset native --label-exclude soak -j 2
run_suite "GoogleTest and CLI under ASan+UBSan (ctest, preset asan, 2 at a time)" bash -c \
  'cmake --preset asan >/dev/null && cmake --build --preset asan && ctest --preset asan -j 2'
run_suite "ThreadSanitizer: the concurrency tests (ctest, preset tsan)" bash -c \
  'cmake --preset tsan >/dev/null && cmake --build --preset tsan && ctest --preset tsan'
run_suite "soaks (short): offline 5 min of audio, 30 s on JACK, 30 s in Chromium (ctest -L soak; full: scripts/soak.sh)" \
  ctest --preset native -L soak --output-on-failure
run_suite "fuzzing (libFuzzer, fixed budget: 10 s per target, scripts/fuzz.sh)" bash scripts/fuzz.sh --seconds 10
run_suite "Vitest (Node, wasm)" npx vitest run --config tests/js/vitest.config.ts
run_suite "network server: curl, ws clients, load, security" node tests/server/run.mjs
run_suite "browser end-to-end (Chromium, Firefox)" node tests/e2e/run.mjs
run_suite "npm package in a fresh Vite app (Chromium, Firefox)" node tests/package/run.mjs
run_suite "package checks: tarball contents, publint, arethetypeswrong, size budget" node tests/package/package-checks.mjs
run_suite "browser comparison: each browser's nodes vs the worklet, Chromium and Firefox (benchmark, prints ratios)" node bench/browser/run.mjs --runs 3 --ci

((failed)) && say "failed suites: ${failures[*]}"
echo "suites: $passed passed, $failed failed"
((failed == 0))
