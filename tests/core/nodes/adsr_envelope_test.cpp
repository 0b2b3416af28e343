// AdsrEnvelopeNode measurements: segment end frames and linearity, retrigger continuity,
// block-split invariance, channel handling, no allocation.
#include "nodes/adsr_envelope.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "allocation_counter.h"
#include "node_render.h"
#include "source_node_test_support.h"

namespace wavegraph {
namespace {

constexpr double kFs = 48000.0;
using test::ParameterEvent;

AdsrEnvelopeNode makeAdsr(double attack, double decay, double sustain, double release, uint32_t channels = 1) {
    AdsrEnvelopeNode adsr;
    adsr.prepare({kFs, 128, channels});
    adsr.setParameter(AdsrEnvelopeNode::attackMs, attack);
    adsr.setParameter(AdsrEnvelopeNode::decayMs, decay);
    adsr.setParameter(AdsrEnvelopeNode::sustainLevel, sustain);
    adsr.setParameter(AdsrEnvelopeNode::releaseMs, release);
    return adsr;
}

/// Largest deviation of x[from…to] from the straight line through its end points.
double lineDeviation(const std::vector<float>& x, size_t from, size_t to) {
    double worst = 0.0;
    for (size_t i = from; i <= to; ++i) {
        const double line =
            x[from] + (double{x[to]} - x[from]) * static_cast<double>(i - from) / static_cast<double>(to - from);
        worst = std::max(worst, std::abs(x[i] - line));
    }
    return worst;
}

/// First frame at or after `from` where x equals value exactly.
size_t firstFrameAt(const std::vector<float>& x, size_t from, float value) {
    for (size_t i = from; i < x.size(); ++i)
        if (x[i] == value) return i;
    return x.size();
}

TEST(AdsrEnvelopeNode, SegmentsEndOnTimeAndAreStraight) {
    // attack 10 ms = 480 frames, decay 20 ms = 960, sustain 0.5, release 50 ms = 2400.
    auto adsr = makeAdsr(10, 20, 0.5, 50);
    const std::vector<float> ones(8000, 1.0f);
    const uint32_t gateOff = 4000;
    const auto e =
        test::render(adsr, 8000, 128, {{0, AdsrEnvelopeNode::gate, 1}, {gateOff, AdsrEnvelopeNode::gate, 0}}, &ones);
    const size_t peak = firstFrameAt(e, 0, 1.0f);
    const size_t sustained = firstFrameAt(e, peak, 0.5f);
    const size_t silent = firstFrameAt(e, gateOff, 0.0f);
    EXPECT_EQ(e[0], 0.0f);
    EXPECT_NEAR(static_cast<double>(peak), 480.0, 1.0);
    EXPECT_NEAR(static_cast<double>(sustained), 480.0 + 960.0, 1.0);
    EXPECT_NEAR(static_cast<double>(silent), gateOff + 2400.0, 1.0);
    EXPECT_LT(lineDeviation(e, 0, peak), 1e-6);
    EXPECT_LT(lineDeviation(e, peak, sustained), 1e-6);
    EXPECT_LT(lineDeviation(e, gateOff, silent), 1e-6);
    for (size_t i = sustained; i <= gateOff; ++i) ASSERT_EQ(e[i], 0.5f);
    for (size_t i = silent; i < e.size(); ++i) ASSERT_EQ(e[i], 0.0f);
    std::printf("1.0 reached at frame %zu (480 expected), sustain at %zu (1440), 0 at %zu (%u)\n", peak, sustained,
                silent, gateOff + 2400);
}

TEST(AdsrEnvelopeNode, RetriggerDuringReleaseStartsFromCurrentLevel) {
    auto adsr = makeAdsr(10, 20, 0.5, 50);
    const std::vector<float> ones(8000, 1.0f);
    const auto e = test::render(
        adsr, 8000, 128,
        {{0, AdsrEnvelopeNode::gate, 1}, {3000, AdsrEnvelopeNode::gate, 0}, {4000, AdsrEnvelopeNode::gate, 1}}, &ones);
    // Release for 1000 of 2400 frames from 0.5: level 0.5·(1 − 1000/2400) ≈ 0.2917.
    const double atRetrigger = 0.5 * (1.0 - 1000.0 / 2400.0);
    EXPECT_NEAR(e[4000], atRetrigger, 1e-6);
    double largestStep = 0.0;
    for (size_t i = 3990; i < 4400; ++i) largestStep = std::max(largestStep, std::abs(double{e[i + 1]} - e[i]));
    EXPECT_LT(largestStep, 1.0 / 480.0 + 1e-6);  // never faster than the attack slope: no jump
    // The attack keeps its rate 1/480 per frame: (1 − 0.2917)·480 = 340 frames to the peak.
    const size_t peak = firstFrameAt(e, 4000, 1.0f);
    EXPECT_NEAR(static_cast<double>(peak), 4000.0 + (1.0 - atRetrigger) * 480.0, 1.0);
    std::printf("retrigger at level %.4f, largest frame-to-frame step %.5f, peak at frame %zu\n", e[4000], largestStep,
                peak);
}

TEST(AdsrEnvelopeNode, ShapesEveryInputChannelAndIsSplitInvariant) {
    std::vector<float> input(6000);
    for (size_t i = 0; i < input.size(); ++i) input[i] = std::sin(0.05 * static_cast<double>(i));
    const std::vector<ParameterEvent> events{
        {10, AdsrEnvelopeNode::gate, 1},       {700, AdsrEnvelopeNode::sustainLevel, 0.2},
        {2001, AdsrEnvelopeNode::gate, 0},     {2500, AdsrEnvelopeNode::gate, 1},
        {2600, AdsrEnvelopeNode::attackMs, 1}, {4000, AdsrEnvelopeNode::gate, 0}};
    std::vector<std::vector<std::vector<float>>> outputs;
    for (uint32_t block : {1u, 7u, 128u}) {
        auto adsr = makeAdsr(5, 10, 0.6, 20, 2);
        outputs.push_back(test::renderChannels(adsr, 6000, block, events, &input));
    }
    EXPECT_EQ(outputs[0], outputs[1]);
    EXPECT_EQ(outputs[0], outputs[2]);
    // The test feeds a mono input: channel 0 is shaped, channel 1 (no input channel) is silent.
    double energy = 0.0;
    for (float v : outputs[0][0]) energy += v * v;
    EXPECT_GT(energy, 100.0);
    for (float v : outputs[0][1]) ASSERT_EQ(v, 0.0f);
}

TEST(AdsrEnvelopeNode, ZeroTimesJump) {
    auto adsr = makeAdsr(0, 0, 0.25, 0);
    const std::vector<float> ones(100, 1.0f);
    const auto e =
        test::render(adsr, 100, 128, {{0, AdsrEnvelopeNode::gate, 1}, {50, AdsrEnvelopeNode::gate, 0}}, &ones);
    EXPECT_EQ(e[0], 0.25f);  // attack and decay of 0 ms: straight to sustain
    EXPECT_EQ(e[49], 0.25f);
    EXPECT_EQ(e[50], 0.0f);  // release of 0 ms
}

TEST(AdsrEnvelopeNode, ResetWithGateOnRestartsTheAttack) {
    auto adsr = makeAdsr(1, 1, 0.5, 1);  // attack 48 frames
    adsr.setParameter(AdsrEnvelopeNode::gate, 1);
    const std::vector<float> ones(200, 1.0f);
    test::render(adsr, 200, 128, {}, &ones);
    EXPECT_EQ(adsr.stage(), AdsrEnvelopeNode::Stage::sustain);
    adsr.reset();
    const auto e = test::render(adsr, 200, 128, {}, &ones);
    EXPECT_EQ(e[0], 0.0f);
    EXPECT_EQ(firstFrameAt(e, 0, 1.0f), 48u);
}

constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();  // parameter() of an unknown id

TEST(AdsrEnvelopeNode, ParametersClampAndReport) {
    AdsrEnvelopeNode adsr;
    adsr.prepare({kFs, 128, 1});
    EXPECT_EQ(adsr.parameters().size(), 5u);
    EXPECT_EQ(adsr.parameterIndex("sustainLevel"), 2);
    test::expectSetCases(adsr, {{AdsrEnvelopeNode::attackMs, 25.0, true, 25.0},
                                {AdsrEnvelopeNode::sustainLevel, 1.5, false, 1.0},
                                {AdsrEnvelopeNode::gate, 0.8, false, 1.0},
                                {AdsrEnvelopeNode::releaseMs, -1.0, false, 0.0},
                                {5, 0.0, false, kUnknown}});
}

TEST(AdsrEnvelopeNode, ProcessDoesNotAllocate) {
    auto adsr = makeAdsr(5, 10, 0.5, 20, 2);
    EXPECT_EQ(test::allocationsWhileProcessing(adsr, 200,
                                               [&](int k) {
                                                   if (k % 10 == 0)
                                                       adsr.setParameter(AdsrEnvelopeNode::gate, (k / 10) % 2);
                                               }),
              0u);
}

}  // namespace
}  // namespace wavegraph
