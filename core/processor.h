#pragma once
/// \file processor.h
/// The lifecycle every DSP object follows (after JUCE dsp): prepare / reset / process.

#include "base/audio_block.h"
#include "base/process_spec.h"

namespace wavegraph {

/// A processor works in place on planar blocks.
/// - `prepare` [control]: may allocate; called before any `process` and whenever the spec changes.
/// - `reset` [audio or control]: clears internal state (filter memories, ramps); no allocation.
/// - `process` [audio]: noexcept, no allocation, lock, I/O or wait; block.numFrames ≤
///   spec.maxBlockFrames and block.numChannels == spec.numChannels.
class Processor {
public:
    virtual ~Processor() = default;
    virtual void prepare(const ProcessSpec& spec) = 0;  // [control]
    virtual void reset() noexcept = 0;                  // [audio]
    virtual void process(AudioBlock& block) noexcept = 0;  // [audio]
};

}  // namespace wavegraph
