#include "graph/compiled_graph.h"

#include <algorithm>

#include "dsp/channel_mixing.h"
#include "dsp/copy_frames.h"

namespace wavegraph {

namespace {
// [audio] A view of `channels` planar channels of a plan buffer.
AudioBlock viewOf(float* data, uint32_t channels, uint32_t frames, uint32_t stride) noexcept {
    AudioBlock block;
    block.numChannels = channels;
    block.numFrames = frames;
    for (uint32_t ch = 0; ch < channels; ++ch) block.channels[ch] = data + size_t{ch} * stride;
    return block;
}
}  // namespace

bool CompiledGraph::render(const float* const* input, uint32_t numInputChannels, float* const* output,
                           uint32_t numFrames) noexcept {  // [audio]
    for (HostInputSink* node : inputNodes_) node->setHostInput(input, numInputChannels, 0);
    bool ok = output != nullptr && numFrames <= spec_.maxBlockFrames;
    for (uint32_t ch = 0; ok && ch < spec_.numChannels; ++ch) ok = output[ch] != nullptr;
    if (!ok) {
        if (output != nullptr)
            for (uint32_t ch = 0; ch < spec_.numChannels; ++ch)
                if (output[ch] != nullptr) std::fill_n(output[ch], numFrames, 0.0f);
        return false;
    }
    const uint32_t stride = spec_.maxBlockFrames;
    frameTime_ += numFrames;  // the steps below see the clock of this render's first frame
    const int64_t renderFrame = frameTime_ - numFrames;
    for (auto& step : steps_) {
        for (size_t i = 0; i < step.inputs.size(); ++i) {
            const InputFeed& feed = step.inputs[i];
            if (feed.mixBuffer >= 0) {
                float* mix = buffer(feed.mixBuffer);
                for (uint32_t ch = 0; ch < feed.channels; ++ch) std::fill_n(mix + size_t{ch} * stride, numFrames, 0.0f);
                for (uint32_t source : feed.sources) {
                    // Sources with another channel count are up/down-mixed first (W3C Web Audio
                    // API § "Channel Up-Mixing and Down-Mixing", the input's interpretation), then summed.
                    const float* from = buffer(source);
                    if (bufferChannels_[source] != feed.channels) {
                        AudioBlock converted = viewOf(convert_.data(), feed.channels, numFrames, stride);
                        mixChannels(viewOf(buffer(source), bufferChannels_[source], numFrames, stride), converted,
                                    feed.interpretation);
                        from = convert_.data();
                    }
                    for (uint32_t ch = 0; ch < feed.channels; ++ch) {
                        const float* in = from + size_t{ch} * stride;
                        float* sum = mix + size_t{ch} * stride;
                        for (uint32_t i = 0; i < numFrames; ++i) sum[i] += in[i];
                    }
                }
            }
            step.inputBlocks[i].numFrames = numFrames;
        }
        for (auto& block : step.outputBlocks) block.numFrames = numFrames;
        NodeIo io{step.inputBlocks, step.outputBlocks, numFrames, renderFrame};
        step.node->process(io);
    }
    // The graph output, mixed to the host's channel count the same way. Same count: a plain
    // copy (what mixChannels does then), without building two AudioBlock views per block.
    if (bufferChannels_[outputBuffer_] == spec_.numChannels) {
        const float* from = buffer(outputBuffer_);
        for (uint32_t ch = 0; ch < spec_.numChannels; ++ch)
            copyFrames(output[ch], from + size_t{ch} * stride, numFrames);
        return true;
    }
    AudioBlock hostOutput;
    hostOutput.numChannels = spec_.numChannels;
    hostOutput.numFrames = numFrames;
    for (uint32_t ch = 0; ch < spec_.numChannels; ++ch) hostOutput.channels[ch] = output[ch];
    mixChannels(viewOf(buffer(outputBuffer_), bufferChannels_[outputBuffer_], numFrames, stride), hostOutput);
    return true;
}

}  // namespace wavegraph
