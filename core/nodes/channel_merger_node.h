#pragma once
/// \file channel_merger_node.h
/// "channelMerger" (W3C Web Audio ChannelMergerNode): numberOfInputs mono inputs (channelCount 1,
/// channelCountMode "explicit", channelInterpretation "speakers": a stereo connection arrives as
/// 0.5·(L + R)) and 1 output of numberOfInputs channels, output channel k carrying input k (an
/// unconnected input gives a silent channel). Option numberOfInputs 1…32, default 6. No
/// parameters.

#include <cstdint>
#include <memory>

#include "graph/node_base.h"
#include "graph/node_fork.h"
#include "graph/node_options.h"

namespace wavegraph {

/// "channelMerger": mono input k to output channel k.
class ChannelMergerNode final : public NodeWithoutParameters {
public:
    static constexpr uint32_t kMinInputs = 1;      ///< Fewest inputs.
    static constexpr uint32_t kMaxInputs = 32;     ///< Most inputs (kMaxChannels).
    static constexpr uint32_t kDefaultInputs = 6;  ///< W3C default numberOfInputs.

    /// numberOfInputs is clamped into 1…32 (make() checks it first). [control]
    explicit ChannelMergerNode(uint32_t numberOfInputs = kDefaultInputs);
    /// From the graph JSON options: numberOfInputs (1…32, default 6). [control]
    static Status make(const NodeOptions& options, std::shared_ptr<Node>& made);

    std::string_view typeName() const noexcept override { return "channelMerger"; }  // [any]
    uint32_t numInputs() const noexcept override { return numberOfInputs_; }         // [any]
    uint32_t numOutputs() const noexcept override { return 1; }                      // [any]
    /// numberOfInputs channels. [control]
    uint32_t outputChannels(uint32_t) const noexcept override { return numberOfInputs_; }
    /// Every input is mixed down to mono (speakers). [control]
    uint32_t inputChannels(uint32_t) const noexcept override { return 1; }
    /// Copies input k to output channel k. [audio]
    void process(NodeIo& io) noexcept override;

    /// Same type and numberOfInputs, unprepared (node.h). [control]
    std::shared_ptr<Node> fork() const override { return std::make_shared<ChannelMergerNode>(numberOfInputs_); }
    /// Stateless: true for a node of the same numberOfInputs and spec. [audio]
    bool copyStateFrom(const Node& other) noexcept override {
        return canCopyStateFrom(*this, other) &&
               static_cast<const ChannelMergerNode&>(other).numberOfInputs_ == numberOfInputs_;
    }

private:
    uint32_t numberOfInputs_;
};

}  // namespace wavegraph
