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
    /// Allocates per-channel state for spec.numChannels channels. [control]
    void prepare(const ProcessSpec& spec);
    /// Clears the filter memories. [audio]
    void reset() noexcept;
    /// Replaces the coefficients; state is kept, so the change is click-free for small steps. [audio]
    void setCoefficients(const BiquadCoefficients& coefficients) noexcept { coefficients_ = coefficients; }
    const BiquadCoefficients& coefficients() const noexcept { return coefficients_; }
    /// Filters block in place (channels × frames, planar). [audio]
    void process(AudioBlock& block) noexcept;

private:
    struct ChannelState {
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    };
    // [control] sized in prepare; [audio] read and written in process.
    std::vector<ChannelState> state_;
    BiquadCoefficients coefficients_;
};

}  // namespace wavegraph
