// AnalyserNode: pass-through (unchanged audio, no allocation in process), the tapped mono
// down-mix the hosts read their spectrum from, parameters and their errors, and a control thread
// reading the tap while the audio thread writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include "allocation_counter.h"
#include "node_render.h"
#include "nodes/analyser_node.h"
#include "signal_helpers.h"

using namespace wavegraph;

namespace {

constexpr double kFs = 48000.0;
using Signal = std::vector<std::vector<float>>;  // channels × frames

Signal noise(uint32_t channels, uint32_t frames, uint32_t seed) { return test::noiseChannels(channels, frames, seed); }

// Renders `in` through the node in blocks of blockFrames; returns the output and the
// allocations counted inside process().
Signal render(AnalyserNode& node, const Signal& in, uint32_t blockFrames, size_t* allocations = nullptr) {
    size_t counted = 0;
    Signal out = test::renderApart(node, in, blockFrames, [&](NodeIo& io) {
        test::AllocationCounter counter;
        node.process(io);
        counted += counter.count();
    });
    if (allocations) *allocations = counted;
    return out;
}

}  // namespace

TEST(AnalyserNode, DescribesItself) {
    AnalyserNode node;
    EXPECT_EQ(node.typeName(), "analyser");
    EXPECT_EQ(node.numInputs(), 1u);
    EXPECT_EQ(node.numOutputs(), 1u);
    const auto params = node.parameters();
    ASSERT_EQ(params.size(), 4u);
    EXPECT_EQ(node.parameterIndex("fftSize"), 0);
    EXPECT_EQ(node.parameterIndex("smoothingTimeConstant"), 1);
    EXPECT_EQ(node.parameterIndex("minDecibels"), 2);
    EXPECT_EQ(node.parameterIndex("maxDecibels"), 3);
    for (uint32_t id = 0; id < 4; ++id) EXPECT_EQ(node.parameter(id), params[id].defaultValue);
    EXPECT_EQ(node.parameter(AnalyserNode::kFftSize), 2048.0);
    EXPECT_EQ(node.parameter(AnalyserNode::kSmoothingTimeConstant), 0.8);
    EXPECT_EQ(node.parameter(AnalyserNode::kMinDecibels), -100.0);
    EXPECT_EQ(node.parameter(AnalyserNode::kMaxDecibels), -30.0);
    EXPECT_EQ(node.frequencyBinCount(), 1024u);
}

TEST(AnalyserNode, PassesAudioThroughUnchangedWithoutAllocating) {
    AnalyserNode node;
    node.prepare({kFs, 128, 2});
    const Signal in = noise(2, 5000, 11);
    size_t allocations = 1;
    const Signal out = render(node, in, 128, &allocations);
    EXPECT_EQ(out, in);
    EXPECT_EQ(allocations, 0u);
    EXPECT_EQ(node.tap().framesWritten(), 5000u);

    // In place (in and out are the same buffers), and a mono input into a stereo output: the
    // input channel passes, the extra output channel is silent, the tap sees the mono input.
    Signal buffer = noise(1, 256, 16);
    const Signal original = buffer;
    std::vector<float> extra(256, 9.0f);
    AudioBlock inBlock, outBlock;
    inBlock.numChannels = 1;
    outBlock.numChannels = 2;
    inBlock.numFrames = outBlock.numFrames = 256;
    inBlock.channels[0] = outBlock.channels[0] = buffer[0].data();
    outBlock.channels[1] = extra.data();
    NodeIo io{{&inBlock, 1}, {&outBlock, 1}, 256};
    node.process(io);
    EXPECT_EQ(buffer, original);
    EXPECT_EQ(extra, std::vector<float>(256, 0.0f));
    std::vector<float> newest(256);
    node.tap().copyLatest(newest.data(), 256);
    EXPECT_EQ(newest, original[0]);
}

TEST(AnalyserNode, TheTapHoldsTheNewestFramesOfTheMonoDownMix) {
    AnalyserNode node;
    node.prepare({kFs, 128, 2});
    const Signal in = noise(2, 3000, 12);
    render(node, in, 100);  // any split
    std::vector<float> frames(2048);
    node.tap().copyLatest(frames.data(), 2048);
    float worst = 0.0f;
    for (uint32_t i = 0; i < 2048; ++i) {
        const float mono = (in[0][952 + i] + in[1][952 + i]) * 0.5f;
        worst = std::max(worst, std::fabs(frames[i] - mono));
    }
    std::cout << "[measure] tap vs (L + R)/2 over the newest 2048 frames: max |difference| " << worst << "\n";
    EXPECT_LE(worst, 1e-7f);
}

