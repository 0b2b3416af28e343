#include "processor/processor_node.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "base/format_number.h"
#include "processor/processor_types.h"

namespace wavegraph {

ProcessorNode::ProcessorNode(std::shared_ptr<const ProcessorType> type)  // [control]
    : type_(std::move(type)), instance_(type_->descriptor->create()) {
    values_.reserve(type_->parameters.size());
    for (const auto& info : type_->parameters) values_.push_back(info.defaultValue);
}

ProcessorNode::~ProcessorNode() {  // [control]
    if (instance_ != nullptr) type_->descriptor->destroy(instance_);
}

uint32_t ProcessorNode::outputChannels(uint32_t output) const noexcept {  // [control]
    const wg_processor_descriptor& d = *type_->descriptor;
    const uint32_t fixed = output < d.num_outputs ? d.output_channels[output] : 0;
    return fixed != 0 ? fixed : spec_.numChannels;
}

uint32_t ProcessorNode::inputChannels(uint32_t input) const noexcept {  // [control]
    const wg_processor_descriptor& d = *type_->descriptor;
    const uint32_t fixed = input < d.num_inputs ? d.input_channels[input] : 0;
    return fixed != 0 ? fixed : spec_.numChannels;
}

void ProcessorNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    prepared_ = false;
    const wg_processor_descriptor& d = *type_->descriptor;
    totalInputChannels_ = 0;
    for (uint32_t i = 0; i < d.num_inputs; ++i) totalInputChannels_ += inputChannels(i);
    totalOutputChannels_ = 0;
    for (uint32_t o = 0; o < d.num_outputs; ++o) totalOutputChannels_ += outputChannels(o);
    inputPointers_.assign(totalInputChannels_, nullptr);
    outputPointers_.assign(totalOutputChannels_, nullptr);
    const std::string where = formatNumber(spec.sampleRateHz) + " Hz, " + std::to_string(spec.maxBlockFrames) +
                              " frames, " + std::to_string(spec.numChannels) + " channels";
    if (instance_ == nullptr) {
        prepareStatus_ =
            Status::error("processor '" + type_->typeName + "' (" + type_->origin + ") could not create an instance");
        return;
    }
    const int32_t status = d.prepare(instance_, spec.sampleRateHz, spec.maxBlockFrames, spec.numChannels);
    if (status != WG_PROCESSOR_OK) {
        prepareStatus_ = Status::error("processor '" + type_->typeName + "' (" + type_->origin +
                                       ") failed to prepare for " + where + " (" + processorStatusText(status) + ")");
        return;
    }
    for (uint32_t id = 0; id < values_.size(); ++id) (void)d.set_parameter(instance_, id, values_[id], 1);
    prepareStatus_ = Status::ok();
    prepared_ = true;
}

void ProcessorNode::reset() noexcept {  // [audio]
    if (prepared_) type_->descriptor->reset(instance_);
}

bool ProcessorNode::set(uint32_t id, double value, bool immediate) noexcept {  // [audio]
    if (id >= values_.size() || std::isnan(value)) return false;
    const ParameterInfo& info = type_->parameters[id];
    const double clamped = info.clamp(value);
    values_[id] = clamped;
    if (prepared_) {
        const int32_t status = type_->descriptor->set_parameter(instance_, id, clamped, immediate ? 1 : 0);
        if (status != WG_PROCESSOR_OK) return false;
    }
    return clamped == value;
}

bool ProcessorNode::setParameter(uint32_t id, double value) noexcept { return set(id, value, false); }  // [audio]

bool ProcessorNode::setParameterImmediate(uint32_t id, double value) noexcept {  // [audio]
    return set(id, value, true);
}

double ProcessorNode::parameter(uint32_t id) const noexcept {  // [any]
    return id < values_.size() ? values_[id] : std::nan("");
}

void ProcessorNode::silence(NodeIo& io) noexcept {  // [audio]
    for (auto& block : io.outputs)
        for (uint32_t ch = 0; ch < block.numChannels; ++ch) std::fill_n(block.channels[ch], io.numFrames, 0.0f);
}

void ProcessorNode::process(NodeIo& io) noexcept {  // [audio]
    if (!prepared_ || io.inputs.size() != numInputs() || io.outputs.size() != numOutputs()) {
        silence(io);
        lastFailureCode_.store(WG_PROCESSOR_ERROR, std::memory_order_relaxed);
        failures_.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    // The graph hands every port the channel count the descriptor asked for (inputChannels,
    // outputChannels); the pointer tables are flat, port after port.
    uint32_t k = 0;
    for (const auto& block : io.inputs)
        for (uint32_t ch = 0; ch < block.numChannels && k < totalInputChannels_; ++ch)
            inputPointers_[k++] = block.channels[ch];
    uint32_t m = 0;
    for (const auto& block : io.outputs)
        for (uint32_t ch = 0; ch < block.numChannels && m < totalOutputChannels_; ++ch)
            outputPointers_[m++] = block.channels[ch];
    if (k != totalInputChannels_ || m != totalOutputChannels_ || io.numFrames == 0) {
        if (io.numFrames != 0) {
            silence(io);
            lastFailureCode_.store(WG_PROCESSOR_ERROR, std::memory_order_relaxed);
            failures_.fetch_add(1, std::memory_order_relaxed);
        }
        return;
    }
    const int32_t status =
        type_->descriptor->process(instance_, inputPointers_.data(), outputPointers_.data(), io.numFrames);
    if (status != WG_PROCESSOR_OK) {
        silence(io);
        lastFailureCode_.store(status, std::memory_order_relaxed);
        failures_.fetch_add(1, std::memory_order_relaxed);
    }
}

std::shared_ptr<Node> ProcessorNode::fork() const {  // [control]
    auto node = std::make_shared<ProcessorNode>(type_);
    return node->instance() != nullptr ? node : nullptr;
}

bool ProcessorNode::copyStateFrom(const Node& other) noexcept {  // [audio]
    const auto* source = dynamic_cast<const ProcessorNode*>(&other);
    if (source == nullptr || source->type_ != type_ || source == this) return false;
    if (!prepared_ || !source->prepared_ || source->spec_.sampleRateHz != spec_.sampleRateHz ||
        source->spec_.maxBlockFrames != spec_.maxBlockFrames || source->spec_.numChannels != spec_.numChannels)
        return false;
    std::copy(source->values_.begin(), source->values_.end(), values_.begin());
    const wg_processor_descriptor& d = *type_->descriptor;
    if (d.copy_state != nullptr && d.copy_state(instance_, source->instance_) == WG_PROCESSOR_OK) return true;
    d.reset(instance_);
    for (uint32_t id = 0; id < values_.size(); ++id) (void)d.set_parameter(instance_, id, values_[id], 1);
    return true;
}

}  // namespace wavegraph
