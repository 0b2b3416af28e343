#include "nodes/parametric_eq_node.h"

#include <algorithm>
#include <cmath>

#include "dsp/channel_mixing.h"
#include "dsp/portable_math.h"

namespace wavegraph {

Status ParametricEqNode::validateNumBands(uint32_t numBands) {  // [control]
    if (numBands < kMinBands || numBands > kMaxBands)
        return Status::error("numBands " + std::to_string(numBands) + " is out of range (" + std::to_string(kMinBands) +
                             "…" + std::to_string(kMaxBands) + ")");
    return Status::ok();
}

ParametricEqNode::ParametricEqNode(uint32_t numBands) {  // [control]
    const uint32_t n = std::clamp(numBands, kMinBands, kMaxBands);
    bands_.resize(n);
    names_.reserve(n * kFieldsPerBand);  // no reallocation: the views below stay valid
    parameters_.reserve(n * kFieldsPerBand + 1);
    for (uint32_t k = 0; k < n; ++k) {
        // 60 · 2^(7k/(N−1)): exact powers of two times 60 when N = 8.
        const double f = n == 1 ? 60.0 * std::sqrt(128.0) : 60.0 * math::exp2(7.0 * k / static_cast<double>(n - 1));
        const std::string prefix = "band" + std::to_string(k) + ".";
        for (const char* field : {"type", "frequencyHz", "q", "gainDb"}) names_.push_back(prefix + field);
        const size_t base = names_.size() - kFieldsPerBand;
        parameters_.push_back({names_[base + type], "", 0.0, 7.0, 5.0, false});
        parameters_.push_back({names_[base + frequencyHz], "Hz", kMinFrequencyHz, 24000.0, f, true});
        parameters_.push_back({names_[base + q], "", -kWebAudioMaxQ, kWebAudioMaxQ, 1.0, true});
        parameters_.push_back({names_[base + gainDb], "dB", -40.0, 40.0, 0.0, true});
        bands_[k].setType(BiquadType::peaking);
        bands_[k].set(WebAudioBiquad::Field::frequencyHz, f, true);
    }
    parameters_.push_back({"webAudioRounding", "", 0.0, 1.0, 0.0, false});
}

void ParametricEqNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    for (uint32_t k = 0; k < bands_.size(); ++k) {
        ParameterInfo& info = parameters_[parameterId(k, frequencyHz)];
        info.maxValue = 0.5 * spec.sampleRateHz;
        bands_[k].set(WebAudioBiquad::Field::frequencyHz,
                      info.clamp(bands_[k].target(WebAudioBiquad::Field::frequencyHz)), true);
        bands_[k].prepare(spec, kRampTimeMs);
    }
    const auto n = static_cast<uint32_t>(bands_.size());
    cascadePrepared_ = n <= BiquadCascade::kMaxSections;
    if (cascadePrepared_) cascade_.prepare(spec, n);
    stateInCascade_ = false;
    markAllBandsChanged();
}

void ParametricEqNode::reset() noexcept {  // [audio]
    for (auto& band : bands_) band.reset();
    cascade_.reset();
    stateInCascade_ = false;
    markAllBandsChanged();
}

bool ParametricEqNode::cascadeApplies() const noexcept {  // [audio]
    if (!cascadePrepared_) return false;
    for (const auto& band : bands_)
        if (!band.isSteady()) return false;
    return true;
}

// The memories move, and the side they leave is cleared, so only one holds them.
void ParametricEqNode::moveStateToCascade() noexcept {  // [audio]
    const uint32_t channels = cascade_.numChannels();
    for (uint32_t k = 0; k < bands_.size(); ++k)
        for (uint32_t ch = 0; ch < channels; ++ch) {
            cascade_.setState(k, ch, bands_[k].state(ch));
            bands_[k].setState(ch, Biquad::State{});
        }
    stateInCascade_ = true;
}

void ParametricEqNode::moveStateToBands() noexcept {  // [audio]
    const uint32_t channels = cascade_.numChannels();
    for (uint32_t k = 0; k < bands_.size(); ++k)
        for (uint32_t ch = 0; ch < channels; ++ch) {
            bands_[k].setState(ch, cascade_.state(k, ch));
            cascade_.setState(k, ch, Biquad::State{});
        }
    stateInCascade_ = false;
}

