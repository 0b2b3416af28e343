#include "track/binaural_beat_voice.h"

#include <algorithm>
#include <cmath>

#include "track/phase_sine.h"

namespace wavegraph {

BinauralBeatVoice::BinauralBeatVoice(const VoiceDescription& d, int64_t stepFrames, double sampleRateHz)  // [control]
    : amp_(d.amp, stepFrames),
      pan_(d.pan, stepFrames),
      left_(d.frequency.start - 0.5 * d.beat.start, d.frequency.end - 0.5 * d.beat.end, stepFrames, sampleRateHz),
      right_(d.frequency.start + 0.5 * d.beat.start, d.frequency.end + 0.5 * d.beat.end, stepFrames, sampleRateHz) {}

void BinauralBeatVoice::generate(float* left, float* right, int64_t startFrame, uint32_t numFrames) noexcept {  // [audio]
    for (uint32_t i = 0; i < numFrames; ++i) {
        const int64_t n = startFrame + i;
        const double amp = amp_.at(n);
        const double pan = pan_.at(n);
        left[i] = static_cast<float>(amp * std::min(1.0, 1.0 - pan) * phaseSine(left_.at(n)));
        right[i] = static_cast<float>(amp * std::min(1.0, 1.0 + pan) * phaseSine(right_.at(n)));
    }
}

}  // namespace wavegraph
