// The jobs of the browser comparison of the new nodes (bench/browser/nodes.mjs) that need a graph
// rather than one node: graph JSON run by GraphSession, as every host runs it, one 128-frame
// block per iteration at the running frame count, stereo 48 kHz seeded noise.
//   BM_GraphJob/pass            the graph of its input only (what every graph pays)
//   BM_GraphJob/channelSwap     channelSplitter(2) → channelMerger(2), L/R swapped
//   BM_GraphJob/gainLinearRamp  a gain whose gainDb ramps linearly 0 → −20 dB over 1000 s
//   BM_GraphJob/gainSetTarget   a gain whose gainDb approaches −20 dB by setTargetAtTime (τ 1000 s)
// The automated rows stay inside their ramp for the whole run (the timeline varies on every frame).
#include <benchmark/benchmark.h>

#include <string>
#include <utility>

#include "bench_signal.h"
#include "session/graph_session.h"

namespace {

using namespace wavegraph;
using namespace wavegraph::bench;

constexpr uint32_t kBlockFrames = 128;

const char* const kPassGraph = R"({"nodes":[{"id":"in","type":"input"}],"connections":[],"output":"in"})";

const char* const kSwapGraph = R"({"nodes":[{"id":"in","type":"input"},
  {"id":"split","type":"channelSplitter","options":{"numberOfOutputs":2}},
  {"id":"merge","type":"channelMerger","options":{"numberOfInputs":2}}],
  "connections":[{"from":"in","to":"split"},{"from":"split","output":0,"to":"merge","input":1},
  {"from":"split","output":1,"to":"merge","input":0}],"output":"merge"})";

/// input → gain, gainDb under `calls` (a JSON array of timeline calls).
std::string automatedGain(const std::string& calls) {
    return R"({"nodes":[{"id":"in","type":"input"},{"id":"g","type":"gain","params":{"gainDb":0},"automation":{"gainDb":)" +
           calls + R"(}}],"connections":[{"from":"in","to":"g"}],"output":"g"})";
}

void runGraphJob(benchmark::State& state, const std::string& json) {
    GraphSession session;
    if (!session.prepare(ProcessSpec{kSampleRateHz, kBlockFrames, kChannels}).isOk()) {
        state.SkipWithError("prepare failed");
        return;
    }
    if (const Status loaded = session.loadGraph(json); !loaded.isOk()) {
        state.SkipWithError(loaded.message().c_str());
        return;
    }
    const auto input = makeNoise(kChannels, kBlockFrames);
    auto output = makeNoise(kChannels, kBlockFrames);
    const float* in[kChannels] = {input[0].data(), input[1].data()};
    float* out[kChannels] = {output[0].data(), output[1].data()};
    int64_t frame = 0;
    for (auto _ : state) {
        session.process(in, kChannels, out, kBlockFrames, frame);
        frame += kBlockFrames;
        benchmark::DoNotOptimize(out[0]);
        benchmark::ClobberMemory();
    }
    reportFrames(state, kBlockFrames);
}

const int registered = [] {
    const std::pair<const char*, std::string> jobs[] = {
        {"pass", kPassGraph},
        {"channelSwap", kSwapGraph},
        {"gainLinearRamp", automatedGain(R"([{"method":"setValueAtTime","value":0,"timeSeconds":0},
            {"method":"linearRampToValueAtTime","value":-20,"timeSeconds":1000}])")},
        {"gainSetTarget",
         automatedGain(R"([{"method":"setTargetAtTime","value":-20,"timeSeconds":0,"timeConstantSeconds":1000}])")},
    };
    for (const auto& [name, json] : jobs)
        benchmark::RegisterBenchmark((std::string("BM_GraphJob/") + name).c_str(),
                                     [json](benchmark::State& s) { runGraphJob(s, json); });
    return 0;
}();

}  // namespace
