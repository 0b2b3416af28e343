#pragma once
/// \file file_feeder.h
/// The producer side of the file inputs: a thread that reads each file from disk in blocks of
/// `blockFrames` frames into its InputMixer ring, keeping at most `leadFrames` frames ahead of
/// what the mixer consumed (so a ring never overflows in normal running; the mixer's policy
/// handles the rest). Memory is the rings plus one block per input, whatever the files' lengths.
/// A read error, or a file that ends before the length its header declared (truncated while
/// playing), prints one line; that input then stays silent.

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "host/input_mixer.h"
#include "host/planar_audio.h"
#include "host/sound_file_reader.h"

namespace wavegraph::cli {

/// Feeder thread of the file inputs (see the file comment). All members [control].
class FileFeeder {
public:
    ~FileFeeder();
    /// readers[i] (opened, at its first frame) feeds mixer input i; both outlive the feeder.
    /// blockFrames: frames per read (1…leadFrames). [control]
    void attach(InputMixer& mixer, std::vector<SoundFileReader*> readers, uint32_t leadFrames, uint32_t blockFrames);
    /// Fills every ring up to the lead now (before the stream starts). [control]
    void prefill();
    void start();  ///< [control]
    void stop();   ///< [control]

private:
    bool feedOnce();
    bool feedInput(size_t i);
    InputMixer* mixer_ = nullptr;
    std::vector<SoundFileReader*> readers_;
    std::vector<uint64_t> fed_;
    std::vector<bool> done_;
    std::vector<PlanarAudio> blocks_;
    uint32_t leadFrames_ = 0;
    uint32_t blockFrames_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace wavegraph::cli
