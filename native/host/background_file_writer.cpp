#include "host/background_file_writer.h"

#include <utility>

namespace wavegraph::cli {

BackgroundFileWriter::BackgroundFileWriter(SoundFileWriter& writer, uint32_t numChannels, uint32_t blockFrames,
                                           uint32_t numBlocks)
    : writer_(writer) {  // [control]
    blocks_.resize(numBlocks < 1 ? 1 : numBlocks);
    for (auto& block : blocks_) {
        block.resize(size_t{blockFrames} * numChannels);
        free_.push_back(block.data());
    }
    thread_ = std::thread([this] { run(); });
}

BackgroundFileWriter::~BackgroundFileWriter() {  // [control]
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        queued_.clear();
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

float* BackgroundFileWriter::acquire() {  // [control]
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return failed_ || !free_.empty(); });
    if (failed_) return nullptr;
    float* block = free_.back();
    free_.pop_back();
    return block;
}

void BackgroundFileWriter::submit(float* block, uint32_t frames) {  // [control]
    {
        std::lock_guard lock(mutex_);
        queued_.push_back({block, frames});
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
        Status status = writer_.writeInterleaved(next.block, next.frames);
        if (status) writer_.startWriteback();
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
