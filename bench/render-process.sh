#!/usr/bin/env bash
# The whole `wavegraph render` process against its DSP alone, from one run (a benchmark, not a
# test). Renders 60 s of stereo 48 kHz float white noise through the default graph with
# BM_ReferenceGraph's settings (bands alternately +6 and -6 dB, master -3 dB) N times, and a
# pass-through graph (input → output: process start, decoding, encoding, file writes) and a dd
# copy of the input (the page cache's copies alone) N times, and both renders again through the
# page cache (WAVEGRAPH_BUFFERED_IO=1: what the program did before it bypassed the page cache)
# N times, all interleaved; then runs
# BM_ReferenceGraphUnobserved/1024 (the same graph in memory, with the meter and the analyser
# unmeasured as the render runs them) and BM_ReferenceGraph/1024 (measured) N times each,
# interleaved. Prints CPU (perf stat's task-clock when perf is installed, else user + sys) and wall
# ns per frame (medians), the ratios of the whole process to the DSP, and the ratio that the page
# cache's copies alone would give ((DSP + dd) / DSP).
#
# Usage: bash bench/render-process.sh [--runs N] [--input FILE.wav]   (default 7 runs; the input
#   defaults to sox's 60 s noise in $TMPDIR). WAVEGRAPH_KERNEL=portable|avx|avx2|avx512 forces
#   the cascade kernel of both the renders and the benchmark.
# Needs: bash scripts/build.sh native (build/native/wavegraph and bench/wavegraph_bench), sox.
# Exit codes: 0 done (the ratio is reported, not judged); 1 a run failed; 2 bad arguments or a
# missing build.
set -euo pipefail
cd "$(dirname "$0")/.."
cli=build/native/wavegraph
bench=build/native/bench/wavegraph_bench
runs=7
input=
while (($#)); do
  case $1 in
    --runs) runs=${2:?--runs needs a count}; shift 2 ;;
    --input) input=${2:?--input needs a file}; shift 2 ;;
    *) echo "bench/render-process.sh: unknown argument '$1' (allowed: --runs N, --input FILE)" >&2; exit 2 ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "bench/render-process.sh: --runs $runs is not a count (1 or more)" >&2; exit 2; }
