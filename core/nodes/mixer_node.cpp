#include "nodes/mixer_node.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <string_view>
#include "dsp/portable_math.h"

namespace wavegraph {
namespace {

// Static storage for the parameter names (ParameterInfo holds string_views).
constexpr std::array<std::string_view, MixerNode::kMaxInputs> kInputGainNames{
    "input0.gainDb",  "input1.gainDb",  "input2.gainDb",  "input3.gainDb",  "input4.gainDb",  "input5.gainDb",
    "input6.gainDb",  "input7.gainDb",  "input8.gainDb",  "input9.gainDb",  "input10.gainDb", "input11.gainDb",
    "input12.gainDb", "input13.gainDb", "input14.gainDb", "input15.gainDb", "input16.gainDb", "input17.gainDb",
    "input18.gainDb", "input19.gainDb", "input20.gainDb", "input21.gainDb", "input22.gainDb", "input23.gainDb",
    "input24.gainDb", "input25.gainDb", "input26.gainDb", "input27.gainDb", "input28.gainDb", "input29.gainDb",
    "input30.gainDb", "input31.gainDb",
};

double toLinear(double gainDb) noexcept { return math::dbToGain(gainDb); }

}  // namespace

MixerNode::MixerNode(uint32_t numInputs)  // [control]
    : numInputs_(numInputs < kMinInputs ? kMinInputs : (numInputs > kMaxInputs ? kMaxInputs : numInputs)) {
    for (uint32_t k = 0; k < numInputs_; ++k)
        parameters_.push_back({kInputGainNames[k], "dB", kMinGainDb, kMaxGainDb, 0.0, true});
    parameters_.push_back({"masterGainDb", "dB", kMinGainDb, kMaxGainDb, 0.0, true});
    gainDb_.assign(parameters_.size(), 0.0);
    gains_.resize(parameters_.size());
    for (auto& gain : gains_) gain.setImmediate(1.0);
}

Status MixerNode::validateNumInputs(uint32_t numInputs) {  // [control]
    if (numInputs < kMinInputs || numInputs > kMaxInputs)
        return Status::error("numInputs " + std::to_string(numInputs) + " is out of range (" +
                             std::to_string(kMinInputs) + "…" + std::to_string(kMaxInputs) + ")");
    return Status::ok();
}

void MixerNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    for (size_t i = 0; i < gains_.size(); ++i) {
        gains_[i].prepare(spec.sampleRateHz, kRampTimeMs);
        gains_[i].setImmediate(toLinear(gainDb_[i]));
    }
}

void MixerNode::reset() noexcept {  // [audio]
    for (auto& gain : gains_) gain.setImmediate(gain.target());
}

bool MixerNode::set(uint32_t id, double value, bool immediate) noexcept {  // [audio]
    if (id >= parameters_.size() || std::isnan(value)) return false;
    const double clamped = parameters_[id].clamp(value);
    gainDb_[id] = clamped;
    if (immediate)
        gains_[id].setImmediate(toLinear(clamped));
    else
        gains_[id].setTarget(toLinear(clamped));
    return clamped == value;
}

double MixerNode::parameter(uint32_t id) const noexcept {  // [any]
    return id < gainDb_.size() ? gainDb_[id] : std::nan("");
}

void MixerNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty()) return;
    AudioBlock& out = io.outputs[0];
    const uint32_t frames = io.numFrames;
    for (uint32_t ch = 0; ch < out.numChannels; ++ch)
        for (uint32_t i = 0; i < frames; ++i) out.channels[ch][i] = 0.0f;

    const uint32_t connected = io.inputs.size() < numInputs_ ? static_cast<uint32_t>(io.inputs.size()) : numInputs_;
    for (uint32_t k = 0; k < numInputs_; ++k) {
        SmoothedValue& gain = gains_[k];
        const uint32_t channels = k < connected ? std::min(io.inputs[k].numChannels, out.numChannels) : 0;
        uint32_t frame = 0;
        for (; frame < frames && gain.isRamping(); ++frame) {  // ramp: one gain per frame
            const float g = static_cast<float>(gain.next());
            for (uint32_t ch = 0; ch < channels; ++ch) out.channels[ch][frame] += g * io.inputs[k].channels[ch][frame];
        }
        const float g = static_cast<float>(gain.current());
        for (uint32_t ch = 0; ch < channels; ++ch) {
            const float* in = io.inputs[k].channels[ch];
            float* dst = out.channels[ch];
            for (uint32_t i = frame; i < frames; ++i) dst[i] += g * in[i];
        }
    }

    SmoothedValue& master = gains_[numInputs_];
    uint32_t frame = 0;
    for (; frame < frames && master.isRamping(); ++frame) {
        const float m = static_cast<float>(master.next());
        for (uint32_t ch = 0; ch < out.numChannels; ++ch) out.channels[ch][frame] *= m;
    }
    const float m = static_cast<float>(master.current());
    if (m == 1.0f) return;
    for (uint32_t ch = 0; ch < out.numChannels; ++ch)
        for (uint32_t i = frame; i < frames; ++i) out.channels[ch][i] *= m;
}

}  // namespace wavegraph
