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

/// True when [a, a + frames) and [b, b + frames) share a float. [audio]
bool overlaps(const float* a, const float* b, uint32_t frames) noexcept {
    const auto x = reinterpret_cast<uintptr_t>(a), y = reinterpret_cast<uintptr_t>(b);
    const uintptr_t bytes = uintptr_t{frames} * sizeof(float);
    return x < y + bytes && y < x + bytes;
}
}  // namespace

void CompiledGraph::pointOutputBufferAt(float* const* to) noexcept {  // [audio]
    const uint32_t channels = bufferChannels_[outputBuffer_];
    for (uint32_t ch = 0; ch < channels; ++ch) outputChannels_[ch] = to[ch];
    for (const OutputView& view : outputViews_) {
        Step& step = steps_[view.step];
        AudioBlock& block = view.input ? step.inputBlocks[view.port] : step.outputBlocks[view.port];
        for (uint32_t ch = 0; ch < block.numChannels; ++ch) block.channels[ch] = to[ch];
    }
}

void CompiledGraph::mixInputs(Step& step, uint32_t numFrames) noexcept {  // [audio]
    const uint32_t stride = spec_.maxBlockFrames;
    for (const InputFeed& feed : step.inputs) {
        if (feed.mixBuffer < 0) continue;
        const auto mix = static_cast<uint32_t>(feed.mixBuffer);
        for (uint32_t ch = 0; ch < feed.channels; ++ch) std::fill_n(channel(mix, ch), numFrames, 0.0f);
        for (uint32_t source : feed.sources) {
            // Sources with another channel count are up/down-mixed first (W3C Web Audio API
            // § "Channel Up-Mixing and Down-Mixing", the input's interpretation), then summed.
            const bool convert = bufferChannels_[source] != feed.channels;
            if (convert) {
                AudioBlock from;
                from.numChannels = bufferChannels_[source];
                from.numFrames = numFrames;
                for (uint32_t ch = 0; ch < from.numChannels; ++ch) from.channels[ch] = channel(source, ch);
                AudioBlock converted = viewOf(convert_.data(), feed.channels, numFrames, stride);
                mixChannels(from, converted, feed.interpretation);
            }
            for (uint32_t ch = 0; ch < feed.channels; ++ch) {
                const float* in = convert ? convert_.data() + size_t{ch} * stride : channel(source, ch);
                float* sum = channel(mix, ch);
                for (uint32_t i = 0; i < numFrames; ++i) sum[i] += in[i];
            }
        }
    }
}

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
    // The output buffer is the host's output when that is safe (see render's comment), else the
    // plan's own storage; the views move only when the place changes (hosts usually pass the
    // same buffers block after block).
    const uint32_t outChannels = bufferChannels_[outputBuffer_];
    bool hostOutput = outChannels == spec_.numChannels;
    for (uint32_t ch = 0; hostOutput && ch < outChannels; ++ch) {
        for (uint32_t other = 0; hostOutput && other < ch; ++other)
            hostOutput = !overlaps(output[ch], output[other], numFrames);
        for (uint32_t in = 0; hostOutput && in < numInputChannels; ++in)
            hostOutput = input[in] == nullptr || !overlaps(output[ch], input[in], numFrames);
    }
    std::array<float*, kMaxChannels> target;
    for (uint32_t ch = 0; ch < outChannels; ++ch)
        target[ch] = hostOutput ? output[ch] : buffer(outputBuffer_) + size_t{ch} * stride;
    for (uint32_t ch = 0; ch < outChannels; ++ch)
        if (target[ch] != outputChannels_[ch]) {
            pointOutputBufferAt(target.data());
            break;
        }
    frameTime_ += numFrames;  // the steps below see the clock of this render's first frame
    const int64_t renderFrame = frameTime_ - numFrames;
    if (numFrames != viewFrames_) {  // hosts usually render blocks of one size: views keep it
        for (auto& step : steps_) {
            for (auto& block : step.inputBlocks) block.numFrames = numFrames;
            for (auto& block : step.outputBlocks) block.numFrames = numFrames;
        }
        viewFrames_ = numFrames;
    }
    for (auto& step : steps_) {
        if (step.mixes) mixInputs(step, numFrames);
        NodeIo io{step.inputBlocks, step.outputBlocks, numFrames, renderFrame};
        step.node->process(io);
    }
    if (hostOutput) return true;  // the last node wrote the host's buffers
    // The graph output, mixed to the host's channel count the same way. Same count: a plain
    // copy (what mixChannels does then), without building two AudioBlock views per block.
    if (outChannels == spec_.numChannels) {
        for (uint32_t ch = 0; ch < spec_.numChannels; ++ch) copyFrames(output[ch], outputChannels_[ch], numFrames);
        return true;
    }
    AudioBlock toHost;
    toHost.numChannels = spec_.numChannels;
    toHost.numFrames = numFrames;
    for (uint32_t ch = 0; ch < spec_.numChannels; ++ch) toHost.channels[ch] = output[ch];
    mixChannels(viewOf(buffer(outputBuffer_), outChannels, numFrames, stride), toHost);
    return true;
}

}  // namespace wavegraph
