#pragma once
/// \file input_mixer.h
/// Several inputs mixed in step (the input stage of play): each input has its own ring (an
/// SpmcRing read by exactly one SpmcReader, i.e. a single-producer/single-consumer ring whose
/// overflow policy is "drop the oldest frames"). Every block, the mixer takes exactly `frames`
/// frames from every ring:
///  - overflow: the producer ran more than the ring's capacity ahead → the oldest frames were
///    overwritten; the reader skips to the oldest frame still there and the lost frames are
///    counted (overflowFrames);
///  - underflow: fewer than `frames` frames are waiting → the rest is silence, counted
///    (underflowFrames), unless the input has reached its known end.
/// Each input is scaled by its gain (gainLinear = 10^(gainDb/20)) and summed into the output;
/// a mono input feeds every output channel, otherwise input channel c feeds output channel c
/// (extra input channels are dropped).

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "base/status.h"
#include "rt/spmc_ring.h"

namespace wavegraph::cli {

/// Mixes several ring-fed inputs block by block (see the file comment).
class InputMixer {
public:
    /// Adds an input [control, before the audio thread starts]. capacityFrames: ring size
    /// (rounded up to a power of two); totalFrames: the input's length (UINT64_MAX = endless),
    /// after which missing frames are not counted as underflow. Returns its index.
    size_t addInput(uint32_t channels, uint32_t capacityFrames, double gainDb, uint64_t totalFrames = UINT64_MAX);
    /// Allocates scratch for blocks of up to maxFrames frames [control, after addInput].
    void prepare(uint32_t maxFrames);

    /// Inputs added. [any]
    size_t numInputs() const noexcept { return inputs_.size(); }
    /// The producer end of input i [the feeder thread]. Nothing is ever refused: a full ring
    /// overwrites its oldest frames.
    SpmcRing& ring(size_t i) noexcept { return *inputs_[i]->ring; }
    /// Frames of input i the mixer has consumed (for a producer pacing itself). [any]
    uint64_t consumed(size_t i) const noexcept { return inputs_[i]->reader->position(); }

    /// output = Σ gainᵢ · inputᵢ over `frames` frames (outputChannels planar channels, each ≥
    /// frames floats; overwritten, not accumulated). frames ≤ prepare's maxFrames. [audio]
    void mix(float* const* output, uint32_t outputChannels, uint32_t frames) noexcept;

    /// Counters for input i, readable from any thread.
    uint64_t overflowFrames(size_t i) const noexcept { return inputs_[i]->reader->droppedFrames(); }
    /// Frames of input i replaced by silence because its ring ran empty before its end. [any]
    uint64_t underflowFrames(size_t i) const noexcept { return inputs_[i]->underflow.load(std::memory_order_relaxed); }
    /// Frames of input i mixed into the output. [any]
    uint64_t framesMixed(size_t i) const noexcept { return inputs_[i]->mixed.load(std::memory_order_relaxed); }

private:
    struct Input {
        std::unique_ptr<SpmcRing> ring;
        std::unique_ptr<SpmcReader> reader;
        float gainLinear = 1.0f;
        uint64_t totalFrames = UINT64_MAX;
        std::atomic<uint64_t> underflow{0};
        std::atomic<uint64_t> mixed{0};
    };
    std::vector<std::unique_ptr<Input>> inputs_;
    std::vector<std::vector<float>> scratch_;  // kMaxChannels-bounded planar block for one input
    std::vector<float*> scratchPointers_;
    uint32_t maxFrames_ = 0;
};

}  // namespace wavegraph::cli
