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
#include "host/direct_file.h"
#include "host/sound_file_writer.h"

namespace wavegraph::cli {

/// Writes submitted interleaved blocks to an open SoundFileWriter on its own thread (see the
/// file comment). Each block is aligned to kDirectAlignment (host/direct_file.h) and has two
/// areas: the samples to write, from samples(block) on (SoundFileWriter::blockSampleOffset(),
/// within the first page: SoundFileWriter::writeBlock writes them without a copy when it
/// bypasses the page cache), and, from the second page on, an area a reader can fill
/// (inputArea, inputAreaBytes: room for SoundFileReader::readBlock of blockFrames frames). The
/// samples area starts before the input area, so that a block can be processed in place from
/// its input to its samples in order (frame i's output never overwrites a later frame's input).
/// [control]
class BackgroundFileWriter : NonCopyable {
public:
    /// Allocates numBlocks (≥ 1) blocks for blockFrames × numChannels floats and starts the
    /// thread, which writes to `writer` (open; it must outlive this object). [control]
    BackgroundFileWriter(SoundFileWriter& writer, uint32_t numChannels, uint32_t blockFrames, uint32_t numBlocks);
    /// Stops the thread; blocks not yet written are dropped (an interrupted render). [control]
    ~BackgroundFileWriter();

    /// A free block to fill, waiting for one if all are queued; nullptr once a write has failed
    /// (then finish() returns the error) or after abandon(). [control]
    unsigned char* acquire();
    /// Where `block` holds the blockFrames × numChannels interleaved floats to write. [any]
    float* samples(unsigned char* block) const noexcept {
        return reinterpret_cast<float*>(block + writer_.blockSampleOffset());
    }
    /// The area of `block` a reader may fill (aligned to kDirectAlignment), inputAreaBytes() long. [any]
    unsigned char* inputArea(unsigned char* block) const noexcept { return block + kDirectAlignment; }
    /// Bytes of each block's input area: SoundFileReader::readBlockBytes(blockFrames) for
    /// numChannels channels. [any]
    size_t inputAreaBytes() const noexcept { return blockBytes_ - kDirectAlignment; }

    /// Queues a block returned by acquire(), holding `frames` (≤ blockFrames) frames at
    /// samples(block). [control]
    void submit(unsigned char* block, uint32_t frames);
    /// The same, with the frames' largest |sample| (NaNs ignored) already known
    /// (SoundFileWriter::writeBlock then does not scan them). [control]
    void submit(unsigned char* block, uint32_t frames, float blockPeak);
    /// Waits until every submitted block is written and stops the thread; the first write's
    /// error, if any ("cannot write 'out.wav': …"). [control]
    Status finish();
    /// Drops the blocks not yet written, ends every wait in acquire() (which returns nullptr
    /// from then on) and stops the thread once its current write ends: for another thread that
    /// acquires blocks (BackgroundFileReader) when the render stops early. [control]
    void abandon();

private:
    struct Pending {
        unsigned char* block;
        uint32_t frames;
        float peak;  // < 0: not known, scanned by the writer
    };
    void run();  // [control] the writing thread

    SoundFileWriter& writer_;
    uint32_t numChannels_;
    size_t blockBytes_;
    struct FreeStorage {
        void operator()(unsigned char* storage) const noexcept { std::free(storage); }
    };
    std::unique_ptr<unsigned char, FreeStorage> storage_;  // every block, one after the other
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<unsigned char*> free_;
    std::deque<Pending> queued_;
    Status error_ = Status::ok();
    bool failed_ = false;
    bool writing_ = false;  // the thread is writing a block taken from queued_
    bool stopping_ = false;
    bool abandoned_ = false;
    std::thread thread_;
};

}  // namespace wavegraph::cli
