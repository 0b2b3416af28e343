#include "host/sound_file_reader.h"

#include <fcntl.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>

namespace wavegraph::cli {

SoundFileReader::~SoundFileReader() {
    if (file_ != nullptr) sf_close(file_);
}

namespace {

// Where the samples of a float WAV that libsndfile just opened on `fd` start (libsndfile leaves
// the descriptor there), when they are stored as this CPU's floats and the 8 bytes before them
// are the "data" chunk's id and a size that holds every frame; else 0. [control]
uint64_t rawFloatDataOffset(SNDFILE* file, int fd, const SF_INFO& sfInfo) {
    const int container = sfInfo.format & SF_FORMAT_TYPEMASK;
    if (std::endian::native != std::endian::little || fd < 0 ||
        (container != SF_FORMAT_WAV && container != SF_FORMAT_WAVEX) ||
        (sfInfo.format & SF_FORMAT_SUBMASK) != SF_FORMAT_FLOAT || sfInfo.frames <= 0 ||
        sf_command(file, SFC_RAW_DATA_NEEDS_ENDSWAP, nullptr, 0) != SF_FALSE)
        return 0;
    struct stat opened {};
    if (::fstat(fd, &opened) != 0 || !S_ISREG(opened.st_mode)) return 0;
    const off_t offset = ::lseek(fd, 0, SEEK_CUR);
    unsigned char chunk[8];
    if (offset < 8 || ::pread(fd, chunk, sizeof chunk, offset - 8) != static_cast<ssize_t>(sizeof chunk) ||
        std::memcmp(chunk, "data", 4) != 0)
        return 0;
    const uint64_t chunkBytes =
        uint64_t{chunk[4]} | uint64_t{chunk[5]} << 8 | uint64_t{chunk[6]} << 16 | uint64_t{chunk[7]} << 24;
    const uint64_t frameBytes = uint64_t(sfInfo.channels) * sizeof(float);
    if (chunkBytes < static_cast<uint64_t>(sfInfo.frames) * frameBytes) return 0;
    return static_cast<uint64_t>(offset);
}

}  // namespace

Status SoundFileReader::open(const std::string& path) {  // [control]
    SF_INFO sfInfo{};
    // Through a descriptor of our own (libsndfile closes it), so that the position of a float
    // WAV's samples is known; libsndfile opening the path itself is the fallback (and names the
    // reason a file cannot be opened).
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    SNDFILE* file = fd >= 0 ? sf_open_fd(fd, SFM_READ, &sfInfo, SF_TRUE) : nullptr;
    if (file == nullptr) {
        fd = -1;
        sfInfo = SF_INFO{};
        file = sf_open(path.c_str(), SFM_READ, &sfInfo);
    }
    if (file == nullptr) return Status::error("cannot open '" + path + "': " + sf_strerror(nullptr));
    if (sfInfo.channels < 1 || sfInfo.samplerate < 1) {
        sf_close(file);
        return Status::error("cannot open '" + path + "': it declares " + std::to_string(sfInfo.channels) +
                             " channels at " + std::to_string(sfInfo.samplerate) + " Hz");
    }
    direct_.close();
    if (file_ != nullptr) sf_close(file_);
    file_ = file;
    fd_ = fd;
    path_ = path;
    info_.frames = sfInfo.frames;
    info_.channels = static_cast<uint32_t>(sfInfo.channels);
    info_.sampleRateHz = sfInfo.samplerate;
    rawDataOffset_ = rawFloatDataOffset(file, fd, sfInfo);
    nextFrame_ = 0;
    return Status::ok();
}

bool SoundFileReader::bypassPageCache() {  // [control]
    if (!holdsRawFloats() || nextFrame_ != 0 || sf_seek(file_, 0, SEEK_CUR) != 0) return false;
    return direct_.open(path_, false, fd_);
}

size_t SoundFileReader::readBlockBytes(uint32_t maxFrames) const noexcept {  // [control]
    const size_t bytes = size_t{maxFrames} * info_.channels * sizeof(float);
    return (bytes + kDirectAlignment - 1) / kDirectAlignment * kDirectAlignment + kDirectAlignment;
}

Status SoundFileReader::readBlock(unsigned char* memory, size_t memoryBytes, uint32_t maxFrames,
                                  const unsigned char*& samples, uint32_t& framesRead) {  // [control]
    framesRead = 0;
    samples = memory;
    if (file_ == nullptr) return Status::error("cannot read: no file is open");
    if (!direct_.isOpen()) {
        maxFrames =
            static_cast<uint32_t>(std::min<size_t>(maxFrames, memoryBytes / (size_t{info_.channels} * sizeof(float))));
        return readInterleaved(reinterpret_cast<float*>(memory), maxFrames, framesRead);
    }
    const uint64_t frameBytes = uint64_t{info_.channels} * sizeof(float);
    const uint64_t frames = std::min<uint64_t>(maxFrames, static_cast<uint64_t>(info_.frames - nextFrame_));
    if (frames == 0) return Status::ok();
    const uint64_t first = rawDataOffset_ + static_cast<uint64_t>(nextFrame_) * frameBytes;
    const uint64_t from = first / kDirectAlignment * kDirectAlignment;
    const uint64_t lead = first - from;
    const uint64_t bytes = (lead + frames * frameBytes + kDirectAlignment - 1) / kDirectAlignment * kDirectAlignment;
    if (bytes > memoryBytes) return Status::error("cannot read '" + path_ + "': the block is too small");
    const int64_t got = direct_.read(memory, static_cast<size_t>(bytes), from);
    if (got < 0) return Status::error("cannot read '" + path_ + "': " + std::strerror(errno));
    const uint64_t whole = static_cast<uint64_t>(got) > lead ? (static_cast<uint64_t>(got) - lead) / frameBytes : 0;
    framesRead = static_cast<uint32_t>(std::min(frames, whole));  // fewer: the file was cut short meanwhile
    nextFrame_ = framesRead < frames ? info_.frames : nextFrame_ + framesRead;
    samples = memory + lead;
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
