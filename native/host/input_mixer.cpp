#include "host/input_mixer.h"

#include <algorithm>
#include <cmath>

namespace wavegraph::cli {

size_t InputMixer::addInput(uint32_t channels, uint32_t capacityFrames, double gainDb,
                            uint64_t totalFrames) {  // [control]
    auto input = std::make_unique<Input>();
    input->ring = std::make_unique<SpmcRing>(capacityFrames, channels);
    // Skip to the oldest frame still in the ring: exactly the overwritten frames are lost.
    input->reader = std::make_unique<SpmcReader>(*input->ring, input->ring->capacityFrames());
    input->gainLinear = static_cast<float>(std::pow(10.0, gainDb / 20.0));  // dB to linear amplitude
    input->totalFrames = totalFrames;
    inputs_.push_back(std::move(input));
    return inputs_.size() - 1;
}

void InputMixer::prepare(uint32_t maxFrames) {  // [control]
    uint32_t channels = 1;
    for (const auto& in : inputs_) channels = std::max(channels, in->ring->channels());
    maxFrames_ = maxFrames;
    scratch_.assign(channels, std::vector<float>(maxFrames));
    scratchPointers_.clear();
    for (auto& ch : scratch_) scratchPointers_.push_back(ch.data());
}

void InputMixer::mix(float* const* output, uint32_t outputChannels, uint32_t frames) noexcept {  // [audio]
    frames = std::min(frames, maxFrames_);
    for (uint32_t c = 0; c < outputChannels; ++c) std::fill(output[c], output[c] + frames, 0.0f);
    for (auto& in : inputs_) {
        const uint64_t position = in->reader->position();
        const SpmcReadResult got = in->reader->read(scratchPointers_.data(), frames);
        const uint32_t channels = in->ring->channels();
        if (got.frames < frames) {
            // Frames expected before the input's end that did not arrive: underflow.
            const uint64_t at = position + got.droppedFrames + got.frames;
            const uint64_t due =
                in->totalFrames > at ? std::min<uint64_t>(frames - got.frames, in->totalFrames - at) : 0;
            if (due > 0) in->underflow.fetch_add(due, std::memory_order_relaxed);
            for (uint32_t c = 0; c < channels; ++c)
                std::fill(scratchPointers_[c] + got.frames, scratchPointers_[c] + frames, 0.0f);
        }
        const float g = in->gainLinear;
        for (uint32_t c = 0; c < outputChannels; ++c) {
            const uint32_t from = channels == 1 ? 0 : c;
            if (from >= channels) continue;
            const float* src = scratchPointers_[from];
            float* dst = output[c];
            for (uint32_t i = 0; i < frames; ++i) dst[i] += g * src[i];
        }
        in->mixed.fetch_add(got.frames, std::memory_order_relaxed);
    }
}

}  // namespace wavegraph::cli
