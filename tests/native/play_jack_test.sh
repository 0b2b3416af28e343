#!/usr/bin/env bash
# Real-time playback check of `wavegraph play` through a paced JACK dummy server (no sound card
# needed). Run by `npm run test:realtime` and by CTest (native.play_jack_realtime).
#
#  1. starts `jackd -d dummy -r 48000 -p 256` under a unique server name
#     (JACK_DEFAULT_SERVER=wavegraph-test-$$), in real-time mode where the system grants it
#     (else --no-realtime), killed by PID on exit;
#  2. plays a 2 s, 440 Hz, -6 dBFS stereo sine with `wavegraph play` (PortAudio's default device
#     is JACK's "system" when the server runs) and records PortAudio:out_0/1 with jack_rec (32-bit);
#     checks 440 ± 1 Hz and -9.03 ± 1 dBFS RMS per channel, and that playback took real time;
#  3. plays a 960 Hz sine and sends "eq 4 -20" on stdin 0.5 s in; checks the last second of the
#     recording is 20 ± 1 dB below the sine's level (-29.03 dBFS RMS);
#  4. the default play path equals render: a stereo real recording (Front_Left + Front_Right
#     merged with sox) played with `--eq 4=-20 --gain-db -3 --record`, the jack_rec recording
#     and the recorder's file each aligned with `wavegraph render` of the same file and options
#     (wav_compare): max |difference| ≤ 1e-6, nothing of the render missing (the jack recording
#     only when the run had no xruns: a loaded machine makes a non-real-time server miss cycles).
# Prints the measured numbers. Exit 0 pass, 1 fail, 77 skip (jackd/sox missing).
# KEEP_WORK=1 keeps the work directory (sine files, recordings, logs) for inspection.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
program=${WAVEGRAPH_PROGRAM:-$root/build/native/wavegraph}
analyse=${WAV_ANALYSE:-$root/build/native/tests/native/wav_analyse}
compare=${WAV_COMPARE:-$root/build/native/tests/native/wav_compare}
say() { echo "[play_jack_test] $*"; }

source "$here/jack_test_harness.sh"
jack_tests_require "$program" "$analyse" "$compare"
jack_tests_begin wavegraph-test

failures=0
check() {  # check DESCRIPTION MEASURED EXPECTED TOLERANCE
  if awk -v m="$2" -v e="$3" -v t="$4" 'BEGIN { d = m - e; if (d < 0) d = -d; exit !(m != "" && d <= t) }'; then
    say "ok:   $1 = $2 (expected $3 ± $4)"
  else
    say "FAIL: $1 = ${2:-<none>} (expected $3 ± $4)"; failures=$((failures + 1))
  fi
}
check_range() {  # check_range DESCRIPTION MEASURED MIN MAX
  if awk -v m="$2" -v lo="$3" -v hi="$4" 'BEGIN { exit !(m != "" && m >= lo && m <= hi) }'; then
    say "ok:   $1 = $2 (expected $3…$4)"
  else
    say "FAIL: $1 = ${2:-<none>} (expected $3…$4)"; failures=$((failures + 1))
  fi
}
field() { grep -o "$2=[^ ]*" <<<"$1" | head -n 1 | cut -d= -f2; }           # field TEXT KEY
channel_field() { grep "^channel=$2 " <<<"$1" | grep -o "$3=[^ ]*" | cut -d= -f2; }  # TEXT CH KEY

# 1. The paced server.
jack_tests_start_server 256
say "jackd (pid $jack_pid) runs as server '$JACK_DEFAULT_SERVER', 48000 Hz, 256-frame periods, $jack_mode"

# play_and_record NAME FILE STDIN_SCRIPT [PLAY-OPTIONS...]: plays FILE (stdin fed by
# STDIN_SCRIPT), records 3 s.
play_and_record() {
  local name=$1 file=$2 stdin_script=$3
  shift 3
  local start=$(date +%s.%N)
  ( bash -c "$stdin_script" | "$program" play "$file" "$@" ) 2>"$work/$name.play.log" &
  local player=$!
  child_pids+=("$player")
  jack_tests_record "$player" "$work/$name.wav" 3 "$work/$name.rec.log"
  wait "$player"; local player_status=$?
  local end=$(date +%s.%N)
  wait "$recorder_pid"
  sed 's/^/    play: /' "$work/$name.play.log"
  play_seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  [[ $player_status == 0 ]] || { say "FAIL: wavegraph play exited $player_status"; failures=$((failures + 1)); }
  grep -q 'JACK' "$work/$name.play.log" || { say "FAIL: play did not use the JACK device"; failures=$((failures + 1)); }
}

