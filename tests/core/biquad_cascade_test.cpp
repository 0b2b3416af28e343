// BiquadCascade (SIMD wavefront) against the scalar Biquad sections run in turn: the same
// samples, bit for bit, for 1…8 sections, 1…5 channels and many block splits.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "biquad.h"
#include "biquad_cascade.h"

using namespace wavegraph;

namespace {

constexpr double kSampleRateHz = 48000.0;
constexpr uint32_t kFrames = 6000;

// Seeded random sections of every RBJ type, frequency 20 Hz…20 kHz, Q 0.1…30, ±24 dB.
std::vector<BiquadCoefficients> makeSections(uint32_t count, std::mt19937& random) {
    std::uniform_real_distribution<double> logFrequency(std::log(20.0), std::log(20000.0));
    std::uniform_real_distribution<double> gainDb(-24.0, 24.0), q(0.1, 30.0);
    std::vector<BiquadCoefficients> sections;
    for (uint32_t s = 0; s < count; ++s) {
        const auto type = static_cast<BiquadType>(random() % 8);
        sections.push_back(BiquadCoefficients::design(type, kSampleRateHz, std::exp(logFrequency(random)),
                                                      q(random), gainDb(random)));
    }
    return sections;
}

// White noise with a silent stretch at the end, so the flush-to-zero guard is exercised.
std::vector<std::vector<float>> makeInput(uint32_t channels, std::mt19937& random) {
    std::vector<std::vector<float>> in(channels, std::vector<float>(kFrames, 0.0f));
    std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
    for (auto& ch : in)
        for (uint32_t i = 0; i < kFrames / 3; ++i) ch[i] = noise(random);
    return in;
}

AudioBlock view(std::vector<std::vector<float>>& data, uint32_t start, uint32_t frames) {
    AudioBlock block;
    block.numChannels = static_cast<uint32_t>(data.size());
    block.numFrames = frames;
    for (uint32_t c = 0; c < block.numChannels; ++c) block.channels[c] = data[c].data() + start;
    return block;
}

// Counts samples whose bits differ.
size_t countDiffering(const std::vector<std::vector<float>>& a, const std::vector<std::vector<float>>& b) {
    size_t differing = 0;
    for (size_t c = 0; c < a.size(); ++c)
        for (size_t i = 0; i < a[c].size(); ++i)
            differing += std::memcmp(&a[c][i], &b[c][i], sizeof(float)) != 0;
    return differing;
}

}  // namespace

TEST(BiquadCascade, MatchesScalarBiquadsBitForBit) {
    std::mt19937 random(20261123);
    const std::vector<uint32_t> blockSizes = {kFrames, 1, 7, 61, 128, 3};
    for (uint32_t numSections = 1; numSections <= BiquadCascade::kMaxSections; ++numSections) {
        for (uint32_t channels = 1; channels <= 5; ++channels) {
            const auto sections = makeSections(numSections, random);
            const auto input = makeInput(channels, random);
            const ProcessSpec spec{kSampleRateHz, kFrames, channels};

            // Reference: one Biquad per section over the whole signal, in turn.
            auto expected = input;
            for (const auto& c : sections) {
                Biquad filter;
                filter.prepare(spec);
                filter.setCoefficients(c);
                AudioBlock block = view(expected, 0, kFrames);
                filter.process(block);
            }
            double energy = 0;
            for (float s : expected[0]) energy += double{s} * s;
            ASSERT_GT(energy, 0.0);

            for (uint32_t blockSize : blockSizes) {
                BiquadCascade cascade;
                cascade.prepare(spec, numSections);
                for (uint32_t s = 0; s < numSections; ++s) cascade.setCoefficients(s, sections[s]);
                auto actual = input;
                for (uint32_t start = 0; start < kFrames; start += blockSize) {
                    AudioBlock block = view(actual, start, std::min(blockSize, kFrames - start));
                    cascade.process(block);
                }
                EXPECT_EQ(countDiffering(expected, actual), 0u)
                    << numSections << " sections, " << channels << " channels, blocks of " << blockSize;
            }
        }
    }
}

TEST(BiquadCascade, ResetClearsTheMemories) {
    std::mt19937 random(7);
    const ProcessSpec spec{kSampleRateHz, kFrames, 2};
    BiquadCascade cascade;
    cascade.prepare(spec, 8);
    for (uint32_t s = 0; s < 8; ++s)
        cascade.setCoefficients(s, BiquadCoefficients::design(BiquadType::peaking, kSampleRateHz,
                                                              60.0 * (1u << s), 1.0, 12.0));
    auto input = makeInput(2, random);
    auto first = input;
    AudioBlock block = view(first, 0, kFrames);
    cascade.process(block);
    cascade.reset();
    auto second = input;
    block = view(second, 0, kFrames);
    cascade.process(block);
    EXPECT_EQ(countDiffering(first, second), 0u);
    EXPECT_GT(countDiffering(first, input), kFrames / 4);  // the cascade did filter
}
