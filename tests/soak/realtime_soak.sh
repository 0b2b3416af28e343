#!/usr/bin/env bash
# The real-time soak: `wavegraph play` for SECONDS (default 300) on a paced JACK dummy server
# (48000 Hz, 1024-frame periods) through a graph with a noise source, the reference EQ and a
# master gain, fed seeded random stdin commands (`set` on EQ bands and the master, `gain`, `eq`,
# and a `graph FILE` swap between two graphs every few seconds) while jack_rec records what the
# server played. Checks: wavegraph exits 0 and reports 0 underruns, no command is refused, the
# --record file equals what the device played (wav_compare aligns them: max |diff| ≤ 1e-6), and the
# recording is finite and not silent. Prints the figures; with --json FILE writes them.
#
#   tests/soak/realtime_soak.sh [--seconds 300] [--seed 1] [--json out.json]
set -uo pipefail
seconds=300 seed=1 json=""
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --json) json=$2; shift 2 ;;
    *) echo "realtime_soak.sh: unknown option '$1' (allowed: --seconds N, --seed N, --json FILE)" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
program=${WAVEGRAPH_PROGRAM:-$root/build/native/wavegraph}
compare=${WAV_COMPARE:-$root/build/native/tests/native/wav_compare}
say() { echo "[realtime soak] $*"; }

source "$root/tests/native/jack_test_harness.sh"
jack_tests_require "$program" "$compare"
jack_tests_begin wavegraph-soak
unset WAVEGRAPH_FAULTS WAVEGRAPH_NULL_CAPTURE

failures=0
pass() { say "ok:   $*"; }
fail() { say "FAIL: $*"; failures=$((failures + 1)); }
field() { grep -o "$2=[^ ]*" <<<"$1" | head -n 1 | cut -d= -f2; }

jack_tests_start_server 1024
say "jackd (pid $jack_pid), 48000 Hz, 1024-frame periods, $jack_mode; ${seconds} s, seed $seed"

graph() {  # graph FILE NOISE-SEED COLOR
  cat >"$1" <<JSON
{ "nodes": [ { "id": "source", "type": "noise", "params": { "seed": $2, "color": $3, "levelDb": -18 } },
             { "id": "eq", "type": "parametricEq" }, { "id": "master", "type": "gain" }, { "id": "meter", "type": "meter" } ],
  "connections": [ { "from": "source", "to": "eq" }, { "from": "eq", "to": "master" }, { "from": "master", "to": "meter" } ],
  "output": "meter" }
JSON
}
graph "$work/a.json" 7 0
graph "$work/b.json" 11 1

# Seeded random commands, one every 50…500 ms, a graph swap every 20th; then quit. EQ bands and
# the master only cut, so the output stays below full scale: jack_rec records 32-bit integers,
# which clip at ±1, while the --record file is float (boosts once gave 3.47 against 1.0 there).
commands() {
  RANDOM=$seed
  local end=$((SECONDS + seconds)) n=0 which=a
  while ((SECONDS < end)); do
    n=$((n + 1))
    if ((n % 20 == 0)); then
      which=$([[ $which == a ]] && echo b || echo a)
      echo "graph $work/$which.json"
    else
      case $((RANDOM % 4)) in
        0) echo "set eq.band$((RANDOM % 8)).gainDb -$((RANDOM % 20)).$((RANDOM % 10))" ;;
        1) echo "eq $((RANDOM % 8)) -$((RANDOM % 30))" ;;
        2) echo "gain -$((RANDOM % 20)).$((RANDOM % 10))" ;;
        3) echo "set eq.band$((RANDOM % 8)).q 0.$((RANDOM % 9 + 1))" ;;
      esac
    fi
    echo "$n" >"$work/sent"
    sleep "0.$(printf '%03d' $((50 + RANDOM % 450)))"
  done
  echo status
  echo quit
}

start=$SECONDS
commands | "$program" play --graph "$work/a.json" --seconds "$((seconds + 2))" --buffer-frames 1024 \
  --record "$work/soak.rec.wav" 2>"$work/play.log" &
