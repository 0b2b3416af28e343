#!/usr/bin/env bash
# Builds the libFuzzer targets in the ASan + UBSan tree (configure preset asan: clang 14, build/asan;
# build preset fuzz: its target fuzz_targets, programs in build/asan/fuzz) and runs each one for a
# fixed time, two at a time (--jobs N), on its committed seed corpus
# (tests/fuzz/<target>/corpus, read only) plus a working corpus in build/fuzz/corpus/<target>
# (new inputs go there), with its dictionary. Fails on any crash, leak, timeout or sanitizer
# report; the input that caused it is written to build/fuzz/findings/.
# Prints per target: seconds, executions, executions per second, corpus size, new inputs.
#
#   bash scripts/fuzz.sh                       # 10 s per target (what npm test runs)
#   bash scripts/fuzz.sh --minutes 10          # longer runs
#   bash scripts/fuzz.sh --seconds 60 graph_json track_json   # some targets only
#   bash scripts/fuzz.sh --jobs 1 ...          # one target at a time (default 2: one per core)
#   bash scripts/fuzz.sh --no-build ...        # use the targets already built
# FUZZ_PROGRAMS=DIR runs the programs in DIR instead of build/asan/fuzz (e.g. a copy kept for a
# long run while the build directory moves on).
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=10
jobs=2
build=1
targets=()
while (($#)); do
    case $1 in
        --seconds) seconds=$2; shift 2 ;;
        --minutes) seconds=$(($2 * 60)); shift 2 ;;
        --no-build) build=0; shift ;;
        --jobs) jobs=$2; shift 2 ;;
        -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
        -*) echo "fuzz.sh: unknown option $1 (allowed: --seconds N, --minutes N, --jobs N, --no-build, TARGET…)" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
all=(graph_json track_json command_ring stdin_commands sound_file processor_descriptor http_request live_message)
((${#targets[@]})) || targets=("${all[@]}")

if ((build)); then
    start=$SECONDS
    # Configured once (npm test's ASan suite has built the tree by now: nothing left to build).
    [[ -f build/asan/build.ninja ]] || cmake --preset asan >/dev/null || exit 1
    cmake --build --preset fuzz -j 2 || exit 1
    echo "fuzz targets built in $((SECONDS - start)) s"
fi

mkdir -p build/fuzz/findings build/fuzz/logs
for target in "${targets[@]}"; do
    program=${FUZZ_PROGRAMS:-build/asan/fuzz}/${target}_fuzz
    if [[ ! -x $program || ! -d tests/fuzz/$target/corpus ]]; then
        echo "fuzz.sh: no target '$target' (allowed: ${all[*]})" >&2
        exit 2
    fi
done

# One target: its libFuzzer run, then its row of the table in build/fuzz/logs/<target>.row
# (status 1 in build/fuzz/logs/<target>.failed on a finding).
run_target() {
    local target=$1
    local program=${FUZZ_PROGRAMS:-build/asan/fuzz}/${target}_fuzz
    local seeds=tests/fuzz/$target/corpus
    local work=build/fuzz/corpus/$target
    local log=build/fuzz/logs/$target.log
    local row=build/fuzz/logs/$target.row
    rm -f "build/fuzz/logs/$target.failed"
    mkdir -p "$work"
    local options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="build/fuzz/findings/$target-" -dict="tests/fuzz/$target/$target.dict")
    [[ -f tests/fuzz/$target/$target.dict ]] || options=("${options[@]:0:5}")
    # The stdin commands answer on stderr, one line per command: closed so the log holds libFuzzer's lines.
    [[ $target == stdin_commands ]] && options+=(-close_fd_mask=2)
    local started=$SECONDS
    "$program" "${options[@]}" "$work" "$seeds" >"$log" 2>&1
    local status=$?
    local elapsed=$((SECONDS - started))
    local executions rate added corpus result=ok
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    added=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -1)
    corpus=$(find "$work" "$seeds" -type f | xargs -r md5sum | awk '{print $1}' | sort -u | wc -l)
    if ((status != 0)) || grep -qE '^==[0-9]+==ERROR|runtime error:|^SUMMARY: ' "$log"; then
        result="FAILED (exit $status; log $log)"
        touch "build/fuzz/logs/$target.failed"
    fi
    {
        printf '%-22s %8s %12s %10s %8s %6s %s\n' "$target" "$elapsed" "${executions:-?}" "${rate:-?}" "$corpus" \
            "${added:-?}" "$result"
        [[ $result == ok ]] || grep -E 'ERROR|runtime error|SUMMARY|Test unit written|artifact' "$log" | head -5 | sed 's/^/    /'
    } >"$row"
}

# Targets run $jobs at a time, each for its full budget of wall time on its own core.
for target in "${targets[@]}"; do
    while (($(jobs -rp | wc -l) >= jobs)); do wait -n; done
    run_target "$target" &
done
wait

failed=()
printf '%-22s %8s %12s %10s %8s %6s %s\n' target seconds executions execs/s corpus new result
for target in "${targets[@]}"; do
    cat "build/fuzz/logs/$target.row"
    [[ -e build/fuzz/logs/$target.failed ]] && failed+=("$target")
done
if ((${#failed[@]})); then
    echo "fuzz.sh: findings in: ${failed[*]} (inputs in build/fuzz/findings/)"
    exit 1
fi
