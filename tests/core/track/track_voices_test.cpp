// Track voices, measured: binaural ear frequencies (spectral peaks), isochronic pulse rate,
// noise colour slopes, sine_varying glides, and volume envelopes against their analytic
// piecewise-linear definitions (both the function and a rendered voice).
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstdio>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "track/phase_sine.h"
#include "track/track_description.h"
#include "track/volume_envelope.h"
#include "track_test_support.h"

namespace wavegraph {
namespace {

using test::oneStepTrack;
using test::peakFrequencyHz;
using test::renderTrack;

constexpr double kFs = 48000.0;
constexpr size_t kLongFft = size_t{1} << 20;  // 21.8 s at 48 kHz: bins of 0.046 Hz

TEST(TrackTestSupport, FftEqualsDirectDft) {
    // The measuring FFT (kissfft) against the direct sum, on seeded noise, at the lengths the tests use.
    std::mt19937 random(20261206);
    std::uniform_real_distribution<double> value(-1.0, 1.0);
    for (size_t n : {size_t{4096}, size_t{4800}, size_t{1000}, size_t{97}}) {
        std::vector<std::complex<double>> x(n);
        for (auto& v : x) v = {value(random), value(random)};
        const auto fast = test::fft(x);
        double worst = 0.0;
        for (size_t k = 0; k < n; ++k) {
            std::complex<double> direct = 0.0;
            for (size_t i = 0; i < n; ++i)
                direct += x[i] * std::polar(1.0, -2.0 * std::numbers::pi * static_cast<double>((i * k) % n) /
                                                     static_cast<double>(n));
            worst = std::max(worst, std::abs(fast[k] - direct));
        }
        std::printf("fft of %zu points vs direct DFT: max |difference| %.3g\n", n, worst);
        EXPECT_LT(worst, 1e-10 * static_cast<double>(n));
    }
}

TEST(PhaseSine, MatchesTheDoubleSine) {
    double worst = 0.0;
    const int count = 1000000;
    for (int i = 0; i < count; ++i) {
        const double phase = (static_cast<double>(i) + 0.37) / count;
        worst = std::max(worst, std::fabs(phaseSine(phase) - std::sin(2.0 * std::numbers::pi * phase)));
    }
    std::printf("phaseSine: worst |error| over 10^6 phases = %.3g (%.1f dB re full scale)\n", worst,
                20 * std::log10(worst));
    EXPECT_LE(worst, 1e-15);  // a few double ulps: math::sin is within one ulp, the wrap adds rounding
}

TEST(BinauralBeatVoice, EarPeaksSitAtBaseMinusAndPlusHalfTheBeat) {
    struct Case {
        double baseHz, beatHz;
    };
    for (const Case c : {Case{200.0, 10.0}, Case{250.3, 7.4}, Case{90.0, 3.3}}) {
        char voice[256];
        std::snprintf(
            voice, sizeof voice,
            "[{\"synth_function_name\":\"binaural_beat\",\"params\":{\"amp\":0.5,\"base_freq\":%g,\"beat_freq\":%g}}]",
            c.baseHz, c.beatHz);
        const auto out = renderTrack(oneStepTrack(voice, 22.0), kFs, 4096);
        const double leftHz = peakFrequencyHz(out.left, 0, kLongFft, kFs, 20.0, 1000.0);
        const double rightHz = peakFrequencyHz(out.right, 0, kLongFft, kFs, 20.0, 1000.0);
        std::printf("binaural base %g beat %g: left peak %.4f Hz (expected %.4f), right peak %.4f Hz (expected %.4f)\n",
                    c.baseHz, c.beatHz, leftHz, c.baseHz - c.beatHz / 2, rightHz, c.baseHz + c.beatHz / 2);
        EXPECT_NEAR(leftHz, c.baseHz - c.beatHz / 2, 0.1);
        EXPECT_NEAR(rightHz, c.baseHz + c.beatHz / 2, 0.1);
        EXPECT_NEAR(rightHz - leftHz, c.beatHz, 0.1);
    }
}

TEST(IsochronicToneVoice, PulseRateIsTheBeatFrequency) {
    for (const double beatHz : {7.3, 10.0, 2.55}) {
        char voice[256];
        std::snprintf(voice, sizeof voice,
                      "[{\"synth_function_name\":\"isochronic_tone\",\"params\":{\"amp\":0.5,\"base_freq\":440,"
                      "\"beat_freq\":%g}}]",
                      beatHz);
        const auto out = renderTrack(oneStepTrack(voice, 22.0), kFs, 4096);
        // The pulse train is the envelope: the spectrum of x² below 40 Hz holds its harmonics only
        // (the carrier's 2·440 Hz is far above), the fundamental being the pulse rate.
        std::vector<float> squared(out.left.size());
        for (size_t i = 0; i < squared.size(); ++i) squared[i] = out.left[i] * out.left[i];
        const double rateHz = peakFrequencyHz(squared, 0, kLongFft, kFs, 1.0, 1.4 * beatHz);
        const double carrierHz = peakFrequencyHz(out.left, 0, kLongFft, kFs, 100.0, 2000.0);
        std::printf("isochronic beat %g: measured pulse rate %.4f Hz, carrier %.4f Hz\n", beatHz, rateHz, carrierHz);
        EXPECT_NEAR(rateHz, beatHz, 0.1);
        EXPECT_NEAR(carrierHz, 440.0, 0.1);
    }
}

TEST(NoiseVoice, ColoursHaveTheirSpectralSlopes) {
    struct Case {
        const char* colour;
        double slopeDb;
    };
    for (const Case c : {Case{"white", 0.0}, Case{"pink", -3.0}, Case{"brown", -6.0}}) {
        const std::string voice =
            std::string("[{\"synth_function_name\":\"noise\",\"params\":{\"amp\":0.8,\"noise_type\":\"") + c.colour +
            "\",\"seed\":7}}]";
        const auto out = renderTrack(oneStepTrack(voice, 20.0), kFs, 4096);
        const double slope = test::octaveSlopeDb(out.left, kFs);
        std::printf("noise %s: slope %.3f dB/octave (expected %g)\n", c.colour, slope, c.slopeDb);
        EXPECT_NEAR(slope, c.slopeDb, 0.5) << c.colour;
    }
}

TEST(SineVaryingVoice, FrequencyAndAmplitudeGlideLinearlyOverTheStep) {
    const std::string voice =
        "[{\"synth_function_name\":\"sine_varying\",\"params\":{\"start_freq\":100,\"end_freq\":1100,"
        "\"start_amp\":0.1,\"end_amp\":0.5,\"pan\":-1}}]";
    const double seconds = 10.0;
    const auto out = renderTrack(oneStepTrack(voice, seconds), kFs, 512);
    const size_t window = 4800;  // 0.1 s
    double worstHz = 0.0, worstAmp = 0.0;
    for (double t = 0.5; t < seconds - 0.5; t += 1.0) {
        const auto start = static_cast<size_t>(t * kFs);
        const double centre = (static_cast<double>(start) + window / 2.0) / kFs;
        const double expectedHz = 100.0 + 1000.0 * centre / seconds;
        const double expectedAmp = 0.1 + 0.4 * centre / seconds;
        const double measuredHz = peakFrequencyHz(out.left, start, window, kFs, 50.0, 2000.0);
        double sum = 0.0;
        for (size_t i = start; i < start + window; ++i) sum += double{out.left[i]} * out.left[i];
        const double measuredAmp = std::sqrt(2.0 * sum / window);  // pan −1: all of it on the left
        worstHz = std::max(worstHz, std::fabs(measuredHz - expectedHz));
        worstAmp = std::max(worstAmp, std::fabs(measuredAmp - expectedAmp) / expectedAmp);
    }
    std::printf("sine_varying: worst frequency error %.4f Hz, worst amplitude error %.4f %%\n", worstHz,
                100 * worstAmp);
    EXPECT_LT(worstHz, 1.0);
    EXPECT_LT(worstAmp, 0.01);
}

// ---------------------------------------------------------------------------------------------
// Envelopes: the analytic definitions as piecewise-linear breakpoint lists (docs/tracks.md).

struct Breakpoint {
    double t, gain;
};

double piecewiseLinear(const std::vector<Breakpoint>& points, double t) {
    if (t <= points.front().t) return points.front().gain;
    for (size_t i = 1; i < points.size(); ++i)
        if (t < points[i].t) {
            const double u = (t - points[i - 1].t) / (points[i].t - points[i - 1].t);
            return points[i - 1].gain + u * (points[i].gain - points[i - 1].gain);
        }
    return points.back().gain;
}

double analyticEnvelope(const EnvelopeDescription& e, double t, double duration) {
    switch (e.kind) {
        case EnvelopeKind::adsr:
            return piecewiseLinear({{0, 0},
                                    {e.attack, 1},
                                    {e.attack + e.decay, e.sustainLevel},
                                    {duration - e.release, e.sustainLevel},
                                    {duration, 0}},
                                   t);
        case EnvelopeKind::linen:
            return piecewiseLinear({{0, 0}, {e.fadeIn, 1}, {duration - e.fadeOut, 1}, {duration, 0}}, t);
        case EnvelopeKind::trapezoid: {
            const double u = std::fmod(t, e.cycleLen) / e.cycleLen;
            const double audible = 1.0 - e.gapPercent, ramp = audible * e.rampPercent;
            return piecewiseLinear({{0, 0}, {ramp, 1}, {audible - ramp, 1}, {audible, 0}, {1, 0}}, u);
        }
        case EnvelopeKind::none: return 1.0;
    }
    return 1.0;
}

EnvelopeDescription adsr() {
    EnvelopeDescription e;
    e.kind = EnvelopeKind::adsr;
    e.attack = 0.3;
    e.decay = 0.2;
    e.sustainLevel = 0.6;
    e.release = 0.5;
    return e;
}
EnvelopeDescription linen() {
    EnvelopeDescription e;
    e.kind = EnvelopeKind::linen;
    e.fadeIn = 0.4;
    e.fadeOut = 0.7;
    return e;
}
EnvelopeDescription trapezoid() {
    EnvelopeDescription e;
    e.kind = EnvelopeKind::trapezoid;
    e.cycleLen = 0.25;
    e.rampPercent = 0.3;
    e.gapPercent = 0.2;
    return e;
}

TEST(VolumeEnvelope, EveryFrameEqualsTheAnalyticShape) {
    const int64_t frames = 96000;  // 2 s
    for (const auto& e : {adsr(), linen(), trapezoid()}) {
        double worst = 0.0;
        for (int64_t n = 0; n < frames; ++n)
            worst = std::max(worst, std::fabs(volumeEnvelopeAt(e, n, frames, kFs) -
                                              analyticEnvelope(e, static_cast<double>(n) / kFs, 2.0)));
        std::printf("envelope kind %u: worst |function − analytic| = %.3g\n", static_cast<unsigned>(e.kind), worst);
        EXPECT_LE(worst, 1e-6);
    }
}

TEST(VolumeEnvelope, RenderedVoiceCarriesTheAnalyticShape) {
    const std::string sine = "{\"synth_function_name\":\"sine\",\"params\":{\"amp\":0.8,\"freq\":441,\"pan\":-1}";
    const auto plain = renderTrack(oneStepTrack("[" + sine + "}]", 2.0), kFs, 333);
    struct Case {
        const char* json;
        EnvelopeDescription e;
    };
    const Case cases[] = {
        {"{\"type\":\"adsr\",\"params\":{\"attack\":0.3,\"decay\":0.2,\"sustain_level\":0.6,\"release\":0.5}}", adsr()},
        {"{\"type\":\"linen\",\"params\":{\"fade_in\":0.4,\"fade_out\":0.7}}", linen()},
        {"{\"type\":\"trapezoid\",\"params\":{\"cycle_len\":0.25,\"ramp_percent\":0.3,\"gap_percent\":0.2}}",
         trapezoid()},
    };
    for (const auto& c : cases) {
        const auto shaped =
            renderTrack(oneStepTrack("[" + sine + ",\"volume_envelope\":" + c.json + "}]", 2.0), kFs, 333);
        double worst = 0.0;
        size_t compared = 0;
        for (size_t i = 0; i < plain.left.size(); ++i) {
            if (std::fabs(plain.left[i]) < 0.25f) continue;  // ratio only where the carrier is large
            const double ratio = double{shaped.left[i]} / double{plain.left[i]};
            worst = std::max(worst, std::fabs(ratio - analyticEnvelope(c.e, static_cast<double>(i) / kFs, 2.0)));
            ++compared;
        }
        std::printf("rendered %s: worst |gain − analytic| = %.3g over %zu frames\n", c.json, worst, compared);
        EXPECT_GT(compared, 50000u);
        EXPECT_LE(worst, 1e-6);
    }
}

}  // namespace
}  // namespace wavegraph
