// bufferSource (W3C AudioBufferSourceNode): a ramp buffer played at rates 1, 0.5 and 1.5, with a
// start offset, a sub-sample start time, a loop with loop points, a stop time and a duration,
// against the analytic read positions; block splits 1/7/128/4096 give the same samples; no
// allocation or lock while rendering.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "nodes/buffer_source_node.h"
#include "session/graph_session.h"

using namespace wavegraph;

namespace {

constexpr double kRate = 48000.0;

// A ramp: frame k holds k / 1024 (exact in float32), one channel, at `bufferRate`.
std::shared_ptr<const AudioBuffer> ramp(size_t frames, double bufferRate = kRate) {
    std::vector<float> samples(frames);
    for (size_t k = 0; k < frames; ++k) samples[k] = static_cast<float>(k) / 1024.0f;
    std::shared_ptr<const AudioBuffer> buffer;
    EXPECT_TRUE(AudioBuffer::make({samples}, bufferRate, buffer));
    return buffer;
}

// Renders `frames` frames from engine frame 0 in blocks of `blockFrames`.
std::vector<float> play(BufferSourceNode& node, uint32_t frames, uint32_t blockFrames) {
    node.prepare(ProcessSpec{kRate, 4096, 1});
    std::vector<float> out(frames, -9.0f);
    for (uint32_t pos = 0; pos < frames; pos += blockFrames) {
        const uint32_t n = std::min(blockFrames, frames - pos);
        AudioBlock block;
        block.numChannels = 1;
        block.numFrames = n;
        block.channels[0] = out.data() + pos;
        NodeIo io{{}, std::span<AudioBlock>(&block, 1), n, pos};
        node.process(io);
    }
    return out;
}

// Largest |out[i] − expected(i)| over the frames, printed with the case's name.
template <class Expected>
double maxDiff(const char* label, const std::vector<float>& out, Expected expected) {
    double worst = 0.0;
    size_t at = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        const double d = std::abs(double(out[i]) - expected(i));
        if (d > worst) worst = d, at = i;
    }
    std::printf("%-44s max |diff| %.3g (at frame %zu)\n", label, worst, at);
    return worst;
}

}  // namespace

TEST(BufferSource, RampAtRatesOneHalfAndOneAndAHalfFollowsTheReadPosition) {
    const size_t length = 1000;
    for (double rate : {1.0, 0.5, 1.5}) {
        BufferSourceNode node(ramp(length), {});
        node.setParameterImmediate(BufferSourceNode::playbackRate, rate);
        const auto out = play(node, 3000, 128);
        // Frame i reads position i·rate: the ramp's value there while inside the buffer (its
        // last frame at 999 is extrapolated from the last two, so the ramp continues), silence once
        // the position passes the end.
        const double last = std::ceil(length / rate);  // frames played
        char label[64];
        std::snprintf(label, sizeof label, "rate %.1f (ends at frame %.0f)", rate, last);
        EXPECT_LE(maxDiff(label, out, [&](size_t i) { return i < last ? i * rate / 1024.0 : 0.0; }), 1e-7);
        EXPECT_EQ(node.endedFrame(), static_cast<int64_t>(last));
    }
}

TEST(BufferSource, OffsetSubSampleStartStopAndDuration) {
    {  // offset 0.01 s = frame 480 at rate 1; start at 0.001 s = frame 48
        BufferSourceNode node(ramp(1000), {.startTimeSec = 0.001, .offsetSec = 0.01});
        const auto out = play(node, 800, 128);
        EXPECT_LE(maxDiff("offset 480, start frame 48", out,
                          [](size_t i) { return i < 48 || i >= 48 + 520 ? 0.0 : (480.0 + i - 48) / 1024.0; }),
                  1e-7);
    }
    {  // start between frames: 10.25 frames → first sound at frame 11, read position 0.75 there
        BufferSourceNode node(ramp(1000), {.startTimeSec = 10.25 / kRate});
        const auto out = play(node, 300, 128);
        EXPECT_LE(maxDiff("start at frame 10.25", out, [](size_t i) { return i < 11 ? 0.0 : (i - 10.25) / 1024.0; }),
                  1e-7);
    }
    {  // stop at 0.002 s = frame 96; duration 0.001 s = 48 buffer frames from frame 20
        BufferSourceNode stopped(ramp(1000), {.stopTimeSec = 0.002});
        const auto a = play(stopped, 300, 7);
        EXPECT_LE(maxDiff("stop at frame 96", a, [](size_t i) { return i < 96 ? i / 1024.0 : 0.0; }), 1e-7);
        EXPECT_EQ(stopped.endedFrame(), 96);
        BufferSourceNode limited(ramp(1000), {.startTimeSec = 20 / kRate, .durationSec = 0.001});
        const auto b = play(limited, 300, 7);
        EXPECT_LE(maxDiff("duration 48 frames from frame 20", b,
                          [](size_t i) { return i < 20 || i >= 68 ? 0.0 : (i - 20.0) / 1024.0; }),
                  1e-7);
    }
}

