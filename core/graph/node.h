#pragma once
/// \file node.h
/// The interface every graph node implements: ports, parameters discoverable at run time, and
/// the prepare / reset / process lifecycle. Nodes know nothing of the graph; the graph compiler
/// hands each node planar blocks for its input and output ports.

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "base/audio_block.h"
#include "base/process_spec.h"
#include "dsp/channel_mixing.h"
#include "graph/node_roles.h"
#include "graph/parameter_info.h"

namespace wavegraph {

/// The blocks of one process call. Every block has the same numFrames (≤ spec.maxBlockFrames).
/// Input blocks are read-only by contract (they may be shared with other consumers); an input
/// port with nothing connected arrives as a block of silence with the port's channel count.
struct NodeIo {
    std::span<const AudioBlock> inputs;  ///< One planar block per input port, in port order.
    std::span<AudioBlock> outputs;       ///< One planar block per output port, in port order.
    uint32_t numFrames = 0;              ///< Frames in every block of this call.
    int64_t frameTime = 0;               ///< The engine's clock at the first frame of this call (frames).
};

/// How a node takes the values of an automated parameter (an automation lane, graph_engine.h)
/// while they move. Whatever the rate, the values are clamped into the parameter's range
/// (ParameterInfo::clamp) and applied without the parameter's smoothing.
enum class AutomationRate : uint8_t {
    /// W3C a-rate, one value per frame, set by the engine with setParameterImmediate before
    /// every frame (the node then renders one-frame blocks). Right for any node; slow.
    aRateFrames,
    /// W3C a-rate, one value per frame, read by the node from Node::paramValues(id) over the
    /// whole block (at most kRenderQuantumFrames frames while the value moves).
    aRateValues,
    /// W3C k-rate: one value per render quantum (kRenderQuantumFrames frames counted on the
    /// engine's clock), the lane's value at the quantum's first frame, set with
    /// setParameterImmediate at that frame.
    kRate,
};

/// The W3C render quantum: frames per k-rate value, and the longest block the engine renders
/// while an a-rate value moves.
inline constexpr uint32_t kRenderQuantumFrames = 128;

/// A graph node: an abstract processing unit with input and output ports of planar audio and
/// parameters by id. Built-in nodes live in core/nodes/; external processors run as ProcessorNode.
class Node {
public:
    virtual ~Node() = default;

    /// The JSON "type" of this node, e.g. "biquad", "oscillator". [any]
    virtual std::string_view typeName() const noexcept = 0;
    /// Number of input ports (fixed at construction). [any]
    virtual uint32_t numInputs() const noexcept = 0;
    /// Number of output ports (fixed at construction). [any]
    virtual uint32_t numOutputs() const noexcept = 0;
    /// Channels the output port produces once prepared (usually spec.numChannels). [control]
    virtual uint32_t outputChannels(uint32_t /*output*/) const noexcept { return spec_.numChannels; }
    /// Channels input port `input` must receive once prepared, or 0 (the default) for "the most
    /// any connected source produces". The graph up- or down-mixes what arrives to that count
    /// (dsp/channel_mixing.h). [control]
    virtual uint32_t inputChannels(uint32_t /*input*/) const noexcept { return 0; }
    /// How a connection with another channel count is mixed into input port `input` (the Web
    /// Audio `channelInterpretation`): speakers by default. [control]
    virtual ChannelInterpretation inputInterpretation(uint32_t /*input*/) const noexcept {
        return ChannelInterpretation::speakers;
    }

    /// Names, units, ranges, defaults of the parameters, indexed by parameter id. [any]
    virtual std::span<const ParameterInfo> parameters() const noexcept = 0;

    /// Allocates what process() needs. [control]
    virtual void prepare(const ProcessSpec& spec) { spec_ = spec; }
    /// Ok, or why the last prepare failed (the graph is then refused with this message). [control]
    virtual Status prepareStatus() const { return Status::ok(); }
    /// Clears state (delay memories, filter states, phases) and snaps ramps to targets. [audio]
    virtual void reset() noexcept = 0;
    /// Sets parameter `id` (clamped to its range; NaN ignored), ramped if the parameter is
    /// smoothed. Returns false when the id is unknown or the value had to be clamped/ignored. [audio]
    virtual bool setParameter(uint32_t id, double value) noexcept = 0;
    /// Sets parameter `id` with no ramp (before rendering, or on a discontinuity). [audio]
    virtual bool setParameterImmediate(uint32_t id, double value) noexcept { return setParameter(id, value); }
    /// Current value (the target, if ramping) of parameter `id`; NaN for an unknown id. [any]
    virtual double parameter(uint32_t id) const noexcept = 0;
    /// How parameter `id` takes automated values (AutomationRate; default aRateFrames). A node
    /// that answers aRateValues reads paramValues(id) in process(). [any]
    virtual AutomationRate automationRate(uint32_t /*id*/) const noexcept { return AutomationRate::aRateFrames; }

