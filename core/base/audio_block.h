#pragma once
/// \file audio_block.h
/// A non-owning view of planar audio: numChannels pointers, each to numFrames floats.

#include <array>
#include <cstdint>

#include "base/process_spec.h"

namespace wavegraph {

/// Planar block view (channels × frames). Holds pointers only; never allocates.
struct AudioBlock {
    std::array<float*, kMaxChannels> channels{};
    uint32_t numChannels = 0;
    uint32_t numFrames = 0;

    /// The frames [startFrame, startFrame + frames) of every channel. [audio]
    AudioBlock subBlock(uint32_t startFrame, uint32_t frames) const noexcept {
        AudioBlock sub;
        sub.numChannels = numChannels;
        sub.numFrames = frames;
        for (uint32_t c = 0; c < numChannels; ++c) sub.channels[c] = channels[c] + startFrame;
        return sub;
    }
};

}  // namespace wavegraph
