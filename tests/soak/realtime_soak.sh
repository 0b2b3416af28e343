#!/usr/bin/env bash
# The real-time soak: `wavegraph play` for SECONDS (default 300) on a paced JACK dummy server
# (48000 Hz, 1024-frame periods) through a graph with a noise source, the reference EQ and a
# master gain, fed seeded random stdin commands (`set` on EQ bands and the master, `gain`, `eq`,
# and a `graph FILE` swap between two graphs every few seconds) while jack_rec records what the
# server played, and logs every command with its engine frame (--command-log). Then renders the same
# graph offline with `wavegraph render --commands` of that log. Checks: wavegraph exits 0 and
# reports 0 underruns (or no more than the machine stalls of at least half a period that a probe
# above every audio thread saw meanwhile: tests/support/machine-stalls.mjs), no command is
# refused, every command is in the log and none arrived late,
# the --record file equals the offline render sample for sample (max |diff| 0 at lag 0) and what
# the device played (wav_compare aligns them: max |diff| ≤ 1e-6; so does JACK's recording against
# the render when jack_rec lost no frames), and the recording is finite and not silent. Prints the
# figures; with --json FILE writes them.
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
jack_tests_stall_probe_start 1024
commands | "$program" play --graph "$work/a.json" --seconds "$((seconds + 2))" --buffer-frames 1024 \
  --record "$work/soak.rec.wav" --command-log "$work/commands.log" 2>"$work/play.log" &
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
if verdict=$(jack_tests_judge_underruns "${underruns:-<none>}"); then pass "underruns reported by wavegraph: $verdict"; else fail "underruns reported by wavegraph: $verdict"; fi
# What JACK played loses a period at each xrun (the server skips a late client): with xruns that
# the machine's stalls explain it is reported, not judged (the --record file always is).
judge_jack=1
[[ ${underruns:-x} != 0 && $verdict == *"matched by a machine stall"* ]] && judge_jack=0
sent=$(cat "$work/sent" 2>/dev/null || echo 0)
refusal='is not|out of range|unknown|cannot|expected|no node|has no'
refused=$(grep -v -E 'status:|played [0-9.]+ s' "$work/play.log" | grep -c -iE "$refusal")
((refused == 0)) && pass "$sent commands, none refused" || { fail "$refused stdin lines refused"; grep -iE "$refusal" "$work/play.log" | head -n 5; }
logged=$(grep -c -v '^#' "$work/commands.log" 2>/dev/null) late=$(grep -o '[0-9]* late' "$work/play.log" | tail -n 1 | cut -d' ' -f1)
dropped=$(grep -o '[0-9]* events dropped' "$work/play.log" | tail -n 1 | cut -d' ' -f1)
if [[ ${logged:-0} == "$sent" && ${late:-x} == 0 && ${dropped:-x} == 0 ]]; then
  pass "command log: $logged commands with their frames, 0 late, 0 events dropped"
else
  fail "command log: ${logged:-0} of $sent commands logged, ${late:-?} late, ${dropped:-?} events dropped"
fi

# The same graph offline, with the logged commands at their frames: the input is silence of the
# recording's length (the graph's source is its own noise node).
rec_frames=$(soxi -s "$work/soak.rec.wav" 2>/dev/null)
sox -n -r 48000 -c 2 -b 16 "$work/silence.wav" trim 0 "${rec_frames:-0}s"
render_start=$SECONDS
"$program" render "$work/silence.wav" "$work/offline.wav" --graph "$work/a.json" --commands "$work/commands.log" \
  2>"$work/render.log" || fail "render --commands exited $?: $(tail -n 1 "$work/render.log")"
