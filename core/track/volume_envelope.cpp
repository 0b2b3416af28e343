#include "track/volume_envelope.h"

#include <algorithm>
#include <cmath>

#include "track/trapezoid_pulse.h"

namespace wavegraph {

double volumeEnvelopeAt(const EnvelopeDescription& e, int64_t n, int64_t stepFrames,
                        double sampleRateHz) noexcept {  // [audio]
    const double t = static_cast<double>(n) / sampleRateHz;
    const double duration = static_cast<double>(stepFrames) / sampleRateHz;
    switch (e.kind) {
        case EnvelopeKind::none: return 1.0;
        case EnvelopeKind::adsr:
            if (t < e.attack) return t / e.attack;
            if (t < e.attack + e.decay) return 1.0 - (1.0 - e.sustainLevel) * (t - e.attack) / e.decay;
            if (t < duration - e.release) return e.sustainLevel;
            return e.sustainLevel * std::max(0.0, (duration - t) / e.release);
        case EnvelopeKind::linen: {
            double gain = 1.0;
            if (e.fadeIn > 0.0 && t < e.fadeIn) gain = t / e.fadeIn;
            if (e.fadeOut > 0.0 && t > duration - e.fadeOut)
                gain = std::min(gain, std::max(0.0, (duration - t) / e.fadeOut));
            return gain;
        }
        case EnvelopeKind::trapezoid: {
            const double cycles = t / e.cycleLen;
            return trapezoidPulse(cycles - std::floor(cycles), e.rampPercent, e.gapPercent);
        }
    }
    return 1.0;
}

bool volumeEnvelopeIsUnity(const EnvelopeDescription& e, int64_t n, int64_t count, int64_t stepFrames,
                           double sampleRateHz) noexcept {  // [audio]
    if (e.kind == EnvelopeKind::none) return true;
    if (e.kind != EnvelopeKind::linen || count <= 0) return false;
    // The same comparisons as volumeEnvelopeAt; t grows with n, so the ends decide.
    const double first = static_cast<double>(n) / sampleRateHz;
    const double last = static_cast<double>(n + count - 1) / sampleRateHz;
    const double duration = static_cast<double>(stepFrames) / sampleRateHz;
    return !(e.fadeIn > 0.0 && first < e.fadeIn) && !(e.fadeOut > 0.0 && last > duration - e.fadeOut);
}

}  // namespace wavegraph
