#include "dsp/biquad/web_audio_biquad.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include "dsp/portable_math.h"

namespace wavegraph {
namespace {

/// H(z) = gain, a constant (the formulas' limit at a degenerate edge).
BiquadCoefficients constantGain(double gain) noexcept {
    BiquadCoefficients c;
    c.b0 = gain;
    c.b1 = 0.0;
    c.b2 = 0.0;
    c.a1 = 0.0;
    c.a2 = 0.0;
    return c;
}

/// 20·log10(FLT_MAX): the largest Q in dB whose linear value is still a finite float.
constexpr double kMaxQDb = 770.6;

/// 10^x the way Chromium's Biquad computes it: a float exponential of x·ln 10 (the argument
/// rounded to float, the result a float), here as the correctly rounded float of the double
/// exponential (portable_math), which the float exponentials agree with.
double float32Exp10(double x) noexcept {
    const auto argument = static_cast<float>(x * 2.30258509299404568402);
    return static_cast<float>(math::exp(argument));
}

/// Normalises by 1/a0 as Chromium does (a product with the reciprocal, not a quotient).
BiquadCoefficients normalisedByReciprocal(double b0, double b1, double b2, double a0, double a1, double a2) noexcept {
    const double a0Inverse = 1.0 / a0;
    BiquadCoefficients c;
    c.b0 = b0 * a0Inverse;
    c.b1 = b1 * a0Inverse;
    c.b2 = b2 * a0Inverse;
    c.a1 = a1 * a0Inverse;
    c.a2 = a2 * a0Inverse;
    return c;
}

/// The Web Audio formulas in Chromium's arithmetic (Blink's BiquadDSPKernel and Biquad): the four
/// parameters are float32 (AudioParam values), ω0 = π·(f0/Nyquist)·2^(detune/1200), 10^(Q/20) and
/// A = 10^(gain/40) in float precision, coefficients divided by a0 as a product with 1/a0.
BiquadCoefficients chromiumCoefficients(BiquadType type, double sampleRateHz, double frequencyHz, double q,
                                        double gainDb, double detuneCents) noexcept {
    const double frequency = static_cast<float>(frequencyHz);
    const double qValue = static_cast<float>(q);
    const double gain = static_cast<float>(gainDb);
    const double detune = static_cast<float>(detuneCents);
    double normalized = frequency / (0.5 * sampleRateHz);
    // 2^(detune/1200) as Blink has it: a float quotient and a float exponential (exp2 of a float).
    if (detune != 0.0) normalized *= static_cast<float>(math::exp2(static_cast<float>(detune) / 1200.0f));
    if (!(normalized > 0.0)) normalized = 0.0;  // also NaN
    if (normalized > 1.0) normalized = 1.0;
    const bool atZero = normalized == 0.0, atNyquist = normalized == 1.0;
    const double w0 = std::numbers::pi * normalized;
    double sinW0 = 0.0, cosW0 = 1.0;
    math::sincos(w0, sinW0, cosW0);

    switch (type) {
        case BiquadType::lowpass:
        case BiquadType::highpass: {
            if (atZero || atNyquist) return constantGain((type == BiquadType::lowpass) == atNyquist ? 1.0 : 0.0);
            const double resonance = float32Exp10(qValue / 20.0);
            const double alpha = sinW0 / (2.0 * resonance);
            const double beta = type == BiquadType::lowpass ? (1.0 - cosW0) / 2.0 : (1.0 + cosW0) / 2.0;
            const double sign = type == BiquadType::lowpass ? 1.0 : -1.0;
            return normalisedByReciprocal(beta, sign * 2.0 * beta, beta, 1.0 + alpha, -2.0 * cosW0, 1.0 - alpha);
        }
        case BiquadType::lowshelf:
        case BiquadType::highshelf: {
            const double A = float32Exp10(gain / 40.0);
            const bool low = type == BiquadType::lowshelf;
            if (atZero) return constantGain(low ? 1.0 : A * A);
            if (atNyquist) return constantGain(low ? A * A : 1.0);
            const double alpha = 0.5 * sinW0 * std::sqrt((A + 1.0 / A) * (1.0 / 1.0 - 1.0) + 2.0);
            const double k2 = 2.0 * std::sqrt(A) * alpha;
            const double aPlusOne = A + 1.0, aMinusOne = A - 1.0;
            if (low)
                return normalisedByReciprocal(
                    A * (aPlusOne - aMinusOne * cosW0 + k2), 2.0 * A * (aMinusOne - aPlusOne * cosW0),
                    A * (aPlusOne - aMinusOne * cosW0 - k2), aPlusOne + aMinusOne * cosW0 + k2,
                    -2.0 * (aMinusOne + aPlusOne * cosW0), aPlusOne + aMinusOne * cosW0 - k2);
            return normalisedByReciprocal(A * (aPlusOne + aMinusOne * cosW0 + k2),
                                          -2.0 * A * (aMinusOne + aPlusOne * cosW0),
                                          A * (aPlusOne + aMinusOne * cosW0 - k2), aPlusOne - aMinusOne * cosW0 + k2,
                                          2.0 * (aMinusOne - aPlusOne * cosW0), aPlusOne - aMinusOne * cosW0 - k2);
        }
        case BiquadType::bandpass:
        case BiquadType::notch:
        case BiquadType::allpass:
        case BiquadType::peaking: {
            const double A = type == BiquadType::peaking ? float32Exp10(gain / 40.0) : 1.0;
            if (atZero || atNyquist) return constantGain(type == BiquadType::bandpass ? 0.0 : 1.0);
            if (!(qValue > 0.0)) {
                switch (type) {
                    case BiquadType::bandpass: return constantGain(1.0);
                    case BiquadType::notch: return constantGain(0.0);
                    case BiquadType::allpass: return constantGain(-1.0);
                    default: return constantGain(A * A);
                }
            }
            const double alpha = sinW0 / (2.0 * qValue);
            const double a1 = -2.0 * cosW0;
            switch (type) {
                case BiquadType::bandpass:
                    return normalisedByReciprocal(alpha, 0.0, -alpha, 1.0 + alpha, a1, 1.0 - alpha);
                case BiquadType::notch: return normalisedByReciprocal(1.0, a1, 1.0, 1.0 + alpha, a1, 1.0 - alpha);
                case BiquadType::allpass:
                    return normalisedByReciprocal(1.0 - alpha, a1, 1.0 + alpha, 1.0 + alpha, a1, 1.0 - alpha);
                default:
                    return normalisedByReciprocal(1.0 + alpha * A, a1, 1.0 - alpha * A, 1.0 + alpha / A, a1,
                                                  1.0 - alpha / A);
            }
        }
    }
    return constantGain(1.0);
}

}  // namespace

// [audio] One case per type, straight from the Web Audio API's "Filters characteristics".
BiquadCoefficients webAudioBiquadCoefficients(BiquadType type, double sampleRateHz, double frequencyHz, double q,
                                              double gainDb, double detuneCents, FeedbackRounding rounding) noexcept {
    if (rounding == FeedbackRounding::float32)
        return chromiumCoefficients(type, sampleRateHz, frequencyHz, q, gainDb, detuneCents);
    const double nyquistHz = 0.5 * sampleRateHz;
    double f0 = frequencyHz * math::exp2(detuneCents / 1200.0);
    if (!(f0 > 0.0)) f0 = 0.0;  // also NaN
    if (f0 > nyquistHz) f0 = nyquistHz;
    const bool atZero = f0 <= 0.0, atNyquist = f0 >= nyquistHz;
    const double A = math::exp10(gainDb / 40.0);

    // Degenerate edges: the limits of the formulas (as in Chromium's Biquad).
    switch (type) {
        case BiquadType::lowpass:
            if (atZero || atNyquist) return constantGain(atNyquist ? 1.0 : 0.0);
            break;
        case BiquadType::highpass:
            if (atZero || atNyquist) return constantGain(atZero ? 1.0 : 0.0);
            break;
        case BiquadType::bandpass:
            if (atZero || atNyquist) return constantGain(0.0);
            if (q <= 0.0) return constantGain(1.0);
            break;
        case BiquadType::notch:
            if (atZero || atNyquist) return constantGain(1.0);
            if (q <= 0.0) return constantGain(0.0);
            break;
        case BiquadType::allpass:
            if (atZero || atNyquist) return constantGain(1.0);
            if (q <= 0.0) return constantGain(-1.0);
            break;
        case BiquadType::peaking:
            if (atZero || atNyquist) return constantGain(1.0);
            if (q <= 0.0) return constantGain(A * A);
            break;
        case BiquadType::lowshelf:
            if (atZero || atNyquist) return constantGain(atNyquist ? A * A : 1.0);
            break;
        case BiquadType::highshelf:
            if (atZero || atNyquist) return constantGain(atZero ? A * A : 1.0);
            break;
    }

    // Regular case: the Audio EQ Cookbook formulas (BiquadCoefficients::design), with the Web
    // Audio convention that lowpass and highpass take Q in dB (linear Q = 10^(Q/20)).
    const bool qInDb = type == BiquadType::lowpass || type == BiquadType::highpass;
    const double linearQ = qInDb ? math::dbToGain(std::clamp(q, -kMaxQDb, kMaxQDb)) : q;
    return BiquadCoefficients::designWithAmplitude(type, sampleRateHz, f0, linearQ, A);
}

WebAudioBiquad::WebAudioBiquad() noexcept {
    values_[index(Field::frequencyHz)].setImmediate(350.0);
    values_[index(Field::detuneCents)].setImmediate(0.0);
    values_[index(Field::q)].setImmediate(1.0);
    values_[index(Field::gainDb)].setImmediate(0.0);
    redesign();
}

void WebAudioBiquad::prepare(const ProcessSpec& spec, double rampTimeMs) {  // [control]
    sampleRateHz_ = spec.sampleRateHz;
    for (auto& v : values_) v.prepare(spec.sampleRateHz, rampTimeMs);
    filter_.prepare(spec);
    reset();
}

void WebAudioBiquad::reset() noexcept {  // [audio]
    for (auto& v : values_) v.setImmediate(v.target());
    updating_ = false;
    gridFrame_ = 0;
    redesign();
    filter_.reset();
}

void WebAudioBiquad::setType(BiquadType type) noexcept {  // [audio]
    type_ = type;
    redesign();
}

void WebAudioBiquad::set(Field field, double value, bool immediate) noexcept {  // [audio]
    SmoothedValue& v = values_[index(field)];
    if (immediate) {
        v.setImmediate(value);
        redesign();
        return;
    }
    if (value == v.target() && !v.isRamping()) return;
    v.setTarget(value);
    if (v.isRamping()) {
        updating_ = true;
        gridFrame_ = 0;
    } else {
        redesign();  // zero-length ramp: SmoothedValue jumped
    }
}

bool WebAudioBiquad::anyRamping() const noexcept {
    for (const auto& v : values_)
        if (v.isRamping()) return true;
    return false;
}

void WebAudioBiquad::redesign() noexcept {  // [audio]
    filter_.setCoefficients(
        webAudioBiquadCoefficients(type_, sampleRateHz_, values_[index(Field::frequencyHz)].current(),
                                   values_[index(Field::q)].current(), values_[index(Field::gainDb)].current(),
                                   values_[index(Field::detuneCents)].current(), filter_.feedbackRounding()));
}

void WebAudioBiquad::setFeedbackRounding(FeedbackRounding rounding) noexcept {  // [audio]
    if (rounding == filter_.feedbackRounding()) return;
    filter_.setFeedbackRounding(rounding);
    redesign();
}

void WebAudioBiquad::process(AudioBlock& block) noexcept {  // [audio]
    uint32_t done = 0;
    while (done < block.numFrames) {
        uint32_t length = block.numFrames - done;
        if (updating_) {
            // One segment = the rest of the current grid cell; the coefficients change only at
            // the first frame of a cell, from the values reached at that frame.
            const uint32_t phase = gridFrame_ % kCoefficientIntervalFrames;
            length = std::min(length, kCoefficientIntervalFrames - phase);
            for (uint32_t i = 0; i < length; ++i) {
                for (auto& v : values_) v.next();
                if (i == 0 && phase == 0) {
                    redesign();
                    if (!anyRamping()) updating_ = false;
                }
            }
            gridFrame_ += length;
        }
        AudioBlock segment = block.subBlock(done, length);
        filter_.process(segment);
        done += length;
    }
}

void WebAudioBiquad::processWithValues(AudioBlock& block,
                                       const std::array<const double*, 4>& values) noexcept {  // [audio]
    for (uint32_t i = 0; i < block.numFrames; ++i) {
        for (uint32_t f = 0; f < values.size(); ++f)
            if (values[f] != nullptr) values_[f].setImmediate(values[f][i]);
        redesign();
        AudioBlock frame = block.subBlock(i, 1);
        process(frame);
    }
}

}  // namespace wavegraph
