#!/usr/bin/env bash
# Installs what wavegraph needs and is missing: Debian packages (when root) and npm packages (npm ci).
# Safe to run again: it only installs what is not there yet.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[wavegraph setup]\033[0m %s\n' "$*"; }

# Debian packages: compilers and build tools, the native host's libraries, Emscripten for the
# wasm core, Chromium for browser tests, JACK (a paced dummy device) and sox/alsa-utils for audio.
APT_PACKAGES=(g++ cmake ninja-build pkg-config git libgtest-dev emscripten libsndfile1-dev
  portaudio19-dev nlohmann-json3-dev libcli11-dev sox alsa-utils chromium jackd2)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    say "missing Debian packages: ${missing[*]}"
    say "run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    exit 1
  fi
  say "installing Debian packages: ${missing[*]} (about 1-2 minutes)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # jackd2 without recommends (no realtime-priority prompt, no GUI tools).
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages: all present"
fi

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm packages (npm ci, versions pinned in package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
else
  say "npm packages: up to date"
fi
