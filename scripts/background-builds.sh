#!/usr/bin/env bash
# The builds `npm test` needs beyond the native tree, one after another: the web package (wasm core,
# the tests' custom cores, then the worklet and the package API), the ASan+UBSan tree (with the fuzz
# targets), the ThreadSanitizer tree. Each step NAME (web, asan, tsan) writes its output to
# DIR/NAME.log and then its exit status to DIR/NAME.status, which scripts/test.sh waits for.
# scripts/test.sh runs this at idle CPU priority while the suites that need only the native tree run.
# Usage: scripts/background-builds.sh DIR
set -uo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: scripts/background-builds.sh DIR}
mkdir -p "$dir"

step() {  # step NAME COMMAND...
  local name=$1 start=$SECONDS
  shift
  "$@" >"$dir/$name.log" 2>&1
  local status=$?
  echo "($name: exit $status after $((SECONDS - start)) s)" >>"$dir/$name.log"
  echo "$status" >"$dir/$name.status"
}

step web bash -c 'bash scripts/build.sh wasm && bash scripts/build.sh ts'
step asan bash -c 'cmake --preset asan >/dev/null && cmake --build --preset asan'
step tsan bash -c 'cmake --preset tsan >/dev/null && cmake --build --preset tsan'
