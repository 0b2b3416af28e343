#include "host/sound_file_writer.h"

#include <fcntl.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "host/direct_file.h"
#include "host/interleaving.h"

namespace wavegraph::cli {

/// The output file under libsndfile's virtual I/O: libsndfile's writes (header, samples) arrive
/// here with its position. Samples lent in a page-aligned block (writeBlock) go out bypassing the
/// page cache in whole pages: the block's first page starts with the bytes of the file before
/// the samples, which are the last partial page of the previous block (kept in `carry`, not yet
/// written) or, for the first block, the header's page (that page is written buffered instead,
/// as libsndfile rewrites the header in it at the end). Everything else is written with pwrite.
struct SoundFileWriter::Output {
    int fd = -1;                    // the descriptor given to open() (owned)
    bool isVirtual = false;         // libsndfile writes through the callbacks below (a regular file)
    DirectFile direct;              // bypassPageCache()'s descriptor
    uint64_t position = 0;          // libsndfile's position in the file
    uint64_t directFrom = 0;        // the first page after the header's: direct writes start there at the earliest
    unsigned char* lent = nullptr;  // writeBlock's block while libsndfile writes its samples
    size_t carryBytes = 0;          // the bytes [position - carryBytes, position), kept in carry
    int error = 0;                  // errno of the first failed write
    alignas(64) unsigned char carry[kDirectAlignment];

    bool putBuffered(const unsigned char* bytes, size_t count, uint64_t at) noexcept {  // [control]
        const int failed = writeAllAt(fd, bytes, count, at);
        if (failed != 0 && error == 0) error = failed;
        return failed == 0;
    }

    bool flushCarry() noexcept {  // [control]
        if (carryBytes == 0) return true;
        const size_t count = carryBytes;
        carryBytes = 0;
        return putBuffered(carry, count, position - count);
    }

    sf_count_t write(const void* pointer, sf_count_t count) noexcept {  // [control]
        if (count <= 0) return 0;
        const auto* bytes = static_cast<const unsigned char*>(pointer);
        const uint64_t end = position + static_cast<uint64_t>(count);
        const size_t offset = position % kDirectAlignment;  // of the first byte in its page
        // Direct only for a lent block holding these bytes at their offset in the page.
        const bool carried = offset > 0 && carryBytes == offset;
        const uint64_t base = position - offset;  // the file offset of lent[0]
        const uint64_t start = carried || offset == 0 ? base : base + kDirectAlignment;
        if (lent == nullptr || bytes != lent + offset || !direct.bypassesCache() || start < directFrom) {
            if (!flushCarry() || !putBuffered(bytes, static_cast<size_t>(count), position)) return 0;
            position = end;
            return count;
        }
        if (carried) {
            std::memcpy(lent, carry, offset);
            carryBytes = 0;
        } else if (offset > 0) {  // the page's first bytes are not at hand: its part goes buffered
            if (!flushCarry()) return 0;
            if (!putBuffered(bytes, static_cast<size_t>(std::min<uint64_t>(kDirectAlignment - offset, end - position)),
                             position))
                return 0;
        }
        const uint64_t pagesEnd = end / kDirectAlignment * kDirectAlignment;
        if (pagesEnd > start) {
            if (const int failed = direct.write(lent + (start - base), pagesEnd - start, start); failed != 0) {
                if (error == 0) error = failed;
                return 0;
            }
        }
        if (const uint64_t tail = std::max(pagesEnd, start); end > tail) {
            carryBytes = static_cast<size_t>(end - tail);
            std::memcpy(carry, lent + (tail - base), carryBytes);
        }
        position = end;
        return count;
    }

    static Output& of(void* user) noexcept { return *static_cast<Output*>(user); }

    static sf_count_t getFileLength(void* user) noexcept {  // [control]
        Output& output = of(user);
        output.flushCarry();
        struct stat written {};
        if (::fstat(output.fd, &written) != 0) return -1;
        return written.st_size;
    }

    static sf_count_t seek(sf_count_t offset, int whence, void* user) noexcept {  // [control]
        Output& output = of(user);
        sf_count_t target = offset;
        if (whence == SEEK_CUR) target += static_cast<sf_count_t>(output.position);
        if (whence == SEEK_END) {
            const sf_count_t length = getFileLength(user);
            if (length < 0) return -1;
            target += length;
        }
        if (target < 0) return -1;
        if (static_cast<uint64_t>(target) != output.position) output.flushCarry();
        output.position = static_cast<uint64_t>(target);
        return target;
    }

    static sf_count_t read(void* pointer, sf_count_t count, void* user) noexcept {  // [control]
        Output& output = of(user);
        if (count <= 0 || !output.flushCarry()) return 0;
        ssize_t got = 0;
        do {
            got = ::pread(output.fd, pointer, static_cast<size_t>(count), static_cast<off_t>(output.position));
        } while (got < 0 && errno == EINTR);
        if (got <= 0) return 0;
        output.position += static_cast<uint64_t>(got);
        return got;
    }

    static sf_count_t writeCallback(const void* pointer, sf_count_t count, void* user) noexcept {  // [control]
        return of(user).write(pointer, count);
    }

