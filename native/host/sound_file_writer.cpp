#include "host/sound_file_writer.h"

#include <fcntl.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "host/interleaving.h"

namespace wavegraph::cli {

SoundFileWriter::~SoundFileWriter() {
    if (file_ != nullptr) sf_close(file_);
    if (fd_ >= 0) ::close(fd_);
}

Status SoundFileWriter::open(int fd, const std::string& displayPath, uint32_t numChannels,
                             double sampleRateHz) {  // [control]
    SF_INFO sfInfo{};
    sfInfo.channels = static_cast<int>(numChannels);
    sfInfo.samplerate = static_cast<int>(std::lround(sampleRateHz));
    sfInfo.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    path_ = displayPath;
    numChannels_ = numChannels;
    if (!sf_format_check(&sfInfo)) {
        ::close(fd);
        return Status::error("cannot write '" + path_ + "': libsndfile refuses a float WAV with " +
                             std::to_string(numChannels) + " channels at " + std::to_string(sfInfo.samplerate) + " Hz");
    }
    // The descriptor stays open after sf_close: close() closes it and reports its error.
    file_ = sf_open_fd(fd, SFM_WRITE, &sfInfo, SF_FALSE);
    if (file_ == nullptr) {
        ::close(fd);
        return Status::error("cannot write '" + path_ + "': " + sf_strerror(nullptr));
    }
    fd_ = fd;
    samplePeak_ = 0.0f;
    // No PEAK chunk (libsndfile's optional float-WAV header chunk of each channel's peak): without
    // it libsndfile writes float samples on a little-endian CPU as they are, instead of scanning
    // every sample for the chunk.
    sf_command(file_, SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
    return Status::ok();
}

Status SoundFileWriter::writePlanar(const float* const* channels, uint32_t numFrames) {  // [control]
    if (file_ == nullptr) return Status::error("cannot write '" + path_ + "': the file is not open");
    const size_t numChannels = numChannels_;
    if (interleaved_.size() < size_t{numFrames} * numChannels) interleaved_.resize(size_t{numFrames} * numChannels);
    for (size_t c = 0; c < numChannels; ++c) {
        const float* from = channels[c];
        float* to = interleaved_.data() + c;
        for (uint32_t i = 0; i < numFrames; ++i) to[i * numChannels] = from[i];
    }
    return writeInterleaved(interleaved_.data(), numFrames);
}

Status SoundFileWriter::writeInterleaved(const float* interleaved, uint32_t numFrames) {  // [control]
    if (file_ == nullptr) return Status::error("cannot write '" + path_ + "': the file is not open");
    return writeInterleaved(interleaved, numFrames, peakMagnitude(interleaved, size_t{numFrames} * numChannels_, 0.0f));
}

Status SoundFileWriter::writeInterleaved(const float* interleaved, uint32_t numFrames,
                                         float framesPeak) {  // [control]
    if (file_ == nullptr) return Status::error("cannot write '" + path_ + "': the file is not open");
    samplePeak_ = std::max(samplePeak_, framesPeak);
    if (sf_writef_float(file_, interleaved, numFrames) != static_cast<sf_count_t>(numFrames))
        return Status::error("cannot write '" + path_ + "': " + sf_strerror(file_));
    return Status::ok();
}

void SoundFileWriter::reserve(uint64_t numFrames) noexcept {  // [control]
#if defined(__linux__)
    // A float WAV header (RIFF, fmt or WAVE_FORMAT_EXTENSIBLE, fact, padding, data) is well under 4 KiB.
    constexpr uint64_t kHeaderBytesAtMost = 4096;
    const uint64_t bytes = kHeaderBytesAtMost + numFrames * numChannels_ * sizeof(float);
    if (file_ != nullptr && fd_ >= 0 && bytes <= static_cast<uint64_t>(INT64_MAX / 2))
        reserved_ = fallocate(fd_, FALLOC_FL_KEEP_SIZE, 0, static_cast<off_t>(bytes)) == 0;
#else
    (void)numFrames;
#endif
}

Status SoundFileWriter::close() {  // [control]
    if (file_ == nullptr) return Status::ok();
    sf_write_sync(file_);
    if (struct stat written{}; reserved_ && fstat(fd_, &written) == 0)
        (void)ftruncate(fd_, written.st_size);  // the same size: frees the blocks reserved beyond it
    reserved_ = false;
    const int error = sf_error(file_);
    const std::string reason = error != SF_ERR_NO_ERROR ? sf_strerror(file_) : "";
    const int closeResult = sf_close(file_);
    file_ = nullptr;
    const int closeDescriptorResult = ::close(fd_);
    const int closeErrno = errno;
    fd_ = -1;
    if (error != SF_ERR_NO_ERROR) return Status::error("cannot write '" + path_ + "': " + reason);
    if (closeResult != 0) return Status::error("cannot write '" + path_ + "': " + sf_error_number(closeResult));
    if (closeDescriptorResult != 0) return Status::error("cannot write '" + path_ + "': " + std::strerror(closeErrno));
    return Status::ok();
}

}  // namespace wavegraph::cli
