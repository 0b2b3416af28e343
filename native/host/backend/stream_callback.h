#pragma once
/// \file stream_callback.h
/// What a stream calls on its audio thread: the host's processing, behind one interface so
/// that every backend drives it the same way.

#include <cstdint>

namespace wavegraph::host {

/// Timing of one callback.
struct CallbackTime {
    uint64_t streamFrame = 0;      ///< frames this stream delivered before this callback
    double deviceTimeSeconds = 0;  ///< the backend's clock at the callback (PortAudio: stream time; null: steady clock)
    bool firstOfStream = false;    ///< the first callback of a newly opened stream (clock may restart)
};

/// The host's processing as a stream calls it (see the file comment).
class StreamCallback {
public:
    virtual ~StreamCallback() = default;
    /// Fills `output` (outputChannels planar channels × frames, float32 in [-1, 1]) from `input`
    /// (inputChannels planar × frames; null when inputChannels is 0). Returns false on an
    /// internal error: the backend then outputs silence and counts it. Exceptions are caught
    /// by the backend (same treatment). [audio] no allocation, lock or wait.
    virtual bool process(const float* const* input, uint32_t inputChannels, float* const* output,
                         uint32_t outputChannels, uint32_t frames, const CallbackTime& time) = 0;
};

}  // namespace wavegraph::host
