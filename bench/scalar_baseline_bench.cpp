// The baseline: a plain scalar direct-form-I biquad loop, per band and per channel (eight
// peaking bands over stereo float blocks, double state), i.e. what the EQ did before the
// SIMD cascade. Its speed is bound by the latency of each band's feedback path.
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>

#include "bench_signal.h"
#include "dsp/biquad/biquad_coefficients.h"

namespace {

using namespace wavegraph;
using namespace wavegraph::bench;

struct State {
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
};

// One band over one channel's block, in place (the same arithmetic as Biquad::process).
void processBand(const BiquadCoefficients& c, State& s, float* samples, uint32_t frames) {
    for (uint32_t i = 0; i < frames; ++i) {
        const double x = samples[i];
        double y = c.b0 * x + c.b1 * s.x1 + c.b2 * s.x2 - c.a1 * s.y1 - c.a2 * s.y2;
        if (std::fabs(y) < 1e-30) y = 0.0;
        s.x2 = s.x1;
        s.x1 = x;
        s.y2 = s.y1;
        s.y1 = y;
        samples[i] = static_cast<float>(y);
    }
}

void BM_ScalarBiquadBaseline(benchmark::State& state) {
    const auto blockFrames = static_cast<uint32_t>(state.range(0));
    std::array<BiquadCoefficients, kBands> coefficients;
    for (uint32_t b = 0; b < kBands; ++b)
        coefficients[b] =
            BiquadCoefficients::design(BiquadType::peaking, kSampleRateHz, bandFrequencyHz(b), 1.0, b % 2 ? -6.0 : 6.0);
    std::array<std::array<State, kChannels>, kBands> states{};
    const auto input = makeNoise(kChannels, blockFrames);
    auto buffer = input;
    for (auto _ : state) {
        for (uint32_t ch = 0; ch < kChannels; ++ch) {
            std::copy(input[ch].begin(), input[ch].end(), buffer[ch].begin());
            for (uint32_t b = 0; b < kBands; ++b)
                processBand(coefficients[b], states[b][ch], buffer[ch].data(), blockFrames);
        }
        benchmark::DoNotOptimize(buffer[0].data());
        benchmark::DoNotOptimize(buffer[1].data());
        benchmark::ClobberMemory();
    }
    reportFrames(state, blockFrames);
}
BENCHMARK(BM_ScalarBiquadBaseline)->Arg(128)->Arg(1024);

}  // namespace