# 2. 440 Hz at -6 dBFS peak: frequency and level as played.
sox -n -r 48000 -c 2 -b 32 -e floating-point "$work/sine440.wav" synth 2 sine 440 gain -6.0206
play_and_record plain "$work/sine440.wav" 'exec </dev/null; true'
report=$("$analyse" "$work/plain.wav") || { say "FAIL: no signal recorded"; cat "$work/plain.rec.log"; exit 1; }
sed 's/^/    analyse: /' <<<"$report"
check_range "play wall-clock time (s) for a 2 s file, paced" "$play_seconds" 2.0 3.5
check_range "recorded signal length (s)" "$(awk -v a="$(field "$report" signal_start_s)" -v b="$(field "$report" signal_end_s)" 'BEGIN { print b - a }')" 1.5 2.01
for ch in 0 1; do
  check "channel $ch frequency (Hz)" "$(channel_field "$report" $ch frequency_hz)" 440 1
  check "channel $ch RMS (dBFS)" "$(channel_field "$report" $ch rms_dbfs)" -9.03 1
done

# 3. A stdin command while playing: 960 Hz sine, "eq 4 -20" (band 4 = 960 Hz) 0.5 s in.
sox -n -r 48000 -c 2 -b 32 -e floating-point "$work/sine960.wav" synth 2 sine 960 gain -6.0206
play_and_record command "$work/sine960.wav" 'sleep 0.5; echo "eq 4 -20"'
grep -q 'eq.band4.gainDb -> -20 dB' "$work/command.play.log" || { say "FAIL: the command was not acknowledged"; failures=$((failures + 1)); }
report=$("$analyse" --threshold-db -80 --last-seconds 1 "$work/command.wav") || { say "FAIL: no signal recorded"; exit 1; }
sed 's/^/    analyse: /' <<<"$report"
for ch in 0 1; do
  check "channel $ch frequency after 'eq 4 -20' (Hz)" "$(channel_field "$report" $ch frequency_hz)" 960 1
  check "channel $ch RMS after 'eq 4 -20' (dBFS)" "$(channel_field "$report" $ch rms_dbfs)" -29.03 1
done

# 4. The default play path against the offline render, on a real stereo recording.
sounds=/usr/share/sounds/alsa
sox -M "$sounds/Front_Left.wav" "$sounds/Front_Right.wav" "$work/stereo.wav"
"$program" render "$work/stereo.wav" "$work/stereo.render.wav" --eq 4=-20 --gain-db -3 2>"$work/render.log" ||
  { say "FAIL: render"; cat "$work/render.log"; failures=$((failures + 1)); }
play_and_record default "$work/stereo.wav" 'exec </dev/null; true' --eq 4=-20 --gain-db -3 --record "$work/default.rec.wav"
# The jack recording is what the server took from the client; on a loaded machine a non-real-time
# server misses cycles (xruns, which wavegraph counts as underruns), and then the recording has
# gaps that no engine could avoid: it is judged only when the run had none. The recorder's file
# (the frames the callback produced, equal to what the device took: play_host_test.cpp) always is.
underruns=$(grep -o 'stopped by [^;]*; [0-9]* underrun' "$work/default.play.log" | grep -o '[0-9]* underrun' | cut -d' ' -f1)
for file in "$work/default.wav" "$work/default.rec.wav"; do
  what=$([[ $file == *.rec.wav ]] && echo "recorder file" || echo "jack recording")
  report=$("$compare" "$work/stereo.render.wav" "$file") || { report=""; }
  sed 's/^/    compare: /' <<<"$report"
  if [[ $what == "jack recording" && ${underruns:-1} != 0 ]]; then
    say "not judged: jack recording vs render: max |diff| = $(field "$report" max_abs_diff) with ${underruns:-?} xruns (load average $(cut -d' ' -f1 /proc/loadavg))"
    continue
  fi
  [[ -n $report ]] || { say "FAIL: the $what does not align"; failures=$((failures + 1)); }
  check "$what vs render --eq 4=-20 --gain-db -3: max |diff|" "$(field "$report" max_abs_diff)" 0 1e-6
  check "$what vs render: render frames missing at the end" "$(field "$report" missing_tail)" 0 0
done

if ((failures)); then say "$failures check(s) failed"; exit 1; fi
say "all checks passed"
