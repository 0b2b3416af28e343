#pragma once
/// \file background_file_writer.h
/// Writing interleaved blocks to a SoundFileWriter on a thread of its own, so that file writes
/// (libsndfile's encoding, the kernel's page-cache copies) overlap the processing of the next
/// block. A small ring of preallocated blocks: the producer fills a free one and submits it, the
/// thread writes submitted blocks in order. Control threads only (a mutex and condition
/// variables), never the audio thread.

#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "base/non_copyable.h"
#include "base/status.h"
#include "host/sound_file_writer.h"

namespace wavegraph::cli {

/// Writes submitted interleaved blocks to an open SoundFileWriter on its own thread (see the
/// file comment). [control]
class BackgroundFileWriter : NonCopyable {
public:
    /// Allocates numBlocks (≥ 1) blocks of blockFrames × numChannels floats and starts the
    /// thread, which writes to `writer` (open; it must outlive this object). [control]
    BackgroundFileWriter(SoundFileWriter& writer, uint32_t numChannels, uint32_t blockFrames, uint32_t numBlocks);
    /// Stops the thread; blocks not yet written are dropped (an interrupted render). [control]
    ~BackgroundFileWriter();

    /// A free block (blockFrames × numChannels floats) to fill, waiting for one if all are
    /// queued; nullptr once a write has failed (then finish() returns the error). [control]
    float* acquire();
    /// Queues a block returned by acquire(), holding `frames` (≤ blockFrames) frames. [control]
    void submit(float* block, uint32_t frames);
    /// The same, with the block's largest |sample| (NaNs ignored) already known
    /// (SoundFileWriter::writeInterleaved then does not scan it). [control]
    void submit(float* block, uint32_t frames, float blockPeak);
    /// Waits until every submitted block is written and stops the thread; the first write's
    /// error, if any ("cannot write 'out.wav': …"). [control]
    Status finish();
    /// Drops the blocks not yet written, ends every wait in acquire() (which returns nullptr
    /// from then on) and stops the thread once its current write ends: for another thread that
    /// acquires blocks (BackgroundFileReader) when the render stops early. [control]
    void abandon();

private:
    struct Pending {
        float* block;
        uint32_t frames;
        float peak;  // < 0: not known, scanned by the writer
    };
    void run();  // [control] the writing thread

    SoundFileWriter& writer_;
    struct FreeStorage {
        void operator()(float* storage) const noexcept { std::free(storage); }
    };
    std::unique_ptr<float, FreeStorage> storage_;  // every block, one after the other
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<float*> free_;
    std::deque<Pending> queued_;
    Status error_ = Status::ok();
    bool failed_ = false;
    bool writing_ = false;  // the thread is writing a block taken from queued_
    bool stopping_ = false;
    bool abandoned_ = false;
    std::thread thread_;
};

}  // namespace wavegraph::cli
