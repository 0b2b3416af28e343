#include "host/background_file_reader.h"

#include <utility>

namespace wavegraph::cli {

BackgroundFileReader::BackgroundFileReader(SoundFileReader& reader, BackgroundFileWriter& blocks, uint32_t blockFrames,
                                           bool ownThread)
    : reader_(reader), blocks_(blocks), blockFrames_(blockFrames) {  // [control]
    if (ownThread) thread_ = std::thread([this] { run(); });
}

BackgroundFileReader::~BackgroundFileReader() {  // [control]
    if (!thread_.joinable()) return;
    bool reading = false;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        reading = !done_;
    }
    if (reading) blocks_.abandon();  // ends a wait for a free block
    thread_.join();
}

BackgroundFileReader::Block BackgroundFileReader::readOne() {  // [control]
    Block next;
    next.block = blocks_.acquire();
    if (next.block != nullptr)
        next.status = reader_.readBlock(blocks_.inputArea(next.block), blocks_.inputAreaBytes(), blockFrames_,
                                        next.samples, next.frames);
    return next;
}

Status BackgroundFileReader::next(unsigned char*& block, const unsigned char*& samples,
                                  uint32_t& frames) {  // [control]
    Block next;
    if (thread_.joinable()) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return !ready_.empty(); });
        next = std::move(ready_.front());
        ready_.pop_front();
    } else {
        next = readOne();
    }
    block = next.block;
    samples = next.samples;
    frames = next.frames;
    return next.status;
}

void BackgroundFileReader::run() {  // [control]
    for (;;) {
        Block next = readOne();
        const bool last = next.block == nullptr || !next.status || next.frames == 0;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) {
                done_ = true;
                return;
            }
            ready_.push_back(std::move(next));
            done_ = last;
        }
        changed_.notify_all();
        if (last) return;
    }
}

}  // namespace wavegraph::cli
