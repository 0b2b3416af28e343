// Analyser tap: hands the post-EQ (pre-gain) mono down-mix to the control side.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "reference_chain.h"
#include "signal_helpers.h"

using namespace wavegraph;

TEST(AnalyserTap, HoldsThePostEqSignalBeforeMasterGain) {
    constexpr double fs = 48000.0;
    ReferenceChain chain;
    ASSERT_TRUE(chain.prepare(ProcessSpec{fs, 4800, 2}).isOk());
    ASSERT_TRUE(chain.applyNow({node::masterGain, param::masterGainDb, -12.0, 0, 0}).isOk());
    auto left = wavegraph::test::makeSine(500.0, fs, 4800, 0.5);
    auto right = left;
    float* ch[2] = {left.data(), right.data()};
    chain.process(ch, 2, ch, 4800);
    std::vector<float> tap(4800);
    EXPECT_EQ(chain.analyserTap().copyLatest(tap.data(), 4800), 4800u);
    const double g = std::pow(10.0, -12.0 / 20.0);
    double maxErr = 0;
    for (size_t i = 0; i < tap.size(); ++i) maxErr = std::max(maxErr, std::fabs(tap[i] * g - left[i]));
    EXPECT_LT(maxErr, 1e-6);  // tap × master gain == output
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
