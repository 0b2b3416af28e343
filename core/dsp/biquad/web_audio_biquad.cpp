#include "dsp/biquad/web_audio_biquad.h"

#include <algorithm>
#include <cmath>
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

}  // namespace

// [audio] One case per type, straight from the Web Audio API's "Filters characteristics".
BiquadCoefficients webAudioBiquadCoefficients(BiquadType type, double sampleRateHz, double frequencyHz, double q,
                                              double gainDb, double detuneCents, FeedbackRounding rounding) noexcept {
    const double nyquistHz = 0.5 * sampleRateHz;
    double f0 = frequencyHz * math::exp2(detuneCents / 1200.0);
    if (!(f0 > 0.0)) f0 = 0.0;  // also NaN
    if (f0 > nyquistHz) f0 = nyquistHz;
    const bool atZero = f0 <= 0.0, atNyquist = f0 >= nyquistHz;
    double A = math::exp10(gainDb / 40.0);
    if (rounding == FeedbackRounding::float32) A = static_cast<float>(A);

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

}  // namespace wavegraph
