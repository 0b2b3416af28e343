#include "nodes/channel_merger_node.h"

#include <algorithm>

#include "dsp/copy_frames.h"

namespace wavegraph {

ChannelMergerNode::ChannelMergerNode(uint32_t numberOfInputs)  // [control]
    : numberOfInputs_(std::clamp(numberOfInputs, kMinInputs, kMaxInputs)) {}

Status ChannelMergerNode::make(const NodeOptions& options, std::shared_ptr<Node>& made) {  // [control]
    uint32_t inputs = kDefaultInputs;
    if (auto s = options.readCount("numberOfInputs", kMinInputs, kMaxInputs, kDefaultInputs, inputs); !s) return s;
    made = std::make_shared<ChannelMergerNode>(inputs);
    return Status::ok();
}

void ChannelMergerNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty()) return;
    AudioBlock& out = io.outputs[0];
    for (uint32_t k = 0; k < out.numChannels; ++k) {
        if (k < io.inputs.size() && io.inputs[k].numChannels > 0)
            copyFrames(out.channels[k], io.inputs[k].channels[0], io.numFrames);
        else
            std::fill_n(out.channels[k], io.numFrames, 0.0f);
    }
}

}  // namespace wavegraph
