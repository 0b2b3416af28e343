#!/usr/bin/env bash
# `npm test`: installs what is missing, builds, then runs every test suite:
#   0. the generated schema files against C++
#   1. ctest: GoogleTest (core), CLI tests, and real-time playback through a paced JACK dummy server
#      (two tests at a time; the tests paced by a clock are RUN_SERIAL and run alone)
#   2. the network server (`wavegraph serve --backend null`) with real clients: curl, WebSocket
#      clients (ws), 50-client load for 30 s, security (tests/server, about 60 s)
#   2b. static checks (format, lint, strict types) and the API docs
#   3. Vitest (TypeScript, Node + the shipped wasm)
#   4. browser end-to-end (headless Chromium and Firefox ESR)
#   5. the npm package packed, installed into a fresh Vite app, built and run in Chromium and Firefox;
#      package checks: the tarball's contents, publint, arethetypeswrong, the size budget
#   6. the same GoogleTest and CLI suites built with AddressSanitizer + UndefinedBehaviorSanitizer
#      (clang 14; the same tree builds the fuzz targets of 6b)
#   6b. every fuzz target (libFuzzer, ASan + UBSan) for a fixed budget (scripts/fuzz.sh)
#   7. ThreadSanitizer: the concurrency tests
#   8. the short soaks (docs/reliability.md; scripts/soak.sh runs the full ones): the real-time
#      ones (JACK, Chromium) after the package checks, the offline one near the end
#   9. the browser comparison (bench/browser), Chromium and Firefox: prints times, ratios and the
#      difference to each browser's nodes
# The native tree builds first. The web package and the two sanitizer trees then build in the
# background (scripts/background-builds.sh), one after another, at idle CPU priority (SCHED_IDLE,
# in a process group of their own), while suites 0-2 run: those wait on real clocks much of the
# time (ctest's JACK, Icecast and paced tests keep the 2 cores about a quarter busy), and any
# normal or real-time process takes the CPU from an idle one at once. A suite that needs a
# background tree waits for it (the static checks too: they read the package's declarations).
# The real-time soaks (30 s on JACK, 30 s in Chromium) wait on the clock most of the time and judge
# no CPU time, so they run while the sanitizer trees build. The offline soak (it judges the render
# thread's CPU time per frame) and the browser comparison (it prints times) run last, when nothing
# builds.
set -uo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[wavegraph test]\033[0m %s\n' "$*"; }

bash scripts/setup.sh test || exit 1
bash scripts/build.sh native || { say "build failed"; exit 1; }
native_built_at=$SECONDS

background=build/background
rm -rf "$background"
mkdir -p "$background"
idle=(chrt --idle 0)
"${idle[@]}" true 2>/dev/null || idle=(nice -n 19)
setsid "${idle[@]}" bash scripts/background-builds.sh "$background" </dev/null >/dev/null 2>&1 &
background_pid=$!  # setsid made it the leader of its own process group
trap 'kill -- -$background_pid 2>/dev/null' EXIT
say "building web, asan, tsan in the background (${idle[*]}, pid $background_pid; logs in $background/)"

# after NAME COMMAND...: waits for the background build NAME, prints its log (the first time),
# then runs COMMAND when it succeeded.
after() {
  local name=$1 start=$SECONDS
  shift
  while [[ ! -f $background/$name.status ]] && kill -0 "$background_pid" 2>/dev/null; do sleep 1; done
  if [[ ! -f $background/$name.shown ]]; then
    cat "$background/$name.log" 2>/dev/null
    touch "$background/$name.shown"
  fi
  local status
  status=$(cat "$background/$name.status" 2>/dev/null || echo "none (the background builds stopped)")
  say "background build $name: exit $status (waited $((SECONDS - start)) s for it)"
  [[ $status == 0 ]] || return 1
  "$@"
}

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

run_suite "generated schema files match the C++ schema (generate-schema --check)" node scripts/generate-schema.mjs --check
run_suite "GoogleTest, CLI and JACK playback (ctest, 2 at a time; clock-paced tests alone)" ctest --preset native --label-exclude soak -j 2
run_suite "network server: curl, ws clients, load, security" node tests/server/run.mjs
# The type checks and TypeDoc read the package's declarations in dist/.
run_suite "static checks: clang-format, typescript-eslint, tsc --strict (scripts/lint.sh)" after web bash scripts/lint.sh
run_suite "API documentation: TypeDoc of the package, Doxygen of the public headers, no undocumented symbol (scripts/docs.sh)" \
  after web bash scripts/docs.sh
run_suite "Vitest (Node, wasm)" after web npx vitest run --config tests/js/vitest.config.ts
run_suite "browser end-to-end (Chromium, Firefox)" after web node tests/e2e/run.mjs
run_suite "npm package in a fresh Vite app (Chromium, Firefox)" after web node tests/package/run.mjs
run_suite "package checks: tarball contents, publint, arethetypeswrong, size budget" after web node tests/package/package-checks.mjs
run_suite "soaks (short, real time): 30 s on JACK, 30 s in Chromium (ctest -L soak; full: scripts/soak.sh)" \
  after web ctest --preset native -L soak -E '^soak[.]offline[.]' --output-on-failure
run_suite "GoogleTest and CLI under ASan+UBSan (ctest, preset asan, 2 at a time)" after asan ctest --preset asan -j 2
run_suite "fuzzing (libFuzzer, fixed budget: 10 s per target, scripts/fuzz.sh)" after asan bash scripts/fuzz.sh --seconds 10
run_suite "ThreadSanitizer: the concurrency tests (ctest, preset tsan)" after tsan ctest --preset tsan
run_suite "soak (short, offline): 5 min of audio (ctest -L soak; full: scripts/soak.sh)" \
  ctest --preset native -L soak -R '^soak[.]offline[.]' --output-on-failure
run_suite "browser comparison: each browser's nodes vs the worklet, Chromium and Firefox (benchmark, prints ratios)" after web node bench/browser/run.mjs --runs 3 --ci

((failed)) && say "failed suites: ${failures[*]}"
say "npm test took $SECONDS s (setup and native build $native_built_at s)"
echo "suites: $passed passed, $failed failed"
((failed == 0))
