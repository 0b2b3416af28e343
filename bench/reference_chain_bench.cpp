// The reference chain (host input → 8-band EQ → analyser tap → master gain), stereo 48 kHz,
// and its EQ alone (the SIMD BiquadCascade), per block size.
#include <benchmark/benchmark.h>

#include "bench_signal.h"
#include "parametric_eq.h"
#include "reference_chain.h"

namespace {

using namespace wavegraph;
using namespace wavegraph::bench;

void BM_ReferenceChain(benchmark::State& state) {
    const auto blockFrames = static_cast<uint32_t>(state.range(0));
    ReferenceChain chain;
    if (!chain.prepare(ProcessSpec{kSampleRateHz, blockFrames, kChannels}).isOk()) {
        state.SkipWithError("prepare failed");
        return;
    }
    // Boost/cut every other band and a non-unity master gain, so no stage is skipped.
    for (uint32_t b = 0; b < kBands; ++b)
        chain.applyNow({node::eq, param::eqBandGainDb(b), b % 2 ? -6.0 : 6.0, 0, 0});
    chain.applyNow({node::masterGain, param::masterGainDb, -3.0, 0, 0});
    const auto input = makeNoise(kChannels, blockFrames);
    auto output = makeNoise(kChannels, blockFrames);
    const float* in[kChannels] = {input[0].data(), input[1].data()};
    float* out[kChannels] = {output[0].data(), output[1].data()};
    for (auto _ : state) {
        chain.process(in, kChannels, out, blockFrames);
        benchmark::DoNotOptimize(out[0]);
        benchmark::ClobberMemory();
    }
    reportFrames(state, blockFrames);
}
BENCHMARK(BM_ReferenceChain)->Arg(128)->Arg(1024);

void BM_ParametricEqOnly(benchmark::State& state) {
    const auto blockFrames = static_cast<uint32_t>(state.range(0));
    ParametricEq eq;
    eq.prepare(ProcessSpec{kSampleRateHz, blockFrames, kChannels});
    for (uint32_t b = 0; b < kBands; ++b) eq.setGainDb(b, b % 2 ? -6.0 : 6.0);
    const auto input = makeNoise(kChannels, blockFrames);
    auto buffer = input;
    AudioBlock block;
    block.numChannels = kChannels;
    block.numFrames = blockFrames;
    for (uint32_t ch = 0; ch < kChannels; ++ch) block.channels[ch] = buffer[ch].data();
    for (auto _ : state) {
        for (uint32_t ch = 0; ch < kChannels; ++ch)
            std::copy(input[ch].begin(), input[ch].end(), buffer[ch].begin());
        eq.process(block);
        benchmark::DoNotOptimize(buffer[0].data());
        benchmark::ClobberMemory();
    }
    reportFrames(state, blockFrames);
}
BENCHMARK(BM_ParametricEqOnly)->Arg(128)->Arg(1024);

}  // namespace
