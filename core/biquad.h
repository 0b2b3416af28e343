#pragma once
/// \file biquad.h
/// One biquad section applied to every channel: direct form I with double-precision state
/// (as Chromium's Biquad does), coefficients from BiquadCoefficients (RBJ Audio EQ Cookbook).

#include <vector>

#include "audio_block.h"
#include "biquad_coefficients.h"
#include "process_spec.h"

namespace wavegraph {

class Biquad {
public:
    /// One channel's direct-form-I memories: x1, x2 the previous two inputs, y1, y2 the
    /// previous two outputs (x1, y1 the newest), in sample units (full scale ±1).
    struct State {
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    };

    /// Allocates per-channel state for spec.numChannels channels. [control]
    void prepare(const ProcessSpec& spec);
    /// Clears the filter memories. [audio]
    void reset() noexcept;
    /// Replaces the coefficients; state is kept, so the change is click-free for small steps. [audio]
    void setCoefficients(const BiquadCoefficients& coefficients) noexcept { coefficients_ = coefficients; }
    const BiquadCoefficients& coefficients() const noexcept { return coefficients_; }
    /// Filters block in place (channels × frames, planar). [audio]
    void process(AudioBlock& block) noexcept;

    /// Number of channels prepared (spec.numChannels; 0 before prepare). [any]
    uint32_t numChannels() const noexcept { return static_cast<uint32_t>(state_.size()); }
    /// Memories of one channel; State{} (zeros) for channel ≥ numChannels(). [audio] no allocation.
    State state(uint32_t channel) const noexcept {
        return channel < state_.size() ? state_[channel] : State{};
    }
    /// Replaces one channel's memories (ignored for channel ≥ numChannels()), e.g. to carry a
    /// filter's history over from another representation of the same section. [audio] no allocation.
    void setState(uint32_t channel, const State& state) noexcept {
        if (channel < state_.size()) state_[channel] = state;
    }

private:
    // [control] sized in prepare; [audio] read and written in process.
    std::vector<State> state_;
    BiquadCoefficients coefficients_;
};

}  // namespace wavegraph
