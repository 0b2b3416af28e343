// Analyser tap: in the reference graph it holds the post-EQ, pre-gain mono down-mix for the
// control side (the analyser node's tap, found through its AnalyserSource role).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "dsp/analyser_tap.h"
#include "session/graph_session.h"
#include "session/reference_graph.h"
#include "signal_helpers.h"

using namespace wavegraph;

TEST(AnalyserTap, HoldsThePostEqSignalBeforeMasterGain) {
    constexpr double fs = 48000.0;
    GraphSession session;
    ASSERT_TRUE(session.prepare(ProcessSpec{fs, 4800, 2}).isOk());
    ReferenceGraphOptions options;
    options.bandGainsDb = {0, 0, 0, 0, -20};  // the EQ acts (the tap is after it)
    options.gainDb = -12.0;
    ASSERT_TRUE(session.loadGraph(referenceGraphJson(options)).isOk());
    auto left = wavegraph::test::makeSine(500.0, fs, 4800, 0.5);
    const auto input = left;
    auto right = left;
    float* ch[2] = {left.data(), right.data()};
    session.process(ch, 2, ch, 4800);
    const Node* analyser = session.node(reference_graph::kAnalyser);
    ASSERT_NE(analyser, nullptr);
    ASSERT_NE(analyser->analyserSource(), nullptr);
    std::vector<float> tap(4800);
    EXPECT_EQ(analyser->analyserSource()->tap().copyLatest(tap.data(), 4800), 4800u);
    // Output = float(10^(-12/20)) · tap exactly (the gain node multiplies in float); the tap is
    // not the input (the EQ changed it).
    const auto g = static_cast<float>(std::pow(10.0, -12.0 / 20.0));
    size_t differing = 0;
    double changedByEq = 0.0;
    for (size_t i = 0; i < tap.size(); ++i) {
        differing += g * tap[i] != left[i];
        changedByEq = std::max(changedByEq, std::fabs(double(tap[i]) - input[i]));
    }
    std::printf("tap x master gain vs output: %zu of %zu samples differ; max |tap - input| %.4f\n", differing,
                tap.size(), changedByEq);
    EXPECT_EQ(differing, 0u);
    EXPECT_GT(changedByEq, 1e-3);
}

TEST(AnalyserTap, ZeroFillsFramesNotYetWrittenAndWraps) {
    AnalyserTap tap;
    tap.prepare(ProcessSpec{48000.0, 16, 1}, 16);
    std::vector<float> x(10);
    for (size_t i = 0; i < x.size(); ++i) x[i] = float(i + 1);
    AudioBlock block;
    block.numChannels = 1;
    block.numFrames = 10;
    block.channels[0] = x.data();
    tap.push(block);
    std::vector<float> out(12);
    tap.copyLatest(out.data(), 12);
    EXPECT_EQ(out[0], 0.0f);
    EXPECT_EQ(out[1], 0.0f);
    EXPECT_EQ(out[2], 1.0f);
    EXPECT_EQ(out[11], 10.0f);
    tap.push(block);  // 20 frames into a 16-frame buffer: wraps
    tap.copyLatest(out.data(), 12);
    EXPECT_EQ(out[11], 10.0f);
    EXPECT_EQ(out[2], 1.0f);
    EXPECT_EQ(out[1], 10.0f);
}

// The ring holds ((0 + L) + R) · 0.5 of every stereo frame bit for bit (the down-mix the general
// loop computes, whatever vector path the CPU takes), for blocks of 1, 7, 33, 128 and 1000 frames:
// odd blocks start the stereo path at odd ring positions (one frame stored alone before the
// 8-byte pairs), and 3000 frames wrap a 2048-frame ring.
TEST(AnalyserTap, StereoDownMixIsExactForEverySplit) {
    constexpr uint32_t kFrames = 3000, kCapacity = 2048;
    std::mt19937 random(20261207);
    std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
    std::vector<float> left(kFrames), right(kFrames);
    for (uint32_t i = 0; i < kFrames; ++i) {
        left[i] = noise(random);
        right[i] = i % 5 == 0 ? -left[i] : noise(random);  // exact zeros (and -0 + 0) too
    }
    size_t differing = 0;
    for (const uint32_t block : {1u, 7u, 33u, 128u, 1000u}) {
        AnalyserTap tap;
        tap.prepare(ProcessSpec{48000.0, 1000, 2}, kCapacity);
        for (uint32_t start = 0; start < kFrames; start += block) {
            const uint32_t n = std::min(block, kFrames - start);
            const float* channels[2] = {left.data() + start, right.data() + start};
            tap.push(channels, 2, n);
        }
        std::vector<float> held(kCapacity);
        ASSERT_EQ(tap.copyLatest(held.data(), kCapacity), kFrames);
        for (uint32_t i = 0; i < kCapacity; ++i) {
            const uint32_t frame = kFrames - kCapacity + i;
            const float expected = ((0.0f + left[frame]) + right[frame]) * 0.5f;
            differing += std::memcmp(&held[i], &expected, sizeof expected) != 0;
        }
    }
    std::printf("[ MEASURED ] stereo down-mix in the ring: %zu of %u frames differ from ((0 + L) + R) * 0.5\n",
                differing, 5 * kCapacity);
    EXPECT_EQ(differing, 0u);
}
