// FeedbackRounding::float32 (biquad.h): the arithmetic of Chromium's BiquadFilterNode. Measured
// against a model written here from Blink's Biquad::Process (double coefficients and memories,
// `float y = b0·x + b1·x1 + b2·x2 − a1·y1 − a2·y2`, y fed back), bit for bit, for the scalar
// Biquad and for every BiquadCascade kernel; and how far each rounding lands from a
// double-precision chain with no rounding at all.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "chromium_biquad_model.h"
#include "dsp/biquad/biquad.h"
#include "dsp/biquad/biquad_cascade.h"
#include "signal_helpers.h"

using namespace wavegraph;

namespace {

constexpr double kSampleRateHz = 48000.0;
constexpr uint32_t kFrames = 48000;
const double kBandsHz[8] = {60, 120, 240, 480, 960, 1920, 3840, 7680};
const double kGainsDb[8] = {6, -3, 4, -6, 2, -4, 3, -2};

std::vector<BiquadCoefficients> referenceEq() {
    std::vector<BiquadCoefficients> sections;
    for (int b = 0; b < 8; ++b)
        sections.push_back(
            BiquadCoefficients::design(BiquadType::peaking, kSampleRateHz, kBandsHz[b], 1.0, kGainsDb[b]));
    return sections;
}

/// Seeded uniform noise in ±0.25 (the browser comparison's level), `channels` × kFrames.
std::vector<std::vector<float>> noise(uint32_t channels, uint32_t seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> u(-0.25f, 0.25f);
    std::vector<std::vector<float>> out(channels, std::vector<float>(kFrames));
    for (auto& ch : out)
        for (auto& s : ch) s = u(random);
    return out;
}

/// Blink's Biquad::Process for one channel, section after section (the model of Chromium).
std::vector<float> chromiumModel(const std::vector<BiquadCoefficients>& sections, std::vector<float> x) {
    return test::chromiumBiquadModel(sections, std::move(x));
}

/// The same sections with no rounding anywhere (double in, double between sections, double out).
std::vector<double> exactChain(const std::vector<BiquadCoefficients>& sections, const std::vector<float>& input) {
    return test::directFormOneCascade<double>(sections, std::vector<double>(input.begin(), input.end()));
}

AudioBlock view(std::vector<std::vector<float>>& data, uint32_t start, uint32_t frames) {
    return test::planarView(data, start, frames);
}

size_t countDiffering(const std::vector<float>& a, const std::vector<float>& b) {
    size_t n = 0;
    for (size_t i = 0; i < a.size(); ++i) n += std::memcmp(&a[i], &b[i], sizeof(float)) != 0;
    return n;
}

/// Eight Biquads in turn, with the given rounding, over the whole signal.
std::vector<std::vector<float>> biquadChain(const std::vector<BiquadCoefficients>& sections,
                                            std::vector<std::vector<float>> data, FeedbackRounding rounding) {
    const ProcessSpec spec{kSampleRateHz, kFrames, static_cast<uint32_t>(data.size())};
    for (const auto& c : sections) {
        Biquad filter;
        filter.prepare(spec);
        filter.setCoefficients(c);
        filter.setFeedbackRounding(rounding);
        AudioBlock block = view(data, 0, kFrames);
        filter.process(block);
    }
    return data;
}

double maxAbsFrom(const std::vector<float>& a, const std::vector<double>& b, size_t from) {
    double m = 0;
    for (size_t i = from; i < a.size(); ++i) m = std::max(m, std::abs(double{a[i]} - b[i]));
    return m;
}

}  // namespace

TEST(FeedbackRounding, Float32BiquadsGiveChromiumsSamplesBitForBit) {
    const auto sections = referenceEq();
    const auto input = noise(2, 61);
    const auto rounded = biquadChain(sections, input, FeedbackRounding::float32);
    const auto precise = biquadChain(sections, input, FeedbackRounding::none);
    for (uint32_t ch = 0; ch < 2; ++ch) {
        const auto model = chromiumModel(sections, input[ch]);
        EXPECT_EQ(countDiffering(rounded[ch], model), 0u) << "channel " << ch;
        EXPECT_GT(countDiffering(precise[ch], model), kFrames / 2) << "none must differ from Chromium's rounding";
        // How far each lands from the chain with no rounding at all (from 100 ms on, as the
        // browser comparison measures).
        const auto exact = exactChain(sections, input[ch]);
        const double roundedError = maxAbsFrom(rounded[ch], exact, 4800);
        const double preciseError = maxAbsFrom(precise[ch], exact, 4800);
        std::printf("channel %u: max |float32 feedback − exact| %.3g, max |none − exact| %.3g\n", ch, roundedError,
                    preciseError);
        EXPECT_LT(preciseError, 1e-6);               // float rounding between sections only
        EXPECT_GT(roundedError, 10 * preciseError);  // Chromium's rounding noise, amplified by the low bands
        EXPECT_LT(roundedError, 1e-4);
    }
}

