// convolver, one process() call per iteration: stereo 48 kHz, 128-frame blocks of seeded noise
// through a stereo impulse response of 1 s and 3 s (seeded noise under a 60 dB exponential
// decay, normalized), and a 1 s true-stereo (4-channel) one (BM_Convolver/<length>). The
// frequency-domain work happens once per partition (512 frames for 1 s, 1024 for 3 s), so the
// time per frame is the average over many blocks.
#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>
#include <random>
#include <vector>

#include "bench_signal.h"
#include "nodes/convolver_node.h"

namespace {

using namespace wavegraph;
using namespace wavegraph::bench;

constexpr uint32_t kBlockFrames = 128;

void runConvolver(benchmark::State& state, double seconds, uint32_t responseChannels) {
    const auto frames = static_cast<size_t>(seconds * kSampleRateHz);
    std::vector<std::vector<float>> channels(responseChannels, std::vector<float>(frames));
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    for (auto& channel : channels)
        for (size_t n = 0; n < frames; ++n)
            channel[n] = static_cast<float>(dist(rng) * std::pow(10.0, -3.0 * double(n) / double(frames)));
    std::shared_ptr<const AudioBuffer> response;
    if (!AudioBuffer::make(std::move(channels), kSampleRateHz, response)) return;
    ConvolverNode node(response, true);
    node.prepare(ProcessSpec{kSampleRateHz, kBlockFrames, kChannels});
    auto input = makeNoise(kChannels, kBlockFrames);
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

BENCHMARK_CAPTURE(runConvolver, stereo1s, 1.0, 2u)->Name("BM_Convolver/stereo1s");
BENCHMARK_CAPTURE(runConvolver, stereo3s, 3.0, 2u)->Name("BM_Convolver/stereo3s");
BENCHMARK_CAPTURE(runConvolver, trueStereo1s, 1.0, 4u)->Name("BM_Convolver/trueStereo1s");

}  // namespace
