#include "dsp/biquad/biquad_coefficients.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include "dsp/portable_math.h"

namespace wavegraph {

std::string_view biquadTypeName(BiquadType type) noexcept {
    switch (type) {
        case BiquadType::lowpass: return "lowpass";
        case BiquadType::highpass: return "highpass";
        case BiquadType::bandpass: return "bandpass";
        case BiquadType::notch: return "notch";
        case BiquadType::allpass: return "allpass";
        case BiquadType::peaking: return "peaking";
        case BiquadType::lowshelf: return "lowshelf";
        case BiquadType::highshelf: return "highshelf";
    }
    return "unknown";
}

// [audio] Audio EQ Cookbook formulae, one case per filter type; then divide through by a0.
BiquadCoefficients BiquadCoefficients::design(BiquadType type, double sampleRateHz, double frequencyHz, double q,
                                              double gainDb) noexcept {
    return designWithAmplitude(type, sampleRateHz, frequencyHz, q, math::exp10(gainDb / 40.0));
}

BiquadCoefficients BiquadCoefficients::designWithAmplitude(BiquadType type, double sampleRateHz, double frequencyHz,
                                                           double q, double A) noexcept {
    const double nyquistHz = 0.5 * sampleRateHz;
    // Only the degenerate values are guarded (f0 ≤ 0 or above Nyquist, Q ≤ 0); callers that need
    // the formulas' limits there (the Web Audio biquad) handle those cases themselves.
    const double f0 = std::clamp(frequencyHz, std::numeric_limits<double>::min(), nyquistHz);
    const double safeQ = q > 0.0 ? q : 1e-4;
    const double w0 = 2.0 * std::numbers::pi * f0 / sampleRateHz;
    double sinW0, cosW0;
    math::sincos(w0, sinW0, cosW0);
    const double alpha = sinW0 / (2.0 * safeQ);

    double b0 = 1, b1 = 0, b2 = 0, a0 = 1, a1 = 0, a2 = 0;
    switch (type) {
        case BiquadType::lowpass:
            b0 = (1.0 - cosW0) / 2.0;
            b1 = 1.0 - cosW0;
            b2 = (1.0 - cosW0) / 2.0;
            a0 = 1.0 + alpha;
            a1 = -2.0 * cosW0;
            a2 = 1.0 - alpha;
            break;
        case BiquadType::highpass:
            b0 = (1.0 + cosW0) / 2.0;
            b1 = -(1.0 + cosW0);
            b2 = (1.0 + cosW0) / 2.0;
            a0 = 1.0 + alpha;
            a1 = -2.0 * cosW0;
            a2 = 1.0 - alpha;
            break;
        case BiquadType::bandpass:  // constant 0 dB peak gain
            b0 = alpha;
            b1 = 0.0;
            b2 = -alpha;
            a0 = 1.0 + alpha;
            a1 = -2.0 * cosW0;
            a2 = 1.0 - alpha;
            break;
        case BiquadType::notch:
            b0 = 1.0;
            b1 = -2.0 * cosW0;
            b2 = 1.0;
            a0 = 1.0 + alpha;
            a1 = -2.0 * cosW0;
            a2 = 1.0 - alpha;
            break;
        case BiquadType::allpass:
            b0 = 1.0 - alpha;
            b1 = -2.0 * cosW0;
            b2 = 1.0 + alpha;
            a0 = 1.0 + alpha;
            a1 = -2.0 * cosW0;
            a2 = 1.0 - alpha;
            break;
        case BiquadType::peaking:
            b0 = 1.0 + alpha * A;
            b1 = -2.0 * cosW0;
            b2 = 1.0 - alpha * A;
            a0 = 1.0 + alpha / A;
            a1 = -2.0 * cosW0;
            a2 = 1.0 - alpha / A;
            break;
        case BiquadType::lowshelf:
        case BiquadType::highshelf: {
            // Shelf slope S = 1: alpha = sin(w0)/2 · sqrt((A + 1/A)(1/S − 1) + 2) = sin(w0)/√2.
            const double shelfAlpha = sinW0 / 2.0 * std::sqrt(2.0);
            const double twoSqrtAAlpha = 2.0 * std::sqrt(A) * shelfAlpha;
            if (type == BiquadType::lowshelf) {
                b0 = A * ((A + 1) - (A - 1) * cosW0 + twoSqrtAAlpha);
                b1 = 2 * A * ((A - 1) - (A + 1) * cosW0);
                b2 = A * ((A + 1) - (A - 1) * cosW0 - twoSqrtAAlpha);
                a0 = (A + 1) + (A - 1) * cosW0 + twoSqrtAAlpha;
                a1 = -2 * ((A - 1) + (A + 1) * cosW0);
                a2 = (A + 1) + (A - 1) * cosW0 - twoSqrtAAlpha;
            } else {
                b0 = A * ((A + 1) + (A - 1) * cosW0 + twoSqrtAAlpha);
                b1 = -2 * A * ((A - 1) + (A + 1) * cosW0);
                b2 = A * ((A + 1) + (A - 1) * cosW0 - twoSqrtAAlpha);
                a0 = (A + 1) - (A - 1) * cosW0 + twoSqrtAAlpha;
                a1 = 2 * ((A - 1) - (A + 1) * cosW0);
                a2 = (A + 1) - (A - 1) * cosW0 - twoSqrtAAlpha;
            }
            break;
        }
    }
    BiquadCoefficients c;
    c.b0 = b0 / a0;
    c.b1 = b1 / a0;
    c.b2 = b2 / a0;
    c.a1 = a1 / a0;
    c.a2 = a2 / a0;
    return c;
}

std::complex<double> BiquadCoefficients::responseAt(double frequencyHz, double sampleRateHz) const noexcept {
    const double w = 2.0 * std::numbers::pi * frequencyHz / sampleRateHz;
    const std::complex<double> z1 = std::polar(1.0, -w);  // z⁻¹ on the unit circle
    const std::complex<double> z2 = z1 * z1;
    const std::complex<double> num = b0 + b1 * z1 + b2 * z2;
    const std::complex<double> den = 1.0 + a1 * z1 + a2 * z2;
    return num / den;
}

double BiquadCoefficients::magnitudeAt(double frequencyHz, double sampleRateHz) const noexcept {
    return std::abs(responseAt(frequencyHz, sampleRateHz));
}

double BiquadCoefficients::phaseRadiansAt(double frequencyHz, double sampleRateHz) const noexcept {
    return std::arg(responseAt(frequencyHz, sampleRateHz));
}

double BiquadCoefficients::magnitudeDbAt(double frequencyHz, double sampleRateHz) const noexcept {
    return 20.0 * std::log10(magnitudeAt(frequencyHz, sampleRateHz));
}

}  // namespace wavegraph
