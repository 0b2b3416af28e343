#!/usr/bin/env bash
# The full soaks (docs/reliability.md, "Soaks"): offline (default 10 minutes of audio), real time
# on the JACK dummy server (default 5 minutes) and in headless Chromium (default 5 minutes).
# Offline and browser run at nice 10 (the machine may be shared); the real-time soak runs at
# nice 0, as a player would (jackd real-time where the system grants it), since it counts
# underruns. Writes build/soak/<name>.json and the figures into docs/reliability.md (a soak not
# run keeps its figures there). Usage:
#   scripts/soak.sh [--minutes N] [--only offline|realtime|browser] [--seed N]
# --minutes sets every soak's length. Exit 1 when a soak fails (the figures are written anyway).
set -uo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[wavegraph soak]\033[0m %s\n' "$*"; }
minutes="" only="" seed=1
while (($#)); do
  case $1 in
    --minutes) minutes=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "scripts/soak.sh: unknown option '$1' (allowed: --minutes N, --only offline|realtime|browser, --seed N)" >&2; exit 2 ;;
  esac
done
mkdir -p build/soak
status=0
wanted() { [[ -z $only || $only == "$1" ]]; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

if wanted offline; then
  cmake --build --preset native --target wavegraph_soak >/dev/null || exit 1
  say "offline: ${minutes:-10} min of audio (load $(load))"
  start_load=$(load)
  nice -n 10 build/native/tests/soak/wavegraph_soak --minutes "${minutes:-10}" --seed "$seed" \
    --json build/soak/offline.json || status=1
  echo "{\"loadStart\":\"$start_load\",\"loadEnd\":\"$(load)\"}" >build/soak/offline.load.json
fi
if wanted realtime; then
  cmake --build --preset native --target wavegraph wav_compare >/dev/null || exit 1
  say "real time: ${minutes:-5} min on the JACK dummy server (load $(load))"
  start_load=$(load)
  bash tests/soak/realtime_soak.sh --seconds "$(awk -v m="${minutes:-5}" 'BEGIN { printf "%d", m * 60 }')" \
    --seed "$seed" --json build/soak/realtime.json || status=1
  echo "{\"loadStart\":\"$start_load\",\"loadEnd\":\"$(load)\"}" >build/soak/realtime.load.json
fi
if wanted browser; then
  say "browser: ${minutes:-5} min in headless Chromium (load $(load))"
  start_load=$(load)
  nice -n 10 node tests/soak/browser_soak.mjs --minutes "${minutes:-5}" --seed "$seed" --json build/soak/browser.json ||
    status=1
  echo "{\"loadStart\":\"$start_load\",\"loadEnd\":\"$(load)\"}" >build/soak/browser.load.json
fi
node scripts/soak-figures.mjs || status=1
exit $status
