#include "nodes/oscillator.h"

#include <cmath>
#include <cstring>
#include <numbers>
#include "dsp/portable_math.h"

namespace wavegraph {

void OscillatorNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    tables_ = &BandLimitedWavetable::instance();
    frequency_.prepare(spec.sampleRateHz, kRampTimeMs);
    detune_.prepare(spec.sampleRateHz, kRampTimeMs);
    gain_.prepare(spec.sampleRateHz, kRampTimeMs);
    frequency_.setImmediate(values_[frequencyHz]);
    detune_.setImmediate(values_[detuneCents]);
    gain_.setImmediate(math::dbToGain(values_[levelDb]));
    reset();
}

void OscillatorNode::reset() noexcept {  // [audio]
    frequency_.setImmediate(frequency_.target());
    detune_.setImmediate(detune_.target());
    gain_.setImmediate(gain_.target());
    phase_ = 0.0;
    updateFrequency();
}

void OscillatorNode::updateFrequency() noexcept {  // [audio]
    const double nyquist = 0.5 * spec_.sampleRateHz;
    double f = frequency_.current();
    if (detune_.current() != 0.0) f *= math::exp2(detune_.current() / 1200.0);
    if (f > nyquist) f = nyquist;
    increment_ = f / spec_.sampleRateHz;
    if (type_ != Type::sine && tables_ != nullptr) {
        const auto shape = static_cast<BandLimitedWavetable::Shape>(static_cast<uint32_t>(type_) - 1);
        table_ = tables_->table(shape, f, spec_.sampleRateHz);
    }
}

bool OscillatorNode::set(uint32_t id, double value, bool immediate) noexcept {  // [audio]
    if (id >= kParameters.size() || std::isnan(value)) return false;
    double clamped = kParameters[id].clamp(value);
    switch (id) {
        case type:
            clamped = std::round(clamped);
            type_ = static_cast<Type>(static_cast<uint32_t>(clamped));
            break;
        case frequencyHz: immediate ? frequency_.setImmediate(clamped) : frequency_.setTarget(clamped); break;
        case detuneCents: immediate ? detune_.setImmediate(clamped) : detune_.setTarget(clamped); break;
        case levelDb: {
            const double linear = math::dbToGain(clamped);
            immediate ? gain_.setImmediate(linear) : gain_.setTarget(linear);
            break;
        }
        default: break;
    }
    values_[id] = clamped;
    updateFrequency();
    return clamped == value;
}

double OscillatorNode::parameter(uint32_t id) const noexcept {  // [any]
    return id < values_.size() ? values_[id] : std::nan("");
}

void OscillatorNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty() || io.outputs[0].numChannels == 0) return;
    AudioBlock& out = io.outputs[0];
    float* dst = out.channels[0];
    for (uint32_t i = 0; i < io.numFrames; ++i) {
        if (frequency_.isRamping() || detune_.isRamping()) {
            frequency_.next();
            detune_.next();
            updateFrequency();
        }
        const double gain = gain_.next();
        double sample = 0.0;
        if (type_ == Type::sine)
            sample = math::sin(2.0 * std::numbers::pi * phase_);
        else if (table_.data != nullptr)
            sample = BandLimitedWavetable::read(table_, phase_);
        dst[i] = static_cast<float>(gain * sample);
        phase_ += increment_;
        if (phase_ >= 1.0) phase_ -= 1.0;
    }
    for (uint32_t ch = 1; ch < out.numChannels; ++ch) std::memcpy(out.channels[ch], dst, sizeof(float) * io.numFrames);
}

}  // namespace wavegraph
