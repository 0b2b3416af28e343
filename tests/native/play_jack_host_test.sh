#!/usr/bin/env bash
# The native host against a paced JACK dummy server, in two parts so that
# each CTest test stays under 35 s:
#
#   play_jack_host_test.sh playback   (about 33 s)
#     `wavegraph play --graph noise.json --seconds 30 --record rec.wav` (seeded white noise, so
#     every frame is unique and alignment is unambiguous), recorded from PortAudio:out_0/1 with
#     jack_rec (32-bit), compared with `wavegraph render --graph noise.json` of 30 s:
#       - jack recording vs offline render: max |diff| ≤ 1e-6 over the whole overlap, nothing of
#         the render missing after the recording started;
#       - drift between the stream's frame counter and the server clock: the alignment lag at
#         the end of the run minus the lag at its start (frames), in ms and scaled to 10 min,
#         must be < 0.1 ms;
#       - the recorder's file vs the jack recording (what the device consumer played): ≤ 1e-6;
#       - no xruns: wavegraph reports 0 underruns, or no more than the machine stalls of at least
#         half a period that a probe above every audio thread saw meanwhile
#         (tests/support/machine-stalls.mjs); in that case the jack recording, which loses a
#         period at each xrun, is reported and not judged;
#       - the recorder's file vs the offline render: lag 0, max |diff| ≤ 1e-6, xruns or not.
#   play_jack_host_test.sh faults     (about 15 s)
#     unknown --device → the default with a warning; WAVEGRAPH_FAULTS=fail-init=jack → the next
#     backend; stream-error → the stream restarts; a stream that keeps failing → the next backend
#     (null); underruns=3 → reported, but on JACK the stream keeps its buffers (the server sets
#     the period; reopening would drop jack_rec's connection) and the jack recording stays whole
#     (buffer growth itself is measured on the null backend, play_host_test.cpp); in the last
#     three the recorder still equals the offline render frame for frame.
#
# The server runs with 1024-frame periods (21 ms) and, where the system allows it, in real-time
# mode (jackd -R -P 70: SCHED_FIFO for the server and its clients' process threads, as audio
# runs in practice); without that permission it falls back to --no-realtime, as in
# play_jack_test.sh. On a shared, loaded machine a non-real-time server reports xruns of its own
# (a client thread not scheduled within the cycle), which the "no xruns" check would then count;
# the log says which mode ran.
# Exit 0 pass, 1 fail, 77 skip (jackd, jack_rec or sox missing). KEEP_WORK=1 keeps the files.
set -uo pipefail

mode=${1:-playback}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
program=${WAVEGRAPH_PROGRAM:-$root/build/native/wavegraph}
compare=${WAV_COMPARE:-$root/build/native/tests/native/wav_compare}
say() { echo "[play_jack_host_test $mode] $*"; }

source "$here/jack_test_harness.sh"
jack_tests_require "$program" "$compare"
jack_tests_begin wavegraph-host-test
unset WAVEGRAPH_FAULTS WAVEGRAPH_NULL_CAPTURE

failures=0
pass() { say "ok:   $*"; }
fail() { say "FAIL: $*"; failures=$((failures + 1)); }
check_max() {  # check_max DESCRIPTION MEASURED MAX
  if awk -v m="$2" -v x="$3" 'BEGIN { exit !(m != "" && m <= x) }'; then pass "$1 = $2 (≤ $3)"; else fail "$1 = ${2:-<none>} (must be ≤ $3)"; fi
}
check_min() {  # check_min DESCRIPTION MEASURED MIN
  if awk -v m="$2" -v x="$3" 'BEGIN { exit !(m != "" && m >= x) }'; then pass "$1 = $2 (≥ $3)"; else fail "$1 = ${2:-<none>} (must be ≥ $3)"; fi
}
expect_in() {  # expect_in DESCRIPTION FILE TEXT
  if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1: '$3' not in $(basename "$2")"; sed 's/^/    /' "$2"; fi
}
field() { grep -o "$2=[^ ]*" <<<"$1" | head -n 1 | cut -d= -f2; }

jack_tests_start_server 1024
say "jackd (pid $jack_pid) runs as server '$JACK_DEFAULT_SERVER', 48000 Hz, 1024-frame periods, $jack_mode"

