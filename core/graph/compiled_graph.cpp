#include "compiled_graph.h"

#include <algorithm>

#include "nodes/input_node.h"

namespace wavegraph {

namespace {
// [audio] Adds `frames` frames of a planar buffer with `fromChannels` channels into one with
// `toChannels`: a mono source feeds every channel; otherwise channel c feeds channel c and
// extra source channels are dropped ("discrete" mixing of the W3C Web Audio API, §
// "Channel Up-Mixing and Down-Mixing", with the mono up-mix of its "speakers" rule).
void accumulate(const float* from, uint32_t fromChannels, float* to, uint32_t toChannels, uint32_t frames,
                uint32_t stride) noexcept {
    for (uint32_t ch = 0; ch < toChannels; ++ch) {
        const uint32_t source = fromChannels == 1 ? 0 : ch;
        if (source >= fromChannels) continue;
        const float* in = from + size_t{source} * stride;
        float* out = to + size_t{ch} * stride;
        for (uint32_t i = 0; i < frames; ++i) out[i] += in[i];
    }
}
}  // namespace

bool CompiledGraph::render(const float* const* input, uint32_t numInputChannels, float* const* output,
                           uint32_t numFrames) noexcept {  // [audio]
    for (InputNode* node : inputNodes_) node->setHostInput(input, numInputChannels, 0);
    bool ok = output != nullptr && numFrames <= spec_.maxBlockFrames;
    for (uint32_t ch = 0; ok && ch < spec_.numChannels; ++ch) ok = output[ch] != nullptr;
    if (!ok) {
        if (output != nullptr)
            for (uint32_t ch = 0; ch < spec_.numChannels; ++ch)
                if (output[ch] != nullptr) std::fill_n(output[ch], numFrames, 0.0f);
        return false;
    }
    const uint32_t stride = spec_.maxBlockFrames;
    for (auto& step : steps_) {
        for (size_t i = 0; i < step.inputs.size(); ++i) {
            const InputFeed& feed = step.inputs[i];
            if (feed.mixBuffer >= 0) {
                float* mix = buffers_[feed.mixBuffer].data();
                for (uint32_t ch = 0; ch < feed.channels; ++ch) std::fill_n(mix + size_t{ch} * stride, numFrames, 0.0f);
                for (uint32_t source : feed.sources)
                    accumulate(buffers_[source].data(), bufferChannels_[source], mix, feed.channels, numFrames, stride);
            }
            step.inputBlocks[i].numFrames = numFrames;
        }
        for (auto& block : step.outputBlocks) block.numFrames = numFrames;
        NodeIo io{step.inputBlocks, step.outputBlocks, numFrames};
        step.node->process(io);
    }
    const float* result = buffers_[outputBuffer_].data();
    const uint32_t resultChannels = bufferChannels_[outputBuffer_];
    for (uint32_t ch = 0; ch < spec_.numChannels; ++ch) {
        const uint32_t source = resultChannels == 1 ? 0 : ch;
        if (source < resultChannels)
            std::copy_n(result + size_t{source} * stride, numFrames, output[ch]);
        else
            std::fill_n(output[ch], numFrames, 0.0f);
    }
    return true;
}

}  // namespace wavegraph
