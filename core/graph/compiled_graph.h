#pragma once
/// \file compiled_graph.h
/// An immutable render plan built on the control thread by AudioGraph::compile: the execution
/// order (Kahn's topological sort) plus preallocated scratch buffers, where a buffer whose value
/// is dead (its last reader has run) is reused by a later node. `render` [audio] runs the plan
/// with no allocation, lock or wait.

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "graph/audio_graph.h"
#include "graph/node.h"

namespace wavegraph {

/// An immutable render plan made by AudioGraph::compile: nodes in topological order, prepared,
/// with their scratch buffers assigned. Built [control], rendered [audio] once published.
class CompiledGraph {
public:
    /// Renders numFrames (≤ spec.maxBlockFrames) frames into output: spec.numChannels planar
    /// channels (the chosen graph output, up/down-mixed by the W3C "speakers" rules if its
    /// channel count differs; fan-in sources are mixed to the input's count the same way). numFrames too large or a
    /// null channel: output silenced, returns false. [audio]
    bool render(float* const* output, uint32_t numFrames) noexcept { return render(nullptr, 0, output, numFrames); }
    /// The same with the host's planar input (numInputChannels × numFrames, may be null when 0)
    /// handed to every "input" node (nodes/input_node.h). When the graph output has the host's
    /// channel count and the host's output channels overlap neither each other nor the input,
    /// the plan's output buffer is the host's output for this render (its views point there), so
    /// the last node writes the host's buffers and no copy follows. [audio]
    bool render(const float* const* input, uint32_t numInputChannels, float* const* output,
                uint32_t numFrames) noexcept;

    /// The engine's clock at the next render's first frame (NodeIo::frameTime); each render
    /// advances it by its frames. [audio]
    void setFrameTime(int64_t frame) noexcept { frameTime_ = frame; }

    /// The node with this id in the plan, or nullptr. [audio] O(1), no allocation.
    Node* nodeById(NodeId id) const noexcept { return id < nodeById_.size() ? nodeById_[id] : nullptr; }

    /// Execution order as node ids (every edge goes from an earlier to a later entry). [any]
    const std::vector<NodeId>& order() const noexcept { return order_; }
    /// Distinct scratch buffers (each channels × maxBlockFrames) after reuse. [any]
    size_t numBuffers() const noexcept { return bufferChannels_.size(); }
    /// Buffers a plan without reuse would need (one per node output port). [any]
    size_t numOutputPorts() const noexcept { return numOutputPorts_; }
    /// The spec the plan was compiled and its nodes prepared for. [any]
    const ProcessSpec& spec() const noexcept { return spec_; }

    /// A meter of the plan (a node whose meterSource() is set) and the readings already reported from it (GraphEngine
    /// turns new readings into events). [audio] after publication.
    struct MeterEntry {
        NodeId id = 0;                  ///< The meter node's id.
        MeterSource* node = nullptr;    ///< Its MeterSource role.
        uint64_t readingsReported = 0;  ///< Readings already turned into events.
    };
    /// Every meter of the plan. [audio] after publication.
    std::span<MeterEntry> meters() noexcept { return meters_; }

    /// A node of the plan with a gain reduction read-out (reductionSource() set) and the readings
    /// already reported. [audio] after publication.
    struct ReductionEntry {
        NodeId id = 0;                          ///< The node's id.
        const ReductionSource* node = nullptr;  ///< Its ReductionSource role.
        uint64_t readingsReported = 0;          ///< Readings already turned into events.
    };
    /// Every reduction read-out of the plan. [audio] after publication.
    std::span<ReductionEntry> reductionSources() noexcept { return reductionSources_; }

    /// A node of the plan that ends (endedSource() set) and the endings already reported.
    /// [audio] after publication.
    struct EndedEntry {
        NodeId id = 0;                      ///< The node's id.
        const EndedSource* node = nullptr;  ///< Its EndedSource role.
        uint64_t endingsReported = 0;       ///< Endings already turned into events.
    };
    /// Every node of the plan that ends. [audio] after publication.
    std::span<EndedEntry> endedSources() noexcept { return endedSources_; }

