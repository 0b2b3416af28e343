// The built-in default graph (source → parametricEq → analyser → master gain → meter) run by
// GraphEngine, as every host runs it: stereo 48 kHz, per block size. Compare with
// BM_ScalarBiquadBaseline in the same run (docs/performance.md).
// BM_ReferenceGraph/<frames> runs the default kernel: BiquadCascade::preferredKernel() (avx512
// where the CPU runs it at full width, else avx2 where the CPU has it, else the widest), or the one
// WAVEGRAPH_KERNEL=portable|avx|avx2|avx512 names (as for the CLI; printed in the context).
// BM_ReferenceGraph/<kernel>/<frames> forces each kernel in turn (skipped with a message where
// the CPU lacks it), so every kernel's graph is measured in one run on a CPU that has them all.
// BM_ReferenceGraphStages/<k>/<frames> runs the first k + 1 nodes of the same chain (k = 0: the
// input node alone, 4: the whole graph) with the avx2 kernel, so the differences between
// consecutive k are what each stage costs in place (k = 0: the engine's per-block work and the
// copies in and out).
// BM_ReferenceGraphUnobserved/<frames>: the default kernel's graph with the meter and the
// analyser passing their input through unmeasured (what `wavegraph render` runs).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench_signal.h"
#include "dsp/biquad/biquad_cascade.h"
#include "session/graph_session.h"
#include "session/reference_graph.h"

namespace {

using namespace wavegraph;
using namespace wavegraph::bench;

[[maybe_unused]] const int kernelChosen = [] {
    const char* text = std::getenv("WAVEGRAPH_KERNEL");
    if (text != nullptr && *text != '\0') {
        const auto kernel = BiquadCascade::kernelFromName(text);
        if (!kernel || !BiquadCascade::setDefaultKernel(*kernel)) {
            std::fprintf(stderr,
                         "wavegraph_bench: WAVEGRAPH_KERNEL %s is unknown or not supported by this CPU "
                         "(allowed: portable, avx, avx2, avx512)\n",
                         text);
            std::exit(2);
        }
    }
    const std::string name(BiquadCascade::kernelName(BiquadCascade::defaultKernel()));
    benchmark::AddCustomContext("biquad_kernel",
                                name + (text != nullptr && *text != '\0' ? " (WAVEGRAPH_KERNEL)" : " (preferred)"));
    return 0;
}();

// ±6 dB on alternate bands and -3 dB master, so no stage is skipped.
std::string benchGraphJson() {
    ReferenceGraphOptions options;
    for (uint32_t b = 0; b < kBands; ++b) options.bandGainsDb.push_back(b % 2 ? -6.0 : 6.0);
    options.gainDb = -3.0;
    return referenceGraphJson(options);
}

/// The reference chain's first stages + 1 nodes (source, eq, analyser, master, meter), with the
/// settings of benchGraphJson, the last one as the output.
std::string stagesGraphJson(uint32_t stages) {
    std::string eqParams;
    for (uint32_t b = 0; b < kBands; ++b)
        eqParams += (b ? ", " : "") + std::string("\"band") + std::to_string(b) + ".gainDb\": " + (b % 2 ? "-6" : "6");
    const std::string nodes[] = {
        R"({"id": "source", "type": "input"})",
        R"({"id": "eq", "type": "parametricEq", "params": {)" + eqParams + "}}",
        R"({"id": "analyser", "type": "analyser"})",
        R"({"id": "master", "type": "gain", "params": {"gainDb": -3}})",
        R"({"id": "meter", "type": "meter"})",
    };
    const char* ids[] = {"source", "eq", "analyser", "master", "meter"};
    std::string json = R"({"nodes": [)";
    for (uint32_t n = 0; n <= stages; ++n) json += (n ? ", " : "") + nodes[n];
    json += R"(], "connections": [)";
    for (uint32_t n = 1; n <= stages; ++n)
        json += (n > 1 ? ", " : "") + std::string(R"({"from": ")") + ids[n - 1] + R"(", "to": ")" + ids[n] + "\"}";
    return json + R"(], "output": ")" + ids[stages] + "\"}";
}

void runGraph(benchmark::State& state, const std::string& graphJson, bool observed = true) {
    const auto blockFrames = static_cast<uint32_t>(state.range(0));
    GraphSession session;
    session.setObserved(observed);
    if (!session.prepare(ProcessSpec{kSampleRateHz, blockFrames, kChannels}).isOk() ||
        !session.loadGraph(graphJson).isOk()) {
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
void runReferenceGraph(benchmark::State& state) { runGraph(state, benchGraphJson()); }
void BM_ReferenceGraph(benchmark::State& state) { runReferenceGraph(state); }
BENCHMARK(BM_ReferenceGraph)->Arg(128)->Arg(1024);
/// The same graph with nothing reading the meter or the analyser (GraphSession::setObserved(false),
/// as `wavegraph render` runs it): they only pass their input through.
void BM_ReferenceGraphUnobserved(benchmark::State& state) { runGraph(state, benchGraphJson(), false); }
BENCHMARK(BM_ReferenceGraphUnobserved)->Arg(128)->Arg(1024);

/// The graph with kernel as the default of the cascades it creates (restored afterwards).
void referenceGraphWithKernel(benchmark::State& state, BiquadCascade::Kernel kernel) {
    const BiquadCascade::Kernel previous = BiquadCascade::defaultKernel();
    if (!BiquadCascade::setDefaultKernel(kernel)) {
        state.SkipWithError("kernel not supported by this CPU");
        return;
    }
    runReferenceGraph(state);
    BiquadCascade::setDefaultKernel(previous);
}

const int kernelsRegistered = [] {
    for (const auto kernel : {BiquadCascade::Kernel::portable, BiquadCascade::Kernel::avx, BiquadCascade::Kernel::avx2,
                              BiquadCascade::Kernel::avx512})
        benchmark::RegisterBenchmark(("BM_ReferenceGraph/" + std::string(BiquadCascade::kernelName(kernel))).c_str(),
                                     [kernel](benchmark::State& s) { referenceGraphWithKernel(s, kernel); })
            ->Arg(128)
            ->Arg(1024);
    for (uint32_t stages = 0; stages < 5; ++stages)
        benchmark::RegisterBenchmark(("BM_ReferenceGraphStages/" + std::to_string(stages)).c_str(),
                                     [stages](benchmark::State& s) {
                                         const BiquadCascade::Kernel previous = BiquadCascade::defaultKernel();
                                         if (!BiquadCascade::setDefaultKernel(BiquadCascade::Kernel::avx2)) {
                                             s.SkipWithError("avx2 kernel not supported by this CPU");
                                             return;
                                         }
                                         runGraph(s, stagesGraphJson(stages));
                                         BiquadCascade::setDefaultKernel(previous);
                                     })
            ->Arg(128)
            ->Arg(1024);
    return 0;
}();

}  // namespace