    static sf_count_t tell(void* user) noexcept { return static_cast<sf_count_t>(of(user).position); }  // [control]
};

SoundFileWriter::SoundFileWriter() = default;

SoundFileWriter::~SoundFileWriter() {
    if (file_ != nullptr) sf_close(file_);  // the header, through output_
    if (output_ != nullptr && output_->fd >= 0) ::close(output_->fd);
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
    auto output = std::make_unique<Output>();
    output->fd = fd;
    struct stat opened {};
    output->isVirtual = ::fstat(fd, &opened) == 0 && S_ISREG(opened.st_mode) && ::lseek(fd, 0, SEEK_CUR) == 0;
    // A regular file is written through the virtual I/O (Output); anything else (a pipe, a
    // device) through libsndfile's own descriptor I/O. The descriptor stays open after sf_close:
    // close() closes it and reports its error.
    SF_VIRTUAL_IO io{&Output::getFileLength, &Output::seek, &Output::read, &Output::writeCallback, &Output::tell};
    file_ = output->isVirtual ? sf_open_virtual(&io, SFM_WRITE, &sfInfo, output.get())
                              : sf_open_fd(fd, SFM_WRITE, &sfInfo, SF_FALSE);
    if (file_ == nullptr) {
        const std::string reason = output->error != 0 ? std::strerror(output->error) : sf_strerror(nullptr);
        ::close(fd);
        return Status::error("cannot write '" + path_ + "': " + reason);
    }
    // The header is written: the samples start here.
    const off_t dataOffset = output->isVirtual ? static_cast<off_t>(output->position) : ::lseek(fd, 0, SEEK_CUR);
    const size_t inPage = dataOffset > 0 ? static_cast<size_t>(dataOffset) % kDirectAlignment : 0;
    blockSampleOffset_ = inPage % alignof(float) == 0 ? inPage : 0;
    output->directFrom = (static_cast<uint64_t>(std::max<off_t>(dataOffset, 0)) + kDirectAlignment - 1) /
                         kDirectAlignment * kDirectAlignment;
    output_ = std::move(output);
    samplePeak_ = 0.0f;
    reserved_ = false;
    // No PEAK chunk (libsndfile's optional float-WAV header chunk of each channel's peak): without
    // it libsndfile writes float samples on a little-endian CPU as they are, instead of scanning
    // every sample for the chunk.
    sf_command(file_, SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
    return Status::ok();
}

bool SoundFileWriter::bypassPageCache(const std::string& path) {  // [control]
    if (file_ == nullptr || !output_->isVirtual) return false;
    return output_->direct.open(path, true, output_->fd);
}

bool SoundFileWriter::bypassesPageCache() const noexcept {  // [control]
    return output_ != nullptr && output_->direct.bypassesCache();
}

size_t SoundFileWriter::blockSampleOffset() const noexcept { return blockSampleOffset_; }  // [control]

Status SoundFileWriter::writeFailure() const {  // [control]
    if (output_ != nullptr && output_->error != 0)
        return Status::error("cannot write '" + path_ + "': " + std::strerror(output_->error));
    return Status::error("cannot write '" + path_ + "': " + sf_strerror(file_));
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
    if (numFrames == 0) return Status::ok();
    if (sf_writef_float(file_, interleaved, numFrames) != static_cast<sf_count_t>(numFrames)) return writeFailure();
    return Status::ok();
}

Status SoundFileWriter::writeBlock(unsigned char* block, uint32_t numFrames, float framesPeak) {  // [control]
    if (file_ == nullptr) return Status::error("cannot write '" + path_ + "': the file is not open");
    output_->lent = block;
    Status status = writeInterleaved(reinterpret_cast<const float*>(block + blockSampleOffset_), numFrames, framesPeak);
    output_->lent = nullptr;
    return status;
}

void SoundFileWriter::reserve(uint64_t numFrames) noexcept {  // [control]
#if defined(__linux__)
    // A float WAV header (RIFF, fmt or WAVE_FORMAT_EXTENSIBLE, fact, padding, data) is well under 4 KiB.
    constexpr uint64_t kHeaderBytesAtMost = 4096;
    const uint64_t bytes = kHeaderBytesAtMost + numFrames * numChannels_ * sizeof(float);
    if (file_ != nullptr && bytes <= static_cast<uint64_t>(INT64_MAX / 2))
        reserved_ = fallocate(output_->fd, FALLOC_FL_KEEP_SIZE, 0, static_cast<off_t>(bytes)) == 0;
#else
    (void)numFrames;
#endif
}

Status SoundFileWriter::close() {  // [control]
    if (file_ == nullptr) return Status::ok();
    const int error = sf_error(file_);
    const std::string reason = error != SF_ERR_NO_ERROR ? sf_strerror(file_) : "";
    // The tailer and the final header (through output_ for a regular file); then what is still
    // in the page cache (the header's page, the last partial page) is written back by the fsync.
    const int closeResult = sf_close(file_);
    file_ = nullptr;
    Output& output = *output_;
    output.flushCarry();
    const int fd = output.fd;
    if (struct stat written{}; reserved_ && ::fstat(fd, &written) == 0)
        (void)::ftruncate(fd, written.st_size);  // the same size: frees the blocks reserved beyond it
    reserved_ = false;
    const int syncErrno = ::fsync(fd) == 0 || errno == EINVAL ? 0 : errno;  // EINVAL: a pipe or a device
    const int directCloseErrno = output.direct.close();
    const int closeDescriptorErrno = ::close(fd) == 0 ? 0 : errno;
    output.fd = -1;
    const int writeErrno = output.error;
    output_.reset();
    auto failed = [this](const std::string& why) { return Status::error("cannot write '" + path_ + "': " + why); };
    if (writeErrno != 0) return failed(std::strerror(writeErrno));
    if (error != SF_ERR_NO_ERROR) return failed(reason);
    if (closeResult != 0) return failed(sf_error_number(closeResult));
    if (syncErrno != 0) return failed(std::strerror(syncErrno));
    if (directCloseErrno != 0) return failed(std::strerror(directCloseErrno));
    if (closeDescriptorErrno != 0) return failed(std::strerror(closeDescriptorErrno));
    return Status::ok();
}

}  // namespace wavegraph::cli
