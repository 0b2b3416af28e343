#pragma once
/// \file smoothed_gain.h
/// A gain stage whose changes ramp linearly (in gainLinear) over a short time, so that a
/// slider jump makes no zipper noise or click.

#include <cstdint>

#include "processor.h"
#include "base/status.h"

namespace wavegraph {

class SmoothedGain final : public Processor {
public:
    static constexpr double kMinGainDb = -60.0, kMaxGainDb = 12.0;
    static constexpr double kDefaultRampTimeMs = 10.0;

    void prepare(const ProcessSpec& spec) override;  // [control]
    /// Jumps straight to the target (no ramp). [audio]
    void reset() noexcept override;
    /// Multiplies every channel by the (ramping) gain, per frame. [audio]
    void process(AudioBlock& block) noexcept override;

    /// "gainDb 30 is out of range (-60…12 dB)" or ok. [control]
    static Status validateGainDb(double gainDb);
    /// Starts a ramp from the current gain to gainDb (clamped; NaN ignored) over the ramp time.
    /// Returns false when the value had to be clamped or ignored. [audio]
    bool setGainDb(double gainDb) noexcept;
    /// Ramp length in ms, ≥ 0; applies to the next setGainDb. [control]
    void setRampTimeMs(double rampTimeMs) noexcept;

    double targetGainDb() const noexcept { return targetGainDb_; }
    double currentGainLinear() const noexcept { return currentGainLinear_; }

private:
    // [control] set in prepare.
    double sampleRateHz_ = 48000.0;
    double rampTimeMs_ = kDefaultRampTimeMs;
    // [audio]
    double targetGainDb_ = 0.0;
    double targetGainLinear_ = 1.0;
    double currentGainLinear_ = 1.0;
    double stepPerFrame_ = 0.0;
    uint32_t framesLeftInRamp_ = 0;
};

}  // namespace wavegraph
