#pragma once
/// \file binaural_beat_voice.h
/// binaural_beat: two sines, left at base − beat/2 Hz and right at base + beat/2 Hz (the
/// listener hears the difference, `beat` Hz), both starting at phase 0 at the step's first frame:
///   left[n]  = amp(n)·balanceLeft(n)·sin(2π·φL(n)),  right[n] = amp(n)·balanceRight(n)·sin(2π·φR(n)),
/// sin via phaseSine (phase_sine.h), φ from GlidePhase (param_glide.h; base, beat, amp and pan glide linearly over the
/// step when they have start/end values). pan is a balance (not pan2, so that pan 0 keeps both ears at amp):
/// balanceLeft = min(1, 1 − pan), balanceRight = min(1, 1 + pan).

#include "track/param_glide.h"
#include "track/track_description.h"
#include "track/voice.h"

namespace wavegraph {

/// binaural_beat voice: left and right sines beat/2 Hz either side of base (see the file comment).
class BinauralBeatVoice final : public Voice {
public:
    /// [control]
    BinauralBeatVoice(const VoiceDescription& description, int64_t stepFrames, double sampleRateHz);
    void generate(float* left, float* right, int64_t startFrame, uint32_t numFrames) noexcept override;

private:
    LinearGlide amp_, pan_;
    GlidePhase left_, right_;
};

}  // namespace wavegraph
