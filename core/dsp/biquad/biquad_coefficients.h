#pragma once
/// \file biquad_coefficients.h
/// RBJ biquad designs. Source: Robert Bristow-Johnson, "Cookbook formulae for audio EQ biquad
/// filter coefficients" (the Audio EQ Cookbook), as also used by the W3C Web Audio API §1.13
/// BiquadFilterNode. Coefficients are double precision, as in Chromium.

#include <complex>
#include <cstdint>
#include <string_view>

namespace wavegraph {

/// The eight RBJ filter types.
enum class BiquadType : uint32_t {
    lowpass = 0,
    highpass = 1,
    bandpass = 2,
    notch = 3,
    allpass = 4,
    peaking = 5,
    lowshelf = 6,
    highshelf = 7,
};

/// "lowpass", "highpass", … as in the Web Audio API's BiquadFilterType.
std::string_view biquadTypeName(BiquadType type) noexcept;

/// Normalised coefficients (a0 == 1) of
/// H(z) = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²).
struct BiquadCoefficients {
    double b0 = 1.0;  ///< Feed-forward coefficient of x[n].
    double b1 = 0.0;  ///< Feed-forward coefficient of x[n−1].
    double b2 = 0.0;  ///< Feed-forward coefficient of x[n−2].
    double a1 = 0.0;  ///< Feedback coefficient of y[n−1] (subtracted).
    double a2 = 0.0;  ///< Feedback coefficient of y[n−2] (subtracted).

    /// Designs one RBJ filter. [audio-safe: no allocation]
    /// \param type          the response (lowpass, highpass, bandpass, notch, allpass, peaking,
    ///                      lowshelf, highshelf: RBJ Audio EQ Cookbook formulas)
    /// \param sampleRateHz  > 0
    /// \param frequencyHz   centre/corner frequency, clamped to (0, sampleRateHz / 2]
    /// \param q             linear Q (Cookbook convention for every type); Q ≤ 0 is taken as 1e-4;
    ///                      shelves use slope S = 1 and ignore q
    /// \param gainDb        used by peaking and the shelves (A = 10^(gainDb/40))
    static BiquadCoefficients design(BiquadType type, double sampleRateHz, double frequencyHz, double q,
                                     double gainDb) noexcept;
    /// The same with the Cookbook's amplitude A given directly instead of gainDb (A > 0; design
    /// uses A = 10^(gainDb/40)), e.g. an A rounded the way another implementation rounds it.
    static BiquadCoefficients designWithAmplitude(BiquadType type, double sampleRateHz, double frequencyHz, double q,
                                                  double amplitudeA) noexcept;

    /// H(e^{jω}) at frequencyHz, ω = 2π·frequencyHz/sampleRateHz (defined for every frequency,
    /// 0 Hz and Nyquist included; NaN coefficients give NaN).
    std::complex<double> responseAt(double frequencyHz, double sampleRateHz) const noexcept;
    /// |H(e^{jω})| at frequencyHz, ω = 2π·frequencyHz/sampleRateHz, as a linear ratio.
    double magnitudeAt(double frequencyHz, double sampleRateHz) const noexcept;
    /// arg H(e^{jω}) at frequencyHz in radians, in (−π, π] (atan2 of the response).
    double phaseRadiansAt(double frequencyHz, double sampleRateHz) const noexcept;
    /// The same in dB (20·log10).
    double magnitudeDbAt(double frequencyHz, double sampleRateHz) const noexcept;
};

}  // namespace wavegraph
