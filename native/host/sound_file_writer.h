#pragma once
/// \file sound_file_writer.h
/// Writing planar float frames as a 32-bit float WAV file (SF_FORMAT_WAV | SF_FORMAT_FLOAT;
/// libsndfile picks WAVE_FORMAT_EXTENSIBLE for more than 2 channels). Samples are not clipped.

#include <cstdint>
#include <string>
#include <vector>

#include "base/non_copyable.h"
#include "base/status.h"

typedef struct sf_private_tag SNDFILE;

namespace wavegraph::cli {

/// Writes planar float32 frames to a float32 WAV file through libsndfile. [control]
class SoundFileWriter : NonCopyable {
public:
    /// Not open.
    SoundFileWriter() = default;
    /// Closes the file if still open (sf_close).
    ~SoundFileWriter();

    /// Starts a WAV on the open descriptor fd, which the writer then owns (closed by close()
    /// or the destructor, also on error). displayPath only names the file in messages. The file is a
    /// 32-bit float WAV without a PEAK chunk (that optional chunk would make libsndfile scan every
    /// sample). [control]
    /// Error: "cannot write 'out.wav': <libsndfile's reason>".
    Status open(int fd, const std::string& displayPath, uint32_t numChannels, double sampleRateHz);

    /// Appends numFrames frames from numChannels planar channels. [control]
    Status writePlanar(const float* const* channels, uint32_t numFrames);
    /// Appends numFrames interleaved frames (numFrames × numChannels floats) with one libsndfile
    /// call. [control]
    Status writeInterleaved(const float* interleaved, uint32_t numFrames);
    /// The same, with their largest |sample| (NaNs ignored) already known to the caller
    /// (interleaveWithPeak), so that samplePeak() needs no scan of them. [control]
    Status writeInterleaved(const float* interleaved, uint32_t numFrames, float framesPeak);

    /// Reserves the disk space of numFrames frames and the header (Linux: fallocate with
    /// FALLOC_FL_KEEP_SIZE; elsewhere, or when the file system refuses, nothing), so that the
    /// file system maps the blocks once rather than at every write. The file's size and bytes do
    /// not change; close() frees what was reserved and not written. [control]
    void reserve(uint64_t numFrames) noexcept;

    /// The largest |sample| written so far, NaNs ignored, 0 before any. [control]
    float samplePeak() const noexcept { return samplePeak_; }

    /// Finishes the header, makes the file durable (fsync: the kernel writes it back then, in
    /// large requests) and closes it. [control]
    Status close();

private:
    SNDFILE* file_ = nullptr;
    std::string path_;
    uint32_t numChannels_ = 0;
    int fd_ = -1;
    bool reserved_ = false;  // blocks beyond the end may be reserved: close() frees them
    float samplePeak_ = 0.0f;
    std::vector<float> interleaved_;
};

}  // namespace wavegraph::cli
