// BiquadNode: impulse responses against an independent double-precision direct-form-I reference
// (coefficients written here from the W3C Web Audio API's "Filters characteristics"), magnitude
// by sine probes, parameter metadata, split invariance and allocation-free processing.

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
#include "node_render.h"
#include "nodes/biquad_node.h"
#include "signal_helpers.h"

namespace wavegraph {
namespace {

// ---- Reference: Web Audio API BiquadFilterNode formulas, un-normalised (a0 kept). ----
struct RefFilter {
    double b0, b1, b2, a0, a1, a2;
};

RefFilter referenceFilter(int type, double fs, double f0, double Q, double G) {
    const double A = std::pow(10.0, G / 40.0);
    const double w0 = 2.0 * std::numbers::pi * f0 / fs;
    const double c = std::cos(w0), s = std::sin(w0);
    const double alphaQ = s / (2.0 * Q);
    const double alphaQdB = s / (2.0 * std::pow(10.0, Q / 20.0));
    const double S = 1.0;
    const double alphaS = s / 2.0 * std::sqrt((A + 1.0 / A) * (1.0 / S - 1.0) + 2.0);
    const double k = 2.0 * alphaS * std::sqrt(A);
    switch (type) {
        case 0: return {(1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alphaQdB, -2 * c, 1 - alphaQdB};
        case 1: return {(1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alphaQdB, -2 * c, 1 - alphaQdB};
        case 2: return {alphaQ, 0, -alphaQ, 1 + alphaQ, -2 * c, 1 - alphaQ};
        case 3: return {1, -2 * c, 1, 1 + alphaQ, -2 * c, 1 - alphaQ};
        case 4: return {1 - alphaQ, -2 * c, 1 + alphaQ, 1 + alphaQ, -2 * c, 1 - alphaQ};
        case 5: return {1 + alphaQ * A, -2 * c, 1 - alphaQ * A, 1 + alphaQ / A, -2 * c, 1 - alphaQ / A};
        case 6:
            return {A * ((A + 1) - (A - 1) * c + k), 2 * A * ((A - 1) - (A + 1) * c), A * ((A + 1) - (A - 1) * c - k),
                    (A + 1) + (A - 1) * c + k,       -2 * ((A - 1) + (A + 1) * c),    (A + 1) + (A - 1) * c - k};
        default:
            return {A * ((A + 1) + (A - 1) * c + k), -2 * A * ((A - 1) + (A + 1) * c), A * ((A + 1) + (A - 1) * c - k),
                    (A + 1) - (A - 1) * c + k,       2 * ((A - 1) - (A + 1) * c),      (A + 1) - (A - 1) * c - k};
    }
}

/// Direct form I in double, dividing by a0 at every step.
std::vector<double> referenceImpulseResponse(const RefFilter& f, size_t frames) {
    std::vector<double> y(frames);
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (size_t n = 0; n < frames; ++n) {
        const double x = n == 0 ? 1.0 : 0.0;
        y[n] = (f.b0 * x + f.b1 * x1 + f.b2 * x2 - f.a1 * y1 - f.a2 * y2) / f.a0;
        x2 = x1;
        x1 = x;
        y2 = y1;
        y1 = y[n];
    }
    return y;
}

double referenceMagnitudeDb(const RefFilter& f, double frequencyHz, double fs) {
    const std::complex<double> z1 = std::exp(std::complex<double>(0.0, -2.0 * std::numbers::pi * frequencyHz / fs));
    const auto num = f.b0 + f.b1 * z1 + f.b2 * z1 * z1;
    const auto den = f.a0 + f.a1 * z1 + f.a2 * z1 * z1;
    return 20.0 * std::log10(std::abs(num / den));
}

using Event = test::ParamEvent;
using test::noise;
using test::render;

using test::impulse;

void configure(BiquadNode& node, double fs, int type, double f0, double q, double gainDb) {
    node.prepare({fs, 128, 1});
    node.setParameterImmediate(BiquadNode::type, type);
    node.setParameterImmediate(BiquadNode::frequencyHz, f0);
    node.setParameterImmediate(BiquadNode::q, q);
    node.setParameterImmediate(BiquadNode::gainDb, gainDb);
    node.reset();
}

const char* const kTypeNames[] = {"lowpass", "highpass", "bandpass", "notch",
                                  "allpass", "peaking",  "lowshelf", "highshelf"};

// ---- Impulse responses: every type, several parameter sets, 44100 and 32768 Hz. ----
TEST(BiquadNodeTest, ImpulseResponsesMatchDoublePrecisionReference) {
    constexpr size_t kFrames = 4096;
    constexpr double kTolerance = 5.9e-8;  // web-platform-tests' BiquadFilterNode threshold
    const double rates[] = {44100.0, 32768.0};
    const double frequencies[] = {40.0, 350.0, 1000.0, 4000.0, 12000.0};
    for (int type = 0; type < 8; ++type) {
        // lowpass/highpass: Q in dB; bandpass…peaking: linear Q; shelves ignore Q.
        const std::vector<double> qs =
            type <= 1 ? std::vector<double>{-6.0, 0.0, 3.0, 12.0} : std::vector<double>{0.3, 1.0, 4.0};
        const std::vector<double> gains = type >= 5 ? std::vector<double>{-24.0, -6.0, 3.0} : std::vector<double>{0.0};
        double maxError = 0.0, maxRef = 0.0;
        int sets = 0;
        for (double fs : rates)
            for (double f0 : frequencies)
                for (double q : qs)
                    for (double g : gains) {
                        BiquadNode node;
                        configure(node, fs, type, f0, q, g);
                        const auto out = render(node, impulse(kFrames), 128);
                        const auto ref = referenceImpulseResponse(referenceFilter(type, fs, f0, q, g), kFrames);
                        double setRef = 0.0, setError = 0.0;
                        for (size_t n = 0; n < kFrames; ++n) {
                            setRef = std::max(setRef, std::fabs(ref[n]));
                            setError = std::max(setError, std::fabs(out[n] - ref[n]));
                        }
                        EXPECT_LE(setError, kTolerance)
                            << kTypeNames[type] << " fs " << fs << " f0 " << f0 << " q " << q << " gainDb " << g;
                        maxError = std::max(maxError, setError);
                        maxRef = std::max(maxRef, setRef);
                        ++sets;
                    }
        std::printf("[ IR ] %-9s %3d sets, max |error| %.3g (max |h| %.3g)\n", kTypeNames[type], sets, maxError,
                    maxRef);
    }
}

TEST(BiquadNodeTest, DetuneScalesTheFrequency) {
    BiquadNode node;
    configure(node, 44100.0, 5, 1000.0, 2.0, -12.0);
    node.setParameterImmediate(BiquadNode::detuneCents, 1200.0);  // one octave up: 2000 Hz
    const auto out = render(node, impulse(2048), 128);
    const auto ref = referenceImpulseResponse(referenceFilter(5, 44100.0, 2000.0, 2.0, -12.0), 2048);
    double maxError = 0.0;
    for (size_t n = 0; n < ref.size(); ++n) maxError = std::max(maxError, std::fabs(out[n] - ref[n]));
    EXPECT_LE(maxError, 5.9e-8);
}

TEST(BiquadNodeTest, NyquistEdgesAreTheFormulasLimits) {
    // lowpass at Nyquist is a wire; highpass at Nyquist is silent (Chromium's limits).
    for (int type : {0, 1}) {
        BiquadNode node;
        configure(node, 32768.0, type, 16384.0, 0.0, 0.0);
        const auto out = render(node, impulse(64), 64);
        for (size_t n = 0; n < out.size(); ++n)
            EXPECT_EQ(out[n], type == 0 && n == 0 ? 1.0f : 0.0f) << kTypeNames[type] << " n " << n;
    }
}

// ---- Magnitude response by sine probes vs analytic. ----
TEST(BiquadNodeTest, MagnitudeBySineProbesMatchesAnalytic) {
    constexpr double fs = 44100.0;
    struct Setting {
        int type;
        double f0, q, g;
    };
    const Setting settings[] = {{0, 1000.0, 3.0, 0.0},  {1, 500.0, 0.0, 0.0},  {2, 1000.0, 2.0, 0.0},
                                {3, 1000.0, 1.0, 0.0},  {4, 1000.0, 1.0, 0.0}, {5, 1000.0, 1.0, 9.0},
                                {6, 300.0, 1.0, -10.0}, {7, 3000.0, 1.0, 8.0}};
    constexpr int kProbes = 24;
    for (const auto& s : settings) {
        const RefFilter ref = referenceFilter(s.type, fs, s.f0, s.q, s.g);
        double maxError = 0.0;
        int measured = 0;
        for (int p = 0; p < kProbes; ++p) {
            const double f = 30.0 * std::pow(16000.0 / 30.0, p / double(kProbes - 1));
            const double expectedDb = referenceMagnitudeDb(ref, f, fs);
            if (expectedDb < -60.0) continue;  // below float noise of the probe measurement
            BiquadNode node;
            configure(node, fs, s.type, s.f0, s.q, s.g);
            const auto x = test::makeSine(f, fs, 8192, 0.5);
            const auto y = render(node, x, 128);
            const double gainDb = 20.0 * std::log10(test::sineAmplitude(y, 4096, 8192, f, fs) / 0.5);
            EXPECT_NEAR(gainDb, expectedDb, 0.05) << kTypeNames[s.type] << " at " << f << " Hz";
            maxError = std::max(maxError, std::fabs(gainDb - expectedDb));
            ++measured;
        }
        EXPECT_GE(measured, 20) << kTypeNames[s.type];
        std::printf("[ |H| ] %-9s %d probes, max |error| %.2g dB\n", kTypeNames[s.type], measured, maxError);
    }
}

// ---- Parameters. ----
TEST(BiquadNodeTest, ParameterMetadataAndValidation) {
    BiquadNode node;
    node.prepare({44100.0, 128, 2});
    const auto params = node.parameters();
    ASSERT_EQ(params.size(), 6u);
    EXPECT_EQ(params[BiquadNode::type].name, "type");
    EXPECT_EQ(params[BiquadNode::frequencyHz].name, "frequencyHz");
    EXPECT_EQ(params[BiquadNode::frequencyHz].unit, "Hz");
    EXPECT_EQ(params[BiquadNode::frequencyHz].defaultValue, 350.0);
    EXPECT_EQ(params[BiquadNode::frequencyHz].maxValue, 22050.0);
    EXPECT_TRUE(params[BiquadNode::frequencyHz].smoothed);
    EXPECT_EQ(params[BiquadNode::q].name, "q");
    EXPECT_EQ(params[BiquadNode::q].defaultValue, 1.0);
    EXPECT_EQ(params[BiquadNode::gainDb].name, "gainDb");
    // W3C BiquadFilterNode nominal ranges: frequency 0…Nyquist, gain ±(…, 40·log10(FLT_MAX)).
    EXPECT_EQ(params[BiquadNode::frequencyHz].minValue, 0.0);
    EXPECT_EQ(params[BiquadNode::gainDb].minValue, -3.4028234663852886e38);
    EXPECT_NEAR(params[BiquadNode::gainDb].maxValue, 1541.2735, 1e-4);
    EXPECT_EQ(params[BiquadNode::q].maxValue, 3.4028234663852886e38);
    EXPECT_EQ(params[BiquadNode::detuneCents].maxValue, 153600.0);
    for (uint32_t id : {1u, 2u, 3u, 4u}) EXPECT_TRUE(params[id].webAudioNominalRange) << params[id].name;
    EXPECT_FALSE(params[BiquadNode::frequencyHz].belowNyquist());
    EXPECT_EQ(params[BiquadNode::detuneCents].name, "detuneCents");
    EXPECT_EQ(node.parameterIndex("gainDb"), 3);
    EXPECT_EQ(params[BiquadNode::webAudioRounding].name, "webAudioRounding");
    EXPECT_EQ(params[BiquadNode::webAudioRounding].defaultValue, 0.0);
    EXPECT_EQ(node.parameter(BiquadNode::webAudioRounding), 0.0);
    EXPECT_TRUE(node.setParameter(BiquadNode::webAudioRounding, 1.0));
    EXPECT_EQ(node.parameter(BiquadNode::webAudioRounding), 1.0);
    EXPECT_FALSE(node.setParameter(BiquadNode::webAudioRounding, 0.4));  // rounded to 0
    EXPECT_EQ(node.parameter(BiquadNode::webAudioRounding), 0.0);

    // Outside a nominal range: accepted (and clamped when set); NaN/±Inf refused, naming the range.
    EXPECT_TRUE(params[BiquadNode::gainDb].validate(5000.0).isOk());
    EXPECT_TRUE(params[BiquadNode::frequencyHz].validate(30000.0).isOk());
    EXPECT_TRUE(params[BiquadNode::frequencyHz].validate(22050.0).isOk());
    EXPECT_TRUE(params[BiquadNode::frequencyHz].validate(0.0).isOk());
    EXPECT_EQ(params[BiquadNode::frequencyHz].validate(std::nan("")).message(),
              "frequencyHz nan is not a finite number (nominal range 0…22050 Hz, values outside it are clamped)");
    EXPECT_EQ(params[BiquadNode::type].validate(8.0).message(), "type 8 is out of range (0…7)");
    EXPECT_TRUE(params[BiquadNode::q].validate(-3.0).isOk());

    EXPECT_TRUE(node.setParameter(BiquadNode::gainDb, -6.0));
    EXPECT_TRUE(node.setParameter(BiquadNode::gainDb, 50.0));
    EXPECT_EQ(node.parameter(BiquadNode::gainDb), 50.0);
    EXPECT_FALSE(node.setParameter(BiquadNode::gainDb, 2000.0));
    EXPECT_NEAR(node.parameter(BiquadNode::gainDb), 1541.2735, 1e-4);
    EXPECT_FALSE(node.setParameter(BiquadNode::frequencyHz, -5.0));
    EXPECT_EQ(node.parameter(BiquadNode::frequencyHz), 0.0);
    EXPECT_FALSE(node.setParameter(BiquadNode::frequencyHz, 30000.0));
    EXPECT_EQ(node.parameter(BiquadNode::frequencyHz), 22050.0);
    EXPECT_FALSE(node.setParameter(BiquadNode::frequencyHz, std::nan("")));
    EXPECT_EQ(node.parameter(BiquadNode::frequencyHz), 22050.0);
    EXPECT_FALSE(node.setParameter(BiquadNode::type, 2.4));
    EXPECT_EQ(node.parameter(BiquadNode::type), 2.0);
    EXPECT_TRUE(node.setParameter(BiquadNode::type, 7.0));
    EXPECT_FALSE(node.setParameter(9, 1.0));
    EXPECT_TRUE(std::isnan(node.parameter(9)));
}

// ---- Ramps: split invariance, arrival at the target, no allocation. ----
TEST(BiquadNodeTest, OutputDoesNotDependOnBlockSplit) {
    const auto x = noise(6000, 1234);
    const std::vector<Event> events = {{0, BiquadNode::type, 5},
                                       {0, BiquadNode::gainDb, 6},
                                       {1001, BiquadNode::frequencyHz, 3000},
                                       {1100, BiquadNode::gainDb, -12},
                                       {1103, BiquadNode::q, 4},
                                       {2500, BiquadNode::type, 0},
                                       {2500, BiquadNode::frequencyHz, 200},
                                       {4001, BiquadNode::detuneCents, 700}};
    test::expectSameSamplesForEverySplit<BiquadNode>(x, events);
}

TEST(BiquadNodeTest, RampEndsOnTheTargetDesign) {
    BiquadNode node;
    node.prepare({48000.0, 128, 1});
    node.setParameter(BiquadNode::frequencyHz, 5000.0);
    const auto y = render(node, noise(1024, 7), 128);  // 5 ms = 240 frames: ramp done
    const RefFilter r = referenceFilter(0, 48000.0, 5000.0, 1.0, 0.0);
    const auto& c = node.coefficients();
    EXPECT_NEAR(c.b0, r.b0 / r.a0, 1e-12);
    EXPECT_NEAR(c.b1, r.b1 / r.a0, 1e-12);
    EXPECT_NEAR(c.a1, r.a1 / r.a0, 1e-12);
    EXPECT_NEAR(c.a2, r.a2 / r.a0, 1e-12);
}

}  // namespace
}  // namespace wavegraph
