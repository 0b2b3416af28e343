#!/usr/bin/env bash
# `wavegraph play --stream` against Debian's Icecast server on loopback (about 20 s). Run by CTest
# (native.icecast_stream, label icecast).
#
#  1. starts icecast2 on 127.0.0.1 on a free port with a config in the work directory (as root it
#     drops to the icecast2 user after binding: Icecast refuses to run as root);
#  2. plays a 24 s, 1 kHz, -6 dBFS stereo sine on the null backend (paced by a clock) with
#     --record and --stream; curl pulls the mount for 6 s, oggdec decodes it, wav_analyse measures
#     1000 ± 1 Hz and -9.03 ± 1 dBFS RMS per channel;
#  3. stops icecast2 mid-stream, starts it again on the same port: the stream reconnects (its
#     "reconnected" line, and "1 reconnect" at the end), a second pull decodes to 1000 ± 1 Hz again;
#  4. the recording equals `wavegraph render` of the same file (wav_compare: max |diff| ≤ 1e-6,
#     aligned at the first frame, no frame missing) with 0 recorder dropouts while the server was
#     away (the null backend's underruns are printed: a loaded machine makes its clock late); the stream counted skipped frames for the outage; the source
#     password never appears in the output;
#  5. `wavegraph serve --stream` with a 1 kHz oscillator graph: the pulled mount decodes to
#     1000 ± 1 Hz and GET /api/status reports the stream (connected, frames sent).
# Prints the measured numbers. Exit 0 pass, 1 fail, 77 skip (icecast2, curl, oggdec or sox missing).
# KEEP_WORK=1 keeps the work directory (config, logs, pulls, recordings).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
program=${WAVEGRAPH_PROGRAM:-$root/build/native/wavegraph}
analyse=${WAV_ANALYSE:-$root/build/native/tests/native/wav_analyse}
compare=${WAV_COMPARE:-$root/build/native/tests/native/wav_compare}
say() { echo "[icecast_stream_test] $*"; }

for tool in icecast2 curl oggdec sox; do
  command -v "$tool" >/dev/null || { say "SKIP: $tool is not installed (apt-get install icecast2 curl vorbis-tools sox)"; exit 77; }
done
for built in "$program" "$analyse" "$compare"; do
  [[ -x $built ]] || { say "FAIL: $built is not built (run: npm run build:native)"; exit 1; }
done

