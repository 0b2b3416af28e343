#pragma once
/// \file band_limited_wavetable.h
/// Mip-mapped, band-limited single-cycle tables for the sawtooth, square and triangle waveforms
/// of OscillatorNode. Each level holds the Fourier series of the waveform truncated to K
/// harmonics (K from a half-octave ladder 1, 2, 3, 4, 5, 6, 8, 11, 16, 22, 32, …, 724, 1024);
/// the oscillator plays the level with the most harmonics whose K-th harmonic stays strictly
/// below Nyquist, so no harmonic of the played frequency can alias.
///
/// Coefficients (sine series, phase 0 at the start of the cycle) are those of the W3C Web Audio
/// API, "PeriodicWave" › "Waveform generation" / oscillator coefficients:
///   sawtooth b_k = 2/(kπ)·(−1)^(k+1), square b_k = 2/(kπ)·(1 − (−1)^k),
///   triangle b_k = 8·sin(kπ/2)/(kπ)².
/// Tables are read with 4-point (cubic) Lagrange interpolation. Interpolating equals convolving
/// the table with the Lagrange kernel h(t) (support ±2 points); its spectrum H(ν) (ν in cycles
/// per table point) has 4th-order zeros at the nonzero integers, so the images of harmonic k
/// (at N ± k, 2N ± k, …) are about (k/N)^4 relative: with N = max(2048, next power of two ≥ 8K)
/// points the summed non-harmonic power stays below −90 dB re the fundamental (measured in
/// oscillator_test.cpp). Each harmonic is pre-scaled by 1/H(k/N), computed numerically, so the
/// played amplitudes match the series.
///
/// The tables do not depend on the sample rate; they are built once per process (about 0.7 MB of
/// float, about 40 ms natively) by the first call to `instance()` and shared read-only afterwards.

#include <array>
#include <cstdint>
#include <vector>

namespace wavegraph {

/// The process-wide set of band-limited tables, one mip-map ladder per Shape (see the file comment).
class BandLimitedWavetable {
public:
    /// Waveform of a ladder.
    enum class Shape : uint32_t { sawtooth = 0, square = 1, triangle = 2 };
    /// Number of Shape values.
    static constexpr uint32_t kNumShapes = 3;
    /// Harmonic counts of the levels, ascending (half-octave steps).
    static constexpr std::array<uint32_t, 21> kHarmonics{1,  2,  3,  4,   5,   6,   8,   11,  16,  22,  32,
                                                         45, 64, 90, 128, 181, 256, 362, 512, 724, 1024};

    /// One level: `size` points (a power of two); data[-1] = data[size − 1], data[size] = data[0]
    /// and data[size + 1] = data[1] are guard points for the interpolator.
    struct Table {
        const float* data = nullptr;  ///< First point of one cycle (guard points around it).
        uint32_t size = 0;            ///< Points per cycle (a power of two).
        uint32_t harmonics = 0;       ///< Harmonics K of the truncated Fourier series.
    };

    /// The shared tables, built on first use (thread-safe static initialisation). [control]
    static const BandLimitedWavetable& instance();

    /// The level to play `frequencyHz` at `sampleRateHz`: most harmonics K with K·f < fs/2.
    /// data == nullptr when even the fundamental is at or above Nyquist (play silence). [audio]
    Table table(Shape shape, double frequencyHz, double sampleRateHz) const noexcept;

    /// 4-point Lagrange interpolation of `table` at phase ∈ [0, 1) (cycles). [audio]
    static float read(const Table& table, double phase) noexcept {
        const double position = phase * table.size;
        const auto index = static_cast<uint32_t>(position);
        const auto x = static_cast<float>(position - index);
        const float* p = table.data + index;  // p[-1] … p[2] are valid (guard points)
        const float xm1 = x - 1.0f, xm2 = x - 2.0f, xp1 = x + 1.0f;
        const float cm1 = -x * xm1 * xm2 * (1.0f / 6.0f);
        const float c0 = xp1 * xm1 * xm2 * 0.5f;
        const float c1 = -xp1 * x * xm2 * 0.5f;
        const float c2 = xp1 * x * xm1 * (1.0f / 6.0f);
        return cm1 * p[-1] + c0 * p[0] + c1 * p[1] + c2 * p[2];
    }

private:
    BandLimitedWavetable();
    std::vector<float> samples_;
    std::array<std::array<Table, kHarmonics.size()>, kNumShapes> tables_{};
};

}  // namespace wavegraph
