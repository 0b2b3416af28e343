#pragma once
/// \file sound_file_reader.h
/// Reading any file libsndfile understands (WAV, AIFF, FLAC, Ogg, … at any sample rate and
/// channel count) as planar float frames in [-1, 1) (libsndfile's float normalisation). A float
/// WAV whose samples are stored as this CPU's floats can also be read bypassing the page cache
/// (readBlock after bypassPageCache(): its data chunk read as it is, which is what libsndfile's
/// float reads give for it, byte for byte); libsndfile still reads and checks the header.

#include <cstdint>
#include <string>
#include <vector>

#include "base/non_copyable.h"
#include "base/status.h"
#include "host/direct_file.h"
#include "host/planar_audio.h"

typedef struct sf_private_tag SNDFILE;

namespace wavegraph::cli {

/// Shape of an opened sound file.
struct SoundFileInfo {
    int64_t frames = 0;         ///< frames per channel (may be huge/unknown for pipes)
    uint32_t channels = 0;      ///< ≥ 1
    double sampleRateHz = 0.0;  ///< > 0
};

/// Reads any format libsndfile knows as planar float32 (full scale ±1). [control]
class SoundFileReader : NonCopyable {
public:
    /// Not open.
    SoundFileReader() = default;
    /// Closes the file.
    ~SoundFileReader();

    /// Opens path [control]. Error: "cannot open 'x.wav': <libsndfile's reason>".
    Status open(const std::string& path);
    /// Frames, channels and rate of the open file. [control]
    const SoundFileInfo& info() const noexcept { return info_; }
    /// The path given to open() (for messages). [control]
    const std::string& path() const noexcept { return path_; }

    /// Reads up to maxFrames frames into info().channels planar channels (each holding at least
    /// maxFrames floats) [control]. framesRead is 0 at the end of the file.
    /// Error: "cannot read 'x.wav': <reason>".
    Status readPlanar(float* const* channels, uint32_t maxFrames, uint32_t& framesRead);
    /// Reads up to maxFrames frames as they are in the file, interleaved (maxFrames ×
    /// info().channels floats), with one libsndfile call [control]. framesRead is 0 at the end
    /// of the file. Errors as readPlanar.
    Status readInterleaved(float* interleaved, uint32_t maxFrames, uint32_t& framesRead);

    /// Whether the file is a WAV (RIFF, WAVE_FORMAT_IEEE_FLOAT or EXTENSIBLE) of 32-bit floats
    /// stored as this CPU's floats (little-endian), a regular file whose data chunk libsndfile
    /// found: then readBlock can read the chunk as it is. [control]
    bool holdsRawFloats() const noexcept { return rawDataOffset_ > 0; }
    /// For a file that holdsRawFloats() and has not been read yet: readBlock() from now on reads
    /// the samples bypassing the page cache (a second descriptor with O_DIRECT). false when not
    /// such a file or when the system or file system refuses (then readBlock reads through
    /// libsndfile). [control]
    bool bypassPageCache();
    /// Whether readBlock() reads bypassing the page cache. [control]
    bool bypassesPageCache() const noexcept { return direct_.bypassesCache(); }

    /// Reads up to maxFrames frames, interleaved as in the file, into `memory` (aligned to
    /// kDirectAlignment, memoryBytes ≥ readBlockBytes(maxFrames)) [control]. `samples` points
    /// to the first frame's bytes inside `memory` (aligned to 4 bytes only through libsndfile:
    /// read them bytewise, e.g. deinterleaveBytes); framesRead is 0 at the end of the file. Do not
    /// mix with readPlanar/readInterleaved on one file. Errors as readPlanar.
    Status readBlock(unsigned char* memory, size_t memoryBytes, uint32_t maxFrames, const unsigned char*& samples,
                     uint32_t& framesRead);
    /// Bytes of memory readBlock needs for maxFrames frames: their bytes, rounded up to whole
    /// kDirectAlignment pages, and one page more (the data's offset in its first page). [control]
    size_t readBlockBytes(uint32_t maxFrames) const noexcept;

private:
    SNDFILE* file_ = nullptr;
    std::string path_;
    SoundFileInfo info_;
    std::vector<float> interleaved_;
    int fd_ = -1;                 // libsndfile's descriptor when opened through one (it closes it)
    uint64_t rawDataOffset_ = 0;  // where the samples start, > 0 when holdsRawFloats()
    int64_t nextFrame_ = 0;       // the next frame readBlock reads bypassing the page cache
    DirectFile direct_;
};

/// Decodes a whole file into memory (channels × frames) [control]; errors as above.
Status readWholeFile(const std::string& path, PlanarAudio& audio, SoundFileInfo& info);

}  // namespace wavegraph::cli
