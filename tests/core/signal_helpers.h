#pragma once
// Test-only signal generation and measurement.

#include <cmath>
#include <cstddef>
#include <numbers>
#include <vector>

namespace wavegraph::test {

inline std::vector<float> makeSine(double frequencyHz, double sampleRateHz, size_t frames,
                                   double amplitude = 0.5) {
    std::vector<float> out(frames);
    for (size_t i = 0; i < frames; ++i)
        out[i] = static_cast<float>(amplitude * std::sin(2.0 * std::numbers::pi * frequencyHz * i / sampleRateHz));
    return out;
}

/// RMS of x[start, end) in dB (20·log10).
inline double rmsDb(const std::vector<float>& x, size_t start, size_t end) {
    double sum = 0.0;
    for (size_t i = start; i < end; ++i) sum += double{x[i]} * x[i];
    return 10.0 * std::log10(sum / static_cast<double>(end - start));
}

/// Amplitude of the component at frequencyHz in x[start, end), by least-squares projection on
/// sin and cos (exact for a pure sinusoid over any whole or partial window when the window is long).
inline double sineAmplitude(const std::vector<float>& x, size_t start, size_t end,
                            double frequencyHz, double sampleRateHz) {
    double ss = 0, cc = 0, sc = 0, xs = 0, xc = 0;
    for (size_t i = start; i < end; ++i) {
        const double w = 2.0 * std::numbers::pi * frequencyHz * i / sampleRateHz;
        const double s = std::sin(w), c = std::cos(w);
        ss += s * s; cc += c * c; sc += s * c; xs += x[i] * s; xc += x[i] * c;
    }
    // Solve [ss sc; sc cc] [a; b] = [xs; xc].
    const double det = ss * cc - sc * sc;
    const double a = (xs * cc - xc * sc) / det;
    const double b = (xc * ss - xs * sc) / det;
    return std::hypot(a, b);
}

}  // namespace wavegraph::test