bool ParametricEqNode::set(uint32_t id, double value, bool immediate) noexcept {  // [audio]
    if (id >= parameters_.size() || std::isnan(value)) return false;
    double clamped = parameters_[id].clamp(value);
    cascadeReady_ = false;
    if (id == webAudioRoundingId()) {
        markAllBandsChanged();  // the rounding redesigns every band
        clamped = std::round(clamped);
        const FeedbackRounding rounding = clamped != 0.0 ? FeedbackRounding::float32 : FeedbackRounding::none;
        for (auto& b : bands_) b.setFeedbackRounding(rounding);
        cascade_.setFeedbackRounding(rounding);
        return clamped == value;
    }
    WebAudioBiquad& band = bands_[id / kFieldsPerBand];
    changedBands_ |= uint32_t{1} << (id / kFieldsPerBand);
    using F = WebAudioBiquad::Field;
    switch (id % kFieldsPerBand) {
        case type:
            clamped = std::round(clamped);
            band.setType(static_cast<BiquadType>(static_cast<uint32_t>(clamped)));
            break;
        case frequencyHz: band.set(F::frequencyHz, clamped, immediate); break;
        case q: band.set(F::q, clamped, immediate); break;
        default: band.set(F::gainDb, clamped, immediate); break;
    }
    return clamped == value;
}

bool ParametricEqNode::setParameter(uint32_t id, double value) noexcept { return set(id, value, false); }

bool ParametricEqNode::setParameterImmediate(uint32_t id, double value) noexcept { return set(id, value, true); }

double ParametricEqNode::parameter(uint32_t id) const noexcept {  // [any]
    if (id >= parameters_.size()) return std::nan("");
    if (id == webAudioRoundingId()) return cascade_.feedbackRounding() == FeedbackRounding::float32 ? 1.0 : 0.0;
    const WebAudioBiquad& band = bands_[id / kFieldsPerBand];
    using F = WebAudioBiquad::Field;
    switch (id % kFieldsPerBand) {
        case type: return static_cast<double>(band.type());
        case frequencyHz: return band.target(F::frequencyHz);
        case q: return band.target(F::q);
        default: return band.target(F::gainDb);
    }
}

void ParametricEqNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty()) return;
    AudioBlock& out = io.outputs[0];
    out.numFrames = io.numFrames;
    copyDiscrete(io.inputs.empty() ? kNoChannels : io.inputs[0], out, io.numFrames);
    // Steady bands whose coefficients the cascade already holds: the cascade alone. Every
    // coefficient change clears cascadeReady_, so this is one branch per block.
    if (cascadeReady_ && !hasParamValues()) [[likely]] {
        cascade_.process(out);
        return;
    }
    processChanging(out);
}

void ParametricEqNode::processChanging(AudioBlock& out) noexcept {  // [audio]
    cascadeReady_ = false;
    if (hasParamValues()) {  // automated bands: coefficients per frame while their values move
        if (stateInCascade_) moveStateToBands();
        changedBands_ = ~uint32_t{0};
        using F = WebAudioBiquad::Field;
        for (uint32_t k = 0; k < bands_.size(); ++k) {
            std::array<const double*, 4> values{};
            values[static_cast<uint32_t>(F::frequencyHz)] = paramValues(parameterId(k, frequencyHz));
            values[static_cast<uint32_t>(F::q)] = paramValues(parameterId(k, q));
            values[static_cast<uint32_t>(F::gainDb)] = paramValues(parameterId(k, gainDb));
            if (values[0] != nullptr || values[2] != nullptr || values[3] != nullptr)
                bands_[k].processWithValues(out, values);
            else
                bands_[k].process(out);
        }
        return;
    }
    if (cascadeApplies()) {
        // Every band's coefficients are constant over this block and until the next change
        // (WebAudioBiquad::isSteady): the cascade computes exactly what the bands would
        // (biquad_cascade.h), only faster. Only the bands changed since the last load are loaded.
        if (!stateInCascade_) moveStateToCascade();
        for (uint32_t k = 0; k < bands_.size(); ++k)
            if ((changedBands_ >> k) & 1u) cascade_.setCoefficients(k, bands_[k].coefficients());
        changedBands_ = 0;
        cascadeReady_ = true;
        cascade_.process(out);
        return;
    }
    if (stateInCascade_) moveStateToBands();
    changedBands_ = ~uint32_t{0};  // ramps move the coefficients as the bands run
    for (auto& band : bands_) band.process(out);
}

}  // namespace wavegraph

namespace wavegraph {

bool ParametricEqNode::copyStateFrom(const Node& other) noexcept {  // [audio]
    if (!canCopyStateFrom(*this, other)) return false;
    const auto& source = static_cast<const ParametricEqNode&>(other);
    if (source.bands_.size() != bands_.size()) return false;
    // Element-wise assignment: each band's vectors have the same sizes (same spec), no allocation.
    for (size_t k = 0; k < bands_.size(); ++k) bands_[k] = source.bands_[k];
    // Same band count and spec: the cascade's state vector has the same size, copied in place.
    cascade_ = source.cascade_;
    cascadePrepared_ = source.cascadePrepared_;
    stateInCascade_ = source.stateInCascade_;
    markAllBandsChanged();
    return true;
}

}  // namespace wavegraph
