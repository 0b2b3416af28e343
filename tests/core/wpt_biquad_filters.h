#pragma once
/// \file wpt_biquad_filters.h
/// Test reference: the biquad filters of the web-platform-tests (WPT) Web Audio suite, computed
/// the way webaudio/resources/biquad-filters.js computes them: the W3C "Filters characteristics"
/// formulas in double precision on the normalised frequency f (1 = Nyquist, ω0 = π·f), the limits
/// it hard-codes at f = 0, f = 1 and Q ≤ 0, normalised with a product by 1/a0; and its own
/// direct-form filter (filterData), in double. Written from the formulas, independent of
/// core/dsp/biquad.

#include <cmath>
#include <numbers>
#include <string_view>
#include <vector>

namespace wavegraph::test::wpt {

/// H(z) = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²).
struct Coefficients {
    double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
};

inline Coefficients normalized(double b0, double b1, double b2, double a0, double a1, double a2) {
    const double scale = 1.0 / a0;
    return {b0 * scale, b1 * scale, b2 * scale, a1 * scale, a2 * scale};
}

inline Coefficients gainOnly(double gain) { return {gain, 0, 0, 0, 0}; }

/// createFilter(type, freq, q, gain) of biquad-filters.js; `type` is the BiquadFilterType name.
inline Coefficients createFilter(std::string_view type, double freq, double q, double gain) {
    const double pi = std::numbers::pi;
    if (type == "lowpass") {
        if (freq == 1) return gainOnly(1);
        const double theta = pi * freq;
        const double alpha = std::sin(theta) / (2 * std::pow(10.0, q / 20));
        const double cosw = std::cos(theta);
        const double beta = (1 - cosw) / 2;
        return normalized(beta, 2 * beta, beta, 1 + alpha, -2 * cosw, 1 - alpha);
    }
    if (type == "highpass") {
        if (freq == 1) return gainOnly(0);
        if (freq == 0) return gainOnly(1);
        const double theta = pi * freq;
        const double alpha = std::sin(theta) / (2 * std::pow(10.0, q / 20));
        const double cosw = std::cos(theta);
        const double beta = (1 + cosw) / 2;
        return normalized(beta, -2 * beta, beta, 1 + alpha, -2 * cosw, 1 - alpha);
    }
    if (type == "bandpass") {
        if (!(freq > 0 && freq < 1)) return gainOnly(0);
        if (!(q > 0)) return gainOnly(1);
        const double w0 = pi * freq, alpha = std::sin(w0) / (2 * q), k = std::cos(w0);
        return normalized(alpha, 0, -alpha, 1 + alpha, -2 * k, 1 - alpha);
    }
    const double A = std::pow(10.0, gain / 40);
    if (type == "lowshelf" || type == "highshelf") {
        const bool low = type == "lowshelf";
        if (freq == 1) return gainOnly(low ? A * A : 1);
        if (freq == 0) return gainOnly(low ? 1 : A * A);
        const double S = 1, w0 = pi * freq;
        const double alpha = 0.5 * std::sin(w0) * std::sqrt((A + 1 / A) * (1 / S - 1) + 2);
        const double k = std::cos(w0), k2 = 2 * std::sqrt(A) * alpha, Ap1 = A + 1, Am1 = A - 1;
        if (low)
            return normalized(A * (Ap1 - Am1 * k + k2), 2 * A * (Am1 - Ap1 * k), A * (Ap1 - Am1 * k - k2),
                              Ap1 + Am1 * k + k2, -2 * (Am1 + Ap1 * k), Ap1 + Am1 * k - k2);
        return normalized(A * (Ap1 + Am1 * k + k2), -2 * A * (Am1 + Ap1 * k), A * (Ap1 + Am1 * k - k2),
                          Ap1 - Am1 * k + k2, 2 * (Am1 - Ap1 * k), Ap1 - Am1 * k - k2);
    }
    // peaking, notch, allpass
    if (!(freq > 0 && freq < 1)) return gainOnly(1);
    if (!(q > 0)) return gainOnly(type == "peaking" ? A * A : type == "notch" ? 0 : -1);
    const double w0 = pi * freq, alpha = std::sin(w0) / (2 * q), k = std::cos(w0);
    if (type == "peaking")
        return normalized(1 + alpha * A, -2 * k, 1 - alpha * A, 1 + alpha / A, -2 * k, 1 - alpha / A);
    if (type == "notch") return normalized(1, -2 * k, 1, 1 + alpha, -2 * k, 1 - alpha);
    return normalized(1 - alpha, -2 * k, 1 + alpha, 1 + alpha, -2 * k, 1 - alpha);  // allpass
}

/// filterData(coef, signal, len) of biquad-filters.js: direct form, double, zero-extended input.
inline std::vector<double> filterData(const Coefficients& c, const std::vector<double>& signal, size_t len) {
    std::vector<double> y(len, 0.0);
    auto x = [&](size_t k) { return k < signal.size() ? signal[k] : 0.0; };
    for (size_t k = 0; k < len; ++k) {
        double v = c.b0 * x(k);
        if (k >= 1) v += c.b1 * x(k - 1) - c.a1 * y[k - 1];
        if (k >= 2) v += c.b2 * x(k - 2) - c.a2 * y[k - 2];
        y[k] = v;
    }
    return y;
}

/// H(e^{iπf}) of the getFrequencyResponse test's getResponseAt: magnitude and phase wrapped
/// into (−π, π) as that test wraps it.
struct Response {
    double magnitude, phase;
};
inline Response responseAt(const Coefficients& c, double f) {
    const double omega = std::numbers::pi * f;
    const double numRe = c.b0 + c.b1 * std::cos(omega) + c.b2 * std::cos(2 * omega);
    const double numIm = -(c.b1 * std::sin(omega) + c.b2 * std::sin(2 * omega));
    const double denRe = 1 + c.a1 * std::cos(omega) + c.a2 * std::cos(2 * omega);
    const double denIm = -(c.a1 * std::sin(omega) + c.a2 * std::sin(2 * omega));
    const double magnitude = std::sqrt((numRe * numRe + numIm * numIm) / (denRe * denRe + denIm * denIm));
    double phase = std::atan2(numIm, numRe) - std::atan2(denIm, denRe);
    if (phase >= std::numbers::pi)
        phase -= 2 * std::numbers::pi;
    else if (phase <= -std::numbers::pi)
        phase += 2 * std::numbers::pi;
    return {magnitude, phase};
}

}  // namespace wavegraph::test::wpt
