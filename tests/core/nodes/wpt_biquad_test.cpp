// The web-platform-tests BiquadFilterNode suite (webaudio/the-audio-api/
// the-biquadfilternode-interface/) run against the "biquad" node: every parameter set of
// biquad-{lowpass,highpass,bandpass,notch,allpass,peaking,lowshelf,highshelf}.html at WPT's own
// thresholds (cutoff 0 and Nyquist included), biquad-tail.html's glitch bound and
// biquad-getFrequencyResponse.html's magnitude and phase bounds, each against the reference WPT
// computes itself (wpt_biquad_filters.h, from webaudio/resources/biquad-filters.js).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "node_render.h"
#include "nodes/biquad_node.h"
#include "wpt_biquad_filters.h"

namespace wavegraph {
namespace {

int typeId(std::string_view type) {
    const char* const names[] = {"lowpass", "highpass", "bandpass", "notch",
                                 "allpass", "peaking",  "lowshelf", "highshelf"};
    for (int i = 0; i < 8; ++i)
        if (type == names[i]) return i;
    return -1;
}

struct FilterParameters {
    double cutoff, q, gain, detune = 0.0;  // cutoff: 1 = Nyquist
};

struct WptFilterTest {
    const char* file;  // the WPT test it comes from
    const char* type;
    double threshold;  // WPT's maxAllowedError
    std::vector<FilterParameters> filters;
};

// The parameter sets and thresholds of the WPT files (createTestAndRun(context, type, {...})).
const WptFilterTest kWptFilterTests[] = {
    {"biquad-lowpass.html",
     "lowpass",
     9.7869e-8,
     {{0, 1, 1}, {1, 1, 1}, {0.25, 1, 1}, {0.25, 1, 1, 100}, {0.01, 1, 1, -200}}},
    {"biquad-highpass.html", "highpass", 1.5487e-8, {{0, 1, 1}, {1, 1, 1}, {0.25, 1, 1}}},
    {"biquad-bandpass.html", "bandpass", 2.2501e-8, {{0, 0, 1}, {1, 0, 1}, {0.5, 0, 1}, {0.25, 1, 1}}},
    {"biquad-notch.html", "notch", 1.9669e-8, {{0, 10, 1}, {1, 10, 1}, {0.5, 0, 1}, {0.25, 10, 1}}},
    {"biquad-allpass.html", "allpass", 3.9337e-8, {{0, 10, 1}, {1, 10, 1}, {0.5, 0, 1}, {0.25, 10, 1}}},
    {"biquad-peaking.html", "peaking", 5.8234e-8, {{0, 10, 10}, {1, 10, 10}, {0.5, 0, 10}, {0.25, 10, 10}}},
    {"biquad-lowshelf.html", "lowshelf", 3.8349e-8, {{0, 10, 10}, {1, 10, 10}, {0.25, 10, 10}}},
    {"biquad-highshelf.html", "highshelf", 6.2577e-8, {{0, 10, 10}, {1, 10, 10}, {0.25, 10, 10}}},
};

// webaudio/resources/biquad-testing.js: 32768 Hz, one impulse per filter every timeStep =
// ceil(0.1·fs)/fs s, impulse buffers of 0.1·fs frames, 6 timeSteps rendered, outputs summed.
constexpr double kSampleRateHz = 32768.0;
constexpr size_t kTimeStepFrames = 3277;               // ceil(0.1 · 32768)
constexpr size_t kPulseLengthFrames = 3276;            // createBuffer(1, 0.1 · 32768)
constexpr size_t kRenderFrames = 6 * kTimeStepFrames;  // round(renderLengthSeconds · fs)

/// The rendered sum of every filter's response to its impulse, as the WPT page renders it, through
/// BiquadNode with `webAudioRounding`.
std::vector<float> renderWpt(const WptFilterTest& t, double webAudioRounding) {
    std::vector<float> sum(kRenderFrames, 0.0f);
    for (size_t k = 0; k < t.filters.size(); ++k) {
        const FilterParameters& p = t.filters[k];
        BiquadNode node;
        node.prepare({kSampleRateHz, 128, 1});
        EXPECT_TRUE(node.setParameterImmediate(BiquadNode::type, typeId(t.type)));
        EXPECT_TRUE(node.setParameterImmediate(BiquadNode::frequencyHz, kSampleRateHz / 2 * p.cutoff));
        EXPECT_TRUE(node.setParameterImmediate(BiquadNode::detuneCents, p.detune));
        EXPECT_TRUE(node.setParameterImmediate(BiquadNode::q, p.q));
        EXPECT_TRUE(node.setParameterImmediate(BiquadNode::gainDb, p.gain));
        EXPECT_TRUE(node.setParameterImmediate(BiquadNode::webAudioRounding, webAudioRounding));
        node.reset();
        std::vector<float> input(kRenderFrames, 0.0f);
        input[k * kTimeStepFrames] = 1.0f;  // the impulse buffer starts at k · timeStep
        const auto y = test::render(node, input, 128);
        for (size_t n = 0; n < kRenderFrames; ++n) sum[n] += y[n];
    }
    return sum;
}

/// generateReference of biquad-testing.js: each filter's double response to an impulse, added at
/// its offset.
std::vector<double> wptReference(const WptFilterTest& t) {
    std::vector<double> result(kRenderFrames, 0.0), data(kRenderFrames, 0.0);
    data[0] = 1;
    for (size_t k = 0; k < t.filters.size(); ++k) {
        const FilterParameters& p = t.filters[k];
        const double frequency = p.cutoff * std::pow(2.0, p.detune / 1200);
        const auto y =
            test::wpt::filterData(test::wpt::createFilter(t.type, frequency, p.q, p.gain), data, kRenderFrames);
        for (size_t n = k * kTimeStepFrames, j = 0; n < kRenderFrames; ++n, ++j) result[n] += y[j];
    }
    return result;
}

TEST(WptBiquad, EveryFilterParameterSetPassesAtWptThresholds) {
    for (const auto& t : kWptFilterTests) {
        const auto reference = wptReference(t);
        for (double rounding : {0.0, 1.0}) {
            const auto rendered = renderWpt(t, rounding);
            double maxError = 0.0;
            size_t at = 0, invalid = 0;
            for (size_t n = 0; n < kRenderFrames; ++n) {
                if (!std::isfinite(rendered[n])) ++invalid;
                const double error = std::abs(double(rendered[n]) - reference[n]);
                if (error > maxError) maxError = error, at = n;
            }
            std::printf("[ WPT ] %-21s webAudioRounding %g: %zu filters, max error %.4g at frame %zu (threshold %g)\n",
                        t.file, rounding, t.filters.size(), maxError, at, t.threshold);
            EXPECT_EQ(invalid, 0u) << t.file;
            EXPECT_LE(maxError, t.threshold) << t.file << " webAudioRounding " << rounding;
        }
    }
    (void)kPulseLengthFrames;
}

// biquad-tail.html: 192 kHz, the default filter (lowpass 350 Hz, Q 1), an impulse of 100; no step
// between output samples reaches 0.012968 over 0.5 s (the tail is not cut when the input ends).
TEST(WptBiquad, TailHasNoGlitch) {
    constexpr double fs = 192000.0;
    constexpr double kGlitchThreshold = 0.012968;
    for (double rounding : {0.0, 1.0}) {
        BiquadNode node;
        node.prepare({fs, 128, 1});
        node.setParameterImmediate(BiquadNode::webAudioRounding, rounding);
        std::vector<float> input(static_cast<size_t>(0.5 * fs), 0.0f);
        input[0] = 100.0f;
        const auto y = test::render(node, input, 128);
        double maxStep = 0.0, lastAbs = 0.0;
        for (size_t n = 1; n < y.size(); ++n) maxStep = std::max(maxStep, std::abs(double(y[n]) - y[n - 1]));
        lastAbs = std::abs(double(y.back()));
        std::printf(
            "[ WPT ] biquad-tail.html webAudioRounding %g: max |y[n] - y[n-1]| %.6g (threshold %g), "
            "peak %.4g, |y| at 0.5 s %.3g\n",
            rounding, maxStep, kGlitchThreshold, *std::max_element(y.begin(), y.end()), lastAbs);
        EXPECT_LT(maxStep, kGlitchThreshold);
    }
}

// biquad-getFrequencyResponse.html: 1000 frequencies k · Nyquist/1000 (float32, 0 Hz included),
// filter 1000 Hz, Q 1, gain 5 dB at 48 kHz; per type WPT's bounds on the dB difference of the
// magnitudes (decibelsToLinear(x) as WPT compares them) and on the phase difference in radians.
// Plus: defined at 0 Hz and exactly Nyquist (finite), as the W3C getFrequencyResponse is.
TEST(WptBiquad, FrequencyResponseMagnitudeAndPhase) {
    constexpr double fs = 48000.0;
    struct Bound {
        const char* type;
        double maxMagnitudeErrorDb;  // decibelsToLinear(threshold) of the WPT file
        double maxPhaseErrorRadians;
    };
    const Bound bounds[] = {
        {"lowpass", std::pow(10.0, -73.0178 / 20), 8.04360e-6}, {"highpass", std::pow(10.0, -117.5461 / 20), 6.9691e-6},
        {"bandpass", std::pow(10.0, -79.0139 / 20), 4.9371e-6}, {"lowshelf", std::pow(10.0, -120.4038 / 20), 4.0724e-6},
        {"highshelf", std::pow(10.0, -120.0 / 20), 4.0724e-6},  {"peaking", std::pow(10.0, -119.1176 / 20), 6.4724e-8},
        {"notch", std::pow(10.0, -87.0808 / 20), 6.6300e-6},    {"allpass", std::pow(10.0, -265.3517 / 20), 1.3260e-5},
    };
    auto toDb = [](double x) { return x != 0.0 ? 20 * std::log10(x) : -1000.0; };
    for (const auto& b : bounds) {
        BiquadNode node;
        node.prepare({fs, 128, 1});
        node.setParameterImmediate(BiquadNode::type, typeId(b.type));
        node.setParameterImmediate(BiquadNode::frequencyHz, 1000.0);
        node.setParameterImmediate(BiquadNode::q, 1.0);
        node.setParameterImmediate(BiquadNode::gainDb, 5.0);
        const auto coefficients = test::wpt::createFilter(b.type, 1000.0 / (fs / 2), 1.0, 5.0);
        double maxMagnitudeError = 0.0, maxPhaseError = 0.0;
        for (int k = 0; k < 1000; ++k) {
            const double f = static_cast<float>(k * (fs / 2 / 1000));
            const auto expected = test::wpt::responseAt(coefficients, f / (fs / 2));
            const double magnitude = std::pow(10.0, node.magnitudeDbAt(f) / 20);
            const double phase = node.phaseRadiansAt(f);
            ASSERT_TRUE(std::isfinite(magnitude) && std::isfinite(phase)) << b.type << " at " << f << " Hz";
            maxMagnitudeError =
                std::max(maxMagnitudeError, std::abs(toDb(static_cast<float>(magnitude)) - toDb(expected.magnitude)));
            double phaseError = std::abs(static_cast<float>(phase) - expected.phase);
            if (phaseError > std::numbers::pi) phaseError = 2 * std::numbers::pi - phaseError;
            maxPhaseError = std::max(maxPhaseError, phaseError);
        }
        const double atNyquistDb = node.magnitudeDbAt(fs / 2), atNyquistPhase = node.phaseRadiansAt(fs / 2);
        std::printf(
            "[ WPT ] getFrequencyResponse %-9s max |ΔdB| %.3g (bound %.3g), max |Δphase| %.3g rad (bound "
            "%.3g); at 0 Hz %.6g dB %.3g rad, at Nyquist %.6g dB %.3g rad\n",
            b.type, maxMagnitudeError, b.maxMagnitudeErrorDb, maxPhaseError, b.maxPhaseErrorRadians,
            node.magnitudeDbAt(0.0), node.phaseRadiansAt(0.0), atNyquistDb, atNyquistPhase);
        EXPECT_LE(maxMagnitudeError, b.maxMagnitudeErrorDb) << b.type;
        EXPECT_LE(maxPhaseError, b.maxPhaseErrorRadians) << b.type;
        EXPECT_FALSE(std::isnan(atNyquistDb)) << b.type;
        EXPECT_TRUE(std::isfinite(atNyquistPhase)) << b.type;
    }
}

}  // namespace
}  // namespace wavegraph
