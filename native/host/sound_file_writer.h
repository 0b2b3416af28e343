#pragma once
/// \file sound_file_writer.h
/// Writing planar float frames as a 32-bit float WAV file (SF_FORMAT_WAV | SF_FORMAT_FLOAT;
/// libsndfile picks WAVE_FORMAT_EXTENSIBLE for more than 2 channels). Samples are not clipped.
/// libsndfile writes the header and passes the samples to the writer's own I/O (its virtual I/O
/// on a regular file), which writes them with pwrite, or, once bypassPageCache() succeeded and
/// the samples come in page-aligned blocks (writeBlock), bypassing the page cache (see
/// host/direct_file.h): the same bytes either way.

#include <cstddef>
#include <cstdint>
#include <memory>
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
    SoundFileWriter();
    /// Closes the file if still open (sf_close; no fsync).
    ~SoundFileWriter();

    /// Starts a WAV on the open descriptor fd, which the writer then owns (closed by close()
    /// or the destructor, also on error). displayPath only names the file in messages. The file is a
    /// 32-bit float WAV without a PEAK chunk (that optional chunk would make libsndfile scan every
    /// sample). [control]
    /// Error: "cannot write 'out.wav': <libsndfile's reason>".
    Status open(int fd, const std::string& displayPath, uint32_t numChannels, double sampleRateHz);

    /// Writes the samples of later writeBlock() calls bypassing the page cache (O_DIRECT through a
    /// second descriptor on `path`, the file open() was given). false when the system, the file
    /// system or the descriptor (not a regular file) refuses: the writes stay buffered, the bytes
    /// are the same. [control]
    bool bypassPageCache(const std::string& path);
    /// Whether writeBlock() currently bypasses the page cache. [control]
    bool bypassesPageCache() const noexcept;
    /// Where a block given to writeBlock() holds its first sample: the bytes of the header modulo
    /// kDirectAlignment (host/direct_file.h), e.g. 88 for stereo (libsndfile keeps the room of
    /// the PEAK chunk it was opened with as a PAD chunk); 0 before open(). [control]
    size_t blockSampleOffset() const noexcept;

    /// Appends numFrames frames from numChannels planar channels. [control]
    Status writePlanar(const float* const* channels, uint32_t numFrames);
    /// Appends numFrames interleaved frames (numFrames × numChannels floats) with one libsndfile
    /// call. [control]
    Status writeInterleaved(const float* interleaved, uint32_t numFrames);
    /// The same, with their largest |sample| (NaNs ignored) already known to the caller
    /// (interleaveWithPeak), so that samplePeak() needs no scan of them. [control]
    Status writeInterleaved(const float* interleaved, uint32_t numFrames, float framesPeak);
    /// Appends numFrames interleaved frames that `block` (aligned to kDirectAlignment) holds from
    /// byte blockSampleOffset() on, with their largest |sample| (NaNs ignored). The bytes before
    /// them may be overwritten (with the file's bytes of the same page). When the page cache is
    /// bypassed, the whole pages of the block are written from it without a copy; a block whose
    /// bytes are not a multiple of kDirectAlignment (other than the last) makes the next one go
    /// partly buffered. Errors as writeInterleaved. [control]
    Status writeBlock(unsigned char* block, uint32_t numFrames, float framesPeak);

    /// Reserves the disk space of numFrames frames and the header (Linux: fallocate with
    /// FALLOC_FL_KEEP_SIZE; elsewhere, or when the file system refuses, nothing), so that the
    /// file system maps the blocks once rather than at every write. The file's size and bytes do
    /// not change; close() frees what was reserved and not written. [control]
    void reserve(uint64_t numFrames) noexcept;

    /// The largest |sample| written so far, NaNs ignored, 0 before any. [control]
    float samplePeak() const noexcept { return samplePeak_; }

    /// Finishes the header, makes the file durable (fsync: the kernel writes back what is still
    /// cached then, in large requests) and closes it. [control]
    /// Error: "cannot write 'out.wav': <reason>" (e.g. No space left on device).
    Status close();

private:
    struct Output;                // the file under libsndfile's virtual I/O (sound_file_writer.cpp)
    Status writeFailure() const;  // [control] "cannot write 'out.wav': <reason>"

    SNDFILE* file_ = nullptr;
    std::unique_ptr<Output> output_;  // set while open
    std::string path_;
    uint32_t numChannels_ = 0;
    size_t blockSampleOffset_ = 0;
    bool reserved_ = false;  // blocks beyond the end may be reserved: close() frees them
    float samplePeak_ = 0.0f;
    std::vector<float> interleaved_;
};

}  // namespace wavegraph::cli
