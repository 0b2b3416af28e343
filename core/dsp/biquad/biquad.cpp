#include "dsp/biquad/biquad.h"

#include <cmath>

namespace wavegraph {

void Biquad::prepare(const ProcessSpec& spec) {  // [control]
    state_.assign(spec.numChannels, State{});
}

void Biquad::reset() noexcept {  // [audio]
    for (auto& s : state_) s = State{};
}

namespace {

template <bool kRoundFeedback>
void filterChannel(const BiquadCoefficients& c, Biquad::State& state, float* samples,
                   uint32_t frames) noexcept {  // [audio]
    // Hot loop: state kept in locals (registers) for the whole block, written back once.
    Biquad::State s = state;
    for (uint32_t i = 0; i < frames; ++i) {
        const double x = samples[i];
        double y = c.b0 * x + c.b1 * s.x1 + c.b2 * s.x2 - c.a1 * s.y1 - c.a2 * s.y2;
        // Flush values far below audibility to zero so that decaying tails never reach
        // denormals (which are slow on x86); -600 dBFS cannot be heard or measured.
        if (std::fabs(y) < 1e-30) y = 0.0;
        const float out = static_cast<float>(y);
        s.x2 = s.x1;
        s.x1 = x;
        s.y2 = s.y1;
        s.y1 = kRoundFeedback ? static_cast<double>(out) : y;
        samples[i] = out;
    }
    state = s;
}

}  // namespace

void Biquad::process(AudioBlock& block) noexcept {  // [audio]
    const uint32_t channels =
        block.numChannels < state_.size() ? block.numChannels : static_cast<uint32_t>(state_.size());
    for (uint32_t ch = 0; ch < channels; ++ch) {
        if (rounding_ == FeedbackRounding::float32)
            filterChannel<true>(coefficients_, state_[ch], block.channels[ch], block.numFrames);
        else
            filterChannel<false>(coefficients_, state_[ch], block.channels[ch], block.numFrames);
    }
}

}  // namespace wavegraph
