#include "host/direct_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace wavegraph::cli {

DirectFile::~DirectFile() { close(); }

bool DirectFile::open(const std::string& path, bool forWriting, int sameAs) noexcept {  // [control]
    close();
#if defined(__linux__) && defined(O_DIRECT)
    const int fd = ::open(path.c_str(), (forWriting ? O_WRONLY : O_RDONLY) | O_DIRECT | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat opened {
    }, other{};
    if (::fstat(fd, &opened) != 0 || ::fstat(sameAs, &other) != 0 || !S_ISREG(opened.st_mode) ||
        opened.st_dev != other.st_dev || opened.st_ino != other.st_ino) {
        ::close(fd);
        return false;
    }
    fd_ = fd;
    direct_ = true;
    return true;
#else
    (void)path;
    (void)forWriting;
    (void)sameAs;
    return false;
#endif
}

bool DirectFile::fallBack() noexcept {  // [control]
#if defined(__linux__) && defined(O_DIRECT)
    const int flags = ::fcntl(fd_, F_GETFL);
    if (flags < 0 || ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT) != 0) return false;
#endif
    direct_ = false;
    return true;
}

int64_t DirectFile::read(void* memory, size_t bytes, uint64_t offset) noexcept {  // [control]
    auto* to = static_cast<unsigned char*>(memory);
    size_t done = 0;
    while (done < bytes) {
        const ssize_t got = ::pread(fd_, to + done, bytes - done, static_cast<off_t>(offset + done));
        if (got < 0) {
            if (errno == EINTR) continue;
            if (errno == EINVAL && direct_ && fallBack()) continue;  // the same read, buffered
            return -1;
        }
        if (got == 0) break;  // the end of the file
        done += static_cast<size_t>(got);
    }
    return static_cast<int64_t>(done);
}

int writeAllAt(int fd, const void* memory, size_t bytes, uint64_t offset) noexcept {  // [control]
    const auto* from = static_cast<const unsigned char*>(memory);
    size_t done = 0;
    while (done < bytes) {
        const ssize_t put = ::pwrite(fd, from + done, bytes - done, static_cast<off_t>(offset + done));
        if (put < 0 && errno == EINTR) continue;
        if (put < 0) return errno;
        if (put == 0) return EIO;
        done += static_cast<size_t>(put);
    }
    return 0;
}

int DirectFile::write(const void* memory, size_t bytes, uint64_t offset) noexcept {  // [control]
    const int failed = writeAllAt(fd_, memory, bytes, offset);
    // Refused as a direct transfer: the same write again, buffered (pwrite rewrites the same
    // bytes at the same offsets where part of it went through).
    if (failed == EINVAL && direct_ && fallBack()) return writeAllAt(fd_, memory, bytes, offset);
    return failed;
}

int DirectFile::close() noexcept {  // [control]
    if (fd_ < 0) return 0;
    const int result = ::close(fd_);
    fd_ = -1;
    direct_ = false;
    return result == 0 ? 0 : errno;
}

}  // namespace wavegraph::cli
