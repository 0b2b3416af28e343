#include "nodes/delay_line_node.h"

#include <algorithm>
#include <cmath>

namespace wavegraph {

DelayLineNode::DelayLineNode(double maxTimeMs) noexcept
    : parameters_{{
          {"timeMs", "ms", 0.0, std::isnan(maxTimeMs) ? kDefaultMaxTimeMs : std::clamp(maxTimeMs, 0.0, kMaxMaxTimeMs),
           0.0, true},
          {"feedback", "", -kMaxFeedback, kMaxFeedback, 0.0, true},
          {"wet", "", 0.0, 1.0, 1.0, true},
          {"dry", "", 0.0, 1.0, 0.0, true},
      }} {
    for (uint32_t i = 0; i < values_.size(); ++i) values_[i].setImmediate(parameters_[i].defaultValue);
}

void DelayLineNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    const double maxFrames = std::ceil(maxTimeMs() * spec.sampleRateHz / 1000.0);
    uint32_t capacity = 1;
    while (capacity < static_cast<uint32_t>(maxFrames) + 4u) capacity <<= 1;
    capacity_ = capacity;
    mask_ = capacity - 1;
    channels_ = spec.numChannels;
    buffer_.assign(static_cast<size_t>(capacity_) * channels_, 0.0f);
    taps_.assign(spec.maxBlockFrames, Tap{});
    gains_.assign(spec.maxBlockFrames, {});
    values_[timeMs].prepare(spec.sampleRateHz, kTimeRampMs);
    for (uint32_t i = feedback; i <= dry; ++i) values_[i].prepare(spec.sampleRateHz, kGainRampMs);
    reset();
}

void DelayLineNode::reset() noexcept {  // [audio]
    for (auto& v : values_) v.setImmediate(v.target());
    std::fill(buffer_.begin(), buffer_.end(), 0.0f);
    writeIndex_ = 0;
}

bool DelayLineNode::set(uint32_t id, double value, bool immediate) noexcept {  // [audio]
    if (id >= parameters_.size() || std::isnan(value)) return false;
    const double clamped = parameters_[id].clamp(value);
    if (immediate)
        values_[id].setImmediate(clamped);
    else
        values_[id].setTarget(clamped);
    return clamped == value;
}

double DelayLineNode::parameter(uint32_t id) const noexcept {  // [any]
    return id < values_.size() ? values_[id].target() : std::nan("");
}

DelayLineNode::Tap DelayLineNode::tapFor(double d) noexcept {  // [audio]
    Tap tap;
    if (d < 1.0) {  // linear between w[n] and w[n−1]
        tap.first = 0;
        tap.h = {1.0 - d, d, 0.0, 0.0};
        return tap;
    }
    // Taps at delays k−1, k, k+1, k+2 (k = ⌊d⌋); x = d − (k − 1) ∈ [1, 2) is the read position
    // measured from the first tap: Lagrange basis polynomials on the nodes 0, 1, 2, 3.
    const double k = std::floor(d);
    const double x = d - (k - 1.0);
    tap.first = static_cast<uint32_t>(k) - 1u;
    tap.h = {-(x - 1.0) * (x - 2.0) * (x - 3.0) / 6.0, x * (x - 2.0) * (x - 3.0) / 2.0,
             -x * (x - 1.0) * (x - 3.0) / 2.0, x * (x - 1.0) * (x - 2.0) / 6.0};
    return tap;
}

void DelayLineNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty() || capacity_ == 0) return;
    const uint32_t frames = std::min(io.numFrames, static_cast<uint32_t>(taps_.size()));
    const double sampleRateHz = spec_.sampleRateHz;
    const double maxDelayFrames = static_cast<double>(capacity_ - 4u);
    // Per-frame settings first (the same for every channel, advanced once per frame).
    for (uint32_t i = 0; i < frames; ++i) {
        const double d = std::clamp(values_[timeMs].next() * sampleRateHz / 1000.0, 0.0, maxDelayFrames);
        taps_[i] = tapFor(d);
        gains_[i] = {values_[feedback].next(), values_[wet].next(), values_[dry].next()};
    }
    AudioBlock& out = io.outputs[0];
    const uint32_t inChannels = io.inputs.empty() ? 0 : io.inputs[0].numChannels;
    const uint32_t channels = std::min(out.numChannels, channels_);
    for (uint32_t ch = 0; ch < channels; ++ch) {
        float* memory = buffer_.data() + static_cast<size_t>(ch) * capacity_;
        const float* in = ch < inChannels ? io.inputs[0].channels[ch] : nullptr;
        float* dst = out.channels[ch];
        uint32_t w = writeIndex_;
        for (uint32_t i = 0; i < frames; ++i, ++w) {
            const double x = in ? in[i] : 0.0;
            const Tap& tap = taps_[i];
            const auto [g, wetGain, dryGain] = gains_[i];
            double rest = 0.0;
            for (uint32_t j = 0; j < 4; ++j) {
                const uint32_t delay = tap.first + j;
                if (delay > 0) rest += tap.h[j] * memory[(w - delay) & mask_];
            }
            // A tap on the current frame (delay 0) reads w[n] = x + g·v itself: solve for v.
            const double h0 = tap.first == 0 ? tap.h[0] : 0.0;
            const double v = (h0 * x + rest) / (1.0 - h0 * g);
            double wn = x + g * v;
            if (std::fabs(wn) < 1e-30) wn = 0.0;  // keep decaying echoes out of denormals
            memory[w & mask_] = static_cast<float>(wn);
            dst[i] = static_cast<float>(dryGain * x + wetGain * v);
        }
    }
    for (uint32_t ch = channels; ch < out.numChannels; ++ch)
        for (uint32_t i = 0; i < frames; ++i) out.channels[ch][i] = 0.0f;
    writeIndex_ += frames;
}

}  // namespace wavegraph
