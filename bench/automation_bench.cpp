// The reference graph (source → parametricEq → analyser → master gain → meter) with one
// parameter automated by a linear ramp that moves for the whole run, stereo 48 kHz, per block
// size: the cost of a-rate automation against BM_ReferenceGraph (nothing automated) in the
// same run (docs/performance.md). BM_RampingMasterGain ramps master.gainDb (gain reads one
// value per frame), BM_RampingEqBand ramps eq.band4.gainDb (that band's coefficients per frame,
// the other bands as they are).
#include <benchmark/benchmark.h>

#include <string>

#include "bench_signal.h"
#include "session/graph_session.h"

namespace {

using namespace wavegraph;
using namespace wavegraph::bench;

/// The reference graph with a ramp from 0 to -40 dB over 100,000 s on `param` of `node`.
std::string rampingGraphJson(const std::string& node, const std::string& param) {
    const std::string ramp = "\"automation\": { \"" + param +
                             "\": [ { \"method\": \"setValueAtTime\", \"value\": 0, \"timeSeconds\": 0 }, "
                             "{ \"method\": \"linearRampToValueAtTime\", \"value\": -40, \"timeSeconds\": 100000 } ] }";
    auto nodeJson = [&](const std::string& id, const std::string& type) {
        return "{ \"id\": \"" + id + "\", \"type\": \"" + type + "\"" + (id == node ? ", " + ramp : "") + " }";
    };
    return "{ \"nodes\": [ " + nodeJson("source", "input") + ", " + nodeJson("eq", "parametricEq") + ", " +
           nodeJson("analyser", "analyser") + ", " + nodeJson("master", "gain") + ", " + nodeJson("meter", "meter") +
           " ], \"connections\": [ { \"from\": \"source\", \"to\": \"eq\" }, { \"from\": \"eq\", \"to\": \"analyser\" "
           "}, "
           "{ \"from\": \"analyser\", \"to\": \"master\" }, { \"from\": \"master\", \"to\": \"meter\" } ], "
           "\"output\": \"meter\" }";
}

void runRamping(benchmark::State& state, const std::string& node, const std::string& param) {
    const auto blockFrames = static_cast<uint32_t>(state.range(0));
    GraphSession session;
    if (!session.prepare(ProcessSpec{kSampleRateHz, blockFrames, kChannels}).isOk()) {
        state.SkipWithError("prepare failed");
        return;
    }
    if (auto s = session.loadGraph(rampingGraphJson(node, param)); !s.isOk()) {
        state.SkipWithError(s.message().c_str());
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

void BM_RampingMasterGain(benchmark::State& state) { runRamping(state, "master", "gainDb"); }
BENCHMARK(BM_RampingMasterGain)->Arg(128)->Arg(1024);
void BM_RampingEqBand(benchmark::State& state) { runRamping(state, "eq", "band4.gainDb"); }
BENCHMARK(BM_RampingEqBand)->Arg(128)->Arg(1024);

}  // namespace