cat >"$work/noise.json" <<'JSON'
{ "nodes": [ { "id": "src", "type": "noise", "params": { "seed": 7, "levelDb": -12 } },
             { "id": "master", "type": "gain", "params": { "gainDb": 0 } } ],
  "connections": [ { "from": "src", "to": "master" } ], "output": "master" }
JSON

# offline SECONDS: the offline render of noise.json → $work/offline-SECONDS.wav
offline() {
  sox -n -r 48000 -c 2 -b 32 -e floating-point "$work/silence-$1.wav" trim 0 "$1"
  "$program" render --graph "$work/noise.json" "$work/silence-$1.wav" "$work/offline-$1.wav" 2>"$work/render.log" ||
    { fail "offline render failed"; cat "$work/render.log"; }
}

# recorder_matches_offline WHAT FILE: the recorder FILE equals the 3 s offline render (lag 0,
# max |diff| ≤ 1e-6, all 144000 frames); WHAT names the case in the lines printed.
recorder_matches_offline() {
  local what=$1 file=$2 report
  report=$("$compare" "$work/offline-3.wav" "$file") || report=""
  say "recorder $what vs offline render: $report"
  check_max "recorder $what: lag" "$(field "$report" lag)" 0
  check_max "recorder $what: max |diff|" "$(field "$report" max_abs_diff)" 1e-6
  check_min "recorder $what: frames" "$(field "$report" compared_frames)" 144000
}

# play_recorded NAME SECONDS RECORD_SECONDS [play options...]: plays noise.json on JACK with
# --record NAME.rec.wav while jack_rec records NAME.jack.wav; the log is NAME.log.
play_recorded() {
  local name=$1 seconds=$2 record_seconds=$3; shift 3
  "$program" play --graph "$work/noise.json" --seconds "$seconds" --record "$work/$name.rec.wav" "$@" \
    </dev/null 2>"$work/$name.log" &
  local player=$!
  child_pids+=("$player")
  jack_tests_record "$player" "$work/$name.jack.wav" "$record_seconds" "$work/$name.jack_rec.log"
  wait "$player"; play_status=$?
  wait "$recorder_pid"
  sed 's/^/    play: /' "$work/$name.log"
  [[ $play_status == 0 ]] || fail "wavegraph play ($name) exited $play_status"
}

if [[ $mode == playback ]]; then
  offline 30
  jack_tests_stall_probe_start 1024
  play_recorded long 30 31 --buffer-frames 1024
  expect_in "played on JACK" "$work/long.log" "via jack"
  underruns=$(grep -o 'stopped by [^;]*; [0-9]* underrun' "$work/long.log" | grep -o '[0-9]* underrun' | cut -d' ' -f1)
  if verdict=$(jack_tests_judge_underruns "${underruns:-<none>}"); then pass "xruns: $verdict"; else fail "xruns: $verdict"; fi
  # The recorder's file holds every frame the callback produced, xruns or not.
  own=$("$compare" "$work/offline-30.wav" "$work/long.rec.wav") || { fail "recorder file does not align with the offline render"; own=""; }
  say "recorder file vs offline render: $own"
  check_max "recorder vs offline render: lag" "$(field "$own" lag)" 0
  check_max "recorder vs offline render: max |diff|" "$(field "$own" max_abs_diff)" 1e-6
  check_min "recorder vs offline render: frames (29 s at least)" "$(field "$own" compared_frames)" $((29 * 48000))
  # What JACK played loses a period at each xrun (the server skips a late client), which no engine
  # can avoid: with xruns that the machine's stalls explain it is reported, not judged.
  judge_jack=1
  [[ ${underruns:-x} != 0 && $verdict == *"matched by a machine stall"* ]] && judge_jack=0
  report=$("$compare" "$work/offline-30.wav" "$work/long.jack.wav") || { ((judge_jack)) && fail "jack recording does not align"; report=""; }
  say "jack recording vs offline render: $report"
  rec_report=$("$compare" "$work/long.rec.wav" "$work/long.jack.wav") || { ((judge_jack)) && fail "recorder file does not align"; rec_report=""; }
  say "recorder file vs jack recording: $rec_report"
  compared=$(field "$report" compared_frames)
  drift_frames=$(field "$report" drift_frames)
  drift=$(awk -v d="$drift_frames" -v n="$compared" 'BEGIN { if (n == "" || d == "") exit; ms = d / 48; if (ms < 0) ms = -ms; printf "%.6f %.6f", ms, ms * 600 / (n / 48000) }')
  say "drift between the stream's frame counter and the server clock: ${drift_frames:-?} frames over $((${compared:-0} / 48000)) s = ${drift% *} ms, scaled to 10 min: ${drift#* } ms"
  if ((judge_jack)); then
    check_max "jack recording vs offline render: max |diff|" "$(field "$report" max_abs_diff)" 1e-6
    check_min "frames compared (29 s at least)" "$compared" $((29 * 48000))
    check_max "offline frames missing at the end of the recording" "$(field "$report" missing_tail)" 0
    check_max "drift scaled to 10 min (ms)" "${drift#* }" 0.1
    check_max "recorder vs what the device played: max |diff|" "$(field "$rec_report" max_abs_diff)" 1e-6
  else
    say "not judged: the jack recording (max |diff| $(field "$report" max_abs_diff) against the render, $(field "$rec_report" max_abs_diff) against the recorder) with $underruns xruns, each matched by a machine stall"
  fi
  say "wavegraph's own timing: $(grep -o 'timing over.*' "$work/long.log")"