render_seconds=$((SECONDS - render_start))
offline=$("$compare" "$work/offline.wav" "$work/soak.rec.wav") || offline=""
say "--record file vs render --commands: $offline"
offline_lag=$(field "$offline" lag) offline_diff=$(field "$offline" max_abs_diff)
offline_frames=$(field "$offline" compared_frames)
if [[ $offline_lag == 0 && $offline_diff == 0 && $offline_frames == "$rec_frames" ]]; then
  pass "recording equals the offline render of the command log (max |diff| 0 over $offline_frames frames at lag 0; render took ${render_seconds} s)"
else
  fail "recording differs from the offline render of the command log: ${offline:-no alignment} (recording: ${rec_frames:-?} frames)"
fi

jack_overruns=$(grep -i 'overrun' "$work/jack_rec.log" | head -n 1)
[[ -n $jack_overruns ]] && say "jack_rec reported: $jack_overruns (its recording lost frames, so it cannot match)"
report=$("$compare" "$work/soak.rec.wav" "$work/soak.jack.wav") || report=""
say "--record file vs what JACK played: $report"
lag=$(field "$report" lag) diff=$(field "$report" max_abs_diff) frames=$(field "$report" compared_frames)
if ((!judge_jack)); then
  say "not judged: recording vs what the device played (max |diff| ${diff:-?}) with $underruns xruns, each matched by a machine stall"
elif [[ -n $diff ]] && awk -v d="$diff" -v l="$lag" 'BEGIN { exit !(d <= 1e-6 && l != "") }'; then
  pass "recording equals what the device played (max |diff| $diff over $frames frames; JACK's recording starts $lag frames later)"
else
  fail "recording differs from what the device played: ${report:-no alignment}"
fi
jack_offline=$("$compare" "$work/offline.wav" "$work/soak.jack.wav") || jack_offline=""
jack_offline_diff=$(field "$jack_offline" max_abs_diff) jack_offline_frames=$(field "$jack_offline" compared_frames)
if [[ -z $jack_overruns ]] && ((judge_jack)); then
  if [[ -n $jack_offline_diff ]] && awk -v d="$jack_offline_diff" 'BEGIN { exit !(d <= 1e-6) }'; then
    pass "what JACK played equals the offline render (max |diff| $jack_offline_diff over $jack_offline_frames frames)"
  else
    fail "what JACK played differs from the offline render: ${jack_offline:-no alignment}"
  fi
fi
stats=$(sox "$work/soak.rec.wav" -n stats 2>&1)  # = what JACK played (checked above)
rms=$(awk '/RMS lev dB/ { print $4 }' <<<"$stats") peak=$(awk '/Pk lev dB/ { print $4 }' <<<"$stats")
if awk -v r="$rms" 'BEGIN { exit !(r != "" && r > -80 && r < 0) }'; then pass "recording RMS $rms dBFS, peak $peak dBFS"; else fail "recording RMS ${rms:-?} dBFS"; fi

if [[ -n $json ]]; then
  printf '{"seconds":%s,"wallSeconds":%s,"seed":%s,"commands":%s,"underruns":%s,"refused":%s,"comparedFrames":%s,"maxAbsDiff":%s,"rmsDb":%s,"jackMode":"%s","jackRecOverruns":"%s","logged":%s,"late":%s,"eventsDropped":%s,"offlineComparedFrames":%s,"offlineMaxAbsDiff":%s,"offlineLag":%s,"jackOfflineMaxAbsDiff":%s,"machineStalls":%s,"failures":%s}\n' \
    "$seconds" "$wall" "$seed" "$sent" "${underruns:-null}" "$refused" "${frames:-0}" "${diff:-null}" "${rms:-null}" "$jack_mode" "${jack_overruns:-}" \
    "${logged:-0}" "${late:-null}" "${dropped:-null}" "${offline_frames:-0}" "${offline_diff:-null}" "${offline_lag:-null}" "${jack_offline_diff:-null}" "$(cat "$work/stalls.json" 2>/dev/null || echo null)" "$failures" >"$json"
fi
if ((failures)); then say "$failures check(s) failed"; exit 1; fi
say "all checks passed"
