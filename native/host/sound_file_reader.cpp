#include "host/sound_file_reader.h"

#include <sndfile.h>

#include <algorithm>

namespace wavegraph::cli {

SoundFileReader::~SoundFileReader() {
    if (file_ != nullptr) sf_close(file_);
}

Status SoundFileReader::open(const std::string& path) {  // [control]
    SF_INFO sfInfo{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &sfInfo);
    if (file == nullptr) return Status::error("cannot open '" + path + "': " + sf_strerror(nullptr));
    if (sfInfo.channels < 1 || sfInfo.samplerate < 1) {
        sf_close(file);
        return Status::error("cannot open '" + path + "': it declares " + std::to_string(sfInfo.channels) +
                             " channels at " + std::to_string(sfInfo.samplerate) + " Hz");
    }
    if (file_ != nullptr) sf_close(file_);
    file_ = file;
    path_ = path;
    info_.frames = sfInfo.frames;
    info_.channels = static_cast<uint32_t>(sfInfo.channels);
    info_.sampleRateHz = sfInfo.samplerate;
    return Status::ok();
}

Status SoundFileReader::readPlanar(float* const* channels, uint32_t maxFrames,
                                   uint32_t& framesRead) {  // [control]
    framesRead = 0;
    if (file_ == nullptr) return Status::error("cannot read: no file is open");
    const size_t numChannels = info_.channels;
    if (interleaved_.size() < size_t{maxFrames} * numChannels) interleaved_.resize(size_t{maxFrames} * numChannels);
    const sf_count_t got = sf_readf_float(file_, interleaved_.data(), maxFrames);
    if (got < static_cast<sf_count_t>(maxFrames) && sf_error(file_) != SF_ERR_NO_ERROR)
        return Status::error("cannot read '" + path_ + "': " + sf_strerror(file_));
    framesRead = static_cast<uint32_t>(std::max<sf_count_t>(got, 0));
    for (size_t c = 0; c < numChannels; ++c) {
        const float* from = interleaved_.data() + c;
        float* to = channels[c];
        for (uint32_t i = 0; i < framesRead; ++i) to[i] = from[i * numChannels];
    }
    return Status::ok();
}

Status SoundFileReader::readInterleaved(float* interleaved, uint32_t maxFrames,
                                        uint32_t& framesRead) {  // [control]
    framesRead = 0;
    if (file_ == nullptr) return Status::error("cannot read: no file is open");
    const sf_count_t got = sf_readf_float(file_, interleaved, maxFrames);
    if (got < static_cast<sf_count_t>(maxFrames) && sf_error(file_) != SF_ERR_NO_ERROR)
        return Status::error("cannot read '" + path_ + "': " + sf_strerror(file_));
    framesRead = static_cast<uint32_t>(std::max<sf_count_t>(got, 0));
    return Status::ok();
}

Status readWholeFile(const std::string& path, PlanarAudio& audio, SoundFileInfo& info) {  // [control]
    SoundFileReader reader;
    if (auto status = reader.open(path); !status) return status;
    info = reader.info();
    constexpr uint32_t kChunkFrames = 65536;
    std::vector<std::vector<float>> channels(info.channels);
    std::vector<float> chunk(size_t{kChunkFrames} * info.channels);
    std::vector<float*> chunkPointers(info.channels);
    for (uint32_t c = 0; c < info.channels; ++c) chunkPointers[c] = chunk.data() + size_t{c} * kChunkFrames;
    for (;;) {
        uint32_t framesRead = 0;
        if (auto status = reader.readPlanar(chunkPointers.data(), kChunkFrames, framesRead); !status) return status;
        if (framesRead == 0) break;
        for (uint32_t c = 0; c < info.channels; ++c)
            channels[c].insert(channels[c].end(), chunkPointers[c], chunkPointers[c] + framesRead);
    }
    const size_t frames = channels[0].size();
    info.frames = static_cast<int64_t>(frames);
    audio.resize(info.channels, frames);
    for (uint32_t c = 0; c < info.channels; ++c) std::copy(channels[c].begin(), channels[c].end(), audio.channel(c));
    return Status::ok();
}

}  // namespace wavegraph::cli
