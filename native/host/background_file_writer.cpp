#include "host/background_file_writer.h"

#include <cstdlib>
#include <new>
#include <utility>

#include "host/interleaving.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace wavegraph::cli {

BackgroundFileWriter::BackgroundFileWriter(SoundFileWriter& writer, uint32_t numChannels, uint32_t blockFrames,
                                           uint32_t numBlocks)
    : writer_(writer), numChannels_(numChannels) {  // [control]
    // Each block: the page where the samples to write start, then the input area (the samples'
    // bytes in whole pages and one page more, see SoundFileReader::readBlockBytes).
    const size_t sampleBytes = size_t{blockFrames} * numChannels * sizeof(float);
    blockBytes_ = kDirectAlignment + (sampleBytes + kDirectAlignment - 1) / kDirectAlignment * kDirectAlignment +
                  kDirectAlignment;
    // One allocation for every block, aligned to and rounded up to 2 MiB and marked for
    // transparent huge pages on Linux: the kernel maps it with one fault per 2 MiB instead of
    // one per 4 KiB page (385 fewer for three 512 KiB blocks). The blocks are not cleared: each
    // is filled before it is written.
    constexpr size_t kHugePageBytes = size_t{2} << 20;
    const size_t count = numBlocks < 1 ? 1 : numBlocks;
    const size_t bytes = (count * blockBytes_ + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    storage_.reset(static_cast<unsigned char*>(std::aligned_alloc(kHugePageBytes, bytes)));
    if (!storage_) throw std::bad_alloc();
#if defined(__linux__)
    (void)madvise(storage_.get(), bytes, MADV_HUGEPAGE);
#endif
    for (size_t i = 0; i < count; ++i) free_.push_back(storage_.get() + i * blockBytes_);
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

unsigned char* BackgroundFileWriter::acquire() {  // [control]
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return failed_ || abandoned_ || !free_.empty(); });
    if (failed_ || abandoned_) return nullptr;
    unsigned char* block = free_.back();
    free_.pop_back();
    return block;
}

void BackgroundFileWriter::submit(unsigned char* block, uint32_t frames) { submit(block, frames, -1.0f); }  // [control]

void BackgroundFileWriter::submit(unsigned char* block, uint32_t frames, float blockPeak) {  // [control]
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
        const float peak = next.peak >= 0.0f
                               ? next.peak
                               : peakMagnitude(samples(next.block), size_t{next.frames} * numChannels_, 0.0f);
        Status status = writer_.writeBlock(next.block, next.frames, peak);
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
