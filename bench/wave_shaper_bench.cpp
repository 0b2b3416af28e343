// waveShaper, one process() call per iteration: stereo 48 kHz, 128-frame blocks of seeded noise
// at ±1 through a 1025-point tanh(3x) curve, with oversample none, 2x and 4x
// (BM_WaveShaper/<mode>).
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "bench_signal.h"
#include "nodes/wave_shaper_node.h"

namespace {

using namespace wavegraph;
using namespace wavegraph::bench;

constexpr uint32_t kBlockFrames = 128;

void runWaveShaper(benchmark::State& state, WaveShaperNode::Oversample oversample) {
    std::vector<float> curve(1025);
    for (size_t k = 0; k < curve.size(); ++k) curve[k] = static_cast<float>(std::tanh(3.0 * (double(k) / 512.0 - 1.0)));
    WaveShaperNode node(curve, oversample);
    node.prepare(ProcessSpec{kSampleRateHz, kBlockFrames, kChannels});
    auto input = makeNoise(kChannels, kBlockFrames);
    for (auto& channel : input)
        for (auto& x : channel) x *= 2.0f;
    std::vector<std::vector<float>> output(kChannels, std::vector<float>(kBlockFrames));
    AudioBlock in, out;
    in.numChannels = out.numChannels = kChannels;
    in.numFrames = out.numFrames = kBlockFrames;
    for (uint32_t ch = 0; ch < kChannels; ++ch) {
        in.channels[ch] = input[ch].data();
        out.channels[ch] = output[ch].data();
    }
    NodeIo io{std::span<const AudioBlock>(&in, 1), std::span<AudioBlock>(&out, 1), kBlockFrames};
    for (auto _ : state) {
        node.process(io);
        benchmark::DoNotOptimize(output[0].data());
        benchmark::ClobberMemory();
    }
    reportFrames(state, kBlockFrames);
}

BENCHMARK_CAPTURE(runWaveShaper, none, WaveShaperNode::Oversample::none)->Name("BM_WaveShaper/none");
BENCHMARK_CAPTURE(runWaveShaper, x2, WaveShaperNode::Oversample::x2)->Name("BM_WaveShaper/2x");
BENCHMARK_CAPTURE(runWaveShaper, x4, WaveShaperNode::Oversample::x4)->Name("BM_WaveShaper/4x");

}  // namespace
