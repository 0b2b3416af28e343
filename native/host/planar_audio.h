#pragma once
/// \file planar_audio.h
/// Owned planar float audio (channels × frames, each channel contiguous), the shape the graph
/// engine processes.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/process_spec.h"

namespace wavegraph::cli {

/// Owned planar float32 buffer, numChannels × numFrames, channel c contiguous.
class PlanarAudio {
public:
    /// Allocates numChannels (1…kMaxChannels) × numFrames zeroed floats. [control]
    void resize(uint32_t numChannels, size_t numFrames) {
        numChannels_ = numChannels;
        numFrames_ = numFrames;
        samples_.assign(size_t{numChannels} * numFrames, 0.0f);
    }

    /// Channels held. [any]
    uint32_t numChannels() const noexcept { return numChannels_; }
    /// Frames per channel. [any]
    size_t numFrames() const noexcept { return numFrames_; }

    /// numFrames() samples of channel c (< numChannels()). [any]
    float* channel(uint32_t c) noexcept { return samples_.data() + size_t{c} * numFrames_; }
    /// numFrames() samples of channel c (< numChannels()). [any]
    const float* channel(uint32_t c) const noexcept { return samples_.data() + size_t{c} * numFrames_; }

    /// Channel pointers starting at startFrame (entries past numChannels() are null). [any]
    std::array<float*, kMaxChannels> pointersFrom(size_t startFrame) noexcept {
        std::array<float*, kMaxChannels> pointers{};
        for (uint32_t c = 0; c < numChannels_ && c < kMaxChannels; ++c) pointers[c] = channel(c) + startFrame;
        return pointers;
    }

private:
    std::vector<float> samples_;
    uint32_t numChannels_ = 0;
    size_t numFrames_ = 0;
};

}  // namespace wavegraph::cli
