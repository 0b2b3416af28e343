#pragma once
/// \file isochronic_tone_voice.h
/// isochronic_tone: a sine carrier at base_freq Hz gated by a trapezoidal pulse train at
/// beat_freq pulses per second (trapezoid_pulse.h: ramp_percent edges, gap_percent silence),
/// panned with pan2 (equal power):
///   mono[n] = amp(n)·trapezoidPulse(φP(n), ramp, gap)·sin(2π·φC(n)),  left/right = pan2(pan)·mono,
/// φC, φP from glidePhaseCycles (carrier and pulse both start at phase 0 at the step's start).

#include "track/track_description.h"
#include "track/voice.h"

namespace wavegraph {

class IsochronicToneVoice final : public Voice {
public:
    /// [control]
    IsochronicToneVoice(const VoiceDescription& description, int64_t stepFrames, double sampleRateHz);
    void generate(float* left, float* right, int64_t startFrame, uint32_t numFrames) noexcept override;

private:
    VoiceDescription d_;
    int64_t stepFrames_;
    double sampleRateHz_;
};

}  // namespace wavegraph
