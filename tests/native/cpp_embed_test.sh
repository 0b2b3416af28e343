#!/usr/bin/env bash
# The installed C++ package, used the way a C++ developer would (examples/cpp-embed):
#  1. `cmake --install BUILD --prefix` a fresh temporary prefix;
#  2. configures examples/cpp-embed out of tree with -DCMAKE_PREFIX_PATH=<prefix> (find_package(wavegraph)),
#     builds it, and also compiles it with nothing but `pkg-config --cflags --libs wavegraph-host`;
#  3. renders a stereo real recording (Front_Left + Front_Right merged with sox) through
#     docs/examples/reference-graph.json with both builds, and plays the result through the host's
#     null backend;
#  4. compares each with `wavegraph render` of the same file and graph (wav_compare): offset 0,
#     max |difference| 0, no frame missing.
# Usage: cpp_embed_test.sh BUILD_DIR. Env: WAVEGRAPH_PROGRAM, WAV_COMPARE. Prints the numbers.
# Exit 0 pass, 1 fail, 77 skip (sox missing outside CI).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:?usage: cpp_embed_test.sh BUILD_DIR}
program=${WAVEGRAPH_PROGRAM:-$build/wavegraph}
compare=${WAV_COMPARE:-$build/tests/native/wav_compare}
say() { echo "[cpp_embed_test] $*"; }
fail() { say "FAIL: $*"; exit 1; }

if ! command -v sox >/dev/null; then
  [[ -n "${CI:-}" ]] && fail "sox is missing (npm test installs it)"
  say "skip: sox is missing"; exit 77
fi
work=$(mktemp -d /tmp/wavegraph-cpp-embed.XXXXXX)
trap '[[ -n "${KEEP_WORK:-}" ]] || rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "cmake --install"; }
say "installed into $prefix: $(find "$prefix" -type f | wc -l) files ($(du -sh "$prefix" | cut -f1))"
# A sanitizer build (preset asan) installs instrumented libraries: the example gets the same flags.
cxx_flags=$(sed -n 's/^CMAKE_CXX_FLAGS:STRING=//p' "$build/CMakeCache.txt")
link_flags=$(sed -n 's/^CMAKE_EXE_LINKER_FLAGS:STRING=//p' "$build/CMakeCache.txt")
cmake -S "$root/examples/cpp-embed" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="$cxx_flags" -DCMAKE_EXE_LINKER_FLAGS="$link_flags" -DCMAKE_PREFIX_PATH="$prefix" >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configure with find_package(wavegraph)"; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "build against the installed package"; }
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
pc_flags=$(pkg-config --cflags --libs wavegraph-host) || fail "pkg-config wavegraph-host"
# shellcheck disable=SC2086
g++ -O2 $cxx_flags "$root/examples/cpp-embed/main.cpp" -o "$work/cpp-embed-pc" $pc_flags $link_flags 2>"$work/pc.log" ||
  { cat "$work/pc.log"; fail "compile with pkg-config --cflags --libs wavegraph-host"; }
say "built examples/cpp-embed with find_package(wavegraph) and with pkg-config ($pc_flags)"

sox -M /usr/share/sounds/alsa/Front_Left.wav /usr/share/sounds/alsa/Front_Right.wav "$work/in.wav" || fail "sox"
graph=$root/docs/examples/reference-graph.json
"$program" render "$work/in.wav" "$work/render.wav" --graph "$graph" >"$work/render.log" 2>&1 ||
  { cat "$work/render.log"; fail "wavegraph render"; }
status=0
for variant in build/cpp-embed cpp-embed-pc; do
  out=$work/${variant//\//-}.wav
  "$work/$variant" "$work/in.wav" "$out" "$graph" --play null >"$work/run.log" 2>&1 || { cat "$work/run.log"; fail "$variant"; }
  grep -q "^played" "$work/run.log" || { cat "$work/run.log"; fail "$variant did not play through the null backend"; }
  result=$("$compare" "$work/render.wav" "$out") || fail "wav_compare found no alignment for $variant"
  # lag: where the recording's first non-silent frame sits in the render; recording_start: where it
  # sits in the recording. Equal: the two files line up frame for frame.
  lag=$(sed -n 's/.*\blag=\([-0-9]*\).*/\1/p' <<<"$result")
  start=$(sed -n 's/.*recording_start=\([0-9]*\).*/\1/p' <<<"$result")
  diff=$(sed -n 's/.*max_abs_diff=\([^ ]*\).*/\1/p' <<<"$result")
  missing=$(sed -n 's/.*missing_tail=\([0-9]*\).*/\1/p' <<<"$result")
  say "$variant against wavegraph render: offset $((lag - start)) frames, max_abs_diff=$diff, missing_tail=$missing ($(head -1 "$work/run.log"))"
  [[ -n "$lag" && "$lag" == "$start" && "$diff" == 0 && "$missing" == 0 ]] || status=1
done
((status == 0)) || fail "an embedded render differs from wavegraph render"
say "pass"
