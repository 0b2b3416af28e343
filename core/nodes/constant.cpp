#include "nodes/constant.h"

#include <cmath>
#include <cstring>

namespace wavegraph {

void ConstantNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    value_.prepare(spec.sampleRateHz, kRampTimeMs);
    value_.setImmediate(target_);
}

void ConstantNode::reset() noexcept { value_.setImmediate(value_.target()); }  // [audio]

bool ConstantNode::set(uint32_t id, double newValue, bool immediate) noexcept {  // [audio]
    if (id != value || std::isnan(newValue)) return false;
    const double clamped = kParameters[id].clamp(newValue);
    target_ = clamped;
    immediate ? value_.setImmediate(clamped) : value_.setTarget(clamped);
    return clamped == newValue;
}

double ConstantNode::parameter(uint32_t id) const noexcept {  // [any]
    return id == value ? target_ : std::nan("");
}

void ConstantNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty() || io.outputs[0].numChannels == 0) return;
    AudioBlock& out = io.outputs[0];
    float* dst = out.channels[0];
    uint32_t i = 0;
    for (; i < io.numFrames && value_.isRamping(); ++i) dst[i] = static_cast<float>(value_.next());
    const auto steady = static_cast<float>(value_.current());
    for (; i < io.numFrames; ++i) dst[i] = steady;
    for (uint32_t ch = 1; ch < out.numChannels; ++ch) std::memcpy(out.channels[ch], dst, sizeof(float) * io.numFrames);
}

}  // namespace wavegraph
