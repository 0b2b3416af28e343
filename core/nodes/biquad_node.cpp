#include "nodes/biquad_node.h"

#include <cmath>

#include "dsp/channel_mixing.h"

namespace wavegraph {

BiquadNode::BiquadNode() noexcept
    : parameters_{{
          {"type", "", 0.0, 7.0, 0.0, false},
          {"frequencyHz", "Hz", 0.0, kMaxQ, 350.0, true, true},
          {"q", "", -kMaxQ, kMaxQ, 1.0, true, true},
          {"gainDb", "dB", -kMaxQ, kMaxGainDb, 0.0, true, true},
          {"detuneCents", "cents", -kMaxDetuneCents, kMaxDetuneCents, 0.0, true, true},
          {"webAudioRounding", "", 0.0, 1.0, 0.0, false},
      }} {}

void BiquadNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    parameters_[frequencyHz].maxValue = 0.5 * spec.sampleRateHz;
    const double f = parameters_[frequencyHz].clamp(section_.target(WebAudioBiquad::Field::frequencyHz));
    section_.set(WebAudioBiquad::Field::frequencyHz, f, true);
    section_.prepare(spec, kRampTimeMs);
}

void BiquadNode::reset() noexcept { section_.reset(); }  // [audio]

bool BiquadNode::set(uint32_t id, double value, bool immediate) noexcept {  // [audio]
    if (id >= parameters_.size() || std::isnan(value)) return false;
    double clamped = parameters_[id].clamp(value);
    using F = WebAudioBiquad::Field;
    switch (id) {
        case type:
            clamped = std::round(clamped);
            section_.setType(static_cast<BiquadType>(static_cast<uint32_t>(clamped)));
            break;
        case frequencyHz: section_.set(F::frequencyHz, clamped, immediate); break;
        case q: section_.set(F::q, clamped, immediate); break;
        case gainDb: section_.set(F::gainDb, clamped, immediate); break;
        case detuneCents: section_.set(F::detuneCents, clamped, immediate); break;
        case webAudioRounding:
            clamped = std::round(clamped);
            section_.setFeedbackRounding(clamped != 0.0 ? FeedbackRounding::float32 : FeedbackRounding::none);
            break;
        default: return false;
    }
    return clamped == value;
}

bool BiquadNode::setParameter(uint32_t id, double value) noexcept { return set(id, value, false); }

bool BiquadNode::setParameterImmediate(uint32_t id, double value) noexcept { return set(id, value, true); }

double BiquadNode::parameter(uint32_t id) const noexcept {  // [any]
    using F = WebAudioBiquad::Field;
    switch (id) {
        case type: return static_cast<double>(section_.type());
        case frequencyHz: return section_.target(F::frequencyHz);
        case q: return section_.target(F::q);
        case gainDb: return section_.target(F::gainDb);
        case detuneCents: return section_.target(F::detuneCents);
        case webAudioRounding: return section_.feedbackRounding() == FeedbackRounding::float32 ? 1.0 : 0.0;
        default: return std::nan("");
    }
}

void BiquadNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty()) return;
    AudioBlock& out = io.outputs[0];
    out.numFrames = io.numFrames;
    copyDiscrete(io.inputs.empty() ? kNoChannels : io.inputs[0], out, io.numFrames);
    if (hasParamValues()) {
        using F = WebAudioBiquad::Field;
        std::array<const double*, 4> values{};
        values[static_cast<uint32_t>(F::frequencyHz)] = paramValues(frequencyHz);
        values[static_cast<uint32_t>(F::detuneCents)] = paramValues(detuneCents);
        values[static_cast<uint32_t>(F::q)] = paramValues(q);
        values[static_cast<uint32_t>(F::gainDb)] = paramValues(gainDb);
        section_.processWithValues(out, values);
        return;
    }
    section_.process(out);
}

}  // namespace wavegraph
