#pragma once
/// \file audio_buffer.h
/// Sample data that nodes read (a bufferSource's sample, a convolver's impulse response): an
/// immutable planar float32 buffer (channels × frames) with its sample rate, as Web Audio's
/// AudioBuffer. Made on the control thread, shared by every node that uses it through a
/// `std::shared_ptr<const AudioBuffer>`; nodes are freed on the control thread (with the plan
/// the engine retired), so the last reference is never dropped on the audio thread.
///
/// A graph description names its buffers in a top-level `buffers` object (graph_json.h); a node
/// option refers to one by name (NodeOptions::readBuffer). Hosts add buffers they decoded or
/// received as binary (a file, decodeAudioData, a Float32Array) through an AudioBufferMap.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"

namespace wavegraph {

/// Immutable planar float32 samples with a sample rate (see the file comment). [any] to read.
class AudioBuffer {
public:
    static constexpr uint32_t kMaxChannels = 32;           ///< Most channels (as Web Audio's minimum).
    static constexpr size_t kMaxFrames = size_t{1} << 27;  ///< Most frames per channel (134,217,728).
    static constexpr double kMinSampleRateHz = 3000.0;     ///< W3C AudioBuffer range, lowest rate.
    static constexpr double kMaxSampleRateHz = 768000.0;   ///< W3C AudioBuffer range, highest rate.

    /// Checks and takes `channels` (1…kMaxChannels channels of equal length 1…kMaxFrames, every
    /// sample finite) at `sampleRateHz` (3000…768000). Errors name the bad value, e.g.
    /// "sampleRateHz: 100 is out of range (3000…768000 Hz)", "channels[1]: 10 frames, not 12 as
    /// channel 0", "channels[0][5]: NaN is not a finite number". [control] Allocates.
    static Status make(std::vector<std::vector<float>> channels, double sampleRateHz,
                       std::shared_ptr<const AudioBuffer>& out);
    /// Same from planar samples: `numChannels` channels of `frames` floats, one after the other. [control]
    static Status makePlanar(const float* samples, uint32_t numChannels, size_t frames, double sampleRateHz,
                             std::shared_ptr<const AudioBuffer>& out);

    /// Channel count, 1…kMaxChannels. [any]
    uint32_t numChannels() const noexcept { return numChannels_; }
    /// Frames per channel, ≥ 1. [any]
    size_t frames() const noexcept { return frames_; }
    /// Sample rate of the data, Hz. [any]
    double sampleRateHz() const noexcept { return sampleRateHz_; }
    /// frames / sampleRateHz. [any]
    double durationSeconds() const noexcept { return static_cast<double>(frames_) / sampleRateHz_; }
    /// The `frames` samples of channel `c` (< numChannels). [any]
    const float* channel(uint32_t c) const noexcept { return samples_.data() + size_t{c} * frames_; }

private:
    AudioBuffer() = default;
    std::vector<float> samples_;  // planar: channel c at c × frames_
    uint32_t numChannels_ = 0;
    size_t frames_ = 0;
    double sampleRateHz_ = 0.0;
};

/// Buffers by name, as a graph description's `buffers` object or a host gives them.
using AudioBufferMap = std::map<std::string, std::shared_ptr<const AudioBuffer>, std::less<>>;

}  // namespace wavegraph
