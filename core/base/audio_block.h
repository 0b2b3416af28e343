#pragma once
/// \file audio_block.h
/// A non-owning view of planar audio: numChannels pointers, each to numFrames floats.

#include <array>
#include <cstdint>

#include "base/process_spec.h"

namespace wavegraph {

/// Planar block view (channels × frames). Holds pointers only; never allocates.
struct AudioBlock {
    std::array<float*, kMaxChannels> channels{};  ///< One pointer per channel; the first numChannels are valid.
    uint32_t numChannels = 0;                     ///< Channels in the block, 0…kMaxChannels.
    uint32_t numFrames = 0;                       ///< Frames (samples per channel) each pointer holds.

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
