#pragma once
/// \file voice.h
/// One sounding voice of a step: produces planar stereo frames addressed by the frame index
/// local to its step (0 = first frame of the step), before the volume envelope and the
/// crossfade (TrackPlayer applies those).

#include <cstdint>

namespace wavegraph {

/// Interface of a step's voices: planar stereo frames by step-local frame index.
class Voice {
public:
    virtual ~Voice() = default;
    /// Overwrites left[0, numFrames) and right[0, numFrames) with the voice's local frames
    /// [startFrame, startFrame + numFrames). Calls for one voice come in increasing, contiguous
    /// frame order except after restart(). [audio] noexcept: no allocation, lock or I/O.
    virtual void generate(float* left, float* right, int64_t startFrame, uint32_t numFrames) noexcept = 0;
    /// Back to the state of a fresh voice (stateful voices, e.g. noise, reseed). [audio]
    virtual void restart() noexcept {}
};

}  // namespace wavegraph
