#pragma once
/// \file process_spec.h
/// The shape of the audio a processor is prepared for (after JUCE dsp's ProcessSpec).

#include <cstdint>

#include "base/status.h"

namespace wavegraph {

/// Largest channel count any block may carry. Fixed so that block views need no allocation.
inline constexpr uint32_t kMaxChannels = 32;

/// Largest maxBlockFrames a spec may ask for.
inline constexpr uint32_t kMaxBlockFramesLimit = 16384;
/// Highest sample rate a spec may ask for, Hz.
inline constexpr double kMaxSampleRateHz = 768000.0;

/// What `prepare` [control] is told about the audio to come.
struct ProcessSpec {
    double sampleRateHz = 48000.0;  ///< Sample rate in Hz, (0, 768000].
    uint32_t maxBlockFrames = 128;  ///< Most frames (per channel) any `process` call will carry.
    uint32_t numChannels = 2;       ///< Channels per block, 1…kMaxChannels.
};

/// Ok, or the first field out of range, e.g. "numChannels 40 is out of range (1…32)". [control]
Status validateSpec(const ProcessSpec& spec);

}  // namespace wavegraph
