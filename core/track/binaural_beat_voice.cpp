#include "track/binaural_beat_voice.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "track/param_glide.h"

namespace wavegraph {

BinauralBeatVoice::BinauralBeatVoice(const VoiceDescription& d, int64_t stepFrames, double sampleRateHz)  // [control]
    : amp_(d.amp),
      pan_(d.pan),
      leftStartHz_(d.frequency.start - 0.5 * d.beat.start),
      leftEndHz_(d.frequency.end - 0.5 * d.beat.end),
      rightStartHz_(d.frequency.start + 0.5 * d.beat.start),
      rightEndHz_(d.frequency.end + 0.5 * d.beat.end),
      stepFrames_(stepFrames),
      sampleRateHz_(sampleRateHz) {}

void BinauralBeatVoice::generate(float* left, float* right, int64_t startFrame, uint32_t numFrames) noexcept {  // [audio]
    constexpr double twoPi = 2.0 * std::numbers::pi;
    for (uint32_t i = 0; i < numFrames; ++i) {
        const int64_t n = startFrame + i;
        const double amp = glideAt(amp_, n, stepFrames_);
        const double pan = glideAt(pan_, n, stepFrames_);
        const double phaseLeft = glidePhaseCycles(leftStartHz_, leftEndHz_, n, stepFrames_, sampleRateHz_);
        const double phaseRight = glidePhaseCycles(rightStartHz_, rightEndHz_, n, stepFrames_, sampleRateHz_);
        left[i] = static_cast<float>(amp * std::min(1.0, 1.0 - pan) * std::sin(twoPi * phaseLeft));
        right[i] = static_cast<float>(amp * std::min(1.0, 1.0 + pan) * std::sin(twoPi * phaseRight));
    }
}

}  // namespace wavegraph