    /// Automated values of parameter `id` for the block being processed: io.numFrames values,
    /// value i for frame i, already clamped into the parameter's range; nullptr when the
    /// parameter does not move in this block (its value is then the one last set). Only
    /// parameters whose automationRate is aRateValues are ever given values. After the block
    /// the engine sets the last value with setParameterImmediate. [audio]
    const double* paramValues(uint32_t id) const noexcept {
        for (uint32_t i = 0; i < numBoundValues_; ++i)
            if (boundValues_[i].id == id) return boundValues_[i].values;
        return nullptr;
    }
    /// True while some parameter has values for the block being processed (paramValues). [audio]
    bool hasParamValues() const noexcept { return numBoundValues_ != 0; }
    /// Parameters that can have values in one block at most.
    static constexpr uint32_t kMaxParamValues = 8;
    /// Gives parameter `id` the values of the next process call (the engine, before it); false
    /// when kMaxParamValues parameters already have values. [audio]
    bool bindParamValues(uint32_t id, const double* values) noexcept {
        if (numBoundValues_ == kMaxParamValues) return false;
        boundValues_[numBoundValues_++] = BoundValues{id, values};
        return true;
    }
    /// Drops every parameter's values (the engine, after the process call). [audio]
    void clearParamValues() noexcept { numBoundValues_ = 0; }
    /// Renders io.numFrames frames. Output must not depend on how a render is split into
    /// blocks. [audio] noexcept: no allocation, lock, I/O or wait.
    virtual void process(NodeIo& io) noexcept = 0;
    /// True when process() works with output port 0 on the very buffers of input port 0 (same
    /// channel count; each channel read before it is written), so that the graph may let a
    /// one-in, one-out node write over an input nothing else reads any more. [any]
    virtual bool processesInPlace() const noexcept { return false; }

    /// A new node of the same type and configuration (constructor arguments such as band or
    /// input counts), not yet prepared. Used to give a new render plan its own instances so that
    /// the old and the new plan can both render during a crossfade (docs/graph-swap.md); the
    /// parameters and state arrive at the swap through copyStateFrom. nullptr when the node
    /// cannot be forked (the engine then swaps plans without a crossfade). [control] allocates.
    virtual std::shared_ptr<Node> fork() const { return nullptr; }
    /// Copies parameters, ramps in progress and state (filter memories, phases, delay contents,
    /// random generator) from `other`, which must be a node of the same type and configuration
    /// prepared with the same spec (as a fork is). Returns false and changes nothing otherwise.
    /// [audio] no allocation.
    virtual bool copyStateFrom(const Node& /*other*/) noexcept { return false; }

    /// The node as a HostInputSink (host audio input), or nullptr. Roles: node_roles.h. [any]
    virtual HostInputSink* hostInputSink() noexcept { return nullptr; }
    /// The node as a MeterSource (level meters), or nullptr. [any]
    virtual MeterSource* meterSource() noexcept { return nullptr; }
    /// The node as a ReductionSource (gain reduction read-out), or nullptr. [any]
    virtual const ReductionSource* reductionSource() const noexcept { return nullptr; }
    /// The node as an AnalyserSource (spectrum/waveform taps), or nullptr. [any]
    virtual const AnalyserSource* analyserSource() const noexcept { return nullptr; }
    /// The node as a FrequencyResponse (filters), or nullptr. [any]
    virtual const FrequencyResponse* frequencyResponse() const noexcept { return nullptr; }
    /// The node as an EndedSource (sources that end), or nullptr. [any]
    virtual const EndedSource* endedSource() const noexcept { return nullptr; }
    /// The node as an ObserverFeed (meters, analysers: measurement that can be turned off), or nullptr. [any]
    virtual ObserverFeed* observerFeed() noexcept { return nullptr; }
    /// The node as a FailureSource (nodes whose process can fail), or nullptr. [any]
    virtual FailureSource* failureSource() noexcept { return nullptr; }

    /// The spec of the last prepare (default-constructed before). [any]
    const ProcessSpec& spec() const noexcept { return spec_; }

    /// Index of the parameter called `name`, or -1. [control]
    int parameterIndex(std::string_view name) const noexcept {
        const auto params = parameters();
        for (size_t i = 0; i < params.size(); ++i)
            if (params[i].name == name) return static_cast<int>(i);
        return -1;
    }

protected:
    ProcessSpec spec_{};  ///< Set by prepare(); derived classes read it in process().

private:
    struct BoundValues {
        uint32_t id;
        const double* values;
    };
    std::array<BoundValues, kMaxParamValues> boundValues_{};
    uint32_t numBoundValues_ = 0;
};

}  // namespace wavegraph
