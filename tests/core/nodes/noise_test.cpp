// NoiseNode measurements: spectral slope of each colour from averaged periodograms in octave
// bands, level, seeding (reproducible, seed-dependent), block-split invariance, no allocation.
#include "nodes/noise.h"

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

NoiseNode makeNoise(double color, double seed = 1.0, uint32_t channels = 1) {
    NoiseNode noise;
    noise.prepare({kFs, 128, channels});
    noise.setParameterImmediate(NoiseNode::color, color);
    noise.setParameterImmediate(NoiseNode::seed, seed);
    return noise;
}

/// In-place iterative radix-2 FFT (size a power of two).
void fft(std::vector<std::complex<double>>& a) {
    const size_t n = a.size();
    for (size_t i = 1, j = 0; i < n; ++i) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(a[i], a[j]);
    }
    for (size_t len = 2; len <= n; len <<= 1) {
        const auto step = std::polar(1.0, -2.0 * kPi / static_cast<double>(len));
        for (size_t i = 0; i < n; i += len) {
            std::complex<double> w = 1.0;
            for (size_t k = 0; k < len / 2; ++k, w *= step) {
                const auto u = a[i + k], v = a[i + k + len / 2] * w;
                a[i + k] = u + v;
                a[i + k + len / 2] = u - v;
            }
        }
    }
}

/// Welch power spectrum (Hann, 4096 points, 50 % overlap), one value per bin 0…2048.
std::vector<double> averagedPeriodogram(const std::vector<float>& x) {
    const size_t n = 4096;
    std::vector<double> power(n / 2 + 1, 0.0);
    std::vector<std::complex<double>> buffer(n);
    for (size_t start = 0; start + n <= x.size(); start += n / 2) {
        for (size_t i = 0; i < n; ++i)
            buffer[i] = x[start + i] * (0.5 - 0.5 * std::cos(2.0 * kPi * static_cast<double>(i) / n));
        fft(buffer);
        for (size_t k = 0; k <= n / 2; ++k) power[k] += std::norm(buffer[k]);
    }
    return power;
}

/// Least-squares slope (dB per octave) of the mean power density in the octave bands centred on
/// 125 Hz … 8 kHz.
double octaveSlopeDb(const std::vector<float>& x) {
    const auto power = averagedPeriodogram(x);
    const double binHz = kFs / 4096.0;
    std::vector<double> octave, levelDb;
    for (double centre = 125.0; centre <= 8000.0; centre *= 2.0) {
        double sum = 0.0;
        int bins = 0;
        for (size_t k = 1; k < power.size(); ++k) {
            const double f = k * binHz;
            if (f >= centre / std::sqrt(2.0) && f < centre * std::sqrt(2.0)) {
                sum += power[k];
                ++bins;
            }
        }
        octave.push_back(std::log2(centre));
        levelDb.push_back(10.0 * std::log10(sum / bins));
    }
    const double n = static_cast<double>(octave.size());
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (size_t i = 0; i < octave.size(); ++i) {
        sx += octave[i];
        sy += levelDb[i];
        sxx += octave[i] * octave[i];
        sxy += octave[i] * levelDb[i];
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

TEST(NoiseNode, SpectralSlopesAndLevelsMatchColours) {
    const struct {
        double color;
        double slopeDb;
        double rmsDb;
        double rmsTolerance;
    } cases[] = {
        {0, 0.0, -4.77, 0.05},  // white: uniform ±1, RMS 1/√3
        {1, -3.0, -14.3, 0.5},  // pink: Kellet filter ×0.11, about −14.3 dBFS
        {2, -6.0, -15.0, 0.5},  // brown: −15 dBFS by construction
    };
    for (const auto& c : cases) {
        auto noise = makeNoise(c.color, 12345);
        const auto x = test::render(noise, 4 * 48000, 128);
        const double slope = octaveSlopeDb(x);
        EXPECT_NEAR(slope, c.slopeDb, 0.5) << "color " << c.color;
        // Level: mean power over 8 seeds × 4 s (brown's 5 Hz corner makes one short run noisy).
        double power = 0.0;
        for (double seed = 1; seed <= 8; ++seed) {
            auto n = makeNoise(c.color, seed);
            const auto y = test::render(n, 4 * 48000, 128);
            power += std::pow(10.0, test::rmsDb(y, 4800, y.size()) / 10.0) / 8.0;
        }
        const double rms = 10.0 * std::log10(power);
        EXPECT_NEAR(rms, c.rmsDb, c.rmsTolerance) << "color " << c.color;
        std::printf("color %.0f: slope %.3f dB/octave (125 Hz…8 kHz octave bands), RMS %.2f dBFS\n", c.color, slope,
                    rms);
    }
}

TEST(NoiseNode, SeedMakesSequencesReproducible) {
    for (double color : {0.0, 1.0, 2.0}) {
        auto a = makeNoise(color, 7), b = makeNoise(color, 7), c = makeNoise(color, 8);
        const auto xa = test::render(a, 4800, 128), xb = test::render(b, 4800, 128), xc = test::render(c, 4800, 128);
        EXPECT_EQ(xa, xb);
        EXPECT_NE(xa, xc);
        // Setting the seed again restarts the sequence.
        a.setParameter(NoiseNode::seed, 7);
        EXPECT_EQ(test::render(a, 4800, 128), xa);
    }
    // White is mt19937's raw output u mapped to u/2^31 − 1 (no distribution object), frame by frame.
    auto noise = makeNoise(0, 1);
    std::mt19937 reference(1);
    const auto x = test::render(noise, 16, 16);
    for (float v : x) EXPECT_EQ(v, static_cast<float>(static_cast<double>(reference()) / 2147483648.0 - 1.0));
}

TEST(NoiseNode, OutputDoesNotDependOnBlockSplit) {
    const std::vector<test::ParameterEvent> events{{1000, NoiseNode::color, 1.0},
                                                   {3001, NoiseNode::levelDb, -12.0},
                                                   {5000, NoiseNode::color, 2.0},
                                                   {7000, NoiseNode::seed, 99.0}};
    std::vector<std::vector<std::vector<float>>> outputs;
    for (uint32_t block : {1u, 7u, 128u}) {
        auto noise = makeNoise(0, 3, 2);
        outputs.push_back(test::renderChannels(noise, 9600, block, events));
    }
    EXPECT_EQ(outputs[0], outputs[1]);
    EXPECT_EQ(outputs[0], outputs[2]);
    EXPECT_EQ(outputs[0][0], outputs[0][1]);
}

constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();  // parameter() of an unknown id

TEST(NoiseNode, ParametersClampAndReport) {
    NoiseNode noise;
    noise.prepare({kFs, 128, 1});
    test::expectSetCases(noise, {{NoiseNode::seed, 4294967295.0, true, 4294967295.0},
                                 {NoiseNode::seed, -1.0, false, 0.0},
                                 {NoiseNode::color, 1.4, false, 1.0},
                                 {NoiseNode::levelDb, 3.0, false, 0.0},
                                 {3, 0.0, false, kUnknown}});
}

TEST(NoiseNode, ProcessDoesNotAllocate) {
    auto noise = makeNoise(1, 5, 2);
    EXPECT_EQ(test::allocationsWhileProcessing(noise, 200,
                                               [&](int k) {
                                                   if (k % 10 != 0) return;
                                                   noise.setParameter(NoiseNode::color, k % 3);
                                                   noise.setParameter(NoiseNode::seed, k);
                                                   noise.setParameter(NoiseNode::levelDb, -k / 10.0);
                                               }),
              0u);
}

}  // namespace
}  // namespace wavegraph
