#include "nodes/input_node.h"

#include <algorithm>

#include "dsp/copy_frames.h"

namespace wavegraph {

void InputNode::process(NodeIo& io) noexcept {  // [audio]
    AudioBlock& out = io.outputs[0];
    uint32_t from = 0;  // host channel of output channel ch: ch % hostChannels_, counted without a division
    for (uint32_t ch = 0; ch < out.numChannels; ++ch) {
        if (hostChannels_ == 0 || host_[from] == nullptr)
            std::fill_n(out.channels[ch], io.numFrames, 0.0f);
        else
            copyFrames(out.channels[ch], host_[from] + startFrame_, io.numFrames);
        if (++from == hostChannels_) from = 0;
    }
}

}  // namespace wavegraph
