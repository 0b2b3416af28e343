#pragma once
/// \file track_description.h
/// A track as validated data (what track_json.h produces from the JSON text; see docs/tracks.md).
/// Plain values in the track's units: seconds, Hz, linear amplitude 0…1, pan −1 (left)…1 (right).

#include <cstdint>
#include <string>
#include <vector>

namespace wavegraph {

/// A parameter that moves linearly from `start` (first frame of the step) to `end` (over the
/// step's frames); start == end for a constant. See param_glide.h for the per-frame value.
struct ParamGlide {
    double start = 0.0;  ///< Value at the step's first frame.
    double end = 0.0;    ///< Value the step glides to by its last frame.
};

/// synth_function_name: binaural_beat, isochronic_tone, sine, sine_varying, noise.
enum class SynthKind : uint32_t { binauralBeat, isochronicTone, sine, sineVarying, noise };
/// Noise colour; the same values as NoiseNode::Color.
enum class NoiseColor : uint32_t { white = 0, pink = 1, brown = 2 };
/// volume_envelope type (none: gain 1).
enum class EnvelopeKind : uint32_t { none, adsr, linen, trapezoid };
/// global_settings.crossfade_curve (crossfade_curve.h).
enum class CrossfadeCurve : uint32_t { linear, equalPower };

/// volume_envelope of a voice. Times in seconds from the start of the step.
struct EnvelopeDescription {
    EnvelopeKind kind = EnvelopeKind::none;  ///< Which of the fields below apply.
    double attack = 0.0;                     ///< adsr: attack, s.
    double decay = 0.0;                      ///< adsr: decay, s.
    double sustainLevel = 1.0;               ///< adsr: sustain level, linear 0…1.
    double release = 0.0;                    ///< adsr: release, s.
    double fadeIn = 0.0;                     ///< linen: fade-in, s.
    double fadeOut = 0.0;                    ///< linen: fade-out, s.
    double cycleLen = 1.0;                   ///< trapezoid (cyclic): cycle length, s.
    double rampPercent = 0.0;                ///< trapezoid: edge ramp, fraction of the audible part (0…0.5).
    double gapPercent = 0.0;                 ///< trapezoid: silent fraction of each cycle (0…0.99).
};

/// One voice of a step. Fields a synth does not use keep their defaults.
struct VoiceDescription {
    SynthKind synth = SynthKind::sine;     ///< Which synth plays the voice.
    std::string synthName;                 ///< synth_function_name as written
    ParamGlide amp{1.0, 1.0};              ///< linear amplitude, 0…1
    ParamGlide frequency;                  ///< Hz: base_freq (binaural, isochronic carrier) or freq (sine)
    ParamGlide beat;                       ///< Hz: beat_freq (binaural difference, isochronic pulse rate)
    ParamGlide pan;                        ///< −1…1
    ParamGlide rampPercent{0.2, 0.2};      ///< isochronic: edge ramp, fraction of the audible part
    ParamGlide gapPercent{0.15, 0.15};     ///< isochronic: silent fraction of each pulse period
    NoiseColor color = NoiseColor::white;  ///< noise: colour.
    uint32_t seed = 1;                     ///< noise: generator seed.
    bool isTransition = false;             ///< is_transition: every numeric parameter glides over the step.
    EnvelopeDescription envelope;          ///< volume_envelope (kind none: gain 1).
};

/// One step: its length and the voices that sound during it.
struct StepDescription {
    double durationSeconds = 0.0;          ///< duration, s (above 0, up to 86400).
    std::vector<VoiceDescription> voices;  ///< May be empty (silence).
};

/// Optional noise under the whole track (no envelope, not crossfaded).
struct BackgroundNoiseDescription {
    bool enabled = false;                 ///< False when the track has no background_noise.
    NoiseColor color = NoiseColor::pink;  ///< Noise colour.
    double amp = 0.0;                     ///< Linear amplitude, 0…1.
    double pan = 0.0;                     ///< −1 (left)…1 (right).
    uint32_t seed = 1;                    ///< Generator seed.
};

/// A whole validated track.
struct TrackDescription {
    double sampleRateHz = 48000.0;                           ///< global_settings.sample_rate (the rate renders use)
    double crossfadeSeconds = 0.0;                           ///< global_settings.crossfade_duration
    CrossfadeCurve crossfadeCurve = CrossfadeCurve::linear;  ///< global_settings.crossfade_curve
    BackgroundNoiseDescription background;                   ///< background_noise
    std::vector<StepDescription> steps;                      ///< steps, in play order (at least one)
};

}  // namespace wavegraph
