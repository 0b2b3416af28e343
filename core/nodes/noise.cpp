#include "nodes/noise.h"

#include <cmath>
#include <cstring>
#include <numbers>
#include "dsp/portable_math.h"

namespace wavegraph {

void NoiseNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    brownPole_ = math::exp(-2.0 * std::numbers::pi * kBrownCornerHz / spec.sampleRateHz);
    brownGain_ = math::dbToGain(kBrownRmsDb) * std::sqrt(3.0 * (1.0 - brownPole_ * brownPole_));
    gain_.prepare(spec.sampleRateHz, kRampTimeMs);
    gain_.setImmediate(math::dbToGain(values_[levelDb]));
    reset();
}

void NoiseNode::reset() noexcept {  // [audio]
    gain_.setImmediate(gain_.target());
    reseed();
}

void NoiseNode::reseed() noexcept {  // [audio]
    const auto s = static_cast<uint32_t>(values_[seed]);
    random_.seed(s);
    pink_.reset(s);
    brown_ = 0.0;
}

bool NoiseNode::set(uint32_t id, double value, bool immediate) noexcept {  // [audio]
    if (id >= kParameters.size() || std::isnan(value)) return false;
    double clamped = kParameters[id].clamp(value);
    switch (id) {
        case color:
            clamped = std::round(clamped);
            color_ = static_cast<Color>(static_cast<uint32_t>(clamped));
            values_[id] = clamped;
            break;
        case seed:
            clamped = std::round(clamped);
            values_[id] = clamped;
            reseed();
            break;
        case levelDb: {
            values_[id] = clamped;
            const double linear = math::dbToGain(clamped);
            immediate ? gain_.setImmediate(linear) : gain_.setTarget(linear);
            break;
        }
        default: break;
    }
    return clamped == value;
}

double NoiseNode::parameter(uint32_t id) const noexcept {  // [any]
    return id < values_.size() ? values_[id] : std::nan("");
}

void NoiseNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty() || io.outputs[0].numChannels == 0) return;
    AudioBlock& out = io.outputs[0];
    float* dst = out.channels[0];
    for (uint32_t i = 0; i < io.numFrames; ++i) {
        double sample = 0.0;
        switch (color_) {
            case Color::white: sample = white(); break;
            case Color::pink: sample = pink_.next(); break;
            case Color::brown:
                brown_ = brownPole_ * brown_ + brownGain_ * white();
                sample = brown_;
                break;
        }
        dst[i] = static_cast<float>(gain_.next() * sample);
    }
    for (uint32_t ch = 1; ch < out.numChannels; ++ch) std::memcpy(out.channels[ch], dst, sizeof(float) * io.numFrames);
}

}  // namespace wavegraph
