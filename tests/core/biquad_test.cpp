// Biquad: sine-probe magnitudes against the analytic RBJ response, plus cookbook identities.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "dsp/biquad/biquad.h"
#include "signal_helpers.h"

using namespace wavegraph;
using wavegraph::test::makeSine;
using wavegraph::test::sineAmplitude;

namespace {

constexpr double kSampleRateHz = 48000.0;

struct Design {
    BiquadType type;
    double frequencyHz, q, gainDb;
};

// Runs a sine of frequencyHz through the filter (float in/out, as the engine does) and returns
// the measured gain in dB over the steady-state part.
double probeGainDb(const BiquadCoefficients& c, double frequencyHz) {
    constexpr size_t kFrames = 24000;  // 0.5 s
    constexpr size_t kSettleFrames = 12000;
    constexpr double kAmplitude = 0.5;
    Biquad filter;
    filter.prepare(ProcessSpec{kSampleRateHz, kFrames, 1});
    filter.setCoefficients(c);
    std::vector<float> x = makeSine(frequencyHz, kSampleRateHz, kFrames, kAmplitude);
    AudioBlock block;
    block.numChannels = 1;
    block.numFrames = kFrames;
    block.channels[0] = x.data();
    filter.process(block);
    return 20.0 * std::log10(sineAmplitude(x, kSettleFrames, kFrames, frequencyHz, kSampleRateHz) / kAmplitude);
}

std::vector<double> probeFrequenciesHz() {
    // 24 log-spaced frequencies from 30 Hz to 18 kHz.
    std::vector<double> f;
    for (int i = 0; i < 24; ++i) f.push_back(30.0 * std::pow(18000.0 / 30.0, i / 23.0));
    return f;
}

}  // namespace

class BiquadMagnitude : public ::testing::TestWithParam<Design> {};

TEST_P(BiquadMagnitude, SineProbeMatchesAnalyticResponseWithin0p05Db) {
    const Design d = GetParam();
    const auto c = BiquadCoefficients::design(d.type, kSampleRateHz, d.frequencyHz, d.q, d.gainDb);
    int compared = 0;
    for (double f : probeFrequenciesHz()) {
        const double analyticDb = c.magnitudeDbAt(f, kSampleRateHz);
        if (analyticDb < -80.0) continue;  // below float noise of the probe (notch centre etc.)
        const double measuredDb = probeGainDb(c, f);
        EXPECT_NEAR(measuredDb, analyticDb, 0.05)
            << biquadTypeName(d.type) << " f0=" << d.frequencyHz << " at " << f << " Hz";
        ++compared;
    }
    EXPECT_GE(compared, 20) << "too few probe frequencies were compared";
}

INSTANTIATE_TEST_SUITE_P(
    AllRbjTypes, BiquadMagnitude,
    ::testing::Values(Design{BiquadType::lowpass, 1000, 0.707, 0}, Design{BiquadType::highpass, 500, 2.0, 0},
                      Design{BiquadType::bandpass, 2000, 1.5, 0}, Design{BiquadType::notch, 3000, 4.0, 0},
                      Design{BiquadType::allpass, 800, 0.9, 0}, Design{BiquadType::peaking, 960, 1.0, -20},
                      Design{BiquadType::peaking, 7680, 1.0, 12}, Design{BiquadType::lowshelf, 200, 1.0, 9},
                      Design{BiquadType::highshelf, 5000, 1.0, -9}),
    [](const auto& info) { return std::string(biquadTypeName(info.param.type)) + "_" + std::to_string(info.index); });

// Identities of the Audio EQ Cookbook, evaluated from the designed coefficients.
TEST(BiquadCookbook, PeakingGainAtCentreEqualsGainDb) {
    for (double g : {-24.0, -20.0, -3.0, 6.0, 24.0}) {
        const auto c = BiquadCoefficients::design(BiquadType::peaking, kSampleRateHz, 960, 1.0, g);
        EXPECT_NEAR(c.magnitudeDbAt(960, kSampleRateHz), g, 1e-9);
    }
}

TEST(BiquadCookbook, LowpassMagnitudeAtCornerIsQ) {
    for (double q : {0.5, 0.707, 2.0, 10.0}) {
        const auto c = BiquadCoefficients::design(BiquadType::lowpass, kSampleRateHz, 1000, q, 0);
        EXPECT_NEAR(c.magnitudeAt(1000, kSampleRateHz), q, 1e-9);
        EXPECT_NEAR(c.magnitudeAt(1e-3, kSampleRateHz), 1.0, 1e-9);  // unity at DC
    }
}

TEST(BiquadCookbook, AllpassIsFlatAndBandpassPeaksAtZeroDb) {
    const auto ap = BiquadCoefficients::design(BiquadType::allpass, kSampleRateHz, 1000, 0.7, 0);
    for (double f : probeFrequenciesHz()) EXPECT_NEAR(ap.magnitudeDbAt(f, kSampleRateHz), 0.0, 1e-9);
    const auto bp = BiquadCoefficients::design(BiquadType::bandpass, kSampleRateHz, 1000, 3, 0);
    EXPECT_NEAR(bp.magnitudeDbAt(1000, kSampleRateHz), 0.0, 1e-9);
}

TEST(BiquadCookbook, ShelvesReachGainDbFarFromCorner) {
    const auto lo = BiquadCoefficients::design(BiquadType::lowshelf, kSampleRateHz, 1000, 1, 9);
    EXPECT_NEAR(lo.magnitudeDbAt(1e-3, kSampleRateHz), 9.0, 1e-6);
    EXPECT_NEAR(lo.magnitudeDbAt(1000, kSampleRateHz), 4.5, 0.01);  // half the gain at the corner
    const auto hi = BiquadCoefficients::design(BiquadType::highshelf, kSampleRateHz, 1000, 1, -9);
    EXPECT_NEAR(hi.magnitudeDbAt(23999.999, kSampleRateHz), -9.0, 1e-3);
}

// Impulse response against an independent double-precision direct-form-I recurrence.
TEST(BiquadImpulse, MatchesDoublePrecisionReference) {
    const auto c = BiquadCoefficients::design(BiquadType::peaking, kSampleRateHz, 480, 2.0, 15);
    constexpr size_t kFrames = 2048;
    std::vector<float> x(kFrames, 0.0f);
    x[0] = 1.0f;
    Biquad filter;
    filter.prepare(ProcessSpec{kSampleRateHz, kFrames, 1});
    filter.setCoefficients(c);
    AudioBlock block;
    block.numChannels = 1;
    block.numFrames = kFrames;
    block.channels[0] = x.data();
    filter.process(block);
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (size_t n = 0; n < kFrames; ++n) {
        const double in = n == 0 ? 1.0 : 0.0;
        const double y = c.b0 * in + c.b1 * x1 + c.b2 * x2 - c.a1 * y1 - c.a2 * y2;
        x2 = x1;
        x1 = in;
        y2 = y1;
        y1 = y;
        ASSERT_NEAR(x[n], y, 1e-7) << "frame " << n;
    }
}
