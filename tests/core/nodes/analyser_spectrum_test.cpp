// AnalyserSpectrum (control-side half of the W3C AnalyserNode): dB values against a direct
// O(N²) DFT of the W3C formula in double, smoothing across successive calls, byte scaling,
// a 1 kHz sine against the analytic Blackman response, time-domain data, errors, and no
// allocation after setup.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <iostream>
#include <numbers>
#include <random>
#include <vector>

#include "allocation_counter.h"
#include "analyser_spectrum.h"
#include "signal_helpers.h"

using namespace wavegraph;

namespace {

constexpr double kPi = std::numbers::pi;

// W3C § AnalyserNode "FFT Windowing and smoothing over time", written from the text:
// Blackman with α = 0.16 → a0 = 0.42, a1 = 0.5, a2 = 0.08.
double blackman(uint32_t n, uint32_t size) {
    return 0.42 - 0.5 * std::cos(2.0 * kPi * n / size) + 0.08 * std::cos(4.0 * kPi * n / size);
}

// |X[k]| = |(1/N) Σ x[n]·w[n]·e^(−2πikn/N)| by the direct sum, for the bins listed.
std::vector<double> directMagnitudes(const std::vector<float>& x, const std::vector<uint32_t>& bins) {
    const auto size = static_cast<uint32_t>(x.size());
    std::vector<double> cosTable(size), sinTable(size), windowed(size);
    for (uint32_t m = 0; m < size; ++m) {
        cosTable[m] = std::cos(2.0 * kPi * m / size);
        sinTable[m] = std::sin(2.0 * kPi * m / size);
        windowed[m] = double{x[m]} * blackman(m, size);
    }
    std::vector<double> out;
    for (uint32_t k : bins) {
        double re = 0.0, im = 0.0;
        for (uint32_t n = 0; n < size; ++n) {
            const uint32_t m = static_cast<uint32_t>((uint64_t{k} * n) % size);
            re += windowed[n] * cosTable[m];
            im -= windowed[n] * sinTable[m];
        }
        out.push_back(std::hypot(re, im) / size);
    }
    return out;
}

// Seeded noise plus two sines: a wide dynamic range across the bins.
std::vector<float> testSignal(uint32_t frames, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.0f, 0.01f);
    std::vector<float> x(frames);
    for (uint32_t n = 0; n < frames; ++n)
        x[n] = static_cast<float>(0.5 * std::sin(2.0 * kPi * 1000.0 * n / 48000.0) +
                                  0.1 * std::sin(2.0 * kPi * 7300.0 * n / 48000.0)) + noise(rng);
    return x;
}

std::vector<uint32_t> binsToCheck(uint32_t fftSize) {
    std::vector<uint32_t> bins;
    if (fftSize <= 2048) {
        for (uint32_t k = 0; k < fftSize / 2; ++k) bins.push_back(k);
    } else {  // a subset: every 256th bin plus the bins around the two sines
        for (uint32_t k = 0; k < fftSize / 2; k += 256) bins.push_back(k);
        for (double f : {1000.0, 7300.0}) {
            const auto centre = static_cast<uint32_t>(std::lround(f * fftSize / 48000.0));
            for (uint32_t k = centre - 4; k <= centre + 4; ++k) bins.push_back(k);
        }
    }
    return bins;
}

double toDb(double magnitude) { return 20.0 * std::log10(magnitude); }

class AnalyserSpectrumSizes : public ::testing::TestWithParam<uint32_t> {};

}  // namespace

TEST_P(AnalyserSpectrumSizes, FloatFrequencyDataMatchesDirectDftWithSmoothing) {
    const uint32_t fftSize = GetParam();
    AnalyserSpectrum spectrum;
    ASSERT_TRUE(spectrum.setFftSize(fftSize));
    ASSERT_EQ(spectrum.frequencyBinCount(), fftSize / 2);
    const double tau = spectrum.smoothingTimeConstant();
    ASSERT_EQ(tau, 0.8);

    const auto first = testSignal(fftSize, 1), second = testSignal(fftSize, 2);
    const auto bins = binsToCheck(fftSize);
    const auto magFirst = directMagnitudes(first, bins), magSecond = directMagnitudes(second, bins);

    std::vector<float> db1(fftSize / 2), db2(fftSize / 2);
    spectrum.getFloatFrequencyData(first, db1);
    spectrum.getFloatFrequencyData(second, db2);

    double worst = 0.0;
    size_t compared = 0;
    for (size_t i = 0; i < bins.size(); ++i) {
        const uint32_t k = bins[i];
        const double smoothed1 = (1.0 - tau) * magFirst[i];  // X̂prev = 0 on the first call
        const double smoothed2 = tau * smoothed1 + (1.0 - tau) * magSecond[i];
        for (auto [expected, got] : {std::pair{toDb(smoothed1), db1[k]}, std::pair{toDb(smoothed2), db2[k]}}) {
            if (expected <= -200.0) continue;
            worst = std::max(worst, std::fabs(expected - got));
            ++compared;
            EXPECT_NEAR(got, expected, 1e-4) << "bin " << k;
        }
    }
    std::cout << "[measure] fftSize " << fftSize << ": " << compared << " bin values, max |ΔdB| = " << worst
              << " vs direct DFT\n";
    EXPECT_GT(compared, bins.size());  // both calls compared on most bins
}