player=$!
child_pids+=("$player")
# jack_tests_record's wait for the ports, then jack_rec with a 2^21-frame ring (44 s): its disk
# thread may stall for seconds on a loaded machine, and the default 16384 frames then overrun.
for _ in $(seq 300); do
  jack_lsp 2>/dev/null | grep -qx 'PortAudio:out_1' && break
  kill -0 "$player" 2>/dev/null || break
  sleep 0.02
done
jack_rec -f "$work/soak.jack.wav" -d "$((seconds + 1))" -b 32 -B 2097152 PortAudio:out_0 PortAudio:out_1 \
  >"$work/jack_rec.log" 2>&1 &
recorder_pid=$!
child_pids+=("$recorder_pid")
wait "$player"; play_status=$?
wait "$recorder_pid" 2>/dev/null  # to its end, so that it reports its own overruns
wall=$((SECONDS - start))
tail -n 5 "$work/play.log" | sed 's/^/    play: /'

[[ $play_status == 0 ]] && pass "wavegraph play exited 0" || fail "wavegraph play exited $play_status"
underruns=$(grep -o '[0-9]* underrun' "$work/play.log" | tail -n 1 | cut -d' ' -f1)
[[ ${underruns:-x} == 0 ]] && pass "underruns reported by wavegraph: 0" || fail "underruns reported by wavegraph: ${underruns:-<none>}"
sent=$(cat "$work/sent" 2>/dev/null || echo 0)
refusal='is not|out of range|unknown|cannot|expected|no node|has no'
refused=$(grep -v -E 'status:|played [0-9.]+ s' "$work/play.log" | grep -c -iE "$refusal")
((refused == 0)) && pass "$sent commands, none refused" || { fail "$refused stdin lines refused"; grep -iE "$refusal" "$work/play.log" | head -n 5; }
jack_overruns=$(grep -i 'overrun' "$work/jack_rec.log" | head -n 1)
[[ -n $jack_overruns ]] && say "jack_rec reported: $jack_overruns (its recording lost frames, so it cannot match)"
report=$("$compare" "$work/soak.rec.wav" "$work/soak.jack.wav") || report=""
say "--record file vs what JACK played: $report"
lag=$(field "$report" lag) diff=$(field "$report" max_abs_diff) frames=$(field "$report" compared_frames)
if [[ -n $diff ]] && awk -v d="$diff" -v l="$lag" 'BEGIN { exit !(d <= 1e-6 && l != "") }'; then
  pass "recording equals what the device played (max |diff| $diff over $frames frames; JACK's recording starts $lag frames later)"
else
  fail "recording differs from what the device played: ${report:-no alignment}"
fi
stats=$(sox "$work/soak.rec.wav" -n stats 2>&1)  # = what JACK played (checked above)
rms=$(awk '/RMS lev dB/ { print $4 }' <<<"$stats") peak=$(awk '/Pk lev dB/ { print $4 }' <<<"$stats")
if awk -v r="$rms" 'BEGIN { exit !(r != "" && r > -80 && r < 0) }'; then pass "recording RMS $rms dBFS, peak $peak dBFS"; else fail "recording RMS ${rms:-?} dBFS"; fi

if [[ -n $json ]]; then
  printf '{"seconds":%s,"wallSeconds":%s,"seed":%s,"commands":%s,"underruns":%s,"refused":%s,"comparedFrames":%s,"maxAbsDiff":%s,"rmsDb":%s,"jackMode":"%s","jackRecOverruns":"%s","failures":%s}\n' \
    "$seconds" "$wall" "$seed" "$sent" "${underruns:-null}" "$refused" "${frames:-0}" "${diff:-null}" "${rms:-null}" "$jack_mode" "${jack_overruns:-}" "$failures" >"$json"
fi
if ((failures)); then say "$failures check(s) failed"; exit 1; fi
say "all checks passed"
