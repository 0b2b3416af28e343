#include "host/background_file_writer.h"

#include <cstdlib>
#include <new>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace wavegraph::cli {

BackgroundFileWriter::BackgroundFileWriter(SoundFileWriter& writer, uint32_t numChannels, uint32_t blockFrames,
                                           uint32_t numBlocks)
    : writer_(writer) {  // [control]
    // One allocation for every block, aligned to and rounded up to 2 MiB and marked for
    // transparent huge pages on Linux: the kernel maps it with one fault per 2 MiB instead of
    // one per 4 KiB page (385 fewer for three 512 KiB blocks). The blocks are not cleared: each
    // is filled before it is written.
    constexpr size_t kHugePageBytes = size_t{2} << 20;
    const size_t count = numBlocks < 1 ? 1 : numBlocks;
    const size_t blockFloats = size_t{blockFrames} * numChannels;
    const size_t bytes = (count * blockFloats * sizeof(float) + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    storage_.reset(static_cast<float*>(std::aligned_alloc(kHugePageBytes, bytes)));
    if (!storage_) throw std::bad_alloc();
#if defined(__linux__)
    (void)madvise(storage_.get(), bytes, MADV_HUGEPAGE);
#endif
    for (size_t i = 0; i < count; ++i) free_.push_back(storage_.get() + i * blockFloats);
    thread_ = std::thread([this] { run(); });
}

BackgroundFileWriter::~BackgroundFileWriter() {  // [control]
    abandon();
    if (thread_.joinable()) thread_.join();
}

void BackgroundFileWriter::abandon() {  // [control]
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        abandoned_ = true;
        queued_.clear();
    }
    changed_.notify_all();
}

float* BackgroundFileWriter::acquire() {  // [control]
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return failed_ || abandoned_ || !free_.empty(); });
    if (failed_ || abandoned_) return nullptr;
    float* block = free_.back();
    free_.pop_back();
    return block;
}

void BackgroundFileWriter::submit(float* block, uint32_t frames) { submit(block, frames, -1.0f); }  // [control]

void BackgroundFileWriter::submit(float* block, uint32_t frames, float blockPeak) {  // [control]
    {
        std::lock_guard lock(mutex_);
        queued_.push_back({block, frames, blockPeak});
    }
    changed_.notify_all();
}

Status BackgroundFileWriter::finish() {  // [control]
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return failed_ || (queued_.empty() && !writing_); });
        stopping_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mutex_);
    return error_;
}

void BackgroundFileWriter::run() {  // [control]
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [this] { return stopping_ || !queued_.empty(); });
        if (queued_.empty()) return;  // stopping, everything written
        const Pending next = queued_.front();
        queued_.pop_front();
        writing_ = true;
        lock.unlock();
        Status status = next.peak < 0.0f ? writer_.writeInterleaved(next.block, next.frames)
                                         : writer_.writeInterleaved(next.block, next.frames, next.peak);
        lock.lock();
        writing_ = false;
        free_.push_back(next.block);
        if (!status && !failed_) {
            failed_ = true;
            error_ = std::move(status);
            queued_.clear();
        }
        changed_.notify_all();
        if (failed_) return;
    }
}

}  // namespace wavegraph::cli
