// The built-in default graph (source → parametricEq → analyser → master gain → meter) run by
// GraphEngine, as every host runs it: stereo 48 kHz, per block size. Compare with
// BM_ScalarBiquadBaseline in the same run (docs/performance.md).
// BM_ReferenceGraph/<frames> runs the default kernel: the CPU's widest, or the one
// WAVEGRAPH_KERNEL=portable|avx|avx2|avx512 names (as for the CLI; printed in the context).
// BM_ReferenceGraph/<kernel>/<frames> forces each kernel in turn (skipped with a message where
// the CPU lacks it), so every kernel's graph is measured in one run on a CPU that has them all.
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
                                name + (text != nullptr && *text != '\0' ? " (WAVEGRAPH_KERNEL)" : " (widest)"));
    return 0;
}();

// ±6 dB on alternate bands and -3 dB master, so no stage is skipped.
std::string benchGraphJson() {
    ReferenceGraphOptions options;
    for (uint32_t b = 0; b < kBands; ++b) options.bandGainsDb.push_back(b % 2 ? -6.0 : 6.0);
    options.gainDb = -3.0;
    return referenceGraphJson(options);
}

void runReferenceGraph(benchmark::State& state) {
    const auto blockFrames = static_cast<uint32_t>(state.range(0));
    GraphSession session;
    if (!session.prepare(ProcessSpec{kSampleRateHz, blockFrames, kChannels}).isOk() ||
        !session.loadGraph(benchGraphJson()).isOk()) {
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
void BM_ReferenceGraph(benchmark::State& state) { runReferenceGraph(state); }
BENCHMARK(BM_ReferenceGraph)->Arg(128)->Arg(1024);

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
    return 0;
}();

}  // namespace
