// ParametricEqNode: sine-probe measurements against designs written here from the W3C Web Audio
// API's BiquadFilterNode formulas, parameter table, split invariance, allocation-free processing.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <memory>
#include <numbers>
#include <random>
#include <vector>

#include "allocation_counter.h"
#include "chromium_biquad_model.h"
#include "node_render.h"
#include "nodes/parametric_eq_node.h"
#include "signal_helpers.h"

namespace wavegraph {
namespace {

using EqField = ParametricEqNode::Field;

/// |H| in dB of one Web Audio biquad (lowpass: Q in dB; peaking: linear Q; highshelf: S = 1),
/// from the un-normalised coefficients.
double designDb(const char* type, double fs, double f0, double Q, double G, double f) {
    const double A = std::pow(10.0, G / 40.0), w0 = 2.0 * std::numbers::pi * f0 / fs;
    const double c = std::cos(w0), s = std::sin(w0);
    double b[3], a[3];
    if (std::string_view(type) == "lowpass") {
        const double alpha = s / (2.0 * std::pow(10.0, Q / 20.0));
        b[0] = (1 - c) / 2;
        b[1] = 1 - c;
        b[2] = (1 - c) / 2;
        a[0] = 1 + alpha;
        a[1] = -2 * c;
        a[2] = 1 - alpha;
    } else if (std::string_view(type) == "peaking") {
        const double alpha = s / (2.0 * Q);
        b[0] = 1 + alpha * A;
        b[1] = -2 * c;
        b[2] = 1 - alpha * A;
        a[0] = 1 + alpha / A;
        a[1] = -2 * c;
        a[2] = 1 - alpha / A;
    } else {  // highshelf
        const double k = 2.0 * std::sqrt(A) * (s / 2.0 * std::sqrt(2.0));
        b[0] = A * ((A + 1) + (A - 1) * c + k);
        b[1] = -2 * A * ((A - 1) + (A + 1) * c);
        b[2] = A * ((A + 1) + (A - 1) * c - k);
        a[0] = (A + 1) - (A - 1) * c + k;
        a[1] = 2 * ((A - 1) - (A + 1) * c);
        a[2] = (A + 1) - (A - 1) * c - k;
    }
    const auto z1 = std::polar(1.0, -2.0 * std::numbers::pi * f / fs);
    return 20.0 * std::log10(std::abs((b[0] + b[1] * z1 + b[2] * z1 * z1) / (a[0] + a[1] * z1 + a[2] * z1 * z1)));
}

using Event = test::ParamEvent;
using test::noise;
using test::render;

double probeDb(ParametricEqNode& node, double f, double fs) {
    node.reset();
    const auto x = test::makeSine(f, fs, 16384, 0.5);
    const auto y = render(node, x, 128);
    return 20.0 * std::log10(test::sineAmplitude(y, 8192, 16384, f, fs) / 0.5);
}

TEST(ParametricEqNodeTest, PeakingBandAt960HzCutsA1kHzSineByItsDesignValue) {
    constexpr double fs = 48000.0;
    ParametricEqNode eq;  // 8 bands, band 4 at 960 Hz
    eq.prepare({fs, 128, 1});
    ASSERT_EQ(eq.parameter(ParametricEqNode::parameterId(4, EqField::frequencyHz)), 960.0);
    EXPECT_TRUE(eq.setParameterImmediate(ParametricEqNode::parameterId(4, EqField::gainDb), -20.0));
    const double design = designDb("peaking", fs, 960.0, 1.0, -20.0, 1000.0);
    EXPECT_NEAR(design, -19.72, 0.005);
    const double measured = probeDb(eq, 1000.0, fs);
    std::printf("[ EQ ] 1 kHz through a 960 Hz, Q 1, -20 dB band: %.4f dB (design %.4f dB)\n", measured, design);
    EXPECT_NEAR(measured, -19.72, 0.05);
}

TEST(ParametricEqNodeTest, WebAudioRoundingGivesChromiumsArithmeticThroughTheCascadeAndBandByBand) {
    // webAudioRounding = 1: every band feeds back its float32 output, as Blink's Biquad::Process
    // (modelled here: double coefficients and memories, `float y = …` fed back). Steady bands run
    // through the cascade, ramping ones band by band; both must give the model's samples.
    constexpr double fs = 48000.0;
    ParametricEqNode eq;
    eq.prepare({fs, 128, 1});
    const double gains[8] = {6, -3, 4, -6, 2, -4, 3, -2};
    for (uint32_t b = 0; b < 8; ++b)
        eq.setParameterImmediate(ParametricEqNode::parameterId(b, EqField::gainDb), gains[b]);
    EXPECT_TRUE(eq.setParameter(eq.webAudioRoundingId(), 1.0));
    std::mt19937 random(96);
    std::uniform_real_distribution<float> u(-0.25f, 0.25f);
    std::vector<float> x(24000);
    for (float& s : x) s = u(random);
    // The model of Chromium: the EQ's bands as BiquadFilterNodes in series.
    auto chromium = [&](const ParametricEqNode& node) {
        std::vector<BiquadCoefficients> sections;
        for (uint32_t b = 0; b < node.numBands(); ++b) sections.push_back(node.coefficients(b));
        return test::chromiumBiquadModel(sections, x);
    };
    const auto model = chromium(eq);
    const auto cascaded = render(eq, x, 128);
    EXPECT_TRUE(eq.filterStateInCascade());
    size_t differing = 0;
    for (size_t i = 0; i < x.size(); ++i) differing += cascaded[i] != model[i];
    EXPECT_EQ(differing, 0u) << "cascade path";

    // Band by band: 9 bands are more than the cascade takes.
    ParametricEqNode nine(9);
    nine.prepare({fs, 128, 1});
    for (uint32_t b = 0; b < 8; ++b)
        nine.setParameterImmediate(ParametricEqNode::parameterId(b, EqField::gainDb), gains[b]);
    EXPECT_TRUE(nine.setParameter(nine.webAudioRoundingId(), 1.0));
    const auto banded = render(nine, x, 128);
    EXPECT_FALSE(nine.filterStateInCascade());
    const auto nineModel = chromium(nine);
    differing = 0;
    for (size_t i = 0; i < banded.size(); ++i) differing += banded[i] != nineModel[i];
    EXPECT_EQ(differing, 0u) << "band-by-band path";

    // And the default (0) differs from the model: the switch is what makes it Chromium's.
    eq.reset();
    EXPECT_TRUE(eq.setParameter(eq.webAudioRoundingId(), 0.0));
    const auto precise = render(eq, x, 128);
    differing = 0;
    double maxDifference = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        differing += precise[i] != model[i];
        maxDifference = std::max(maxDifference, std::fabs(double{precise[i]} - model[i]));
    }
    std::printf("[ EQ ] webAudioRounding 0 vs Chromium's arithmetic: %zu of %zu samples differ, max %.3g\n", differing,
                x.size(), maxDifference);
    EXPECT_GT(differing, x.size() / 2);
}

TEST(ParametricEqNodeTest, LowpassAndHighshelfCascadeIsTheProductOfTheirResponses) {
    constexpr double fs = 44100.0;
    ParametricEqNode eq(2);
    eq.prepare({fs, 128, 1});
    using P = ParametricEqNode;
    eq.setParameterImmediate(P::parameterId(0, EqField::type), 0);  // lowpass
    eq.setParameterImmediate(P::parameterId(0, EqField::frequencyHz), 5000.0);
    eq.setParameterImmediate(P::parameterId(0, EqField::q), 3.0);   // dB
    eq.setParameterImmediate(P::parameterId(1, EqField::type), 7);  // highshelf
    eq.setParameterImmediate(P::parameterId(1, EqField::frequencyHz), 1000.0);
    eq.setParameterImmediate(P::parameterId(1, EqField::gainDb), 6.0);
    double maxError = 0.0;
    for (int p = 0; p < 20; ++p) {
        const double f = 40.0 * std::pow(12000.0 / 40.0, p / 19.0);
        const double expected =
            designDb("lowpass", fs, 5000.0, 3.0, 0.0, f) + designDb("highshelf", fs, 1000.0, 1.0, 6.0, f);
        const double measured = probeDb(eq, f, fs);
        EXPECT_NEAR(measured, expected, 0.05) << f << " Hz";
        maxError = std::max(maxError, std::fabs(measured - expected));
    }
    std::printf("[ EQ ] lowpass + highshelf, 20 probes: max |error| %.2g dB\n", maxError);
}

TEST(ParametricEqNodeTest, ParameterTable) {
    ParametricEqNode eq;
    eq.prepare({48000.0, 128, 2});
    const auto params = eq.parameters();
    ASSERT_EQ(params.size(), 33u);
    EXPECT_EQ(eq.numBands(), 8u);
    EXPECT_EQ(params[3 * 4 + 3].name, "band3.gainDb");
    EXPECT_EQ(params[0].name, "band0.type");
    EXPECT_EQ(params[7 * 4 + 1].name, "band7.frequencyHz");
    EXPECT_EQ(eq.parameterIndex("band5.q"), 22);
    for (uint32_t k = 0; k < 8; ++k) {
        EXPECT_EQ(params[k * 4 + 1].defaultValue, 60.0 * std::exp2(k)) << k;
        EXPECT_EQ(eq.parameter(k * 4 + 0), 5.0);  // peaking
        EXPECT_EQ(eq.parameter(k * 4 + 2), 1.0);
        EXPECT_EQ(eq.parameter(k * 4 + 3), 0.0);
    }
    EXPECT_EQ(params[5].validate(30000.0).message(), "band1.frequencyHz 30000 is out of range (10…24000 Hz)");
    EXPECT_EQ(params[3].validate(41.0).message(), "band0.gainDb 41 is out of range (-40…40 dB)");
    EXPECT_FALSE(eq.setParameter(3, 41.0));
    EXPECT_EQ(eq.parameter(3), 40.0);
    EXPECT_EQ(eq.webAudioRoundingId(), 32u);
    EXPECT_EQ(params[32].name, "webAudioRounding");
    EXPECT_EQ(eq.parameter(32), 0.0);
    EXPECT_TRUE(eq.setParameter(32, 1.0));
    EXPECT_EQ(eq.parameter(32), 1.0);
    EXPECT_FALSE(eq.setParameter(32, 2.0));  // clamped to 1
    EXPECT_FALSE(eq.setParameter(33, 0.0));
    EXPECT_TRUE(std::isnan(eq.parameter(33)));
    EXPECT_FALSE(eq.setParameter(7, std::nan("")));
    EXPECT_EQ(ParametricEqNode::validateNumBands(40).message(), "numBands 40 is out of range (1…32)");
    EXPECT_TRUE(ParametricEqNode::validateNumBands(32).isOk());
    EXPECT_EQ(ParametricEqNode(0).numBands(), 1u);
    EXPECT_EQ(ParametricEqNode(99).parameters().size(), 129u);
}

TEST(ParametricEqNodeTest, OutputDoesNotDependOnBlockSplit) {
    const auto x = noise(6000, 99);
    using P = ParametricEqNode;
    const std::vector<Event> events = {{0, P::parameterId(2, EqField::gainDb), 9},
                                       {700, P::parameterId(4, EqField::gainDb), -15},
                                       {703, P::parameterId(4, EqField::frequencyHz), 1500},
                                       {2000, P::parameterId(0, EqField::type), 1},
                                       {2001, P::parameterId(7, EqField::q), 6},
                                       {3333, P::parameterId(6, EqField::gainDb), 12}};
    test::expectSameSamplesForEverySplit<ParametricEqNode>(x, events);
}

}  // namespace
}  // namespace wavegraph
