// The reference graph's EQ kernel alone, per SIMD kernel: BiquadCascade with the eight peaking
// bands (±6 dB on alternate bands, Q 1) over stereo 48 kHz seeded noise, in place, per block
// size. Names: BM_BiquadCascade/<kernel>/<frames>; kernels the CPU lacks are skipped with a
// message. Compare with BM_ScalarBiquadBaseline in the same run (docs/performance.md).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>

#include "bench_signal.h"
#include "dsp/biquad/biquad_cascade.h"

namespace {

using namespace wavegraph;
using namespace wavegraph::bench;

void runCascade(benchmark::State& state, BiquadCascade::Kernel kernel) {
    const auto blockFrames = static_cast<uint32_t>(state.range(0));
    BiquadCascade cascade;
    if (!cascade.setKernel(kernel)) {
        state.SkipWithError("kernel not supported by this CPU");
        return;
    }
    cascade.prepare(ProcessSpec{kSampleRateHz, blockFrames, kChannels}, kBands);
    for (uint32_t b = 0; b < kBands; ++b)
        cascade.setCoefficients(b, BiquadCoefficients::design(BiquadType::peaking, kSampleRateHz, bandFrequencyHz(b),
                                                              1.0, b % 2 ? -6.0 : 6.0));
    const auto input = makeNoise(kChannels, blockFrames);
    auto buffer = input;
    AudioBlock block;
    block.numChannels = kChannels;
    block.numFrames = blockFrames;
    for (uint32_t ch = 0; ch < kChannels; ++ch) block.channels[ch] = buffer[ch].data();
    for (auto _ : state) {
        for (uint32_t ch = 0; ch < kChannels; ++ch) std::copy(input[ch].begin(), input[ch].end(), buffer[ch].begin());
        cascade.process(block);
        benchmark::DoNotOptimize(buffer[0].data());
        benchmark::ClobberMemory();
    }
    reportFrames(state, blockFrames);
}

const int registered = [] {
    const std::pair<const char*, BiquadCascade::Kernel> kernels[] = {
        {"portable", BiquadCascade::Kernel::portable},
        {"avx", BiquadCascade::Kernel::avx},
        {"avx2", BiquadCascade::Kernel::avx2},
        {"avx512", BiquadCascade::Kernel::avx512},
    };
    for (const auto& [name, kernel] : kernels)
        benchmark::RegisterBenchmark((std::string("BM_BiquadCascade/") + name).c_str(),
                                     [kernel = kernel](benchmark::State& s) { runCascade(s, kernel); })
            ->Arg(128)
            ->Arg(1024);
    return 0;
}();

}  // namespace
