#pragma once
/// \file wav_peak_chunk.h
/// The PEAK chunk of a float WAV (each channel's largest magnitude and the frame it is at), found
/// with SIMD while the samples are written instead of libsndfile's per-sample scan, then written
/// into the header libsndfile laid out. The values follow libsndfile's rules, so the file's
/// bytes are the ones libsndfile would write: per write call, a channel's largest |sample| (NaNs
/// ignored) at its first frame, unless the call's first sample of that channel is NaN; a call's
/// peak replaces the one so far only when it is larger.

#include <cstdint>
#include <vector>

#include "base/status.h"

namespace wavegraph::cli {

/// Each channel's peak value and frame, as libsndfile's PEAK chunk holds them. [control]
class WavPeakChunk {
public:
    /// Starts over for numChannels (≥ 1) channels: every peak 0 at frame 0. [control]
    void reset(uint32_t numChannels);
    /// Takes one write call's `frames` interleaved frames, the first of which is the file's frame
    /// `firstFrame`. [control]
    void update(const float* interleaved, uint32_t frames, int64_t firstFrame) noexcept;
    /// Channel c's peak magnitude. [control]
    float value(uint32_t channel) const noexcept { return values_[channel]; }
    /// The frame of channel c's peak. [control]
    int64_t frame(uint32_t channel) const noexcept { return frames_[channel]; }
    /// The largest |sample| of every channel and call so far, NaNs ignored (as
    /// std::max(peak, std::fabs(x)) ignores them), 0 before any sample. [control]
    float samplePeak() const noexcept { return samplePeak_; }
    /// Writes the peaks into the PEAK chunk of the WAV header at the start of the file open as
    /// fd (a file libsndfile wrote and closed; nothing when its header has no PEAK chunk).
    /// Error: the system's reason for a failed read or write. [control]
    Status writeInto(int fd) const;

private:
    std::vector<float> values_;
    std::vector<int64_t> frames_;
    std::vector<float> callPeaks_;  // the current call's per-channel maxima
    float samplePeak_ = 0.0f;
};

}  // namespace wavegraph::cli