TEST_P(AnalyserSpectrumSizes, ByteFrequencyDataMatchesFormula) {
    const uint32_t fftSize = GetParam();
    AnalyserSpectrum spectrum;
    ASSERT_TRUE(spectrum.setFftSize(fftSize));
    ASSERT_TRUE(spectrum.setSmoothingTimeConstant(0.0));
    ASSERT_TRUE(spectrum.setDecibelRange(-90.0, -10.0));
    const auto x = testSignal(fftSize, 3);
    const auto bins = binsToCheck(fftSize);
    const auto magnitudes = directMagnitudes(x, bins);
    std::vector<uint8_t> bytes(fftSize / 2);
    spectrum.getByteFrequencyData(x, bytes);
    size_t mismatches = 0, checked = 0, clampedLow = 0, clampedHigh = 0;
    for (size_t i = 0; i < bins.size(); ++i) {
        const double scaled = 255.0 / 80.0 * (toDb(magnitudes[i]) + 90.0);
        if (std::fabs(scaled - std::round(scaled)) < 1e-4) continue;  // on a floor() edge
        const double expected = std::clamp(std::floor(scaled), 0.0, 255.0);
        clampedLow += expected == 0.0;
        clampedHigh += expected == 255.0;
        ++checked;
        if (bytes[bins[i]] != expected) {
            ++mismatches;
            ADD_FAILURE() << "bin " << bins[i] << ": byte " << int{bytes[bins[i]]} << ", expected " << expected;
        }
    }
    std::cout << "[measure] fftSize " << fftSize << ": " << checked << " bytes checked, " << mismatches
              << " mismatches (" << clampedLow << " at 0, " << clampedHigh << " at 255)\n";
    EXPECT_EQ(mismatches, 0u);
    EXPECT_GT(checked, bins.size() * 9 / 10);
}

INSTANTIATE_TEST_SUITE_P(AnalyserSpectrum, AnalyserSpectrumSizes, ::testing::Values(32u, 2048u, 32768u));

// X[k] of A·sin(ωn) from the closed-form DTFT of the Blackman window (geometric series of its
// three cosine terms): X[k] = A/(2iN)·[W(θk − ω) − W(θk + ω)], θk = 2πk/N.
double analyticBlackmanSineMagnitude(double amplitude, double omega, uint32_t k, uint32_t size) {
    using C = std::complex<double>;
    const double n = size;
    auto dirichlet = [&](double theta) {  // Σ_{m<N} e^(−iθm)
        const C z = std::polar(1.0, -theta);
        if (std::abs(z - 1.0) < 1e-15) return C(n, 0.0);
        return (1.0 - std::pow(z, n)) / (1.0 - z);
    };
    const double step = 2.0 * kPi / n;
    auto window = [&](double theta) {
        return 0.42 * dirichlet(theta) - 0.25 * (dirichlet(theta - step) + dirichlet(theta + step)) +
               0.04 * (dirichlet(theta - 2 * step) + dirichlet(theta + 2 * step));
    };
    const double thetaK = step * k;
    return std::abs(amplitude / (2.0 * n) * (window(thetaK - omega) - window(thetaK + omega)));
}

TEST(AnalyserSpectrum, OneKilohertzSinePeaksInTheRightBinAtTheBlackmanLevel) {
    constexpr double kFs = 48000.0, kF = 1000.0, kAmplitude = 0.5;
    constexpr uint32_t kSize = 2048;
    AnalyserSpectrum spectrum;
    ASSERT_TRUE(spectrum.setSmoothingTimeConstant(0.0));
    const auto x = test::makeSine(kF, kFs, kSize, kAmplitude);
    std::vector<float> db(kSize / 2);
    spectrum.getFloatFrequencyData(x, db);
    const auto peak = static_cast<uint32_t>(std::max_element(db.begin(), db.end()) - db.begin());
    const auto expectedBin = static_cast<uint32_t>(std::lround(kF * kSize / kFs));  // 42.67 → 43
    EXPECT_EQ(peak, expectedBin);
    const double omega = 2.0 * kPi * kF / kFs;
    for (uint32_t k = expectedBin - 3; k <= expectedBin + 3; ++k) {
        const double analytic = toDb(analyticBlackmanSineMagnitude(kAmplitude, omega, k, kSize));
        EXPECT_NEAR(db[k], analytic, 1e-3) << "bin " << k;
        if (k == expectedBin)
            std::cout << "[measure] 1 kHz, A = 0.5, fftSize 2048: bin " << peak << " at " << db[k]
                      << " dB, analytic Blackman " << analytic << " dB (on-bin A·a0/2 would be "
                      << toDb(kAmplitude * 0.42 / 2.0) << " dB)\n";
    }
}

