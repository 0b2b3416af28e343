#pragma once
/// \file background_file_reader.h
/// Reading interleaved blocks from a SoundFileReader ahead of their processing, on a thread of its
/// own, so that the reads (libsndfile's decoding, the kernel's copies out of the page cache, or
/// the waits for the disk when the reader bypasses it) overlap the processing of the previous
/// block. The blocks are the free blocks of a BackgroundFileWriter: the thread fills one's input
/// area (SoundFileReader::readBlock), the caller processes it into the block's samples and
/// submits it to the writer, which frees it once written. Without its own thread, next() reads on the
/// caller's thread (for inputs whose reads can wait indefinitely, such as pipes). Control threads
/// only (a mutex and condition variables), never the audio thread.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

#include "base/non_copyable.h"
#include "base/status.h"
#include "host/background_file_writer.h"
#include "host/sound_file_reader.h"

namespace wavegraph::cli {

/// Reads an open SoundFileReader into a BackgroundFileWriter's blocks, ahead of the caller (see
/// the file comment). [control]
class BackgroundFileReader : NonCopyable {
public:
    /// Reads `reader` (open) blockFrames frames at a time (the size of `blocks`' blocks) into
    /// blocks acquired from `blocks`; on a thread started here when ownThread, else in next().
    /// Both must outlive this object. [control]
    BackgroundFileReader(SoundFileReader& reader, BackgroundFileWriter& blocks, uint32_t blockFrames, bool ownThread);
    /// Stops the thread. While it still reads, `blocks` is abandoned (BackgroundFileWriter::abandon)
    /// so that a wait for a free block ends: an interrupted or failed render. [control]
    ~BackgroundFileReader();

    /// The next block in file order (waiting for it): `block` (of `blocks`) holds `frames`
    /// interleaved frames from `samples` on, as they are in the file (read them bytewise:
    /// deinterleaveBytes); frames = 0 at the end of the input. block = nullptr once a write of
    /// `blocks` has failed (its finish() returns the error). Error: the read's ("cannot read
    /// 'x.wav': …"). [control]
    Status next(unsigned char*& block, const unsigned char*& samples, uint32_t& frames);

private:
    struct Block {
        unsigned char* block = nullptr;
        const unsigned char* samples = nullptr;
        uint32_t frames = 0;
        Status status = Status::ok();
    };
    Block readOne();  // [control] acquires a free block and fills it
    void run();       // [control] the reading thread

    SoundFileReader& reader_;
    BackgroundFileWriter& blocks_;
    uint32_t blockFrames_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Block> ready_;
    bool stopping_ = false;
    bool done_ = false;  // the thread has queued its last block (end, error, writer failed) or stopped
    std::thread thread_;
};

}  // namespace wavegraph::cli
