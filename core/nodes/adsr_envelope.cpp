#include "nodes/adsr_envelope.h"

#include <cmath>

namespace wavegraph {

void AdsrEnvelopeNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    envelope_.assign(spec.maxBlockFrames, 0.0f);
    reset();
}

void AdsrEnvelopeNode::reset() noexcept {  // [audio]
    stage_ = Stage::idle;
    level_ = start_ = target_ = 0.0;
    segmentFrames_ = position_ = 0;
    if (values_[gate] >= 1.0) enter(Stage::attack);
}

void AdsrEnvelopeNode::startSegment(double target, double frames) noexcept {  // [audio]
    start_ = level_;
    target_ = target;
    position_ = 0;
    segmentFrames_ = static_cast<uint32_t>(std::lround(std::fmax(0.0, frames)));
    if (segmentFrames_ == 0) {
        level_ = target_;
        segmentEnded();
    }
}

void AdsrEnvelopeNode::enter(Stage stage) noexcept {  // [audio]
    stage_ = stage;
    const double sustain = values_[sustainLevel];
    switch (stage) {
        case Stage::idle:
            level_ = 0.0;
            segmentFrames_ = position_ = 0;
            target_ = 0.0;
            break;
        case Stage::attack: startSegment(1.0, (1.0 - level_) * frames(values_[attackMs])); break;
        case Stage::decay:
            // Rate (1 − S)/decayMs; from level e the decay lasts (e − S)/(1 − S)·decayMs.
            if (level_ <= sustain || sustain >= 1.0)
                enter(Stage::sustain);
            else
                startSegment(sustain, (level_ - sustain) / (1.0 - sustain) * frames(values_[decayMs]));
            break;
        case Stage::sustain: startSegment(sustain, level_ == sustain ? 0.0 : frames(kSustainGlideMs)); break;
        case Stage::release: startSegment(0.0, frames(values_[releaseMs])); break;
    }
}

void AdsrEnvelopeNode::segmentEnded() noexcept {  // [audio]
    switch (stage_) {
        case Stage::attack: enter(Stage::decay); break;
        case Stage::decay: stage_ = Stage::sustain; break;
        case Stage::release: stage_ = Stage::idle; break;
        default: break;  // a sustain glide and idle just hold
    }
}

double AdsrEnvelopeNode::nextLevel() noexcept {  // [audio]
    const double out = level_;
    if (position_ < segmentFrames_) {
        ++position_;
        if (position_ == segmentFrames_) {
            level_ = target_;
            segmentEnded();
        } else {
            level_ = start_ + (target_ - start_) * position_ / segmentFrames_;
        }
    }
    return out;
}

bool AdsrEnvelopeNode::set(uint32_t id, double value, bool /*immediate*/) noexcept {  // [audio]
    if (id >= kParameters.size() || std::isnan(value)) return false;
    double clamped = kParameters[id].clamp(value);
    if (id == gate) clamped = std::round(clamped);
    const double previous = values_[id];
    values_[id] = clamped;
    const bool gateOn = values_[gate] >= 1.0;
    switch (id) {
        case gate:
            if (clamped != previous) enter(gateOn ? Stage::attack : (level_ > 0.0 ? Stage::release : Stage::idle));
            break;
        case attackMs:
            if (stage_ == Stage::attack) enter(Stage::attack);
            break;
        case decayMs:
            if (stage_ == Stage::decay) enter(Stage::decay);
            break;
        case sustainLevel:
            if (stage_ == Stage::decay || stage_ == Stage::sustain) enter(stage_);
            break;
        case releaseMs:
            if (stage_ == Stage::release) enter(Stage::release);
            break;
        default: break;
    }
    return clamped == value;
}

double AdsrEnvelopeNode::parameter(uint32_t id) const noexcept {  // [any]
    return id < values_.size() ? values_[id] : std::nan("");
}

void AdsrEnvelopeNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty()) return;
    AudioBlock& out = io.outputs[0];
    const uint32_t frames = io.numFrames <= envelope_.size() ? io.numFrames : static_cast<uint32_t>(envelope_.size());
    for (uint32_t i = 0; i < frames; ++i) envelope_[i] = static_cast<float>(nextLevel());
    const uint32_t inChannels = io.inputs.empty() ? 0 : io.inputs[0].numChannels;
    for (uint32_t ch = 0; ch < out.numChannels; ++ch) {
        float* dst = out.channels[ch];
        if (ch < inChannels) {
            const float* in = io.inputs[0].channels[ch];
            for (uint32_t i = 0; i < frames; ++i) dst[i] = in[i] * envelope_[i];
        } else {
            for (uint32_t i = 0; i < frames; ++i) dst[i] = 0.0f;
        }
    }
}

}  // namespace wavegraph
