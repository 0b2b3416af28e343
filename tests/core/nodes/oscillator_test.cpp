// OscillatorNode measurements: frequency accuracy (phase drift of a least-squares sine fit),
// aliasing and harmonic amplitudes of the band-limited waveforms (windowed DFT), block-split
// invariance and allocation-free processing.
#include "nodes/oscillator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <vector>

#include "allocation_counter.h"
#include "node_render.h"
#include "signal_helpers.h"
#include "source_node_test_support.h"

namespace wavegraph {
namespace {

constexpr double kFs = 48000.0;
constexpr double kPi = std::numbers::pi;
using test::ParameterEvent;

OscillatorNode makeOscillator(double type, double frequencyHz, uint32_t channels = 1) {
    OscillatorNode osc;
    osc.prepare({kFs, 128, channels});
    osc.setParameterImmediate(OscillatorNode::type, type);
    osc.setParameterImmediate(OscillatorNode::frequencyHz, frequencyHz);
    return osc;
}

/// Phase (rad) of the component at frequencyHz in x[start, start+length), least-squares fit of
/// a·sin + b·cos with phases measured from frame 0.
double fittedPhase(const std::vector<float>& x, size_t start, size_t length, double frequencyHz) {
    return test::fitSine(x, start, start + length, frequencyHz, kFs).phase();
}

/// Measured frequency of a sine in x[start, end): nominal + phase drift between two 0.1 s windows.
double measureFrequency(const std::vector<float>& x, size_t start, size_t end, double nominalHz) {
    const size_t window = 4800;
    const double p1 = fittedPhase(x, start, window, nominalHz);
    const double p2 = fittedPhase(x, end - window, window, nominalHz);
    double drift = p2 - p1;
    drift -= 2.0 * kPi * std::round(drift / (2.0 * kPi));
    return nominalHz + drift / (2.0 * kPi * static_cast<double>(end - window - start) / kFs);
}

/// Blackman-Harris (4-term, −92 dB side lobes) windowed DFT amplitude at frequencyHz.
double windowedAmplitude(const std::vector<float>& x, double frequencyHz) {
    const size_t n = x.size();
    std::complex<double> sum = 0.0, rotation = std::polar(1.0, -2.0 * kPi * frequencyHz / kFs), phasor = 1.0;
    double windowSum = 0.0;
    for (size_t i = 0; i < n; ++i) {
        const double t = 2.0 * kPi * static_cast<double>(i) / static_cast<double>(n - 1);
        const double w = 0.35875 - 0.48829 * std::cos(t) + 0.14128 * std::cos(2 * t) - 0.01168 * std::cos(3 * t);
        sum += w * x[i] * phasor;
        phasor *= rotation;
        windowSum += w;
    }
    const bool edge = frequencyHz == 0.0 || frequencyHz == kFs / 2;
    return (edge ? 1.0 : 2.0) * std::abs(sum) / windowSum;
}

/// Amplitude of the component at an integer-Hz frequency in exactly 1 s of signal (one DFT bin,
/// rectangular window: exact, since every component of the signal sits on a 1 Hz bin).
double binAmplitude(const std::vector<float>& x, double frequencyHz) {
    std::complex<double> sum = 0.0, phasor = 1.0;
    const auto rotation = std::polar(1.0, -2.0 * kPi * frequencyHz / kFs);
    for (float v : x) {
        sum += double{v} * phasor;
        phasor *= rotation;
    }
    return 2.0 * std::abs(sum) / static_cast<double>(x.size());
}

double db(double ratio) { return 20.0 * std::log10(ratio); }

/// Fourier coefficient magnitude of harmonic k relative to the fundamental, per waveform type.
double expectedRelative(double type, int k) {
    if (type == 1) return 1.0 / k;                       // sawtooth: all harmonics, 1/k
    if (k % 2 == 0) return 0.0;                          // square, triangle: odd only
    return type == 2 ? 1.0 / k : 1.0 / (double(k) * k);  // square 1/k, triangle 1/k²
}

TEST(OscillatorNode, SineFrequencyIsExact) {
    for (double f : {27.5, 440.0, 1000.5, 9876.5, 19999.9}) {
        auto osc = makeOscillator(0, f);
        const auto x = test::render(osc, 48000, 128);
        const double measured = measureFrequency(x, 0, x.size(), f);
        EXPECT_NEAR(measured, f, 0.01) << "frequency " << f;
        EXPECT_NEAR(test::sineAmplitude(x, 0, x.size(), f, kFs), 1.0, 1e-6);
        std::printf("sine %.2f Hz: measured %.6f Hz (error %.2e Hz)\n", f, measured, measured - f);
    }
}

TEST(OscillatorNode, FrequencyAndDetuneChangesLandExactly) {
    auto osc = makeOscillator(0, 440.0);
    // 1000.5 Hz from frame 4800 (5 ms ramp), then +700 cents from frame 62400.
    const auto x = test::render(
        osc, 120000, 128, {{4800, OscillatorNode::frequencyHz, 1000.5}, {62400, OscillatorNode::detuneCents, 700.0}});
    const double afterChange = measureFrequency(x, 9600, 57600, 1000.5);
    const double detuned = 1000.5 * std::exp2(700.0 / 1200.0);
    const double afterDetune = measureFrequency(x, 67200, 115200, detuned);
    EXPECT_NEAR(afterChange, 1000.5, 0.01);
    EXPECT_NEAR(afterDetune, detuned, 0.01);
    std::printf("after change: error %.2e Hz; after +700 cents: error %.2e Hz\n", afterChange - 1000.5,
                afterDetune - detuned);
}

TEST(OscillatorNode, BandLimitedWaveformsHaveNoAliasesAt5kHz) {
    const double f0 = 5000.0;
    for (double type : {1.0, 2.0, 3.0}) {
        auto osc = makeOscillator(type, f0);
        const auto x = test::render(osc, 48000, 128);
        const double fundamental = windowedAmplitude(x, f0);
        double worstAliasDb = -400.0, worstHarmonicErrorDb = 0.0;
        for (int k = 0; k <= 24; ++k) {
            const double f = 1000.0 * k;
            const double relative = windowedAmplitude(x, f) / fundamental;
            const int harmonic = k % 5 == 0 ? k / 5 : 0;
            const double expected = harmonic > 0 ? expectedRelative(type, harmonic) : 0.0;
            if (expected > 0.0) {
                const double errorDb = db(relative) - db(expected);
                EXPECT_NEAR(errorDb, 0.0, 0.5) << "type " << type << " harmonic " << harmonic;
                if (std::abs(errorDb) > std::abs(worstHarmonicErrorDb)) worstHarmonicErrorDb = errorDb;
            } else {
                EXPECT_LT(db(relative), -80.0) << "type " << type << " at " << f << " Hz";
                worstAliasDb = std::max(worstAliasDb, db(relative));
            }
        }
        std::printf("type %.0f at 5 kHz: fundamental %.4f, worst non-harmonic %.1f dB, worst harmonic error %.4f dB\n",
                    type, fundamental, worstAliasDb, worstHarmonicErrorDb);
    }
}

TEST(OscillatorNode, AllNonHarmonicPowerIsBelowMinus90dBFrom31HzTo7kHz) {
    // Integer-Hz fundamentals over exactly 1 s: every component (harmonic, alias, image) sits on
    // a 1 Hz DFT bin, so power outside the harmonic bins (Parseval) is everything non-harmonic.
    for (double type : {1.0, 2.0, 3.0}) {
        for (double f0 : {31.0, 55.0, 111.0, 441.0, 1001.0, 2999.0, 7001.0}) {
            auto osc = makeOscillator(type, f0);
            const auto x = test::render(osc, 48000, 128);
            double total = 0.0;
            for (float v : x) total += double{v} * v;
            total /= static_cast<double>(x.size());
            double harmonicPower = 0.0, fundamentalPower = 0.0, worstErrorDb = 0.0;
            const int count = static_cast<int>(std::ceil(kFs / 2 / f0)) - 1;
            std::vector<double> amplitudes(count + 1);
            for (int k = 1; k <= count; ++k) {
                const double a = binAmplitude(x, k * f0);
                amplitudes[k] = a;
                harmonicPower += a * a / 2;
                if (k == 1) fundamentalPower = a * a / 2;
            }
            // Harmonics present in the played table: up to the largest table K ≤ count.
            uint32_t present = 0;
            for (uint32_t h : BandLimitedWavetable::kHarmonics)
                if (h <= static_cast<uint32_t>(count)) present = h;
            for (int k = 2; k <= static_cast<int>(present); ++k) {
                const double expected = expectedRelative(type, k);
                if (expected == 0.0) continue;
                const double errorDb = db(amplitudes[k] / amplitudes[1]) - db(expected);
                EXPECT_NEAR(errorDb, 0.0, 0.5) << "type " << type << " f0 " << f0 << " harmonic " << k;
                if (std::abs(errorDb) > std::abs(worstErrorDb)) worstErrorDb = errorDb;
            }
            // Double sums resolve about −120 dB; a smaller (or rounding-negative) residual reads −130.
            const double residualDb =
                10.0 * std::log10(std::max(total - harmonicPower, 1e-13 * fundamentalPower) / fundamentalPower);
            EXPECT_LT(residualDb, -90.0) << "type " << type << " f0 " << f0;
            std::printf(
                "type %.0f f0 %.0f Hz: %u harmonics, non-harmonic power %.1f dB, worst harmonic error %.4f dB\n", type,
                f0, present, residualDb, worstErrorDb);
        }
    }
}

TEST(OscillatorNode, PeaksShowOnlyTheGibbsOvershoot) {
    // A jump of 2 overshoots by about 8.95 % of the jump (Gibbs): peaks near 1.179.
    for (double type : {1.0, 2.0, 3.0}) {
        auto osc = makeOscillator(type, 55.0);
        const auto x = test::render(osc, 4800, 128);
        float peak = 0.0f;
        for (float v : x) peak = std::max(peak, std::abs(v));
        if (type == 3.0)
            EXPECT_NEAR(peak, 1.0, 5e-3);  // truncated series: just under 1
        else
            EXPECT_NEAR(peak, 1.179, 0.01) << "type " << type;
        std::printf("type %.0f at 55 Hz: peak %.4f\n", type, peak);
    }
}

TEST(OscillatorNode, LevelAndChannels) {
    auto osc = makeOscillator(0, 1000.0, 2);
    osc.setParameterImmediate(OscillatorNode::levelDb, -6.0);
    const auto out = test::renderChannels(osc, 4800, 128);
    EXPECT_NEAR(db(test::sineAmplitude(out[0], 0, 4800, 1000.0, kFs)), -6.0, 1e-4);
    EXPECT_EQ(out[0], out[1]);
}

TEST(OscillatorNode, OutputDoesNotDependOnBlockSplit) {
    const std::vector<ParameterEvent> events{{1000, OscillatorNode::frequencyHz, 3000.0},
                                             {2500, OscillatorNode::type, 1.0},
                                             {4000, OscillatorNode::detuneCents, -300.0},
                                             {6001, OscillatorNode::levelDb, -20.0},
                                             {7000, OscillatorNode::type, 3.0}};
    std::vector<std::vector<float>> outputs;
    for (uint32_t block : {1u, 7u, 128u}) {
        auto osc = makeOscillator(2, 440.0);
        outputs.push_back(test::render(osc, 9600, block, events));
    }
    EXPECT_EQ(outputs[0], outputs[1]);
    EXPECT_EQ(outputs[0], outputs[2]);
}

constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();  // parameter() of an unknown id

TEST(OscillatorNode, ParametersClampAndReport) {
    OscillatorNode osc;
    osc.prepare({kFs, 128, 2});
    EXPECT_EQ(osc.parameters().size(), 4u);
    EXPECT_EQ(osc.parameterIndex("frequencyHz"), 1);
    test::expectSetCases(osc, {{OscillatorNode::frequencyHz, 1234.0, true, 1234.0},
                               {OscillatorNode::detuneCents, 5000.0, false, 1200.0},
                               {OscillatorNode::type, 7.0, false, 3.0},
                               {OscillatorNode::levelDb, std::nan(""), false, 0.0},
                               {99, 1.0, false, kUnknown}});
}

TEST(OscillatorNode, ProcessDoesNotAllocate) {
    auto osc = makeOscillator(1, 440.0, 2);
    EXPECT_EQ(test::allocationsWhileProcessing(osc, 200,
                                               [&](int k) {
                                                   if (k % 10 != 0) return;
                                                   osc.setParameter(OscillatorNode::frequencyHz, 100.0 + 50.0 * k);
                                                   osc.setParameter(OscillatorNode::type, k % 4);
                                               }),
              0u);
}

}  // namespace
}  // namespace wavegraph
