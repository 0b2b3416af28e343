#include "track/isochronic_tone_voice.h"

#include <cmath>
#include <numbers>

#include "track/pan2.h"
#include "track/param_glide.h"
#include "track/trapezoid_pulse.h"

namespace wavegraph {

IsochronicToneVoice::IsochronicToneVoice(const VoiceDescription& d, int64_t stepFrames, double sampleRateHz)  // [control]
    : d_(d), stepFrames_(stepFrames), sampleRateHz_(sampleRateHz) {}

void IsochronicToneVoice::generate(float* left, float* right, int64_t startFrame, uint32_t numFrames) noexcept {  // [audio]
    constexpr double twoPi = 2.0 * std::numbers::pi;
    for (uint32_t i = 0; i < numFrames; ++i) {
        const int64_t n = startFrame + i;
        const double carrier =
            glidePhaseCycles(d_.frequency.start, d_.frequency.end, n, stepFrames_, sampleRateHz_);
        const double pulse = glidePhaseCycles(d_.beat.start, d_.beat.end, n, stepFrames_, sampleRateHz_);
        const double gate =
            trapezoidPulse(pulse, glideAt(d_.rampPercent, n, stepFrames_), glideAt(d_.gapPercent, n, stepFrames_));
        const double mono = glideAt(d_.amp, n, stepFrames_) * gate * std::sin(twoPi * carrier);
        const PanGains pan = pan2(glideAt(d_.pan, n, stepFrames_));
        left[i] = static_cast<float>(pan.left * mono);
        right[i] = static_cast<float>(pan.right * mono);
    }
}

}  // namespace wavegraph
