#pragma once
/// \file sound_file_reader.h
/// Reading any file libsndfile understands (WAV, AIFF, FLAC, Ogg, … at any sample rate and
/// channel count) as planar float frames in [-1, 1) (libsndfile's float normalisation).

#include <cstdint>
#include <string>
#include <vector>

#include "base/non_copyable.h"
#include "base/status.h"
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

private:
    SNDFILE* file_ = nullptr;
    std::string path_;
    SoundFileInfo info_;
    std::vector<float> interleaved_;
};

/// Decodes a whole file into memory (channels × frames) [control]; errors as above.
Status readWholeFile(const std::string& path, PlanarAudio& audio, SoundFileInfo& info);

}  // namespace wavegraph::cli