    /// A node of the plan that can fail (failureSource() set) and the failures already reported.
    /// [audio] after publication.
    struct FailureEntry {
        NodeId id = 0;                  ///< The node's id.
        FailureSource* node = nullptr;  ///< Its FailureSource role.
        uint64_t failuresReported = 0;  ///< Failures already turned into events.
    };
    /// Every node of the plan that can fail. [audio] after publication.
    std::span<FailureEntry> failureSources() noexcept { return failureSources_; }

    /// A parameter value the plan's description set explicitly (e.g. in its JSON).
    struct ParameterSetting {
        NodeId node = 0;     ///< Node id.
        uint32_t param = 0;  ///< Parameter id.
        double value = 0.0;  ///< Value in the parameter's unit.
    };
    /// Applied by GraphEngine after a swap has copied the old nodes' state (so explicit values
    /// win over carried-over ones). [control] before publish.
    void setExplicitParameters(std::vector<ParameterSetting> settings) { explicitParameters_ = std::move(settings); }
    /// The settings given to setExplicitParameters. [any]
    std::span<const ParameterSetting> explicitParameters() const noexcept { return explicitParameters_; }

private:
    friend class AudioGraph;

    /// One input port's feed: copy/sum each source buffer into `mixBuffer`, or read `direct`.
    struct InputFeed {
        std::vector<uint32_t> sources;  // buffer indices summed into mixBuffer
        int32_t direct = -1;            // buffer index read in place (single source, same channels)
        int32_t mixBuffer = -1;         // scratch buffer for sums, mixes and silence
        uint32_t channels = 0;
        ChannelInterpretation interpretation = ChannelInterpretation::speakers;  // of sources with other counts
    };
    struct Step {
        std::shared_ptr<Node> node;
        NodeId id = 0;
        std::vector<InputFeed> inputs;
        std::vector<uint32_t> outputBuffers;  // buffer index per output port
        std::vector<AudioBlock> inputBlocks;  // prepared views (numFrames set per render)
        std::vector<AudioBlock> outputBlocks;
        bool mixes = false;  // some input port sums, mixes or is silence (a mixBuffer)
    };
    /// Fills the mix buffers of the step's inputs (sums, channel mixing, silence). [audio]
    void mixInputs(Step& step, uint32_t numFrames) noexcept;

    ProcessSpec spec_{};
    std::vector<NodeId> order_;
    std::vector<Step> steps_;
    // Every buffer in one allocation: buffer b is channels × maxBlockFrames planar floats from
    // bufferOffset_[b] (a multiple of 16 floats, 64 bytes).
    std::vector<float> bufferStorage_;
    std::vector<size_t> bufferOffset_;
    float* buffer(uint32_t b) noexcept { return bufferStorage_.data() + bufferOffset_[b]; }
    /// Channel ch of buffer b as this render sees it (the output buffer may be the host's). [audio]
    float* channel(uint32_t b, uint32_t ch) noexcept {
        return b == outputBuffer_ ? outputChannels_[ch] : buffer(b) + size_t{ch} * spec_.maxBlockFrames;
    }
    /// Points the output buffer's channels, and every view of them, at `to` (numChannels). [audio]
    void pointOutputBufferAt(float* const* to) noexcept;
    /// A view of the output buffer in a step: steps_[step].inputBlocks or outputBlocks[port].
    struct OutputView {
        uint32_t step = 0;
        uint32_t port = 0;
        bool input = false;
    };
    std::vector<OutputView> outputViews_;                // every view of outputBuffer_
    std::array<float*, kMaxChannels> outputChannels_{};  // where outputBuffer_'s channels are now
    std::vector<uint32_t> bufferChannels_;
    uint32_t outputBuffer_ = 0;
    size_t numOutputPorts_ = 0;
    std::vector<float> convert_;              // scratch for channel conversion (max feed channels × frames)
    std::vector<Node*> nodeById_;             // indexed by NodeId; nullptr for ids not in the plan
    std::vector<HostInputSink*> inputNodes_;  // fed from the host's input by render
    std::vector<MeterEntry> meters_;
    std::vector<FailureEntry> failureSources_;
    int64_t frameTime_ = 0;               // NodeIo::frameTime of the next render
    uint32_t viewFrames_ = ~uint32_t{0};  // numFrames of every view now (render sets it on a change)
    std::vector<ReductionEntry> reductionSources_;
    std::vector<EndedEntry> endedSources_;
    std::vector<ParameterSetting> explicitParameters_;
};

}  // namespace wavegraph
