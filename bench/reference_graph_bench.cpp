// The built-in default graph (source → parametricEq → analyser → master gain → meter) run by
// GraphEngine, as every host runs it: stereo 48 kHz, per block size. Compare with
// BM_ScalarBiquadBaseline in the same run (docs/performance.md).
#include <benchmark/benchmark.h>

#include <string>

#include "bench_signal.h"
#include "session/graph_session.h"

namespace {

using namespace wavegraph;
using namespace wavegraph::bench;

// ±6 dB on alternate bands and -3 dB master, so no stage is skipped (as BM_ReferenceChain).
std::string referenceGraphJson() {
    std::string eq;
    for (uint32_t b = 0; b < kBands; ++b)
        eq += (b ? "," : "") + std::string("\"band") + std::to_string(b) + ".gainDb\":" + (b % 2 ? "-6" : "6");
    return R"({"nodes":[{"id":"source","type":"input"},{"id":"eq","type":"parametricEq","params":{)" + eq +
           R"(}},{"id":"analyser","type":"analyser"},{"id":"master","type":"gain","params":{"gainDb":-3}},)"
           R"({"id":"meter","type":"meter"}],"connections":[{"from":"source","to":"eq"},{"from":"eq","to":"analyser"},)"
           R"({"from":"analyser","to":"master"},{"from":"master","to":"meter"}],"output":"meter"})";
}

void BM_ReferenceGraph(benchmark::State& state) {
    const auto blockFrames = static_cast<uint32_t>(state.range(0));
    GraphSession session;
    if (!session.prepare(ProcessSpec{kSampleRateHz, blockFrames, kChannels}).isOk() ||
        !session.loadGraph(referenceGraphJson()).isOk()) {
        state.SkipWithError("prepare or loadGraph failed");
        return;
    }
    const auto input = makeNoise(kChannels, blockFrames);
    auto output = makeNoise(kChannels, blockFrames);
    const float* in[kChannels] = {input[0].data(), input[1].data()};
    float* out[kChannels] = {output[0].data(), output[1].data()};
    for (auto _ : state) {
        session.process(in, kChannels, out, blockFrames);
        benchmark::DoNotOptimize(out[0]);
        benchmark::ClobberMemory();
    }
    reportFrames(state, blockFrames);
}
BENCHMARK(BM_ReferenceGraph)->Arg(128)->Arg(1024);

}  // namespace
