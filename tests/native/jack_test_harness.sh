# Sourced by the JACK real-time tests (play_jack_test.sh, play_jack_host_test.sh): the tools they
# need, a work directory, a JACK server name of their own, and the cleanup that stops the
# children and the server by PID. The caller defines say() first; afterwards it has $work,
# sets $jack_pid when it starts jackd, and appends background PIDs to child_pids.

_jack_tests_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# jack_tests_require PROGRAM...: exit 77 (skip) when a JACK tool or sox is missing, 1 when one of
# the built PROGRAMs is.
jack_tests_require() {
  local tool built
  for tool in jackd jack_lsp jack_rec sox; do
    command -v "$tool" >/dev/null || { say "SKIP: $tool is not installed (apt-get install jackd2 sox)"; exit 77; }
  done
  for built in "$@"; do
    [[ -x $built ]] || { say "FAIL: $built is not built (run: npm run build:native)"; exit 1; }
  done
}

# jack_tests_begin SERVER-PREFIX: makes $work, names the server SERVER-PREFIX-<pid> (so parallel
# tests never share one) and installs the cleanup (KEEP_WORK=1 keeps $work).
jack_tests_begin() {
  work=$(mktemp -d)
  export JACK_DEFAULT_SERVER="$1-$$"
  export JACK_NO_START_SERVER=1
  jack_pid=""
  child_pids=()
  trap jack_tests_cleanup EXIT
  trap 'exit 130' INT TERM
}

jack_tests_cleanup() {
  local pid
  for pid in "${child_pids[@]}"; do kill "$pid" 2>/dev/null; done
  if [[ -n $jack_pid ]]; then
    kill "$jack_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$jack_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$jack_pid" 2>/dev/null
    wait "$jack_pid" 2>/dev/null
  fi
  if [[ -n ${KEEP_WORK:-} ]]; then echo "kept $work"; else rm -rf "$work"; fi
}

# jack_tests_start_server PERIOD-FRAMES: starts `jackd -d dummy -r 48000 -p PERIOD-FRAMES` in
# real-time mode (-R -P 70: SCHED_FIFO for the server and its clients' process threads, as audio
# runs in practice) where the system grants it, else --no-realtime; sets $jack_pid and
# $jack_mode. Exits 1 when neither comes up.
jack_tests_start_server() {
  local period=$1
  _jack_tests_try() {
    jackd "$@" -d dummy -r 48000 -p "$period" >"$work/jackd.log" 2>&1 &
    jack_pid=$!
    for _ in $(seq 100); do jack_lsp >/dev/null 2>&1 && return 0; kill -0 "$jack_pid" 2>/dev/null || break; sleep 0.1; done
    kill "$jack_pid" 2>/dev/null; wait "$jack_pid" 2>/dev/null; jack_pid=""
    return 1
  }
  jack_mode="real-time (SCHED_FIFO 70)"
  if ! _jack_tests_try -R -P 70 || grep -qi "cannot use real-time\|cannot lock down" "$work/jackd.log"; then
    [[ -n $jack_pid ]] && { kill "$jack_pid"; wait "$jack_pid" 2>/dev/null; jack_pid=""; }
    jack_mode="--no-realtime"
    _jack_tests_try --no-realtime || { say "FAIL: jackd did not come up:"; cat "$work/jackd.log"; exit 1; }
  fi
}

# jack_tests_stall_probe_start PERIOD-FRAMES: starts the machine stall probe
# (tests/support/machine-stalls.mjs: cyclictest at SCHED_FIFO 80, above jackd and its clients) in
# the background with half a period at 48000 Hz as its threshold; sets $stall_probe_pid.
jack_tests_stall_probe_start() {
  node "$_jack_tests_dir/../support/machine-stalls.mjs" run --period-frames "$1" --out "$work/stalls.json" &
  stall_probe_pid=$!
  child_pids+=("$stall_probe_pid")
}

# jack_tests_judge_underruns UNDERRUNS: stops the probe and prints the verdict on UNDERRUNS (the
# count wavegraph reported); status 0 when there were none or each is matched by a machine stall
# the probe saw, 1 otherwise (and always when the probe could not run and UNDERRUNS is not 0).
jack_tests_judge_underruns() {
  kill -INT "$stall_probe_pid" 2>/dev/null
  wait "$stall_probe_pid" 2>/dev/null
  node "$_jack_tests_dir/../support/machine-stalls.mjs" judge --underruns "$1" --summary "$work/stalls.json"
}

# jack_tests_record PLAYER-PID OUT.wav SECONDS LOG: waits (up to 6 s) until the player's
# PortAudio output ports exist or the player has gone, then records them with jack_rec in the
# background for SECONDS; sets $recorder_pid.
jack_tests_record() {
  local player=$1 out=$2 seconds=$3 log=$4
  for _ in $(seq 300); do
    jack_lsp 2>/dev/null | grep -qx 'PortAudio:out_1' && break
    kill -0 "$player" 2>/dev/null || break
    sleep 0.02
  done
  jack_rec -f "$out" -d "$seconds" -b 32 PortAudio:out_0 PortAudio:out_1 >"$log" 2>&1 &
  recorder_pid=$!
  child_pids+=("$recorder_pid")
}
