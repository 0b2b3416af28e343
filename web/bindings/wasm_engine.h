#pragma once
/// \file wasm_engine.h
/// The object JavaScript drives through Embind: a ReferenceChain plus the wasm-memory buffers
/// that the AudioWorklet (or renderOffline) copies audio through. Nothing here throws: every
/// control call returns "" on success or one line naming the bad value and the allowed range.
///
/// Addresses are byte offsets into the module's memory (HEAPU8), returned as numbers; divide by 4
/// for a HEAPF32 / HEAPU32 index. Buffers are planar (channels × frames) float32.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <emscripten/val.h>

#include "reference_chain.h"

namespace wavegraph::web {

/// Embind 3.1.6 cannot bind noexcept member functions, so only processBlock is declared
/// noexcept (bound through a lambda); the other accessors never throw either.
class WasmEngine {
public:
    /// Prepares the chain and allocates the I/O buffers (numChannels × maxBlockFrames floats each).
    /// Returns "" or the first error, e.g. "numChannels 40 is out of range (1…32)". [control]
    std::string prepare(double sampleRateHz, uint32_t maxBlockFrames, uint32_t numChannels,
                        uint32_t commandRingCapacity);
    bool prepared() const { return prepared_; }

    double sampleRateHz() const { return chain_.spec().sampleRateHz; }
    uint32_t maxBlockFrames() const { return prepared_ ? chain_.spec().maxBlockFrames : 0; }
    uint32_t numChannels() const { return prepared_ ? chain_.spec().numChannels : 0; }

    /// Byte address of input/output channel `channel` (maxBlockFrames floats), 0 when out of range.
    uint32_t inputPtr(uint32_t channel) const;
    uint32_t outputPtr(uint32_t channel) const;

    /// The command ring (layout in docs/ring-layout.md): address, size in bytes, capacity in records.
    uint32_t commandRingPtr();
    uint32_t commandRingBytes();
    uint32_t commandRingCapacity();

    /// The analyser tap: address of its float32 circular buffer, its capacity in frames (a power
    /// of two; frame n at index n & (capacity − 1)) and the free-running frame count (wraps at 2³²).
    uint32_t analyserPtr() const;
    uint32_t analyserCapacityFrames() const;
    uint32_t analyserFramesWritten() const;

    /// Renders numFrames (≤ maxBlockFrames) frames from the input buffers (the first
    /// numInputChannels of them, clamped to numChannels; 0 = no input) into the output buffers,
    /// draining the command ring first. [audio] Never allocates; a bad shape gives silence and
    /// counts a bad block.
    void processBlock(uint32_t numFrames, uint32_t numInputChannels) noexcept;

    /// "" if the command would be accepted, else the reason. [control]
    std::string validate(uint32_t target, uint32_t param, double value) const;
    /// Validates, then applies at once with no ramp (only between processBlock calls). [control]
    std::string applyNow(uint32_t target, uint32_t param, double value);
    /// "eq.band4.gainDb"-style name, or "" when unknown. [control]
    static std::string parameterName(uint32_t target, uint32_t param);

    /// Counters (exact below 2⁵³).
    double commandsApplied() const { return static_cast<double>(chain_.commandsApplied()); }
    double commandsRejected() const { return static_cast<double>(chain_.commandsRejected()); }
    double badBlocks() const { return static_cast<double>(badBlocks_ + chain_.badBlocks()); }

    /// Test only: pops up to maxRecords records with the C++ CommandRingView reader and returns
    /// them as a new Float64Array of 5 numbers per record: target, param, value, frameOffset,
    /// sequence. [control] Allocates.
    emscripten::val drainCommandsForTest(uint32_t maxRecords);

private:
    ReferenceChain chain_;
    bool prepared_ = false;
    uint64_t badBlocks_ = 0;  // blocks refused before reaching the chain (not prepared)
    std::vector<float> inputMemory_;   // numChannels × maxBlockFrames, planar
    std::vector<float> outputMemory_;  // numChannels × maxBlockFrames, planar
    std::array<const float*, kMaxChannels> inputs_{};
    std::array<float*, kMaxChannels> outputs_{};
    std::vector<double> drained_;  // drainCommandsForTest scratch
};

}  // namespace wavegraph::web