TEST(BufferSource, LoopWithLoopPointsWrapsKeepingTheFraction) {
    // Loop frames [100, 300) of the ramp (loopStart 100/48000 s, loopEnd 300/48000 s), rate 0.75:
    // position p(i) = 0.75·i, then 100 + ((p − 100) mod 200) once past 300; the frame after the
    // loop end, for interpolation, is the loop start.
    BufferSourceNode node(ramp(1000), {.loop = true, .loopStartSec = 100 / kRate, .loopEndSec = 300 / kRate});
    node.setParameterImmediate(BufferSourceNode::playbackRate, 0.75);
    const auto out = play(node, 2000, 128);
    const auto value = [](size_t i) {
        double p = 0.75 * static_cast<double>(i);
        if (p >= 300) p = 100 + std::fmod(p - 100, 200.0);
        const double k = std::floor(p), f = p - k;
        const double next = k + 1 >= 300 ? 100 : k + 1;
        return ((1 - f) * k + f * next) / 1024.0;
    };
    EXPECT_LE(maxDiff("loop 100…300 at rate 0.75", out, value), 1e-6);
    EXPECT_EQ(node.endedFrame(), -1);
}

TEST(BufferSource, BufferRateAndDetuneScaleTheRate) {
    // A 24 kHz buffer plays at half speed; detune −1200 cents halves again: rate 0.25.
    BufferSourceNode node(ramp(1000, 24000.0), {});
    node.setParameterImmediate(BufferSourceNode::detuneCents, -1200.0);
    const auto out = play(node, 1000, 128);
    EXPECT_LE(maxDiff("24 kHz buffer, detune -1200 (rate 0.25)", out, [](size_t i) { return 0.25 * i / 1024.0; }),
              1e-7);
}

TEST(BufferSource, BlockSplitsGiveTheSameSamplesWithoutAllocating) {
    BufferSourceSchedule schedule{
        .startTimeSec = 33.3 / kRate, .offsetSec = 0.001, .loop = true, .loopStartSec = 0.002, .loopEndSec = 0.0123};
    const auto run = [&](uint32_t block) {
        BufferSourceNode node(ramp(2000), schedule);
        node.setParameterImmediate(BufferSourceNode::playbackRate, 1.37);
        return play(node, 9000, block);
    };
    const auto reference = run(128);
    for (uint32_t block : {1u, 7u, 4096u}) {
        const auto out = run(block);
        size_t differing = 0;
        for (size_t i = 0; i < out.size(); ++i) differing += out[i] != reference[i];
        std::printf("blocks of %u: %zu samples differ from blocks of 128\n", block, differing);
        EXPECT_EQ(differing, 0u);
    }
    BufferSourceNode node(ramp(2000), schedule);
    node.prepare(ProcessSpec{kRate, 128, 1});
    std::vector<float> out(128);
    AudioBlock block;
    block.numChannels = 1;
    block.numFrames = 128;
    block.channels[0] = out.data();
    test::AllocationCounter counter;
    for (int64_t b = 0; b < 200; ++b) {
        NodeIo io{{}, std::span<AudioBlock>(&block, 1), 128, b * 128};
        node.process(io);
    }
    std::printf("allocations over 200 blocks: %zu\n", counter.count());
    EXPECT_EQ(counter.count(), 0u);
}

// The end of playback leaves on the event ring as one `ended` event naming the node, with the
// engine frame of the first silent frame: a 1000-frame buffer started at frame 300 at rate 2
// ends at frame 300 + 500.
TEST(BufferSource, EndedEventArrivesOnceWithTheEndFrame) {
    GraphSession session;
    ASSERT_TRUE(session.prepare({kRate, 128, 1}, 256, 4096).isOk());
    std::string ramp1000 = "[";
    for (int k = 0; k < 1000; ++k) ramp1000 += (k ? "," : "") + std::to_string(k);
    ramp1000 += "]";
    ASSERT_TRUE(session
                    .loadGraph(R"({"buffers":{"r":{"channels":[)" + ramp1000 +
                               R"(]}},"nodes":[{"id":"play","type":"bufferSource","params":{"playbackRate":2},
                                   "options":{"buffer":"r","startTimeSec":0.00625}}],"output":"play"})")
                    .isOk());
    std::vector<float> out(128);
    float* outputs[1] = {out.data()};
    for (int block = 0; block < 20; ++block) session.process(nullptr, 0, outputs, 128);
    size_t endings = 0;
    RingRecord e;
    while (session.engine().eventRing().tryPop(e)) {
        if (e.kind != uint32_t(EngineEvent::ended)) continue;
        ++endings;
        EXPECT_EQ(e.target, uint32_t(session.nodeId("play")));
        EXPECT_EQ(e.value, 800.0);
        std::printf("ended: node %u, first silent frame %.0f, reported at frame %lld\n", e.target, e.value,
                    static_cast<long long>(e.frameTime));
    }
    EXPECT_EQ(endings, 1u);
}
