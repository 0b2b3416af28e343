#pragma once
/// \file noise_voice.h
/// noise: the core's seeded NoiseNode (core/nodes/noise.h: white/pink/brown from std::mt19937,
/// −3 dB/octave pink, −6 dB/octave brown) at level 0 dB, times amp(n), panned with pan2:
///   left/right = pan2(pan(n))·amp(n)·noise[n].
/// Also the track's background_noise (a voice spanning the whole track). restart() reseeds.

#include <vector>

#include "nodes/noise.h"
#include "track/param_glide.h"
#include "track/track_description.h"
#include "track/voice.h"

namespace wavegraph {

/// noise voice (and the background noise): seeded NoiseNode × amp, pan2-panned (see the file comment).
class NoiseVoice final : public Voice {
public:
    /// Prepares the NoiseNode (mono, maxBlockFrames) and its own block buffer. [control] Allocates.
    NoiseVoice(NoiseColor color, uint32_t seed, ParamGlide amp, ParamGlide pan, int64_t stepFrames, double sampleRateHz,
               uint32_t maxBlockFrames);
    /// numFrames ≤ maxBlockFrames.
    void generate(float* left, float* right, int64_t startFrame, uint32_t numFrames) noexcept override;
    void restart() noexcept override;

private:
    NoiseNode noise_;
    std::vector<float> block_;
    LinearGlide amp_, pan_;
};

}  // namespace wavegraph
