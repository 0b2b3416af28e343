// A live EQ change through the host session ramps: a 960 Hz sine through the reference graph,
// eq.band4.gainDb (960 Hz) set to -20 dB mid-run, at each of the 25 phases of the sine a block
// boundary can fall on. Queued on the command ring (the path of the stdin `eq`/`set` commands)
// the change is ramped; set with setParameterImmediate between two blocks it is a hard
// coefficient switch.
//
// Measured: the output's largest curvature |y[n+1] − 2y[n] + y[n−1]| against the sine's own,
// A·(2 sin(πf/fs))². A ramp keeps it within the sine's (the amplitude only falls); a hard switch
// leaves the filter's memories out of step with its new coefficients, and the transient exceeds
// it at most phases (where the switch lands near a point the transient starts flat, it can
// hide). The largest sample-to-sample step is printed too: the EQ's cascade is direct form I, where
// a switch of this peaking band changes y[n] by at most α(A − 1/A)/a0·|x[n] − x[n−2]| ≈ 0.009,
// too little to show in the step of a sine whose own step is 0.063.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

#include "session/host_session.h"

namespace wavegraph {
namespace {

constexpr double kRate = 48000.0;
constexpr uint32_t kBlock = 256, kBlocksAfterChange = 120;
constexpr double kAmplitude = 0.5, kFrequencyHz = 960.0;  // 50 frames a cycle

struct Result {
    double largestStep = 0.0;
    double largestCurvature = 0.0;
    double rmsBeforeDb = 0.0, rmsAfterDb = 0.0;
};

double rmsDb(const std::vector<float>& x, size_t from, size_t to) {
    double sum = 0.0;
    for (size_t i = from; i < to; ++i) sum += double(x[i]) * x[i];
    return 10.0 * std::log10(sum / double(to - from));
}

/// changeBlock·256 mod 50 = 6·changeBlock mod 50: the sine's phase at the change.
Result run(bool hardSwitch, uint32_t changeBlock) {
    HostSession session;
    EXPECT_TRUE(session.prepare({kRate, kBlock, 2}));
    EXPECT_TRUE(session.loadReferenceGraph());
    HostSession::ParameterRef band4;
    EXPECT_TRUE(session.findParameter("eq.band4.gainDb", band4));
    std::vector<float> in(kBlock), out0(kBlock), out1(kBlock), output;
    float* outs[2] = {out0.data(), out1.data()};
    const float* ins[2] = {in.data(), in.data()};
    const uint32_t blocks = changeBlock + kBlocksAfterChange;
    for (uint32_t b = 0; b < blocks; ++b) {
        if (b == changeBlock) {
            if (hardSwitch)
                (void)session.graph().node(band4.nodeId)->setParameterImmediate(band4.param, -20.0);
            else
                EXPECT_TRUE(session.queueParameter("eq.band4.gainDb", -20.0));
        }
        for (uint32_t i = 0; i < kBlock; ++i)
            in[i] =
                float(kAmplitude * std::sin(2.0 * std::numbers::pi * kFrequencyHz * double(b * kBlock + i) / kRate));
        session.process(ins, 2, outs, kBlock);
        output.insert(output.end(), out0.begin(), out0.end());
    }
    Result r;
    for (size_t i = 1; i < output.size(); ++i)
        r.largestStep = std::max(r.largestStep, double(std::fabs(output[i] - output[i - 1])));
    for (size_t i = 1; i + 1 < output.size(); ++i)
        r.largestCurvature =
            std::max(r.largestCurvature, std::fabs(double(output[i + 1]) - 2.0 * output[i] + output[i - 1]));
    r.rmsBeforeDb = rmsDb(output, size_t{changeBlock - 20} * kBlock, size_t{changeBlock} * kBlock);
    r.rmsAfterDb = rmsDb(output, size_t{blocks - 20} * kBlock, size_t{blocks} * kBlock);
    return r;
}

TEST(EqRamp, QueuedChangeStaysWithinTheSinesCurvatureAHardSwitchExceedsIt) {
    const double sineStep = 2.0 * kAmplitude * std::sin(std::numbers::pi * kFrequencyHz / kRate);
    const double sineCurvature = kAmplitude * std::pow(2.0 * std::sin(std::numbers::pi * kFrequencyHz / kRate), 2.0);
    double rampedWorst = 0.0, hardLeast = INFINITY, hardMost = 0.0, rampedStep = 0.0, hardStep = 0.0;
    int hardExceeds = 0;
    for (uint32_t changeBlock = 100; changeBlock < 125; ++changeBlock) {  // 25 phases, 6 frames apart (mod 50)
        const Result ramped = run(false, changeBlock), hard = run(true, changeBlock);
        EXPECT_NEAR(ramped.rmsAfterDb - ramped.rmsBeforeDb, -20.0, 0.2) << changeBlock;
        EXPECT_NEAR(hard.rmsAfterDb - hard.rmsBeforeDb, -20.0, 0.2) << changeBlock;
        rampedWorst = std::max(rampedWorst, ramped.largestCurvature / sineCurvature);
        hardLeast = std::min(hardLeast, hard.largestCurvature / sineCurvature);
        hardMost = std::max(hardMost, hard.largestCurvature / sineCurvature);
        if (hard.largestCurvature > 1.01 * sineCurvature) ++hardExceeds;
        rampedStep = std::max(rampedStep, ramped.largestStep / sineStep);
        hardStep = std::max(hardStep, hard.largestStep / sineStep);
    }
    std::printf(
        "largest curvature / the sine's (%.6f) over 25 phases: ramped at most x%.4f; hard switch x%.4f…x%.4f, "
        "above x1.01 at %d of 25 phases; largest step / the sine's (%.6f): ramped x%.4f, hard x%.4f\n",
        sineCurvature, rampedWorst, hardLeast, hardMost, hardExceeds, sineStep, rampedStep, hardStep);
    EXPECT_LE(rampedWorst, 1.01);
    EXPECT_GE(hardExceeds, 15);
    EXPECT_GT(hardMost, 2.0);
}

}  // namespace
}  // namespace wavegraph
