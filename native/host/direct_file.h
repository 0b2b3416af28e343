#pragma once
/// \file direct_file.h
/// Large sample transfers that bypass the page cache (O_DIRECT on Linux): the kernel moves the
/// bytes between the disk and the program's memory without copying them through its page cache,
/// and has no cached pages to allocate, write back or free afterwards. Such a transfer starts at
/// a file offset and a memory address that are multiples of kDirectAlignment and spans a
/// multiple of it (a read may end early at the end of the file). When the system or the file
/// system refuses (no O_DIRECT, or EINVAL for a transfer), the descriptor falls back to ordinary
/// buffered transfers of the same bytes. Control threads only (the calls wait for the disk).

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/non_copyable.h"

namespace wavegraph::cli {

/// Alignment of direct transfers, bytes: the page size, a multiple of every usual logical block
/// size (512 or 4096 bytes).
inline constexpr size_t kDirectAlignment = 4096;

/// Writes all `bytes` bytes of `memory` at file offset `offset` of descriptor fd (pwrite, again
/// after EINTR and after a partial write). Returns 0, or the errno of the failure (EIO when
/// pwrite writes nothing). [control]
int writeAllAt(int fd, const void* memory, size_t bytes, uint64_t offset) noexcept;

/// A second descriptor on an open regular file, for transfers that bypass the page cache (see
/// the file comment). [control]
class DirectFile : NonCopyable {
public:
    /// Not open.
    DirectFile() = default;
    /// Closes the descriptor.
    ~DirectFile();

    /// Opens `path` again, read-only or write-only, bypassing the page cache, and checks that it
    /// is the same file as the open descriptor `sameAs` (device and inode) and a regular file.
    /// false when anything refuses (not Linux, O_DIRECT refused, another file): then not open,
    /// and the caller uses ordinary I/O. [control]
    bool open(const std::string& path, bool forWriting, int sameAs) noexcept;
    /// Whether open() succeeded (and close() was not called). [control]
    bool isOpen() const noexcept { return fd_ >= 0; }
    /// Whether transfers still bypass the page cache (false after a fallback). [control]
    bool bypassesCache() const noexcept { return direct_; }

    /// Reads up to `bytes` bytes at `offset` into `memory` (offset, memory and bytes multiples of
    /// kDirectAlignment); fewer only at the end of the file. Returns the bytes read, or -1 with
    /// errno set. [control]
    int64_t read(void* memory, size_t bytes, uint64_t offset) noexcept;
    /// Writes all `bytes` bytes of `memory` at `offset` (the three multiples of
    /// kDirectAlignment). Returns 0, or the errno of the failure (e.g. ENOSPC). [control]
    int write(const void* memory, size_t bytes, uint64_t offset) noexcept;

    /// Closes the descriptor; 0 or close()'s errno. [control]
    int close() noexcept;

private:
    bool fallBack() noexcept;  // [control] clears O_DIRECT; false when that fails too

    int fd_ = -1;
    bool direct_ = false;
};

}  // namespace wavegraph::cli
