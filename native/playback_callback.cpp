#include "playback_callback.h"

#include <algorithm>
#include <array>

namespace wavegraph::cli {

int playbackCallback(const void* /*input*/, void* output, unsigned long frameCount,
                     const PaStreamCallbackTimeInfo* /*timeInfo*/, PaStreamCallbackFlags statusFlags,
                     void* userData) noexcept {  // [audio]
    auto& state = *static_cast<PlaybackState*>(userData);
    auto* const* out = static_cast<float* const*>(output);  // paNonInterleaved: one pointer per channel
    if (statusFlags & paOutputUnderflow) state.underflows.fetch_add(1, std::memory_order_relaxed);

    const uint32_t maxChunk = state.chain->spec().maxBlockFrames;
    std::array<float*, kMaxChannels> chunkOut{};
    std::array<const float*, kMaxChannels> chunkIn{};
    unsigned long done = 0;
    while (done < frameCount && state.position < state.endFrame) {
        const uint64_t left = std::min<uint64_t>(frameCount - done, state.endFrame - state.position);
        const auto frames = static_cast<uint32_t>(std::min<uint64_t>(left, maxChunk));
        for (uint32_t c = 0; c < state.numChannels; ++c) chunkOut[c] = out[c] + done;
        if (state.file != nullptr) {
            const uint32_t fileChannels = state.file->numChannels();
            for (uint32_t c = 0; c < fileChannels; ++c) chunkIn[c] = state.file->channel(c) + state.position;
            state.chain->process(chunkIn.data(), fileChannels, chunkOut.data(), frames);
        } else {
            state.chain->process(nullptr, 0, chunkOut.data(), frames);
        }
        done += frames;
        state.position += frames;
    }
    for (uint32_t c = 0; c < state.numChannels; ++c) std::fill(out[c] + done, out[c] + frameCount, 0.0f);
    state.framesPlayed.store(state.position, std::memory_order_relaxed);
    if (state.position >= state.endFrame) {
        state.finished.store(true, std::memory_order_release);
        return paComplete;
    }
    return paContinue;
}

}  // namespace wavegraph::cli