work=$(mktemp -d)
chmod 777 "$work"  # icecast2 writes its logs here after dropping root
icecast_pid=""
player_pid=""
cleanup() {
  [[ -n $player_pid ]] && kill "$player_pid" 2>/dev/null
  stop_icecast
  exec 7>&- 2>/dev/null
  if [[ -n ${KEEP_WORK:-} ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

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
field() { grep -o "$2=[^ ]*" <<<"$1" | head -n 1 | cut -d= -f2; }                   # field TEXT KEY
channel_field() { grep "^channel=$2 " <<<"$1" | grep -o "$3=[^ ]*" | cut -d= -f2; }  # TEXT CH KEY
elapsed() { awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# A free port on loopback: one that nothing answers on.
port=""
for _ in $(seq 50); do
  candidate=$((20000 + RANDOM % 30000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n $port ]] || { say "FAIL: no free port found"; exit 1; }
password="wg-source-$RANDOM$RANDOM"
owner=""
[[ $(id -u) == 0 ]] && owner="<changeowner><user>icecast2</user><group>icecast</group></changeowner>"
cat >"$work/icecast.xml" <<EOF
<icecast>
  <location>loopback</location><admin>test@localhost</admin><hostname>127.0.0.1</hostname>
  <limits><clients>8</clients><sources>2</sources><queue-size>524288</queue-size><client-timeout>30</client-timeout>
    <header-timeout>15</header-timeout><source-timeout>10</source-timeout><burst-size>65536</burst-size></limits>
  <authentication><source-password>$password</source-password><relay-password>$password-relay</relay-password>
    <admin-user>admin</admin-user><admin-password>$password-admin</admin-password></authentication>
  <listen-socket><port>$port</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>0</fileserve>
  <paths><basedir>/usr/share/icecast2</basedir><logdir>$work</logdir><webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>3</loglevel></logging>
  <security><chroot>0</chroot>$owner</security>
</icecast>
EOF

start_icecast() {
  icecast2 -c "$work/icecast.xml" >>"$work/icecast.out" 2>&1 &
  icecast_pid=$!
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/status-json.xsl" && return 0
    kill -0 "$icecast_pid" 2>/dev/null || break
    sleep 0.1
  done
  say "FAIL: icecast2 did not come up on port $port:"; cat "$work/icecast.out" "$work/error.log" 2>/dev/null
  exit 1
}
stop_icecast() {
  [[ -n $icecast_pid ]] || return 0
  kill "$icecast_pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$icecast_pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$icecast_pid" 2>/dev/null
  wait "$icecast_pid" 2>/dev/null
  icecast_pid=""
}
# pull NAME SECONDS: the mount for SECONDS with curl, decoded by oggdec, measured by wav_analyse.
pull() {
  local name=$1 seconds=$2
  curl -s --max-time "$seconds" -o "$work/$name.ogg" "http://127.0.0.1:$port/live.ogg"
  oggdec -Q -o "$work/$name.wav" "$work/$name.ogg" 2>"$work/$name.oggdec.log"
  report=$("$analyse" --threshold-db -40 "$work/$name.wav") || report=""
  sed 's/^/    analyse: /' <<<"$report"
  [[ -n $report ]] || { say "FAIL: $name: nothing decoded ($(stat -c %s "$work/$name.ogg" 2>/dev/null || echo 0) bytes pulled)"; failures=$((failures + 1)); }
  for ch in 0 1; do
    check "$name: channel $ch frequency (Hz)" "$(channel_field "$report" $ch frequency_hz)" 1000 1
    check "$name: channel $ch RMS (dBFS)" "$(channel_field "$report" $ch rms_dbfs)" -9.03 1
  done
  check_range "$name: seconds decoded" "$(field "$report" analysed_s)" $((seconds - 3)) $((seconds + 4))
}
# wait_for_log PATTERN SECONDS: until the player's log has PATTERN.
wait_for_log() {
  for _ in $(seq $(($2 * 10))); do grep -q "$1" "$work/play.log" && return 0; sleep 0.1; done
  return 1
}

# 1. The server.
start=$(date +%s.%N)
start_icecast
say "icecast2 (pid $icecast_pid) listens on 127.0.0.1:$port"

# 2. Play with --record and --stream; stdin from a FIFO so the test can say 'quit'.
sox -n -r 48000 -c 2 -b 32 -e floating-point "$work/sine1k.wav" synth 24 sine 1000 gain -6.0206
"$program" render "$work/sine1k.wav" "$work/render.wav" 2>"$work/render.log" || { say "FAIL: render"; cat "$work/render.log"; exit 1; }
mkfifo "$work/stdin"
"$program" play "$work/sine1k.wav" --backend null --record "$work/played.wav" \
  --stream "icecast://source:$password@127.0.0.1:$port/live.ogg" <"$work/stdin" >"$work/play.out" 2>"$work/play.log" &
player_pid=$!
exec 7>"$work/stdin"
wait_for_log ': connected' 5 || { say "FAIL: the stream did not connect within 5 s"; cat "$work/play.log"; exit 1; }
say "$(elapsed) s: the stream connected"
pull first 6
say "$(elapsed) s: first pull done"

# 3. The server goes away mid-stream and comes back.
stop_icecast
say "$(elapsed) s: icecast2 stopped"
sleep 1
start_icecast
say "$(elapsed) s: icecast2 (pid $icecast_pid) started again"
wait_for_log 'reconnected' 20 || { say "FAIL: no reconnection within 20 s"; failures=$((failures + 1)); }
say "$(elapsed) s: the stream reconnected"
pull second 3
echo quit >&7
wait "$player_pid"; player_status=$?
player_pid=""
say "$(elapsed) s: play ended (exit $player_status)"
sed 's/^/    play: /' "$work/play.log"
[[ $player_status == 0 ]] || { say "FAIL: wavegraph play exited $player_status"; failures=$((failures + 1)); }

# 4. The device output and the counters.
summary=$(grep 'wavegraph: played ' "$work/play.log")
number_before() { grep -o "[0-9]* $1" <<<"$summary" | head -n 1 | cut -d' ' -f1; }
# The null backend's clock thread can miss a deadline on a loaded machine whatever the consumers
# do (they never block it): underruns are reported, not judged; the recording is (below).
say "underruns of the null backend: $(number_before underrun) (not judged; load average $(cut -d' ' -f1 /proc/loadavg))"
check "recorder dropouts" "$(grep -o 'recorder: [0-9]* frames, [0-9]* dropout' <<<"$summary" | grep -o '[0-9]* dropout' | cut -d' ' -f1)" 0 0
stream=$(grep -o 'stream icecast[^;]*' <<<"$summary")
say "stream counters: $stream"
check "stream reconnects" "$(grep -o '[0-9]* reconnect' <<<"$stream" | cut -d' ' -f1)" 1 0
played=$(grep -o '([0-9]* frames), stopped' <<<"$summary" | grep -o '[0-9]*')
sent=$(grep -o '[0-9]* frames sent' <<<"$stream" | cut -d' ' -f1)
skipped=$(grep -o '[0-9]* skipped' <<<"$stream" | cut -d' ' -f1)
check_range "stream frames skipped while the server was away (s)" "$(awk -v s="$skipped" 'BEGIN { print s / 48000 }')" 0.5 30
check_range "stream frames sent + skipped, of $played played" "$((sent + skipped))" $((played - 8192)) "$played"
report=$("$compare" "$work/render.wav" "$work/played.wav") || report=""
sed 's/^/    compare: /' <<<"$report"
[[ -n $report ]] || { say "FAIL: the recording does not align with the render"; failures=$((failures + 1)); }
check "recording vs render: max |diff|" "$(field "$report" max_abs_diff)" 0 1e-6
check "recording vs render: lag − recording start (frames)" "$(( $(field "$report" lag) - $(field "$report" recording_start) ))" 0 0
check "recording vs render: frames compared = frames played − recording start" \
  "$(field "$report" compared_frames)" "$((played - $(field "$report" recording_start)))" 0
if grep -q -- "$password" "$work/play.log" "$work/play.out"; then
  say "FAIL: the source password appears in the output"; failures=$((failures + 1))
else
  say "ok:   the source password appears nowhere in the output (shown as ***)"
fi

# 5. `wavegraph serve --stream`: the same stream beside the server; GET /api/status reports it.
cat >"$work/sine-graph.json" <<'EOF2'
{ "nodes": [ { "id": "osc", "type": "oscillator", "params": { "frequencyHz": 1000, "levelDb": -6.0206 } } ],
  "connections": [], "output": "osc" }
EOF2
"$program" serve --backend null --port 0 --graph "$work/sine-graph.json" --sample-rate 48000 \
  --stream "icecast://source:$password@127.0.0.1:$port/serve.ogg" </dev/null >"$work/serve.out" 2>"$work/serve.log" &
player_pid=$!
for _ in $(seq 50); do grep -q 'serve.ogg: connected' "$work/serve.log" && grep -q 'listening' "$work/serve.log" && break; sleep 0.1; done
api=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.log" | head -n 1)
curl -s --max-time 4 -o "$work/serve-pull.ogg" "http://127.0.0.1:$port/serve.ogg"
status_json=$(curl -s --max-time 2 "$api/api/status")
kill "$player_pid"; wait "$player_pid"; player_pid=""
sed 's/^/    serve: /' "$work/serve.log"
say "GET /api/status icecast: $(grep -o '"icecast":{[^}]*}' <<<"$status_json")"
grep -q '"icecast":{"connected":true,"framesSent":[1-9]' <<<"$status_json" ||
  { say "FAIL: /api/status does not report a connected stream with frames sent"; failures=$((failures + 1)); }
oggdec -Q -o "$work/serve-pull.wav" "$work/serve-pull.ogg" 2>/dev/null
report=$("$analyse" --threshold-db -40 "$work/serve-pull.wav") || report=""
sed 's/^/    analyse: /' <<<"$report"
for ch in 0 1; do
  check "serve: channel $ch frequency (Hz)" "$(channel_field "$report" $ch frequency_hz)" 1000 1
done
if grep -q -- "$password" "$work/serve.log" "$work/serve.out"; then
  say "FAIL: the source password appears in serve's output"; failures=$((failures + 1))
fi

if ((failures)); then say "$failures check(s) failed"; exit 1; fi
say "all checks passed in $(elapsed) s"
