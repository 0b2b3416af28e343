#pragma once
/// \file sine_voice.h
/// sine and sine_varying: one sine, panned with pan2 (equal power),
///   mono[n] = amp(n)·sin(2π·φ(n)),  left/right = pan2(pan(n))·mono,
/// sin via phaseSine (phase_sine.h), φ from GlidePhase (phase 0 at the step's first frame). For sine_varying (and any
/// is_transition sine) freq, amp and pan glide linearly from their start to their end values
/// over the step; a plain sine has start == end.

#include "track/param_glide.h"
#include "track/track_description.h"
#include "track/voice.h"

namespace wavegraph {

/// sine and sine_varying voices: one pan2-panned sine (see the file comment).
class SineVoice final : public Voice {
public:
    /// [control]
    SineVoice(const VoiceDescription& description, int64_t stepFrames, double sampleRateHz);
    void generate(float* left, float* right, int64_t startFrame, uint32_t numFrames) noexcept override;

private:
    LinearGlide amp_, pan_;
    GlidePhase phase_;
};

}  // namespace wavegraph
