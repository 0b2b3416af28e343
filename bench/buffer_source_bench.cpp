// bufferSource, one process() call per iteration: a 10 s stereo buffer of seeded noise at 48 kHz,
// looped, 128-frame blocks on an advancing engine clock, at playbackRate 1 and 1.37 (every read
// interpolated either way; BM_BufferSource/<rate>).
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "bench_signal.h"
#include "nodes/buffer_source_node.h"

namespace {

using namespace wavegraph;
using namespace wavegraph::bench;

constexpr uint32_t kBlockFrames = 128;

void runBufferSource(benchmark::State& state, double playbackRate) {
    auto noise = makeNoise(2, static_cast<uint32_t>(10 * kSampleRateHz));
    std::shared_ptr<const AudioBuffer> buffer;
    if (!AudioBuffer::make(std::move(noise), kSampleRateHz, buffer)) return;
    BufferSourceSchedule schedule;
    schedule.loop = true;
    BufferSourceNode node(buffer, schedule);
    node.setParameterImmediate(BufferSourceNode::playbackRate, playbackRate);
    node.prepare(ProcessSpec{kSampleRateHz, kBlockFrames, 2});
    std::vector<std::vector<float>> output(2, std::vector<float>(kBlockFrames));
    AudioBlock out;
    out.numChannels = 2;
    out.numFrames = kBlockFrames;
    for (uint32_t ch = 0; ch < 2; ++ch) out.channels[ch] = output[ch].data();
    NodeIo io{{}, std::span<AudioBlock>(&out, 1), kBlockFrames, 0};
    for (auto _ : state) {
        node.process(io);
        io.frameTime += kBlockFrames;
        benchmark::DoNotOptimize(output[0].data());
        benchmark::ClobberMemory();
    }
    reportFrames(state, kBlockFrames);
}

BENCHMARK_CAPTURE(runBufferSource, rate1, 1.0)->Name("BM_BufferSource/rate1");
BENCHMARK_CAPTURE(runBufferSource, rate1_37, 1.37)->Name("BM_BufferSource/rate1.37");

}  // namespace
