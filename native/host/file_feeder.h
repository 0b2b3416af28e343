#pragma once
/// \file file_feeder.h
/// The producer side of the file inputs: a thread that copies each decoded file into its
/// InputMixer ring, keeping at most `leadFrames` frames ahead of what the mixer consumed
/// (so a ring never overflows in normal running; the mixer's policy handles the rest).

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "host/input_mixer.h"
#include "host/planar_audio.h"

namespace wavegraph::cli {

/// Feeder thread of the file inputs (see the file comment). All members [control].
class FileFeeder {
public:
    ~FileFeeder();
    /// files[i] feeds mixer input i; both outlive the feeder. [control]
    void attach(InputMixer& mixer, std::vector<const PlanarAudio*> files, uint32_t leadFrames);
    /// Fills every ring up to the lead now (before the stream starts). [control]
    void prefill();
    void start();  ///< [control]
    void stop();   ///< [control]

private:
    bool feedOnce();
    InputMixer* mixer_ = nullptr;
    std::vector<const PlanarAudio*> files_;
    std::vector<uint64_t> fed_;
    uint32_t leadFrames_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace wavegraph::cli