else
  offline 3
  "$program" play --device no-such-device --seconds 0.5 </dev/null 2>"$work/device.log"
  expect_in "unknown device: warning" "$work/device.log" "warning: --device no-such-device: no output device of jack matches"
  expect_in "unknown device: played on the default" "$work/device.log" "via jack"

  WAVEGRAPH_FAULTS=fail-init=jack "$program" play --fallback null --seconds 0.5 </dev/null 2>"$work/init.log"
  expect_in "failing initialise: reported" "$work/init.log" "skipped: jack: initialization failed (injected"
  if grep -qE 'via (pulse|alsa|null)' "$work/init.log"; then pass "failing initialise: the next backend played"; else fail "failing initialise: no next backend"; cat "$work/init.log"; fi

  WAVEGRAPH_FAULTS=stream-error=1 play_recorded restart 3 4 --buffer-frames 1024
  expect_in "stream error: restarted" "$work/restart.log" "restarting the stream"
  expect_in "stream error: still on JACK" "$work/restart.log" "1 restart,"
  recorder_matches_offline "after a restart" "$work/restart.rec.wav"

  # A stream that keeps failing: 3 restarts within 10 s, then the next backend (null) takes over.
  WAVEGRAPH_FAULTS='stream-error=1*4' "$program" play --graph "$work/noise.json" --seconds 3 --buffer-frames 1024 \
    --fallback null --record "$work/switch.rec.wav" </dev/null 2>"$work/switch.log"
  sed 's/^/    play: /' "$work/switch.log"
  expect_in "repeated stream errors: next backend" "$work/switch.log" "now playing on clock via null"
  recorder_matches_offline "across the switch" "$work/switch.rec.wav"

  WAVEGRAPH_FAULTS=underruns=3@1 play_recorded grow 3 4 --buffer-frames 1024
  expect_in "forced underruns on JACK: reported, stream kept (the server sets the period)" "$work/grow.log" \
    "3 underruns (xruns) within 10 s on jack; its period is set by the server (e.g. jackd -p 2048), so the stream keeps its 1024-frame buffers"
  recorder_matches_offline "after the forced underruns" "$work/grow.rec.wav"
  jack_report=$("$compare" "$work/offline-3.wav" "$work/grow.jack.wav") || jack_report=""
  say "jack recording after the forced underruns vs offline render: $jack_report"
  check_max "jack recording after the forced underruns: max |diff| (the connection survived)" \
    "$(field "$jack_report" max_abs_diff)" 1e-6
  check_max "jack recording after the forced underruns: offline frames missing at the end" \
    "$(field "$jack_report" missing_tail)" 0
fi

if ((failures)); then say "$failures check(s) failed"; exit 1; fi
say "all checks passed"
