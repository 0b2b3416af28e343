#pragma once
/// \file web_audio_biquad.h
/// The W3C Web Audio API's biquad filter (§1.13 BiquadFilterNode, "Filters characteristics"):
/// its coefficient conventions, and one smoothed biquad section that uses them. The formulas are
/// the Audio EQ Cookbook's (R. Bristow-Johnson) with the Web Audio twists:
///   - computedFrequency f0 = frequencyHz · 2^(detuneCents / 1200), clamped to [0, Nyquist];
///   - lowpass and highpass take Q in dB: α = sin(ω0) / (2 · 10^(Q/20)) (resonance);
///   - bandpass, notch, allpass and peaking take linear Q: α = sin(ω0) / (2Q);
///   - lowshelf and highshelf ignore Q and use slope S = 1: α = sin(ω0)/2 · √2;
///   - peaking and the shelves use A = 10^(gainDb / 40).
/// At the edges where the formulas degenerate (f0 = 0, f0 = Nyquist, linear Q ≤ 0) the
/// coefficients are the formulas' limits, as in Chromium's Biquad (e.g. a lowpass at Nyquist is a
/// wire, a notch with Q ≤ 0 is silent).

#include <array>
#include <cstdint>

#include "base/audio_block.h"
#include "base/process_spec.h"
#include "dsp/biquad/biquad.h"
#include "dsp/biquad/biquad_coefficients.h"
#include "dsp/smoothed_value.h"

namespace wavegraph {

/// Web Audio's Q range is ±(largest float) (AudioParam most-positive-single-float).
inline constexpr double kWebAudioMaxQ = 3.4028234663852886e38;
/// Web Audio's largest gain in dB: 40·log10(largest float) (BiquadFilterNode.gain maxValue).
inline constexpr double kWebAudioMaxGainDb = 1541.273576764145;

/// Normalised (a0 = 1) coefficients of one Web Audio biquad. [audio-safe: no allocation]
/// \param type          any of the eight BiquadType values
/// \param sampleRateHz  > 0
/// \param frequencyHz   Hz; with detune gives f0, clamped to [0, sampleRateHz / 2]
/// \param q             dB for lowpass/highpass (limited to ±770.6 dB so 10^(Q/20) stays finite),
///                      linear for bandpass/notch/allpass/peaking, ignored by the shelves
/// \param gainDb        dB, used by peaking and the shelves
/// \param detuneCents   cents, 0 = no detune
/// \param rounding      FeedbackRounding::float32: Chromium's arithmetic (Blink's BiquadDSPKernel
///                      and Biquad): the four parameters rounded to float32 as AudioParam values
///                      are, ω0 = π·(f0/Nyquist), 10^(Q/20) and A = 10^(gainDb/40) as float
///                      exponentials, the coefficients multiplied by 1/a0 (with the float32
///                      feedback of Biquad this gives Chromium's samples, measured in
///                      tests/e2e); none: everything in double
BiquadCoefficients webAudioBiquadCoefficients(BiquadType type, double sampleRateHz, double frequencyHz, double q,
                                              double gainDb, double detuneCents = 0.0,
                                              FeedbackRounding rounding = FeedbackRounding::none) noexcept;

/// One biquad section with Web Audio parameters, smoothed and applied in place to every channel
/// (direct form I, double coefficients and state, via `Biquad`).
///
/// Smoothing: frequencyHz, detuneCents, q and gainDb ramp linearly per frame (SmoothedValue).
/// While any of them ramps, the coefficients are recomputed every kCoefficientIntervalFrames
/// frames on a grid counted from the start of the latest ramp (and once more, on that grid,
/// with the final values), so the output does not depend on how a render is split into blocks.
class WebAudioBiquad {
public:
    /// The smoothed fields.
    enum class Field : uint32_t { frequencyHz = 0, detuneCents = 1, q = 2, gainDb = 3 };
    /// Coefficients are recomputed every this many frames while a ramp is under way (a power of
    /// two, so the grid survives the wrap of the 32-bit frame counter).
    static constexpr uint32_t kCoefficientIntervalFrames = 8;

    /// Web Audio defaults: lowpass, 350 Hz, 0 cents, Q 1, 0 dB.
    WebAudioBiquad() noexcept;

    /// Allocates state for spec.numChannels channels, sets the ramp length, snaps ramps to their
    /// targets, clears the state and designs the coefficients. [control]
    void prepare(const ProcessSpec& spec, double rampTimeMs);
    /// Snaps ramps to their targets, clears the filter memories. [audio]
    void reset() noexcept;
    /// Changes the filter type at once (stepped) and redesigns. [audio]
    void setType(BiquadType type) noexcept;
    /// Sets a field's target (caller clamps); ramped unless `immediate`. [audio]
    void set(Field field, double value, bool immediate) noexcept;

    /// The filter type. [any]
    BiquadType type() const noexcept { return type_; }
    /// What the section feeds back and how A is rounded (biquad.h FeedbackRounding; default none).
    /// float32 also rounds A like Chromium (webAudioBiquadCoefficients), so it redesigns. [audio]
    void setFeedbackRounding(FeedbackRounding rounding) noexcept;
    /// What the section feeds back. [any]
    FeedbackRounding feedbackRounding() const noexcept { return filter_.feedbackRounding(); }
    /// Target value of a field (the value once the ramp ends). [any]
    double target(Field field) const noexcept { return values_[index(field)].target(); }
    /// Coefficients in use for the next frame. [any]
    const BiquadCoefficients& coefficients() const noexcept { return filter_.coefficients(); }
    /// True when no ramp is under way: coefficients() then stay exactly as they are for every
    /// frame processed until the next set()/setType()/reset(), so any other implementation of
    /// the same direct-form-I section (e.g. a BiquadCascade section loaded with coefficients()
    /// and state()) gives the same samples. [any]
    bool isSteady() const noexcept { return !updating_; }

    /// Filter memories of one channel (Biquad::State; zeros for channel ≥ prepared channels). [audio]
    Biquad::State state(uint32_t channel) const noexcept { return filter_.state(channel); }
    /// Replaces one channel's filter memories (ignored for channel ≥ prepared channels). [audio]
    void setState(uint32_t channel, const Biquad::State& state) noexcept { filter_.setState(channel, state); }

    /// Filters `block` in place (channels × frames, planar; at most the prepared channel
    /// count is filtered). [audio]
    void process(AudioBlock& block) noexcept;
    /// Filters `block` in place with fields that move frame by frame: values[field], when not
    /// null, holds block.numFrames values of that field (value i for frame i, clamped by the
    /// caller); each frame sets them with no ramp and redesigns before it is filtered (sample-
    /// accurate coefficients, as Chromium's BiquadFilterNode computes them for a-rate
    /// automation). The fields keep the last values. [audio]
    void processWithValues(AudioBlock& block, const std::array<const double*, 4>& values) noexcept;

private:
    static constexpr uint32_t index(Field field) noexcept { return static_cast<uint32_t>(field); }
    bool anyRamping() const noexcept;
    void redesign() noexcept;  // [audio] from the current (not target) values

    double sampleRateHz_ = 48000.0;
    BiquadType type_ = BiquadType::lowpass;
    std::array<SmoothedValue, 4> values_{};  // indexed by Field
    Biquad filter_;
    uint32_t gridFrame_ = 0;  // frames since the latest ramp started
    bool updating_ = false;   // coefficients still follow a ramp
};

}  // namespace wavegraph
