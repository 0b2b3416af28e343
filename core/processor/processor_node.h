#pragma once
/// \file processor_node.h
/// A graph node that runs one instance of a processor type from outside the engine
/// (include/wavegraph/processor.h) through its descriptor's functions.
///
/// The node keeps the parameter values (the processor only receives them), validates nothing
/// itself (values arrive checked and clamped), and turns a failing process call into a silent
/// block, a failure count and a processorFailed event (FailureSource). Instances are created
/// and destroyed on the control thread (construction, destruction); prepare allocates the
/// per-channel pointer tables once.

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "graph/node.h"
#include "processor/processor_type.h"

namespace wavegraph {

/// Graph node running one instance of an external processor type (see the file comment).
class ProcessorNode final : public Node, public FailureSource {
public:
    /// A new instance of `type` (descriptor->create); instance() is null when create failed.
    /// [control] Allocates.
    explicit ProcessorNode(std::shared_ptr<const ProcessorType> type);
    /// descriptor->destroy. [control]
    ~ProcessorNode() override;
    ProcessorNode(const ProcessorNode&) = delete;
    ProcessorNode& operator=(const ProcessorNode&) = delete;

    /// The processor's own instance, or null when create failed (prepare then fails). [any]
    void* instance() const noexcept { return instance_; }
    /// The processor type this node was made from. [any]
    const ProcessorType& type() const noexcept { return *type_; }

    std::string_view typeName() const noexcept override { return type_->typeName; }  // [any]
    uint32_t numInputs() const noexcept override {
        return type_->descriptor->num_inputs;
    }  ///< The descriptor's num_inputs. [any]
    uint32_t numOutputs() const noexcept override {
        return type_->descriptor->num_outputs;
    }                                                                  ///< The descriptor's num_outputs. [any]
    uint32_t outputChannels(uint32_t output) const noexcept override;  // [control]
    uint32_t inputChannels(uint32_t input) const noexcept override;    // [control]
    std::span<const ParameterInfo> parameters() const noexcept override { return type_->parameters; }  // [any]

    /// descriptor->prepare, then every parameter value is handed to the processor (immediate).
    /// A failure leaves the node unprepared: process() then outputs silence and counts it.
    /// [control] Allocates.
    void prepare(const ProcessSpec& spec) override;
    /// Ok, or why the last prepare failed, e.g. "processor 'softClipper' failed to prepare
    /// (status -3: unsupported) for 48000 Hz, 128 frames, 2 channels". [control]
    Status prepareStatus() const override { return prepareStatus_; }
    void reset() noexcept override;                                           // [audio]
    bool setParameter(uint32_t id, double value) noexcept override;           // [audio]
    bool setParameterImmediate(uint32_t id, double value) noexcept override;  // [audio]
    double parameter(uint32_t id) const noexcept override;                    // [any]
    void process(NodeIo& io) noexcept override;                               // [audio]

    /// A new instance of the same type, unprepared. [control] Allocates.
    std::shared_ptr<Node> fork() const override;
    /// descriptor->copy_state when the type has it, else the parameter values only (the state
    /// starts from reset); false when `other` is of another type. [audio]
    bool copyStateFrom(const Node& other) noexcept override;

    FailureSource* failureSource() noexcept override { return this; }  ///< This node: its process calls can fail. [any]
    uint64_t failures() const noexcept override { return failures_.load(std::memory_order_relaxed); }  // [any]
    int32_t lastFailureCode() const noexcept override { return lastFailureCode_.load(std::memory_order_relaxed); }

private:
    bool set(uint32_t id, double value, bool immediate) noexcept;  // [audio]
    void silence(NodeIo& io) noexcept;                             // [audio]

    // [control] fixed after construction / prepare.
    std::shared_ptr<const ProcessorType> type_;
    void* instance_ = nullptr;
    Status prepareStatus_ = Status::ok();
    bool prepared_ = false;
    uint32_t totalInputChannels_ = 0;
    uint32_t totalOutputChannels_ = 0;
    std::vector<const float*> inputPointers_;  // all input ports' channels, port by port
    std::vector<float*> outputPointers_;       // all output ports' channels, port by port
    // [audio]
    std::vector<double> values_;  // parameter values (targets), by id; sized at construction
    std::atomic<uint64_t> failures_{0};
    std::atomic<int32_t> lastFailureCode_{0};
};

}  // namespace wavegraph
