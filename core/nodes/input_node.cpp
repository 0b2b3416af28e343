#include "nodes/input_node.h"

#include <algorithm>

#include "dsp/copy_frames.h"

namespace wavegraph {

void InputNode::process(NodeIo& io) noexcept {  // [audio]
    AudioBlock& out = io.outputs[0];
    for (uint32_t ch = 0; ch < out.numChannels; ++ch) {
        if (hostChannels_ == 0 || host_[ch % hostChannels_] == nullptr)
            std::fill_n(out.channels[ch], io.numFrames, 0.0f);
        else
            copyFrames(out.channels[ch], host_[ch % hostChannels_] + startFrame_, io.numFrames);
    }
}

}  // namespace wavegraph
