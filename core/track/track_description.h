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
    double start = 0.0;
    double end = 0.0;
};

enum class SynthKind : uint32_t { binauralBeat, isochronicTone, sine, sineVarying, noise };
enum class NoiseColor : uint32_t { white = 0, pink = 1, brown = 2 };  // same values as NoiseNode::Color
enum class EnvelopeKind : uint32_t { none, adsr, linen, trapezoid };
enum class CrossfadeCurve : uint32_t { linear, equalPower };

/// volume_envelope of a voice. Times in seconds from the start of the step.
struct EnvelopeDescription {
    EnvelopeKind kind = EnvelopeKind::none;
    double attack = 0.0, decay = 0.0, sustainLevel = 1.0, release = 0.0;  ///< adsr
    double fadeIn = 0.0, fadeOut = 0.0;                                   ///< linen
    double cycleLen = 1.0, rampPercent = 0.0, gapPercent = 0.0;           ///< trapezoid (cyclic)
};

/// One voice of a step. Fields a synth does not use keep their defaults.
struct VoiceDescription {
    SynthKind synth = SynthKind::sine;
    std::string synthName;              ///< synth_function_name as written
    ParamGlide amp{1.0, 1.0};           ///< linear amplitude, 0…1
    ParamGlide frequency;               ///< Hz: base_freq (binaural, isochronic carrier) or freq (sine)
    ParamGlide beat;                    ///< Hz: beat_freq (binaural difference, isochronic pulse rate)
    ParamGlide pan;                     ///< −1…1
    ParamGlide rampPercent{0.2, 0.2};   ///< isochronic: edge ramp, fraction of the audible part
    ParamGlide gapPercent{0.15, 0.15};  ///< isochronic: silent fraction of each pulse period
    NoiseColor color = NoiseColor::white;
    uint32_t seed = 1;
    bool isTransition = false;
    EnvelopeDescription envelope;
};

struct StepDescription {
    double durationSeconds = 0.0;
    std::vector<VoiceDescription> voices;
};

/// Optional noise under the whole track (no envelope, not crossfaded).
struct BackgroundNoiseDescription {
    bool enabled = false;
    NoiseColor color = NoiseColor::pink;
    double amp = 0.0;
    double pan = 0.0;
    uint32_t seed = 1;
};

struct TrackDescription {
    double sampleRateHz = 48000.0;  ///< global_settings.sample_rate (the rate renders use)
    double crossfadeSeconds = 0.0;  ///< global_settings.crossfade_duration
    CrossfadeCurve crossfadeCurve = CrossfadeCurve::linear;
    BackgroundNoiseDescription background;
    std::vector<StepDescription> steps;
};

}  // namespace wavegraph
