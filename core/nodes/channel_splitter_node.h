#pragma once
/// \file channel_splitter_node.h
/// "channelSplitter" (W3C Web Audio ChannelSplitterNode): 1 input of numberOfOutputs channels
/// (channelCount = numberOfOutputs, channelCountMode "explicit", channelInterpretation
/// "discrete": a connection with fewer channels fills the first ones, the rest are silent; one
/// with more has the extra channels dropped) and numberOfOutputs mono outputs, output k carrying
/// input channel k. Option numberOfOutputs 1…32, default 6. No parameters.

#include <cstdint>
#include <memory>

#include "graph/node_base.h"
#include "graph/node_fork.h"
#include "graph/node_options.h"

namespace wavegraph {

/// "channelSplitter": input channel k to mono output k.
class ChannelSplitterNode final : public NodeWithoutParameters {
public:
    static constexpr uint32_t kMinOutputs = 1;      ///< Fewest outputs.
    static constexpr uint32_t kMaxOutputs = 32;     ///< Most outputs (kMaxChannels).
    static constexpr uint32_t kDefaultOutputs = 6;  ///< W3C default numberOfOutputs.

    /// numberOfOutputs is clamped into 1…32 (make() checks it first). [control]
    explicit ChannelSplitterNode(uint32_t numberOfOutputs = kDefaultOutputs);
    /// From the graph JSON options: numberOfOutputs (1…32, default 6). [control]
    static Status make(const NodeOptions& options, std::shared_ptr<Node>& made);

    std::string_view typeName() const noexcept override { return "channelSplitter"; }  // [any]
    uint32_t numInputs() const noexcept override { return 1; }                         // [any]
    uint32_t numOutputs() const noexcept override { return numberOfOutputs_; }         // [any]
    /// Each output is mono. [control]
    uint32_t outputChannels(uint32_t) const noexcept override { return 1; }
    /// The input is mixed to numberOfOutputs channels, discretely. [control]
    uint32_t inputChannels(uint32_t) const noexcept override { return numberOfOutputs_; }
    ChannelInterpretation inputInterpretation(uint32_t) const noexcept override {  // [control]
        return ChannelInterpretation::discrete;
    }
    /// Copies input channel k to output k. [audio]
    void process(NodeIo& io) noexcept override;

    /// Same type and numberOfOutputs, unprepared (node.h). [control]
    std::shared_ptr<Node> fork() const override { return std::make_shared<ChannelSplitterNode>(numberOfOutputs_); }
    /// Stateless: true for a node of the same numberOfOutputs and spec. [audio]
    bool copyStateFrom(const Node& other) noexcept override {
        return canCopyStateFrom(*this, other) &&
               static_cast<const ChannelSplitterNode&>(other).numberOfOutputs_ == numberOfOutputs_;
    }

private:
    uint32_t numberOfOutputs_;
};

}  // namespace wavegraph
