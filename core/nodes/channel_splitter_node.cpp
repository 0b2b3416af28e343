#include "nodes/channel_splitter_node.h"

#include <algorithm>

#include "dsp/copy_frames.h"

namespace wavegraph {

ChannelSplitterNode::ChannelSplitterNode(uint32_t numberOfOutputs)  // [control]
    : numberOfOutputs_(std::clamp(numberOfOutputs, kMinOutputs, kMaxOutputs)) {}

Status ChannelSplitterNode::make(const NodeOptions& options, std::shared_ptr<Node>& made) {  // [control]
    uint32_t outputs = kDefaultOutputs;
    if (auto s = options.readCount("numberOfOutputs", kMinOutputs, kMaxOutputs, kDefaultOutputs, outputs); !s) return s;
    made = std::make_shared<ChannelSplitterNode>(outputs);
    return Status::ok();
}

void ChannelSplitterNode::process(NodeIo& io) noexcept {  // [audio]
    const AudioBlock* in = io.inputs.empty() ? nullptr : &io.inputs[0];
    for (uint32_t k = 0; k < io.outputs.size(); ++k) {
        float* out = io.outputs[k].channels[0];
        if (in != nullptr && k < in->numChannels)
            copyFrames(out, in->channels[k], io.numFrames);
        else
            std::fill_n(out, io.numFrames, 0.0f);
    }
}

}  // namespace wavegraph
