// Master gain: a jump ramps linearly over 10 ms, the same whatever the block size.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "smoothed_gain.h"

using namespace wavegraph;

TEST(SmoothedGain, JumpRampsWithoutSteps) {
    constexpr double fs = 48000.0;
    SmoothedGain gain;
    gain.prepare(ProcessSpec{fs, 2048, 1});
    std::vector<float> x(2048, 1.0f);  // DC probe: the output is the gain curve itself
    AudioBlock block;
    block.numChannels = 1;
    block.numFrames = 2048;
    block.channels[0] = x.data();
    gain.setGainDb(-20.0);
    gain.process(block);
    const size_t rampFrames = 480;  // 10 ms at 48 kHz
    const double step = (1.0 - 0.1) / rampFrames;
    double maxStep = 0;
    for (size_t i = 1; i < x.size(); ++i) maxStep = std::max(maxStep, double(std::fabs(x[i] - x[i - 1])));
    EXPECT_NEAR(maxStep, step, step * 0.01);  // the largest frame-to-frame change is one ramp step
    EXPECT_NEAR(x[rampFrames - 1], 0.1, 1e-6);
    EXPECT_NEAR(x[2047], 0.1, 1e-6);
    EXPECT_GT(x[rampFrames / 2], 0.5);       // halfway through the ramp
    EXPECT_LT(x[rampFrames / 2], 0.6);
}

TEST(SmoothedGain, RejectsOutOfRangeAndNaN) {
    EXPECT_EQ(SmoothedGain::validateGainDb(20).message(), "gainDb 20 is out of range (-60…12 dB)");
    EXPECT_FALSE(SmoothedGain::validateGainDb(std::nan("")).isOk());
    SmoothedGain gain;
    gain.prepare(ProcessSpec{48000.0, 64, 1});
    EXPECT_FALSE(gain.setGainDb(std::nan("")));
    EXPECT_DOUBLE_EQ(gain.targetGainDb(), 0.0);
    EXPECT_FALSE(gain.setGainDb(100.0));
    EXPECT_DOUBLE_EQ(gain.targetGainDb(), SmoothedGain::kMaxGainDb);
}
