#include "nodes/wave_shaper_node.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "dsp/copy_frames.h"

namespace wavegraph {

WaveShaperNode::WaveShaperNode(std::vector<float> curve, Oversample oversample)  // [control]
    : curve_(std::move(curve)), oversample_(oversample) {
    if (curve_.size() == 1) curve_.clear();
}

Status WaveShaperNode::make(const NodeOptions& options, std::shared_ptr<Node>& made) {  // [control]
    std::vector<float> curve;
    if (auto s = options.readFloats("curve", kMinCurvePoints, kMaxCurvePoints, curve); !s) return s;
    std::string oversample;
    if (auto s = options.readChoice("oversample", {"none", "2x", "4x"}, "none", oversample); !s) return s;
    const Oversample factor =
        oversample == "2x" ? Oversample::x2 : (oversample == "4x" ? Oversample::x4 : Oversample::none);
    made = std::make_shared<WaveShaperNode>(std::move(curve), factor);
    return Status::ok();
}

void WaveShaperNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    channels_.assign(spec.numChannels, ChannelState{});
    for (auto& c : channels_) {
        c.up1.prepare(spec.maxBlockFrames);
        c.up2.prepare(2 * spec.maxBlockFrames);
        c.down2.prepare(4 * spec.maxBlockFrames);
        c.down1.prepare(2 * spec.maxBlockFrames);
    }
    scratch2_.assign(2 * size_t{spec.maxBlockFrames}, 0.0f);
    scratch4_.assign(4 * size_t{spec.maxBlockFrames}, 0.0f);
}

void WaveShaperNode::reset() noexcept {  // [audio]
    for (auto& c : channels_) {
        c.up1.reset();
        c.up2.reset();
        c.down2.reset();
        c.down1.reset();
    }
}

bool WaveShaperNode::copyStateFrom(const Node& other) noexcept {  // [audio]
    if (!canCopyStateFrom(*this, other)) return false;
    const auto& from = static_cast<const WaveShaperNode&>(other);
    if (from.oversample_ != oversample_ || from.channels_.size() != channels_.size()) return false;
    for (size_t c = 0; c < channels_.size(); ++c) channels_[c] = from.channels_[c];  // same sizes: no allocation
    return true;
}

void WaveShaperNode::shape(const float* curve, uint32_t numPoints, const float* in, float* out,
                           uint32_t frames) noexcept {  // [audio]
    const float scale = static_cast<float>(0.5 * (numPoints - 1));
    const auto last = static_cast<float>(numPoints - 1);
    const int32_t maxIndex = static_cast<int32_t>(numPoints) - 1;
    for (uint32_t i = 0; i < frames; ++i) {
        float v = (in[i] + 1.0f) * scale;
        v = v > 0.0f ? (v < last ? v : last) : 0.0f;  // NaN → 0
        const float index = std::floor(v);
        const auto k = static_cast<int32_t>(index);
        const float f = v - index;
        const float v1 = curve[k];
        const float v2 = curve[std::min(k + 1, maxIndex)];
        out[i] = f * (v2 - v1) + v1;
    }
}

void WaveShaperNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty()) return;
    AudioBlock& out = io.outputs[0];
    const uint32_t frames = io.numFrames;
    const uint32_t inChannels = io.inputs.empty() ? 0 : io.inputs[0].numChannels;
    const uint32_t channels = std::min({inChannels, out.numChannels, static_cast<uint32_t>(channels_.size())});
    const auto points = static_cast<uint32_t>(curve_.size());
    for (uint32_t ch = 0; ch < channels; ++ch) {
        const float* in = io.inputs[0].channels[ch];
        float* dst = out.channels[ch];
        if (points == 0) {
            if (dst != in) copyFrames(dst, in, frames);
            continue;
        }
        ChannelState& state = channels_[ch];
        switch (oversample_) {
            case Oversample::none: shape(curve_.data(), points, in, dst, frames); break;
            case Oversample::x2:
                state.up1.process(in, scratch2_.data(), frames);
                shape(curve_.data(), points, scratch2_.data(), scratch2_.data(), 2 * frames);
                state.down1.process(scratch2_.data(), dst, 2 * frames);
                break;
            case Oversample::x4:
                state.up1.process(in, scratch2_.data(), frames);
                state.up2.process(scratch2_.data(), scratch4_.data(), 2 * frames);
                shape(curve_.data(), points, scratch4_.data(), scratch4_.data(), 4 * frames);
                state.down2.process(scratch4_.data(), scratch2_.data(), 4 * frames);
                state.down1.process(scratch2_.data(), dst, 2 * frames);
                break;
        }
    }
    for (uint32_t ch = channels; ch < out.numChannels; ++ch) std::fill_n(out.channels[ch], frames, 0.0f);
}

}  // namespace wavegraph
