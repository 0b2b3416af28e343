#pragma once
/// \file ogg_vorbis_encoder.h
/// Ogg Vorbis encoding with libvorbisenc (variable bitrate by quality, or an average bitrate) and libogg: planar float
/// frames in, complete Ogg pages out. Each begin() starts a new logical stream (its own serial
/// number and the three Vorbis header packets), so a listener joining a new connection gets a
/// stream it can decode from its first page. A page holds at most kMaxPageSeconds of audio, which
/// bounds the latency a live listener sees whatever the bitrate. [control] Allocates: never on the audio thread.

#include <cstdint>
#include <memory>
#include <vector>

#include "base/status.h"

namespace wavegraph::cli {

/// Lowest Vorbis quality of libvorbisenc's VBR mode (about 45 kbit/s at 44.1 kHz stereo).
inline constexpr double kVorbisQualityMin = -0.1;
/// Highest Vorbis quality of libvorbisenc's VBR mode (about 500 kbit/s at 44.1 kHz stereo).
inline constexpr double kVorbisQualityMax = 1.0;
/// Lowest average bitrate accepted, kbit/s (libvorbisenc may refuse more for a given shape).
inline constexpr double kVorbisBitrateMinKbps = 16.0;
/// Highest average bitrate accepted, kbit/s.
inline constexpr double kVorbisBitrateMaxKbps = 500.0;

/// How the encoder spends bits.
struct VorbisRate {
    double quality = 0.4;      ///< VBR quality, kVorbisQualityMin…kVorbisQualityMax (when bitrateKbps is 0)
    double bitrateKbps = 0.0;  ///< > 0: this average bitrate instead (libvorbisenc's ABR mode), kbit/s
};

/// Encoder of one Ogg Vorbis logical stream at a time (see the file comment).
class OggVorbisEncoder {
public:
    /// Longest stretch of audio in one Ogg page, s.
    static constexpr double kMaxPageSeconds = 0.2;

    OggVorbisEncoder();
    ~OggVorbisEncoder();
    OggVorbisEncoder(const OggVorbisEncoder&) = delete;
    OggVorbisEncoder& operator=(const OggVorbisEncoder&) = delete;

    /// Checks that libvorbisenc encodes this shape (channels 1…255, sampleRateHz) at this rate
    /// (quality or bitrate within the ranges above) without starting a stream. [control]
    static Status check(uint32_t channels, double sampleRateHz, const VorbisRate& rate);

    /// Ends any stream in progress (without its last pages) and starts a new one with this
    /// serial number; appends the header pages to `pages`. [control]
    Status begin(uint32_t channels, double sampleRateHz, const VorbisRate& rate, int serial,
                 std::vector<uint8_t>& pages);
    /// Encodes `frames` frames of planar channels; appends the pages completed so far. [control]
    void encode(const float* const* planar, uint32_t frames, std::vector<uint8_t>& pages);
    /// Ends the stream: the remaining pages, the last one flagged end-of-stream. [control]
    void end(std::vector<uint8_t>& pages);
    /// True between begin() and end(). [control]
    bool active() const noexcept { return active_; }
    /// Frames encoded in the current stream. [control]
    uint64_t framesEncoded() const noexcept { return framesEncoded_; }

private:
    struct State;
    void release() noexcept;
    void drain(std::vector<uint8_t>& pages);
    std::unique_ptr<State> state_;
    bool active_ = false;
    uint32_t channels_ = 0;
    uint64_t framesEncoded_ = 0;
    int64_t pageGranule_ = 0;    // granule position (frames) at the end of the last page
    int64_t maxPageFrames_ = 0;  // kMaxPageSeconds in frames
};

}  // namespace wavegraph::cli
