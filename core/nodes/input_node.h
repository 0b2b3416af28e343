#pragma once
/// \file input_node.h
/// "input": the host's input (a file being rendered, a capture device, the worklet's input) as
/// a graph source. 0 inputs, 1 output of spec.numChannels channels; host input channel c feeds
/// output channels c, c + numInputChannels, … (mono feeds every channel); no input: silence.

#include <array>
#include <cmath>

#include "graph/node.h"
#include "graph/node_base.h"
#include "graph/node_fork.h"

namespace wavegraph {

/// "input": the host's input as a graph source (see the file comment for the channel mapping).
class InputNode final : public NodeWithoutParameters, public HostInputSink {
public:
    std::string_view typeName() const noexcept override { return "input"; }
    uint32_t numInputs() const noexcept override { return 0; }
    uint32_t numOutputs() const noexcept override { return 1; }

    /// Points the node at the host's planar input for the next process() (frames from
    /// `startFrame`). Called by the renderer before each block. [audio]
    void setHostInput(const float* const* channels, uint32_t numChannels, uint32_t startFrame) noexcept override {
        host_ = channels;
        hostChannels_ = channels == nullptr ? 0 : numChannels;
        startFrame_ = startFrame;
    }
    void process(NodeIo& io) noexcept override;                        // [audio]
    HostInputSink* hostInputSink() noexcept override { return this; }  ///< node_roles.h [any]

    /// Same type and configuration, unprepared (node.h). [control]
    std::shared_ptr<Node> fork() const override { return std::make_shared<InputNode>(); }
    /// Whole-node copy: parameters, ramps and state (node.h, node_fork.h). [audio]
    bool copyStateFrom(const Node& other) noexcept override { return copyStateByAssignment(*this, other); }

private:
    const float* const* host_ = nullptr;  // [audio]
    uint32_t hostChannels_ = 0;
    uint32_t startFrame_ = 0;
};

}  // namespace wavegraph
