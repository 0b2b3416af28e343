#!/usr/bin/env bash
# Installs what wavegraph needs and is missing: Debian packages (when root) and npm packages (npm ci).
# Safe to run again: it only installs what is not there yet.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[wavegraph setup]\033[0m %s\n' "$*"; }

# Debian packages: compilers and build tools, the native host's libraries, Emscripten for the
# wasm core, Chromium for browser tests, JACK (a paced dummy device) and sox/alsa-utils for audio.
APT_PACKAGES=(g++ cmake ninja-build pkg-config git libgtest-dev libbenchmark-dev libkissfft-dev emscripten libsndfile1-dev
  portaudio19-dev nlohmann-json3-dev libcli11-dev sox alsa-utils chromium)
# Installed without recommends: the JACK server and its example clients (jack_rec, jack_lsp).
APT_PACKAGES_NO_RECOMMENDS=(jackd2)

missing_of() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s ' "$p"
  done
}
read -r -a missing <<<"$(missing_of "${APT_PACKAGES[@]}")"
read -r -a missing_nr <<<"$(missing_of "${APT_PACKAGES_NO_RECOMMENDS[@]}")"
if ((${#missing[@]} + ${#missing_nr[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    say "missing Debian packages: ${missing[*]} ${missing_nr[*]}"
    say "run as root: apt-get update && apt-get install -y ${missing[*]} && apt-get install -y --no-install-recommends ${missing_nr[*]}"
    exit 1
  fi
  say "installing Debian packages: ${missing[*]} ${missing_nr[*]} (about 1-2 minutes)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  ((${#missing[@]})) && apt-get install -y -qq "${missing[@]}" >/dev/null
  ((${#missing_nr[@]})) && apt-get install -y -qq --no-install-recommends "${missing_nr[@]}" >/dev/null
  say "Debian packages installed"
else
  say "Debian packages: all present"
fi

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm packages (npm ci, versions pinned in package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
else
  say "npm packages: up to date"
fi
