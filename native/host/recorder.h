#pragma once
/// \file recorder.h
/// `--record OUT.wav`: a consumer of the fan-out ring that writes what the device played to a
/// 32-bit float WAV on its own (non-audio) thread with libsndfile. OUT appears only when the
/// recording is complete (written through a temporary file beside it). If the recorder falls
/// more than the ring's capacity behind (e.g. a stalled disk), it counts the dropout, writes
/// silence for the lost frames (the file stays aligned with the playback's time) and skips ahead.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "base/status.h"
#include "host/sound_file_writer.h"
#include "host/temporary_output_file.h"
#include "rt/spmc_ring.h"

namespace wavegraph::cli {

/// Writer thread that records the fan-out ring to a WAV file (via a TemporaryOutputFile).
class Recorder {
public:
    ~Recorder();  ///< joins the thread; an unfinished recording is discarded [control]

    /// Creates the temporary file and attaches a reader to ring (at its current position, so
    /// call before the producer starts). [control]
    Status open(const std::string& path, SpmcRing& ring, double sampleRateHz);
    /// Starts the writer thread. [control]
    void start();
    /// Writes everything up to frame totalFrames (the producer has stopped), closes and
    /// publishes OUT. Error: the first write failure. [control]
    Status finish(uint64_t totalFrames);

    /// Frames written to the file so far. [any]
    uint64_t framesWritten() const noexcept { return written_.load(std::memory_order_relaxed); }
    /// Reads that found frames overwritten by the producer (the recording has gaps). [any]
    uint64_t dropouts() const noexcept { return reader_ ? reader_->dropouts() : 0; }
    /// Frames lost that way in total. [any]
    uint64_t droppedFrames() const noexcept { return reader_ ? reader_->droppedFrames() : 0; }

private:
    void run();  // [control] the writer thread
    bool drainOnce();

    std::string path_;
    double sampleRateHz_ = 0.0;
    SpmcRing* ring_ = nullptr;
    std::unique_ptr<SpmcReader> reader_;
    TemporaryOutputFile temporary_;
    SoundFileWriter writer_;
    std::vector<std::vector<float>> block_;
    std::vector<float*> blockPtr_;
    std::vector<float> silence_;
    std::atomic<bool> stop_{false};
    std::atomic<uint64_t> written_{0};
    uint64_t stopAt_ = UINT64_MAX;
    Status error_ = Status::ok();
    std::thread thread_;
    bool stalled_ = false;
};

}  // namespace wavegraph::cli
