#include "track/sine_voice.h"

#include <cmath>
#include <numbers>

#include "track/pan2.h"
#include "track/param_glide.h"

namespace wavegraph {

SineVoice::SineVoice(const VoiceDescription& d, int64_t stepFrames, double sampleRateHz)  // [control]
    : amp_(d.amp), frequency_(d.frequency), pan_(d.pan), stepFrames_(stepFrames), sampleRateHz_(sampleRateHz) {}

void SineVoice::generate(float* left, float* right, int64_t startFrame, uint32_t numFrames) noexcept {  // [audio]
    constexpr double twoPi = 2.0 * std::numbers::pi;
    const bool panFixed = pan_.start == pan_.end;
    PanGains pan = pan2(pan_.start);
    for (uint32_t i = 0; i < numFrames; ++i) {
        const int64_t n = startFrame + i;
        const double phase = glidePhaseCycles(frequency_.start, frequency_.end, n, stepFrames_, sampleRateHz_);
        const double mono = glideAt(amp_, n, stepFrames_) * std::sin(twoPi * phase);
        if (!panFixed) pan = pan2(glideAt(pan_, n, stepFrames_));
        left[i] = static_cast<float>(pan.left * mono);
        right[i] = static_cast<float>(pan.right * mono);
    }
}

}  // namespace wavegraph
