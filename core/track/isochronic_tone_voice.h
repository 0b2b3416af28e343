#pragma once
/// \file isochronic_tone_voice.h
/// isochronic_tone: a sine carrier at base_freq Hz gated by a trapezoidal pulse train at
/// beat_freq pulses per second (trapezoid_pulse.h: ramp_percent edges, gap_percent silence),
/// panned with pan2 (equal power):
///   mono[n] = amp(n)·trapezoidPulse(φP(n), ramp, gap)·sin(2π·φC(n)),  left/right = pan2(pan)·mono,
/// sin via phaseSine (phase_sine.h), φC, φP from GlidePhase (carrier and pulse both start at phase 0 at the step's
/// start).

#include "track/param_glide.h"
#include "track/track_description.h"
#include "track/voice.h"

namespace wavegraph {

/// isochronic_tone voice: a carrier sine gated by a trapezoidal pulse train (see the file comment).
class IsochronicToneVoice final : public Voice {
public:
    /// [control]
    IsochronicToneVoice(const VoiceDescription& description, int64_t stepFrames, double sampleRateHz);
    void generate(float* left, float* right, int64_t startFrame, uint32_t numFrames) noexcept override;

private:
    LinearGlide amp_, pan_, ramp_, gap_;
    GlidePhase carrier_, pulse_;
};

}  // namespace wavegraph
