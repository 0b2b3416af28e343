// DelayLineNode: impulse placement, fractional delay by sine phase, echo decay with feedback,
// wet/dry gains, glide without clicks, split invariance, allocation-free processing.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>
#include <random>
#include <vector>

#include "allocation_counter.h"
#include "node_render.h"
#include "nodes/delay_line_node.h"
#include "signal_helpers.h"

namespace wavegraph {
namespace {

using D = DelayLineNode;

using Event = test::ParamEvent;
using test::noise;
using test::render;

using test::impulse;

/// Phase (radians) of the component at frequencyHz in x[start, end), least squares.
double phaseAt(const std::vector<float>& x, size_t start, size_t end, double f, double fs) {
    return test::fitSine(x, start, end, f, fs).phase();
}

TEST(DelayLineNodeTest, ImpulseLandsOnTheRoundedDelayForIntegerDelays) {
    struct Case {
        double fs, timeMs;
    };
    for (const Case c : {Case{48000, 0}, Case{48000, 1}, Case{48000, 10}, Case{48000, 12.5}, Case{44100, 10},
                         Case{44100, 1000}, Case{48000, 1000}}) {
        DelayLineNode node;
        node.prepare({c.fs, 128, 1});
        EXPECT_TRUE(node.setParameterImmediate(D::timeMs, c.timeMs));
        const auto expected = static_cast<size_t>(std::lround(c.timeMs * c.fs / 1000.0));
        const auto y = render(node, impulse(expected + 256), 128);
        for (size_t n = 0; n < y.size(); ++n)
            ASSERT_EQ(y[n], n == expected ? 1.0f : 0.0f) << "fs " << c.fs << " timeMs " << c.timeMs << " n " << n;
    }
}

TEST(DelayLineNodeTest, FractionalDelayMeasuredByThePhaseOfASine) {
    constexpr double fs = 48000.0, f = 500.0;
    const auto x = test::makeSine(f, fs, 16384, 0.5);
    const double phaseIn = phaseAt(x, 4096, 16384, f, fs);
    double maxError = 0.0;
    for (double frames : {10.5, 10.25, 3.7, 1.5, 0.25, 100.125}) {
        DelayLineNode node;
        node.prepare({fs, 128, 1});
        node.setParameterImmediate(D::timeMs, frames * 1000.0 / fs);
        const auto y = render(node, x, 128);
        double dphi = phaseIn - phaseAt(y, 4096, 16384, f, fs);
        dphi = std::remainder(dphi, 2.0 * std::numbers::pi);
        const double measured = dphi / (2.0 * std::numbers::pi * f / fs);
        const double nearby = std::round((frames - measured) / (fs / f)) * (fs / f);  // whole periods
        EXPECT_NEAR(measured + nearby, frames, 0.01) << frames;
        const double gainDb = 20.0 * std::log10(test::sineAmplitude(y, 4096, 16384, f, fs) / 0.5);
        EXPECT_NEAR(gainDb, 0.0, 0.01) << frames;  // interpolator flat at low frequency
        maxError = std::max(maxError, std::fabs(measured + nearby - frames));
    }
    std::printf("[ delay ] fractional delays at 500 Hz: max |error| %.2g frames\n", maxError);
}

TEST(DelayLineNodeTest, EchoesDecayByTheFeedbackFactor) {
    constexpr double fs = 48000.0;
    double maxDeviation = 0.0;
    for (double period : {100.0, 100.5, 37.25}) {
        for (double g : {0.5, -0.7, 0.9}) {
            DelayLineNode node;
            node.prepare({fs, 128, 1});
            node.setParameterImmediate(D::timeMs, period * 1000.0 / fs);
            EXPECT_TRUE(node.setParameterImmediate(D::feedback, g));
            const auto y = render(node, impulse(static_cast<size_t>(period * 9)), 128);
            // Echo k = sum of the samples around k·period (the interpolator's DC gain is 1).
            auto echo = [&](int k) {
                double sum = 0.0;
                const auto lo = static_cast<size_t>(std::ceil((k - 0.5) * period));
                const auto hi = static_cast<size_t>(std::ceil((k + 0.5) * period));
                for (size_t n = lo; n < hi; ++n) sum += y[n];
                return sum;
            };
            for (int k = 1; k < 8; ++k) {
                EXPECT_NEAR(echo(k + 1) / echo(k), g, 1e-3) << "period " << period << " g " << g << " echo " << k;
                maxDeviation = std::max(maxDeviation, std::fabs(echo(k + 1) / echo(k) - g));
            }
        }
    }
    std::printf("[ delay ] echo ratio vs feedback: max |deviation| %.2g\n", maxDeviation);
}

TEST(DelayLineNodeTest, LoopStaysStableAtMaximumFeedbackAndTinyDelays) {
    constexpr double fs = 48000.0;
    for (double frames : {0.0, 0.5, 1.0, 1.5, 2.5, 7.3}) {
        for (double g : {0.99, -0.99}) {
            DelayLineNode node;
            node.prepare({fs, 128, 1});
            node.setParameterImmediate(D::timeMs, frames * 1000.0 / fs);
            EXPECT_FALSE(node.setParameterImmediate(D::feedback, g * 2.0));  // clamped to ±0.99
            EXPECT_EQ(node.parameter(D::feedback), g);
            const auto y = render(node, impulse(48000), 128);
            double tail = 0.0;
            for (size_t n = 40000; n < y.size(); ++n) tail = std::max(tail, double(std::fabs(y[n])));
            EXPECT_LT(tail, 1e-6) << "delay " << frames << " g " << g;
            for (float v : y) ASSERT_TRUE(std::isfinite(v));
        }
    }
}

TEST(DelayLineNodeTest, WetAndDryGainsMeasured) {
    constexpr double fs = 48000.0, f = 1000.0;  // 48 frames per period
    const auto x = test::makeSine(f, fs, 8192, 0.5);
    struct Case {
        double frames, wet, dry, expected;
    };
    for (const Case c : {Case{48, 0.3, 0.0, 0.3}, Case{48, 0.0, 0.6, 0.6}, Case{48, 0.25, 0.5, 0.75},
                         Case{24, 0.25, 0.5, 0.25}, Case{24, 1.0, 1.0, 0.0}}) {
        DelayLineNode node;
        node.prepare({fs, 128, 1});
        node.setParameterImmediate(D::timeMs, c.frames * 1000.0 / fs);
        node.setParameterImmediate(D::wet, c.wet);
        node.setParameterImmediate(D::dry, c.dry);
        const auto y = render(node, x, 128);
        EXPECT_NEAR(test::sineAmplitude(y, 1024, 8192, f, fs) / 0.5, c.expected, 1e-5)
            << "wet " << c.wet << " dry " << c.dry << " delay " << c.frames;
    }
}

TEST(DelayLineNodeTest, TimeGlideDoesNotClick) {
    constexpr double fs = 48000.0, f = 440.0, amplitude = 0.5;
    const auto x = test::makeSine(f, fs, 19200, amplitude);
    const double inputStep = amplitude * 2.0 * std::numbers::pi * f / fs;  // max |x[n] − x[n−1]|
    const double rampFrames = D::kTimeRampMs * fs / 1000.0;
    auto maxStep = [](const std::vector<float>& y) {
        double m = 0.0;
        for (size_t n = 1; n < y.size(); ++n) m = std::max(m, double(std::fabs(y[n] - y[n - 1])));
        return m;
    };
    for (const auto [fromMs, toMs] : {std::pair{10.0, 14.0}, std::pair{40.0, 10.0}, std::pair{5.0, 31.0}}) {
        // Read speed during the glide is 1 − ΔD/rampFrames, so steps scale by at most that.
        const double speed = 1.0 + std::fabs(toMs - fromMs) * fs / 1000.0 / rampFrames;
        DelayLineNode glide;
        glide.prepare({fs, 128, 1});
        const auto y = render(glide, x, 128, {{0, D::timeMs, fromMs, true}, {4800, D::timeMs, toMs}});
        EXPECT_LE(maxStep(y), speed * inputStep * 1.02) << fromMs << " → " << toMs;
        std::printf("[ delay ] glide %g → %g ms: max step %.4f (input %.4f, bound %.4f)\n", fromMs, toMs, maxStep(y),
                    inputStep, speed * inputStep);
        // The same change without the glide jumps (so the measurement above can fail).
        DelayLineNode jump;
        jump.prepare({fs, 128, 1});
        const auto z = render(jump, x, 128, {{0, D::timeMs, fromMs, true}, {4800, D::timeMs, toMs, true}});
        EXPECT_GT(maxStep(z), 2.0 * speed * inputStep) << fromMs << " → " << toMs;
    }
}

TEST(DelayLineNodeTest, OutputDoesNotDependOnBlockSplit) {
    const auto x = noise(12000, 4242);
    const std::vector<Event> events = {{0, D::timeMs, 3.3, true}, {0, D::feedback, 0.6}, {0, D::dry, 0.5},
                                       {1500, D::timeMs, 1.01},   {1501, D::wet, 0.3},   {4000, D::timeMs, 0.01},
                                       {6000, D::feedback, -0.9}, {7001, D::timeMs, 9.0}};
    test::expectSameSamplesForEverySplit<DelayLineNode>(x, events, 20.0);
}

TEST(DelayLineNodeTest, ParametersAndBuffer) {
    DelayLineNode node(250.0);
    node.prepare({48000.0, 128, 2});
    const auto params = node.parameters();
    ASSERT_EQ(params.size(), 4u);
    EXPECT_EQ(params[D::timeMs].name, "timeMs");
    EXPECT_EQ(params[D::timeMs].unit, "ms");
    EXPECT_EQ(params[D::timeMs].maxValue, 250.0);
    EXPECT_EQ(params[D::feedback].name, "feedback");
    EXPECT_EQ(params[D::wet].defaultValue, 1.0);
    EXPECT_EQ(params[D::dry].defaultValue, 0.0);
    EXPECT_EQ(params[D::timeMs].validate(300.0).message(), "timeMs 300 is out of range (0…250 ms)");
    EXPECT_EQ(params[D::feedback].validate(1.0).message(), "feedback 1 is out of range (-0.99…0.99)");
    EXPECT_GE(node.capacityFrames(), 12000u + 4u);
    EXPECT_EQ(node.capacityFrames() & (node.capacityFrames() - 1), 0u);  // power of two
    EXPECT_FALSE(node.setParameter(D::timeMs, 300.0));
    EXPECT_EQ(node.parameter(D::timeMs), 250.0);
    EXPECT_FALSE(node.setParameter(4, 0.0));
    EXPECT_TRUE(std::isnan(node.parameter(4)));
    EXPECT_FALSE(node.setParameter(D::wet, std::nan("")));
    EXPECT_EQ(node.parameter(D::wet), 1.0);
}

}  // namespace
}  // namespace wavegraph