TEST(AnalyserNode, ParametersAreValidatedWithOneLineMessages) {
    AnalyserNode node;
    node.prepare({kFs, 128, 2});
    EXPECT_FALSE(node.setParameter(AnalyserNode::kFftSize, 1000));  // not a power of two: ignored
    EXPECT_FALSE(node.setParameter(AnalyserNode::kFftSize, 65536));
    EXPECT_EQ(node.parameter(AnalyserNode::kFftSize), 2048.0);
    EXPECT_EQ(node.validate(AnalyserNode::kFftSize, 1000).message(),
              "fftSize 1000 is not a power of two in range (32…32768)");
    EXPECT_EQ(node.validate(AnalyserNode::kFftSize, 65536).message(), "fftSize 65536 is out of range (32…32768)");
    EXPECT_TRUE(node.validate(AnalyserNode::kFftSize, 512));
    EXPECT_EQ(node.validate(AnalyserNode::kSmoothingTimeConstant, -0.1).message(),
              "smoothingTimeConstant -0.1 is out of range (0…1)");
    EXPECT_EQ(node.validate(AnalyserNode::kMinDecibels, -20).message(),
              "minDecibels -20 must be less than maxDecibels -30");
    EXPECT_EQ(node.validate(AnalyserNode::kMaxDecibels, -150).message(),
              "minDecibels -100 must be less than maxDecibels -150");
    EXPECT_FALSE(node.setParameter(AnalyserNode::kMinDecibels, -20));  // ≥ max: ignored
    EXPECT_EQ(node.parameter(AnalyserNode::kMinDecibels), -100.0);
    EXPECT_FALSE(node.setParameter(AnalyserNode::kSmoothingTimeConstant, 2.0));  // clamped
    EXPECT_EQ(node.parameter(AnalyserNode::kSmoothingTimeConstant), 1.0);
    EXPECT_FALSE(node.setParameter(7, 1.0));
    EXPECT_TRUE(std::isnan(node.parameter(7)));

    ASSERT_TRUE(node.setParameter(AnalyserNode::kSmoothingTimeConstant, 0.5));
    ASSERT_TRUE(node.setParameter(AnalyserNode::kFftSize, 512));
    EXPECT_EQ(node.frequencyBinCount(), 256u);
}

TEST(AnalyserNode, ControlThreadReadsWhileAudioThreadWrites) {
    AnalyserNode node;
    node.prepare({kFs, 128, 2});
    const Signal in = noise(2, 128 * 64, 15);
    std::atomic<bool> done{false};
    std::atomic<uint64_t> blocks{0};
    std::thread audio([&] {
        Signal out(2, std::vector<float>(128));
        uint32_t fftSizes[] = {2048, 512, 32768, 32};
        for (uint64_t b = 0; !done.load(std::memory_order_acquire) || b < 2000; ++b) {
            if (b % 500 == 0) node.setParameter(AnalyserNode::kFftSize, fftSizes[(b / 500) % 4]);
            const uint32_t start = static_cast<uint32_t>((b % 64) * 128);
            AudioBlock inBlock, outBlock;
            inBlock.numChannels = outBlock.numChannels = 2;
            inBlock.numFrames = outBlock.numFrames = 128;
            for (uint32_t c = 0; c < 2; ++c) {
                inBlock.channels[c] = const_cast<float*>(in[c].data()) + start;
                outBlock.channels[c] = out[c].data();
            }
            NodeIo io{{&inBlock, 1}, {&outBlock, 1}, 128};
            node.process(io);
            blocks.store(b + 1, std::memory_order_release);
        }
    });
    std::vector<float> frames(32768);
    size_t nonFinite = 0, outOfRange = 0, reads = 0;
    while (blocks.load(std::memory_order_acquire) < 1000) std::this_thread::yield();
    for (int i = 0; i < 200; ++i) {
        const auto fftSize = static_cast<uint32_t>(node.parameter(AnalyserNode::kFftSize));
        node.tap().copyLatest(frames.data(), fftSize);
        for (uint32_t k = 0; k < fftSize; ++k) {
            nonFinite += !std::isfinite(frames[k]);
            outOfRange += std::fabs(frames[k]) > 0.5f;  // the mean of two values in −0.5…0.5
        }
        ++reads;
    }
    done.store(true, std::memory_order_release);
    audio.join();
    std::cout << "[measure] " << reads << " control-side reads during " << blocks.load() << " audio blocks, "
              << nonFinite << " non-finite values, " << outOfRange << " outside the input's range\n";
    EXPECT_EQ(nonFinite, 0u);
    EXPECT_EQ(outOfRange, 0u);
}
