#include "track/sine_voice.h"

#include <cmath>

#include "track/pan2.h"
#include "track/phase_sine.h"

namespace wavegraph {

SineVoice::SineVoice(const VoiceDescription& d, int64_t stepFrames, double sampleRateHz)  // [control]
    : amp_(d.amp, stepFrames),
      pan_(d.pan, stepFrames),
      phase_(d.frequency.start, d.frequency.end, stepFrames, sampleRateHz) {}

void SineVoice::generate(float* left, float* right, int64_t startFrame, uint32_t numFrames) noexcept {  // [audio]
    PanGains pan = pan2(pan_.at(startFrame));
    for (uint32_t i = 0; i < numFrames; ++i) {
        const int64_t n = startFrame + i;
        const double mono = amp_.at(n) * phaseSine(phase_.at(n));
        if (!pan_.constant()) pan = pan2(pan_.at(n));
        left[i] = static_cast<float>(pan.left * mono);
        right[i] = static_cast<float>(pan.right * mono);
    }
}

}  // namespace wavegraph