TEST(AnalyserSpectrum, TimeDomainDataFollowsTheW3CFormulas) {
    AnalyserSpectrum spectrum;
    ASSERT_TRUE(spectrum.setFftSize(32));
    std::vector<float> x(40);  // longer than fftSize: the last 32 are used
    for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(-1.25 + 2.5 * (double(i) - 8.0) / 31.0);  // −1.25 … 1.25 over the last 32
    std::vector<float> floats(32, 7.0f);
    std::vector<uint8_t> bytes(32);
    spectrum.getFloatTimeDomainData(x, floats);
    spectrum.getByteTimeDomainData(x, bytes);
    for (size_t i = 0; i < 32; ++i) {
        EXPECT_EQ(floats[i], x[8 + i]);
        const double expected = std::clamp(std::floor(128.0 * (1.0 + x[8 + i])), 0.0, 255.0);
        EXPECT_EQ(bytes[i], expected) << "x = " << x[8 + i];
    }
    EXPECT_EQ(bytes.front(), 0);   // x < −1 clamps
    EXPECT_EQ(bytes.back(), 255);  // x > 1 clamps

    const std::vector<float> shortInput{0.5f, -0.5f};  // missing oldest frames are zeros
    std::vector<float> longOut(40, 7.0f);
    spectrum.getFloatTimeDomainData(shortInput, longOut);
    for (size_t i = 0; i < 30; ++i) EXPECT_EQ(longOut[i], 0.0f);
    EXPECT_EQ(longOut[30], 0.5f);
    EXPECT_EQ(longOut[31], -0.5f);
    EXPECT_EQ(longOut[32], 7.0f);  // beyond fftSize: untouched
}

TEST(AnalyserSpectrum, RejectsBadSettingsWithOneLineMessages) {
    AnalyserSpectrum spectrum;
    const Status notPowerOfTwo = spectrum.setFftSize(1000);
    EXPECT_EQ(notPowerOfTwo.message(), "fftSize 1000 is not a power of two in range (32…32768)");
    EXPECT_FALSE(spectrum.setFftSize(16));
    EXPECT_FALSE(spectrum.setFftSize(65536));
    EXPECT_EQ(spectrum.fftSize(), 2048u);
    EXPECT_EQ(spectrum.setSmoothingTimeConstant(1.5).message(), "smoothingTimeConstant 1.5 is out of range (0…1)");
    EXPECT_EQ(spectrum.smoothingTimeConstant(), 0.8);
    EXPECT_EQ(spectrum.setDecibelRange(-30.0, -100.0).message(), "minDecibels -30 must be less than maxDecibels -100");
    EXPECT_FALSE(spectrum.setDecibelRange(-50.0, -50.0));
    EXPECT_FALSE(spectrum.setDecibelRange(std::nan(""), -30.0));
    EXPECT_EQ(spectrum.minDecibels(), -100.0);
    EXPECT_EQ(spectrum.maxDecibels(), -30.0);
}

TEST(AnalyserSpectrum, ComputesWithoutAllocatingAfterSetup) {
    for (uint32_t fftSize : {32u, 2048u, 32768u}) {
        AnalyserSpectrum spectrum;
        ASSERT_TRUE(spectrum.setFftSize(fftSize));
        const auto x = testSignal(fftSize, 4);
        std::vector<float> floats(fftSize);
        std::vector<uint8_t> bytes(fftSize);
        size_t allocations = 0;
        {
            test::AllocationCounter counter;
            spectrum.getFloatFrequencyData(x, floats);
            spectrum.getByteFrequencyData(x, bytes);
            spectrum.getFloatTimeDomainData(x, floats);
            spectrum.getByteTimeDomainData(x, bytes);
            spectrum.setSmoothingTimeConstant(0.5);
            spectrum.setDecibelRange(-120.0, -20.0);
            allocations = counter.count();
        }
        EXPECT_EQ(allocations, 0u) << "fftSize " << fftSize;
    }
}
