#pragma once
/// \file biquad_cascade.h
/// Up to eight biquad sections in series over every channel, computed with portable SIMD
/// (GCC/Clang vector extensions: SSE2 natively, simd128 in WebAssembly) and giving exactly the
/// samples of the same sections run one after another as `Biquad` objects over a float block.
///
/// How it is fast without changing a bit: each section is direct form I in double precision
/// with the very same operation order, flush and float rounding between sections as
/// `Biquad::process`. Two channels share one 2-lane double vector, and the sections run as a
/// wavefront (section s works on frame n − s while section s + 1 works on frame n − s − 1), so
/// the sections' feedback recurrences are independent and overlap instead of each waiting out
/// the latency of the previous one. Scheduling changes, arithmetic does not.

#include <array>
#include <cstdint>
#include <vector>

#include "audio_block.h"
#include "biquad.h"
#include "biquad_coefficients.h"
#include "process_spec.h"

namespace wavegraph {

class BiquadCascade {
public:
    static constexpr uint32_t kMaxSections = 8;

    /// Allocates the state of numSections (1…kMaxSections, clamped) sections for
    /// spec.numChannels channels; coefficients start as pass-through. [control]
    void prepare(const ProcessSpec& spec, uint32_t numSections);
    /// Clears every section's memories. [audio]
    void reset() noexcept;

    /// Replaces one section's coefficients (section < kMaxSections, else ignored); state is
    /// kept. [audio]
    void setCoefficients(uint32_t section, const BiquadCoefficients& coefficients) noexcept;
    const BiquadCoefficients& coefficients(uint32_t section) const noexcept { return coefficients_[section]; }
    uint32_t numSections() const noexcept { return numSections_; }
    /// Number of channels prepared (spec.numChannels; 0 before prepare). [any]
    uint32_t numChannels() const noexcept { return numChannels_; }

    /// One section's memories for one channel, in the layout of `Biquad::State` (x1, y1 the
    /// newest input and output), so that a chain of `Biquad`s and a cascade can hand their
    /// history to each other between blocks and keep producing the same samples.
    /// State{} for section ≥ numSections() or channel ≥ numChannels(). [audio] no allocation.
    Biquad::State state(uint32_t section, uint32_t channel) const noexcept;
    /// Replaces one section's memories for one channel (ignored out of range, as above).
    /// [audio] no allocation.
    void setState(uint32_t section, uint32_t channel, const Biquad::State& state) noexcept;

    /// Filters block in place (channels × frames, planar float), the sections in order 0, 1, …;
    /// channels beyond those prepared are left untouched. Samples equal, bit for bit, those
    /// of numSections `Biquad`s applied in turn. Channel pointers must not alias each other.
    /// [audio] noexcept, no allocation.
    void process(AudioBlock& block) noexcept;

private:
    // [control] fixed after prepare.
    uint32_t numSections_ = 0;
    uint32_t numChannels_ = 0;
    /// One section's memories for a channel pair: {x1, x2, y1, y2} × {lane 0, lane 1}
    /// (values[2 · field + lane]; between blocks x1/y1 always hold the newest frame),
    /// aligned for the 2-lane vectors that read it in place.
    struct alignas(16) SectionState {
        double values[8] = {};
    };
    // [audio] channel pair p (channels 2p, 2p + 1), section s at state_[p · kMaxSections + s].
    std::vector<SectionState> state_;
    std::array<BiquadCoefficients, kMaxSections> coefficients_{};
};

}  // namespace wavegraph
