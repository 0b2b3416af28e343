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

void BinauralBeatVoice::generate(float* left, float* right, int64_t startFrame,
                                 uint32_t numFrames) noexcept {  // [audio]
    const bool fixed = amp_.constant() && pan_.constant();
    double pan = pan_.at(startFrame);
    double leftGain = amp_.at(startFrame) * std::min(1.0, 1.0 - pan);
    double rightGain = amp_.at(startFrame) * std::min(1.0, 1.0 + pan);
    for (uint32_t i = 0; i < numFrames; ++i) {
        const int64_t n = startFrame + i;
        if (!fixed) {
            pan = pan_.at(n);
            leftGain = amp_.at(n) * std::min(1.0, 1.0 - pan);
            rightGain = amp_.at(n) * std::min(1.0, 1.0 + pan);
        }
        left[i] = static_cast<float>(leftGain * phaseSine(left_.at(n)));
        right[i] = static_cast<float>(rightGain * phaseSine(right_.at(n)));
    }
}

}  // namespace wavegraph
