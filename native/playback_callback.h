#pragma once
/// \file playback_callback.h
/// The PortAudio stream callback of `wavegraph play` and the state it shares with the control
/// side. The callback only reads pre-decoded frames and calls ReferenceChain::process: it never
/// allocates, locks, logs or does I/O.

#include <portaudio.h>

#include <atomic>
#include <cstdint>

#include "planar_audio.h"
#include "reference_chain.h"

namespace wavegraph::cli {

/// Set up on the control thread before the stream starts; afterwards the callback owns the
/// plain fields and the control side only reads the atomics.
struct PlaybackState {
    ReferenceChain* chain = nullptr;   ///< prepared for numChannels and the stream's rate
    const PlanarAudio* file = nullptr; ///< the decoded input (channels × frames), or null for
                                       ///< the chain's own generator (source kind 1 or 2)
    uint32_t numChannels = 0;          ///< the stream's output channels (= chain spec)
    uint64_t endFrame = UINT64_MAX;    ///< frames to play; UINT64_MAX = until stopped
    uint64_t position = 0;             ///< [audio] next frame to play

    std::atomic<uint64_t> framesPlayed{0};   ///< [audio → control] frames rendered so far
    std::atomic<bool> finished{false};       ///< [audio → control] endFrame reached
    std::atomic<uint32_t> underflows{0};     ///< [audio → control] callbacks flagged paOutputUnderflow
};

/// PortAudio callback for a paFloat32 | paNonInterleaved output stream (userData is a
/// PlaybackState). Renders in chunks of at most the chain's maxBlockFrames; after endFrame it
/// outputs silence and returns paComplete. [audio] noexcept.
int playbackCallback(const void* input, void* output, unsigned long frameCount,
                     const PaStreamCallbackTimeInfo* timeInfo, PaStreamCallbackFlags statusFlags,
                     void* userData) noexcept;

}  // namespace wavegraph::cli
