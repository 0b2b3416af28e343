#!/usr/bin/env bash
# Installs what wavegraph needs and is missing: Debian packages (when root) and npm packages (npm ci).
# Usage: scripts/setup.sh [start|test]   (default: test)
#   start: what the demo page and the `wavegraph` program need (compilers, Emscripten, the native
#          host's libraries)
#   test:  that, plus what the tests and benchmarks need (GoogleTest, Google Benchmark, Chromium,
#          Firefox ESR, a JACK dummy server, cyclictest, sox, clang-format, faust, doxygen, clang 14 with libFuzzer and
#          the sanitizers)
# Safe to run again: it only installs what is not there yet.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-test}
say() { printf '\033[1m[wavegraph setup]\033[0m %s\n' "$*"; }

# The demo and the CLI: compilers and build tools, Emscripten for the wasm core, the native
# host's libraries (libsndfile, PortAudio, CLI11, nlohmann-json; libshout and libvorbisenc for
# --stream to Icecast; Boost.Beast for serve; kissfft for the convolver's FFTs).
APT_START=(g++ cmake ninja-build pkg-config git emscripten libsndfile1-dev portaudio19-dev nlohmann-json3-dev
  libcli11-dev libshout3-dev libvorbis-dev libboost1.81-dev libkissfft-dev)
# The tests: GoogleTest and Google Benchmark, Chromium for browser tests, sox and alsa-utils for
# real recordings, clang-format for the format check, faust for the Faust processor tests, doxygen
# for the API documentation, clang 14 and its runtime for the fuzz targets (libFuzzer, ASan, UBSan)
# and ThreadSanitizer; an Icecast server, curl and oggdec (vorbis-tools) for the --stream test; curl
# also for the network server's tests (tests/server).
APT_TEST=(libgtest-dev libbenchmark-dev sox alsa-utils chromium clang-format faust doxygen clang-14 libclang-rt-14-dev
  icecast2 curl vorbis-tools)
# Installed without recommends: the JACK server and its example clients (jack_rec, jack_lsp);
# Firefox ESR for the browser tests (driven over WebDriver BiDi by puppeteer-core); rt-tests for
# cyclictest, the machine stall probe beside the real-time tests (tests/support/machine-stalls.mjs).
APT_TEST_NO_RECOMMENDS=(jackd2 firefox-esr rt-tests)

case "$what" in
  start) wanted=("${APT_START[@]}"); wanted_nr=() ;;
  test) wanted=("${APT_START[@]}" "${APT_TEST[@]}"); wanted_nr=("${APT_TEST_NO_RECOMMENDS[@]}") ;;
  *) echo "scripts/setup.sh: unknown set '$what' (allowed: start, test)" >&2; exit 2 ;;
esac

missing_of() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s ' "$p"
  done
}
read -r -a missing <<<"$(missing_of "${wanted[@]}")"
read -r -a missing_nr <<<"$(missing_of "${wanted_nr[@]}")"
if ((${#missing[@]} + ${#missing_nr[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    say "missing Debian packages: ${missing[*]} ${missing_nr[*]}"
    say "run as root: apt-get update && apt-get install -y ${missing[*]}${missing_nr[*]:+ && apt-get install -y --no-install-recommends ${missing_nr[*]}}"
    exit 1
  fi
  say "installing Debian packages: ${missing[*]} ${missing_nr[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  ((${#missing[@]})) && apt-get install -y -qq "${missing[@]}" >/dev/null
  ((${#missing_nr[@]})) && apt-get install -y -qq --no-install-recommends "${missing_nr[@]}" >/dev/null
  say "Debian packages installed"
else
  say "Debian packages ($what): all present"
fi

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm packages (npm ci, versions pinned in package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
else
  say "npm packages: up to date"
fi