for program in "$cli" "$bench"; do
  [[ -x $program ]] || { echo "bench/render-process.sh: missing $program (bash scripts/build.sh native)" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/wavegraph-render-process.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [[ -z $input ]]; then
  command -v sox >/dev/null || { echo "bench/render-process.sh: sox is missing (apt-get install sox), or pass --input" >&2; exit 2; }
  input=$work/noise60.wav
  sox -R -n -r 48000 -c 2 -b 32 -e floating-point "$input" synth 60 whitenoise vol 0.3
fi
frames=$(soxi -s "$input" 2>/dev/null || echo 2880000)

eqArgs=()
for band in 0 1 2 3 4 5 6 7; do eqArgs+=(--eq "$band=$((band % 2 ? -6 : 6))"); done
echo '{"nodes":[{"id":"source","type":"input"}],"connections":[],"output":"source"}' >"$work/pass-through.json"

echo "CPU:$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2-), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "kernel: ${WAVEGRAPH_KERNEL:-the default (avx512 where the CPU runs it at full width, else avx2 where it has AVX2, else the widest)}; input: $input ($frames frames); $runs runs"

# One timed command (a render, or dd): prints "wall user sys" in seconds (bash's time, millisecond
# resolution). With perf (linux-perf) it prints "wall cpu 0" from perf stat: the elapsed time and
# the task-clock, since the kernel's user/sys split can be counted in whole scheduler ticks (4 ms,
# 1.4 ns/frame of a 60 s render).
timed() {
  local TIMEFORMAT='%3R %3U %3S'
  if command -v perf >/dev/null && perf stat -e task-clock -o /dev/null true 2>/dev/null; then
    perf stat -e task-clock -o "$work/perf.txt" -- "$@" >/dev/null 2>"$work/stderr" ||
      { echo "$1 failed: $(cat "$work/stderr")" >&2; return 1; }
    awk '/msec task-clock/ { cpu = $1 / 1000 } /seconds time elapsed/ { wall = $1 } END { printf "%.6f %.6f 0\n", wall, cpu }' \
      "$work/perf.txt"
    return
  fi
  { time "$@" >/dev/null 2>"$work/stderr" || { echo "$1 failed: $(cat "$work/stderr")" >&2; return 1; }; } 2>&1
}
timed "$cli" render "$input" "$work/whole.wav" "${eqArgs[@]}" --gain-db -3 >/dev/null  # warm-up (page cache, ld.so)
timed "$cli" render "$input" "$work/pass.wav" --graph "$work/pass-through.json" >/dev/null
timed dd if="$input" of="$work/copy.wav" bs=512K status=none >/dev/null
: >"$work/whole.txt"
: >"$work/pass.txt"
: >"$work/copy.txt"
: >"$work/whole-buffered.txt"
: >"$work/pass-buffered.txt"
for ((run = 0; run < runs; ++run)); do
  timed "$cli" render "$input" "$work/whole.wav" "${eqArgs[@]}" --gain-db -3 >>"$work/whole.txt"
  timed "$cli" render "$input" "$work/pass.wav" --graph "$work/pass-through.json" >>"$work/pass.txt"
  # The page cache's part: the same bytes copied out of it and into it (replacing the last copy).
  timed dd if="$input" of="$work/copy.wav" bs=512K status=none >>"$work/copy.txt"
  WAVEGRAPH_BUFFERED_IO=1 timed "$cli" render "$input" "$work/whole-buffered.wav" "${eqArgs[@]}" --gain-db -3 \
    >>"$work/whole-buffered.txt"
  WAVEGRAPH_BUFFERED_IO=1 timed "$cli" render "$input" "$work/pass-buffered.wav" --graph "$work/pass-through.json" \
    >>"$work/pass-buffered.txt"
done
cmp -s "$work/whole.wav" "$work/whole-buffered.wav" ||
  { echo "bench/render-process.sh: the buffered render wrote other bytes than the direct one" >&2; exit 1; }

"$bench" --benchmark_filter='^BM_ReferenceGraph(Unobserved)?/1024$' --benchmark_min_time=0.2 --benchmark_repetitions="$runs" \
  --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true --benchmark_format=csv \
  2>/dev/null >"$work/bench.csv"
# CSV: name,iterations,real_time,cpu_time,time_unit,... ; the median row, ns per 1024-frame block.
read -r dspWall dspCpu < <(awk -F, '/BM_ReferenceGraphUnobserved\/1024_median/ { print $3 / 1024, $4 / 1024 }' "$work/bench.csv")
read -r observedWall observedCpu < <(awk -F, '/BM_ReferenceGraph\/1024_median/ { print $3 / 1024, $4 / 1024 }' "$work/bench.csv")
[[ -n ${dspCpu:-} && -n ${observedCpu:-} ]] ||
  { echo "bench/render-process.sh: BM_ReferenceGraphUnobserved/1024 or BM_ReferenceGraph/1024 gave no median" >&2; exit 1; }

# Medians of wall and user + sys, in ns per frame ("wall cpu").
median() { sort -g | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); print (NR % 2 ? v[m] : (v[m] + v[m + 1]) / 2) }'; }
medians() {
  echo "$(awk -v frames="$frames" '{ print $1 * 1e9 / frames }' "$1" | median)" \
    "$(awk -v frames="$frames" '{ print ($2 + $3) * 1e9 / frames }' "$1" | median)"
}
read -r wholeWall wholeCpu < <(medians "$work/whole.txt")
read -r passWall passCpu < <(medians "$work/pass.txt")
read -r copyWall copyCpu < <(medians "$work/copy.txt")
read -r wholeBufferedWall wholeBufferedCpu < <(medians "$work/whole-buffered.txt")
read -r passBufferedWall passBufferedCpu < <(medians "$work/pass-buffered.txt")
awk -v ww="$wholeWall" -v wc="$wholeCpu" -v pw="$passWall" -v pc="$passCpu" -v dw="$dspWall" -v dc="$dspCpu" \
  -v ow="$observedWall" -v oc="$observedCpu" -v cw="$copyWall" -v cc="$copyCpu" \
  -v bw="$wholeBufferedWall" -v bc="$wholeBufferedCpu" -v qw="$passBufferedWall" -v qc="$passBufferedCpu" 'BEGIN {
  printf "%-58s %10s %10s\n", "ns per frame (medians)", "CPU", "wall"
  printf "%-58s %10.1f %10.1f\n", "whole render process (default graph, +-6 dB bands, -3 dB)", wc, ww
  printf "%-58s %10.1f %10.1f\n", "pass-through render (start, decode, encode, writes)", pc, pw
  printf "%-58s %10.1f %10.1f\n", "  (dd bs=512K of the input: the page cache copies alone)", cc, cw
  printf "%-58s %10.1f %10.1f\n", "whole render through the page cache (WAVEGRAPH_BUFFERED_IO=1)", bc, bw
  printf "%-58s %10.1f %10.1f\n", "pass-through render through the page cache", qc, qw
  printf "%-58s %10.1f %10.1f\n", "DSP alone: BM_ReferenceGraphUnobserved/1024 median", dc, dw
  printf "%-58s %10.1f %10.1f\n", "  (meter and analyser measuring: BM_ReferenceGraph/1024)", oc, ow
  printf "%-58s %10.1f %10.1f\n", "whole minus pass-through", wc - pc, ww - pw
  printf "ratio whole / DSP alone: %.2f by CPU time, %.2f by wall time (aim: <= 1.3)\n", wc / dc, ww / dw
  printf "ratio (DSP alone + dd) / DSP alone, the page cache copies alone: %.2f by CPU time\n", (dc + cc) / dc
  printf "ratio whole through the page cache / DSP alone: %.2f by CPU time, %.2f by wall time\n", bc / dc, bw / dw
}'
echo "runs (wall user sys, or wall task-clock 0 with perf; s): whole $(tr '\n' ';' <"$work/whole.txt") pass-through $(tr '\n' ';' <"$work/pass.txt") dd $(tr '\n' ';' <"$work/copy.txt") whole buffered $(tr '\n' ';' <"$work/whole-buffered.txt") pass-through buffered $(tr '\n' ';' <"$work/pass-buffered.txt")"
