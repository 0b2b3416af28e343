// waveShaper against the W3C curve definition and band-limiting: 'none' equals the spec's linear
// interpolation over [−1, 1] computed in double to float rounding; a 2-point curve is an exact
// gain; the oversampled modes keep the alias of a 15 kHz tone's 3rd harmonic (45 kHz, folded to
// 3 kHz at 48 kHz) far below 'none'; every mode gives the same samples in blocks of 1, 7, 128 and
// 4096 frames and process allocates nothing.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

#include "allocation_counter.h"
#include "node_render.h"
#include "nodes/wave_shaper_node.h"

namespace wavegraph {
namespace {

constexpr double kSampleRateHz = 48000.0;

std::vector<float> tanhCurve(size_t points, double drive) {
    std::vector<float> curve(points);
    for (size_t k = 0; k < points; ++k)
        curve[k] = static_cast<float>(std::tanh(drive * (2.0 * double(k) / double(points - 1) - 1.0)));
    return curve;
}

WaveShaperNode prepared(std::vector<float> curve, WaveShaperNode::Oversample oversample) {
    WaveShaperNode node(std::move(curve), oversample);
    node.prepare({kSampleRateHz, 4096, 1});
    return node;
}

// The W3C definition, in double.
double specCurve(const std::vector<float>& curve, double x) {
    const double n = double(curve.size());
    const double v = (n - 1) / 2 * (x + 1);
    if (v <= 0) return curve.front();
    if (v >= n - 1) return curve.back();
    const auto k = static_cast<size_t>(std::floor(v));
    const double f = v - double(k);
    return (1 - f) * curve[k] + f * curve[k + 1];
}

TEST(WaveShaper, NoneFollowsTheW3cCurveToFloatRounding) {
    const auto curve = tanhCurve(1025, 2.0);
    auto node = prepared(curve, WaveShaperNode::Oversample::none);
    auto in = test::noise(48000, 31);
    for (auto& x : in) x *= 2.6f;  // ±1.3: past both ends of the curve too
    const auto out = test::render(node, in, 128);
    double maxDiff = 0;
    for (size_t i = 0; i < in.size(); ++i) maxDiff = std::max(maxDiff, std::fabs(out[i] - specCurve(curve, in[i])));
    std::printf(
        "waveShaper none, tanh(2x) curve of 1025 points, 48000 samples in ±1.3: max |diff| from the W3C "
        "formula in double %.3g\n",
        maxDiff);
    EXPECT_LT(maxDiff, 2.5e-7);
}

TEST(WaveShaper, ATwoPointCurveIsAGainAndNoCurvePassesThrough) {
    auto half = prepared({-0.5f, 0.5f}, WaveShaperNode::Oversample::none);
    auto wire = prepared({}, WaveShaperNode::Oversample::none);
    const auto in = test::noise(4800, 32);  // ±0.5
    const auto out = test::render(half, in, 128);
    const auto same = test::render(wire, in, 128);
    double maxDiff = 0;
    for (size_t i = 0; i < in.size(); ++i) maxDiff = std::max(maxDiff, std::fabs(double(out[i]) - 0.5 * in[i]));
    std::printf("curve [-0.5, 0.5]: max |y - x/2| %.3g; no curve: %s\n", maxDiff, same == in ? "identical" : "differs");
    EXPECT_LT(maxDiff, 6e-8);
    EXPECT_EQ(same, in);
}

// Level (dB relative to a full-scale sine) of `frequencyHz` in x, by a DFT at that frequency.
double levelDb(const std::vector<float>& x, size_t from, size_t length, double frequencyHz) {
    double re = 0, im = 0;
    for (size_t i = 0; i < length; ++i) {
        const double phase = 2 * std::numbers::pi * frequencyHz * double(i) / kSampleRateHz;
        re += x[from + i] * std::cos(phase);
        im -= x[from + i] * std::sin(phase);
    }
    return 20 * std::log10(2 * std::hypot(re, im) / double(length));
}

TEST(WaveShaper, OversamplingKeepsTheAliasOfA15kHzToneDown) {
    const auto curve = tanhCurve(4096, 3.0);
    std::vector<float> tone(48000);
    for (size_t i = 0; i < tone.size(); ++i)
        tone[i] = static_cast<float>(0.8 * std::sin(2 * std::numbers::pi * 15000.0 * double(i) / kSampleRateHz));
    double alias[3], fundamental[3];
    const WaveShaperNode::Oversample modes[3] = {WaveShaperNode::Oversample::none, WaveShaperNode::Oversample::x2,
                                                 WaveShaperNode::Oversample::x4};
    for (int m = 0; m < 3; ++m) {
        auto node = prepared(curve, modes[m]);
        const auto out = test::render(node, tone, 128);
        alias[m] = levelDb(out, 4800, 38400, 3000.0);  // 45 kHz folded: 48 − 45
        fundamental[m] = levelDb(out, 4800, 38400, 15000.0);
    }
    std::printf(
        "15 kHz at 0.8 through tanh(3x): 3 kHz alias none %.1f dB, 2x %.1f dB, 4x %.1f dB; 15 kHz %.2f / %.2f / "
        "%.2f dB\n",
        alias[0], alias[1], alias[2], fundamental[0], fundamental[1], fundamental[2]);
    EXPECT_GT(alias[0], -30.0);            // the alias is there without oversampling
    EXPECT_LT(alias[1], alias[0] - 40.0);  // and band-limited away with it
    EXPECT_LT(alias[2], alias[0] - 40.0);
    EXPECT_NEAR(fundamental[1], fundamental[0], 0.5);  // the pass band keeps the fundamental
}

TEST(WaveShaper, BlockSplitsAreIdenticalAndProcessAllocatesNothing) {
    const auto curve = tanhCurve(257, 2.5);
    const auto in = test::noise(12000, 33);
    for (auto mode :
         {WaveShaperNode::Oversample::none, WaveShaperNode::Oversample::x2, WaveShaperNode::Oversample::x4}) {
        auto reference = prepared(curve, mode);
        const auto whole = test::render(reference, in, 4096);
        for (uint32_t block : {1u, 7u, 128u}) {
            auto node = prepared(curve, mode);
            EXPECT_EQ(test::render(node, in, block), whole) << "oversample ×" << uint32_t(mode) << ", block " << block;
        }
        auto node = prepared(curve, mode);
        node.prepare({kSampleRateHz, 128, 2});
        EXPECT_EQ(test::allocationsWhileProcessing(node, 40, [](int) {}), 0u);
    }
}

}  // namespace
}  // namespace wavegraph
