#pragma once
/// \file oscillator.h
/// "oscillator": a periodic source after the W3C Web Audio API OscillatorNode
/// ("The OscillatorNode Interface"). 0 inputs, 1 output of spec.numChannels identical channels.
///
/// Computed frequency (Web Audio "computedOscFrequency"): f = frequencyHz · 2^(detuneCents/1200),
/// clamped to [0, Nyquist]. The phase (cycles, double) starts at 0 and advances by f/fs per frame.
/// Waveforms for a peak of 1 at levelDb 0:
///   sine      sin(2π·phase), computed with std::sin of the double phase (exact);
///   sawtooth, square, triangle: the Web Audio Fourier series truncated below Nyquist, read from
///             BandLimitedWavetable: no harmonic aliases; what interpolation leaves
///             measures ≤ −147 dB per component at 5 kHz / 48 kHz and ≤ −94 dB summed over the
///             whole spectrum from 31 Hz to 7 kHz (oscillator_test.cpp). Band-limited square
///             and sawtooth overshoot ±1 by the Gibbs phenomenon (peaks about ±1.18); the
///             triangle peaks at 1.
/// A `type` change applies at the next frame with the phase kept (the waveform may jump). While
/// the frequency sweeps, the table level changes where K·f crosses Nyquist (K steps by about
/// half an octave), so the few top harmonics between two levels appear or vanish at once.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "dsp/band_limited_wavetable.h"
#include "dsp/smoothed_value.h"
#include "graph/node_base.h"

namespace wavegraph {

/// "oscillator": sine or band-limited sawtooth, square, triangle (W3C OscillatorNode).
class OscillatorNode final : public NodeBase<OscillatorNode> {
public:
    /// Parameter ids.
    enum Param : uint32_t { type = 0, frequencyHz = 1, detuneCents = 2, levelDb = 3 };
    /// Values of `type` (as Web Audio OscillatorType).
    enum class Type : uint32_t { sine = 0, sawtooth = 1, square = 2, triangle = 3 };
    /// Ramp of frequencyHz, detuneCents (each linear in its own unit) and levelDb (linear in
    /// gain), per frame.
    static constexpr double kRampTimeMs = 5.0;

    /// JSON type name and port counts.
    static constexpr NodeShape kShape{"oscillator", 0, 1};

    /// Builds (once per process) the shared wavetables, sets the ramps, snaps them, resets phase.
    /// [control]
    void prepare(const ProcessSpec& spec) override;
    /// Phase to 0, ramps snapped to their targets. [audio]
    void reset() noexcept override;
    /// Target value of parameter `id`; NaN for an unknown id. [any]
    double parameter(uint32_t id) const noexcept override;
    /// Writes io.numFrames frames to every channel of io.outputs[0]. [audio]
    void process(NodeIo& io) noexcept override;

private:
    /// type: 0 sine, 1 sawtooth, 2 square, 3 triangle (default 0, stepped, rounded);
    /// frequencyHz: Hz, 0.01…384000 (clamped to Nyquist when played), default 440, smoothed;
    /// detuneCents: cents, −1200…1200, default 0, smoothed;
    /// levelDb: dB re peak 1, −120…0, default 0, smoothed.
    static constexpr std::array<ParameterInfo, 4> kParameters{{
        {"type", "", 0.0, 3.0, 0.0, false},
        {"frequencyHz", "Hz", 0.01, 384000.0, 440.0, true},
        {"detuneCents", "cents", -1200.0, 1200.0, 0.0, true},
        {"levelDb", "dB", -120.0, 0.0, 0.0, true},
    }};
    friend NodeBase<OscillatorNode>;
    /// Sets a parameter (ramped if smoothed). false for an unknown id, NaN (ignored) or a value
    /// that had to be clamped (or, for type, rounded). [audio]
    bool set(uint32_t id, double value, bool immediate) noexcept;
    /// Recomputes increment_ and table_ from the current frequency and detune.
    void updateFrequency() noexcept;

    std::array<double, 4> values_{0.0, 440.0, 0.0, 0.0};  // targets, in parameter units
    Type type_ = Type::sine;
    SmoothedValue frequency_, detune_, gain_;  // Hz, cents, linear gain
    const BandLimitedWavetable* tables_ = nullptr;
    BandLimitedWavetable::Table table_{};
    double phase_ = 0.0;      // cycles, [0, 1)
    double increment_ = 0.0;  // cycles per frame
};

}  // namespace wavegraph