TEST(FeedbackRounding, CascadeMatchesFloat32BiquadsForEveryKernelAndSplit) {
    std::mt19937 random(1123);
    std::uniform_real_distribution<double> logFrequency(std::log(20.0), std::log(20000.0));
    std::uniform_real_distribution<double> gainDb(-24.0, 24.0), q(0.1, 10.0);
    for (uint32_t numSections = 1; numSections <= BiquadCascade::kMaxSections; ++numSections) {
        std::vector<BiquadCoefficients> sections;
        for (uint32_t s = 0; s < numSections; ++s)
            sections.push_back(BiquadCoefficients::design(static_cast<BiquadType>(random() % 8), kSampleRateHz,
                                                          std::exp(logFrequency(random)), q(random), gainDb(random)));
        const uint32_t channels = 1 + numSections % 3;
        const auto input = noise(channels, 500 + numSections);
        const auto expected = biquadChain(sections, input, FeedbackRounding::float32);
        for (auto kernel : {BiquadCascade::Kernel::portable, BiquadCascade::Kernel::avx, BiquadCascade::Kernel::avx2,
                            BiquadCascade::Kernel::avx512}) {
            if (!BiquadCascade::kernelSupported(kernel)) continue;
            for (uint32_t blockFrames : {kFrames, 1u, 7u, 128u, 257u}) {
                BiquadCascade cascade;
                ASSERT_TRUE(cascade.setKernel(kernel));
                cascade.prepare({kSampleRateHz, kFrames, channels}, numSections);
                cascade.setFeedbackRounding(FeedbackRounding::float32);
                for (uint32_t s = 0; s < numSections; ++s) cascade.setCoefficients(s, sections[s]);
                auto actual = input;
                for (uint32_t start = 0; start < kFrames; start += blockFrames) {
                    AudioBlock block = view(actual, start, std::min(blockFrames, kFrames - start));
                    cascade.process(block);
                }
                size_t differing = 0;
                for (uint32_t ch = 0; ch < channels; ++ch) differing += countDiffering(expected[ch], actual[ch]);
                EXPECT_EQ(differing, 0u) << numSections << " sections, kernel " << static_cast<int>(kernel)
                                         << ", blocks of " << blockFrames;
            }
        }
    }
}

TEST(FeedbackRounding, SwitchingMidStreamKeepsTheMemories) {
    // none for the first half, float32 for the second: the cascade and the Biquads agree bit for
    // bit across the switch (the memories carry over; only what is fed back from then on changes).
    const auto sections = referenceEq();
    const auto input = noise(2, 77);
    auto expected = input;
    std::vector<Biquad> filters(sections.size());
    for (size_t s = 0; s < sections.size(); ++s) {
        filters[s].prepare({kSampleRateHz, kFrames, 2});
        filters[s].setCoefficients(sections[s]);
    }
    BiquadCascade cascade;
    cascade.prepare({kSampleRateHz, kFrames, 2}, 8);
    for (uint32_t s = 0; s < 8; ++s) cascade.setCoefficients(s, sections[s]);
    auto actual = input;
    for (uint32_t start = 0; start < kFrames; start += 128) {
        const auto rounding = start < kFrames / 2 ? FeedbackRounding::none : FeedbackRounding::float32;
        const uint32_t frames = std::min(128u, kFrames - start);
        for (auto& f : filters) {
            f.setFeedbackRounding(rounding);
            AudioBlock block = view(expected, start, frames);
            f.process(block);
        }
        cascade.setFeedbackRounding(rounding);
        AudioBlock block = view(actual, start, frames);
        cascade.process(block);
    }
    EXPECT_EQ(countDiffering(expected[0], actual[0]) + countDiffering(expected[1], actual[1]), 0u);
}
