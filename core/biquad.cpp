#include "biquad.h"

#include <cmath>

namespace wavegraph {

void Biquad::prepare(const ProcessSpec& spec) {  // [control]
    state_.assign(spec.numChannels, State{});
}

void Biquad::reset() noexcept {  // [audio]
    for (auto& s : state_) s = State{};
}

void Biquad::process(AudioBlock& block) noexcept {  // [audio]
    const BiquadCoefficients c = coefficients_;
    const uint32_t channels = block.numChannels < state_.size() ? block.numChannels
                                                                : static_cast<uint32_t>(state_.size());
    for (uint32_t ch = 0; ch < channels; ++ch) {
        // Hot loop: state kept in locals (registers) for the whole block, written back once.
        State s = state_[ch];
        float* samples = block.channels[ch];
        for (uint32_t i = 0; i < block.numFrames; ++i) {
            const double x = samples[i];
            double y = c.b0 * x + c.b1 * s.x1 + c.b2 * s.x2 - c.a1 * s.y1 - c.a2 * s.y2;
            // Flush values far below audibility to zero so that decaying tails never reach
            // denormals (which are slow on x86); -600 dBFS cannot be heard or measured.
            if (std::fabs(y) < 1e-30) y = 0.0;
            s.x2 = s.x1; s.x1 = x;
            s.y2 = s.y1; s.y1 = y;
            samples[i] = static_cast<float>(y);
        }
        state_[ch] = s;
    }
}

}  // namespace wavegraph
