// Interleaving, deinterleaving and the peak scans of `wavegraph render` against plain reference
// loops: seeded noise, 1…5 channels, frame counts around the SIMD widths, and peak scans (alone and
// fused with interleaving) that ignore NaNs as std::max(peak, std::fabs(x)) does and see
// infinities and -0.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "host/interleaving.h"
#include "signal_helpers.h"

namespace wavegraph::cli {
namespace {

std::vector<float> noise(size_t count, uint32_t seed) { return test::uniformNoise(count, seed, 2.0f); }

float referencePeak(const std::vector<float>& x, size_t count, float peak) {
    for (size_t i = 0; i < count; ++i) peak = std::max(peak, std::fabs(x[i]));
    return peak;
}

TEST(Interleaving, RoundTripsAndMatchesTheStridedCopy) {
    size_t compared = 0;
    for (uint32_t channels = 1; channels <= 5; ++channels) {
        for (const uint32_t frames : {0u, 1u, 3u, 4u, 7u, 16u, 17u, 4096u, 4099u}) {
            const auto interleaved = noise(size_t{frames} * channels, 11 * channels + frames);
            std::vector<std::vector<float>> planar(channels, std::vector<float>(frames, -99.0f));
            std::vector<float*> pointers;
            for (auto& c : planar) pointers.push_back(c.data());
            deinterleave(interleaved.data(), channels, frames, pointers.data());
            for (uint32_t c = 0; c < channels; ++c)
                for (uint32_t i = 0; i < frames; ++i)
                    ASSERT_EQ(planar[c][i], interleaved[size_t{i} * channels + c]) << channels << " ch, frame " << i;
            std::vector<float> back(interleaved.size(), -99.0f);
            interleave(pointers.data(), channels, frames, back.data());
            ASSERT_EQ(back, interleaved) << channels << " channels, " << frames << " frames";
            compared += interleaved.size();
        }
    }
    std::printf("samples compared both ways: %zu\n", compared);
}

TEST(Interleaving, PeakEqualsTheScalarMaximumForEveryLength) {
    const auto x = noise(1000, 7);
    for (size_t count = 0; count <= x.size(); ++count) {
        ASSERT_EQ(peakMagnitude(x.data(), count, 0.0f), referencePeak(x, count, 0.0f)) << count;
        ASSERT_EQ(peakMagnitude(x.data(), count, 1.5f), referencePeak(x, count, 1.5f)) << count;
    }
    std::printf("peak of 1000 samples: %.6f (scalar %.6f)\n", peakMagnitude(x.data(), x.size(), 0.0f),
                referencePeak(x, x.size(), 0.0f));
}

// interleaveWithPeak writes what interleave writes and returns the scalar maximum of |sample| over
// the planar input (NaNs ignored), for every channel count and lengths around the SIMD width.
TEST(Interleaving, InterleaveWithPeakEqualsInterleaveAndTheScalarPeak) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    size_t compared = 0;
    for (uint32_t channels = 1; channels <= 5; ++channels) {
        for (const uint32_t frames : {0u, 1u, 3u, 4u, 5u, 7u, 8u, 17u, 4096u, 4099u}) {
            for (int variant = 0; variant < 3; ++variant) {
                std::vector<std::vector<float>> planar;
                for (uint32_t c = 0; c < channels; ++c) planar.push_back(noise(frames, 31 * channels + frames + c));
                if (variant >= 1 && frames > 2) planar[channels - 1][frames / 2] = nan;  // ignored
                if (variant == 2 && frames > 2) planar[0][frames - 1] = -inf;
                std::vector<const float*> pointers;
                std::vector<float> all;
                for (auto& c : planar) {
                    pointers.push_back(c.data());
                    all.insert(all.end(), c.begin(), c.end());
                }
                std::vector<float> expected(size_t{frames} * channels, -99.0f), got(expected.size(), -99.0f);
                interleave(pointers.data(), channels, frames, expected.data());
                const float peak = interleaveWithPeak(pointers.data(), channels, frames, got.data(), 0.25f);
                // Bit for bit (the NaNs too); memcmp only on a non-empty block (no null pointers).
                ASSERT_TRUE(got.empty() || std::memcmp(got.data(), expected.data(), got.size() * sizeof(float)) == 0)
                    << channels << " channels, " << frames << " frames";
                ASSERT_EQ(peak, referencePeak(all, all.size(), 0.25f)) << channels << " ch, " << frames << " frames";
                compared += got.size();
            }
        }
    }
    std::printf("interleaveWithPeak: %zu samples and their peaks compared\n", compared);
}

TEST(Interleaving, PeakIgnoresNaNsAndSeesInfinitiesAndNegatives) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    for (size_t at = 0; at < 37; ++at) {
        std::vector<float> x(37, 0.25f);
        x[at] = nan;
        x[(at + 5) % 37] = -0.75f;
        EXPECT_EQ(peakMagnitude(x.data(), x.size(), 0.0f), 0.75f) << "NaN at " << at;
        x[(at + 9) % 37] = -inf;
        EXPECT_EQ(peakMagnitude(x.data(), x.size(), 0.0f), inf) << "-inf near " << at;
    }
    const std::vector<float> zeros(21, -0.0f);
    EXPECT_EQ(peakMagnitude(zeros.data(), zeros.size(), 0.0f), 0.0f);
}

}  // namespace
}  // namespace wavegraph::cli
