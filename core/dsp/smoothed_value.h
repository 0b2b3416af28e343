#pragma once
/// \file smoothed_value.h
/// A parameter value that ramps linearly to a new target over a fixed number of frames, one
/// step per frame, so that the result does not depend on how a render is split into blocks.

#include <cmath>
#include <cstdint>

namespace wavegraph {

/// Linearly ramped value (see the file comment). All of it is allocation-free.
class SmoothedValue {
public:
    /// Ramp length from a time and a sample rate (≥ 0 frames). [control]
    void prepare(double sampleRateHz, double rampTimeMs) noexcept {
        rampFrames_ = static_cast<uint32_t>(std::lround(std::fmax(0.0, rampTimeMs) * 1e-3 * sampleRateHz));
    }
    /// Jumps to `value` with no ramp. [audio]
    void setImmediate(double value) noexcept {
        current_ = target_ = value;
        framesLeft_ = 0;
    }
    /// Starts a ramp from the current value to `value`. [audio]
    void setTarget(double value) noexcept {
        target_ = value;
        if (rampFrames_ == 0) {
            setImmediate(value);
            return;
        }
        framesLeft_ = rampFrames_;
        step_ = (target_ - current_) / rampFrames_;
    }
    /// Advances one frame and returns the value for it. [audio]
    double next() noexcept {
        if (framesLeft_ == 0) return current_;
        --framesLeft_;
        current_ = framesLeft_ == 0 ? target_ : current_ + step_;
        return current_;
    }
    /// True while a ramp is under way (per-frame work needed). [audio]
    bool isRamping() const noexcept { return framesLeft_ > 0; }
    /// The value of the last frame next() returned (or the immediate value). [any]
    double current() const noexcept { return current_; }
    /// The value the ramp ends at. [any]
    double target() const noexcept { return target_; }

private:
    double current_ = 0.0, target_ = 0.0, step_ = 0.0;
    uint32_t rampFrames_ = 0, framesLeft_ = 0;
};

}  // namespace wavegraph
