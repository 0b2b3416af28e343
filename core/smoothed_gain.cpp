#include "smoothed_gain.h"

#include <algorithm>
#include <cmath>

#include "base/format_number.h"

namespace wavegraph {

void SmoothedGain::prepare(const ProcessSpec& spec) {  // [control]
    sampleRateHz_ = spec.sampleRateHz;
    reset();
}

void SmoothedGain::reset() noexcept {  // [audio]
    currentGainLinear_ = targetGainLinear_;
    framesLeftInRamp_ = 0;
    stepPerFrame_ = 0.0;
}

void SmoothedGain::setRampTimeMs(double rampTimeMs) noexcept {  // [control]
    rampTimeMs_ = std::isfinite(rampTimeMs) ? std::max(0.0, rampTimeMs) : kDefaultRampTimeMs;
}

Status SmoothedGain::validateGainDb(double gainDb) {  // [control]
    if (!(gainDb >= kMinGainDb && gainDb <= kMaxGainDb))
        return Status::error("gainDb " + formatNumber(gainDb) + " is out of range (" +
                             formatNumber(kMinGainDb) + "…" + formatNumber(kMaxGainDb) + " dB)");
    return Status::ok();
}

bool SmoothedGain::setGainDb(double gainDb) noexcept {  // [audio]
    if (std::isnan(gainDb)) return false;
    const double clamped = std::clamp(gainDb, kMinGainDb, kMaxGainDb);
    targetGainDb_ = clamped;
    targetGainLinear_ = std::pow(10.0, clamped / 20.0);
    const auto rampFrames = static_cast<uint32_t>(std::lround(rampTimeMs_ * 1e-3 * sampleRateHz_));
    if (rampFrames == 0) {
        reset();
    } else {
        framesLeftInRamp_ = rampFrames;
        stepPerFrame_ = (targetGainLinear_ - currentGainLinear_) / rampFrames;
    }
    return clamped == gainDb;
}

void SmoothedGain::process(AudioBlock& block) noexcept {  // [audio]
    uint32_t frame = 0;
    // Ramp part: per-frame gain, identical whatever the block split.
    for (; frame < block.numFrames && framesLeftInRamp_ > 0; ++frame) {
        --framesLeftInRamp_;
        currentGainLinear_ = framesLeftInRamp_ == 0 ? targetGainLinear_
                                                    : currentGainLinear_ + stepPerFrame_;
        const float g = static_cast<float>(currentGainLinear_);
        for (uint32_t ch = 0; ch < block.numChannels; ++ch) block.channels[ch][frame] *= g;
    }
    if (frame == block.numFrames) return;
    const float g = static_cast<float>(currentGainLinear_);
    if (g == 1.0f) return;  // unity: leave the samples bit-exact
    for (uint32_t ch = 0; ch < block.numChannels; ++ch) {
        float* samples = block.channels[ch];
        for (uint32_t i = frame; i < block.numFrames; ++i) samples[i] *= g;
    }
}

}  // namespace wavegraph
