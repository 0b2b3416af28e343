#include "track/isochronic_tone_voice.h"

#include <cmath>

#include "track/pan2.h"
#include "track/phase_sine.h"
#include "track/trapezoid_pulse.h"

namespace wavegraph {

IsochronicToneVoice::IsochronicToneVoice(const VoiceDescription& d, int64_t stepFrames,
                                         double sampleRateHz)  // [control]
    : amp_(d.amp, stepFrames),
      pan_(d.pan, stepFrames),
      ramp_(d.rampPercent, stepFrames),
      gap_(d.gapPercent, stepFrames),
      carrier_(d.frequency.start, d.frequency.end, stepFrames, sampleRateHz),
      pulse_(d.beat.start, d.beat.end, stepFrames, sampleRateHz) {}

void IsochronicToneVoice::generate(float* left, float* right, int64_t startFrame,
                                   uint32_t numFrames) noexcept {  // [audio]
    PanGains pan = pan2(pan_.at(startFrame));
    for (uint32_t i = 0; i < numFrames; ++i) {
        const int64_t n = startFrame + i;
        const double gate = trapezoidPulse(pulse_.at(n), ramp_.at(n), gap_.at(n));
        const double mono = gate == 0.0 ? 0.0 : amp_.at(n) * gate * phaseSine(carrier_.at(n));
        if (!pan_.constant()) pan = pan2(pan_.at(n));
        left[i] = static_cast<float>(pan.left * mono);
        right[i] = static_cast<float>(pan.right * mono);
    }
}

}  // namespace wavegraph
