#pragma once
/// \file biquad.h
/// One biquad section applied to every channel: direct form I with double-precision
/// arithmetic, coefficients from BiquadCoefficients (RBJ Audio EQ Cookbook).

#include <cstdint>
#include <vector>

#include "base/audio_block.h"
#include "base/process_spec.h"
#include "dsp/biquad/biquad_coefficients.h"

namespace wavegraph {

/// What a biquad section feeds back as its previous outputs y[n−1], y[n−2].
///   - none: the double-precision output y[n] itself (the default: the most precise).
///   - float32: y[n] rounded to float32, the value the section writes to its float block.
///     This is the arithmetic of Chromium's (and Firefox's) BiquadFilterNode (Blink
///     `Biquad::Process`: double coefficients and memories, but `float y = b0·x + … − a2·y2`
///     fed back), so a section with the same coefficients gives Chromium's samples (the Web
///     Audio nodes also take Chromium's float32 A = 10^(gainDb/40) then: web_audio_biquad.h). It costs
///     precision: the rounding noise is amplified by poles near z = 1 (low bands); on 60 s of
///     noise at RMS −16.8 dBFS through the reference EQ (±6 dB, 60…7680 Hz, Q 1) the output
///     moves about 1.4e-5 (−97 dBFS) away from the double-precision result, against 6e-8 with
///     none (docs/performance.md, "Fidelity").
enum class FeedbackRounding : uint8_t { none = 0, float32 = 1 };

/// One direct-form-I biquad section over every channel of a planar block, state per channel.
class Biquad {
public:
    /// One channel's direct-form-I memories: x1, x2 the previous two inputs, y1, y2 the
    /// previous two outputs (x1, y1 the newest), in sample units (full scale ±1).
    struct State {
        double x1 = 0;  ///< x[n−1]
        double x2 = 0;  ///< x[n−2]
        double y1 = 0;  ///< y[n−1]
        double y2 = 0;  ///< y[n−2]
    };

    /// Allocates per-channel state for spec.numChannels channels. [control]
    void prepare(const ProcessSpec& spec);
    /// Clears the filter memories. [audio]
    void reset() noexcept;
    /// Replaces the coefficients; state is kept, so the change is click-free for small steps. [audio]
    void setCoefficients(const BiquadCoefficients& coefficients) noexcept { coefficients_ = coefficients; }
    /// The coefficients in use. [any]
    const BiquadCoefficients& coefficients() const noexcept { return coefficients_; }
    /// What is fed back (default none). The memories are kept. [audio]
    void setFeedbackRounding(FeedbackRounding rounding) noexcept { rounding_ = rounding; }
    /// What is fed back. [any]
    FeedbackRounding feedbackRounding() const noexcept { return rounding_; }
    /// Filters block in place (channels × frames, planar). [audio]
    void process(AudioBlock& block) noexcept;

    /// Number of channels prepared (spec.numChannels; 0 before prepare). [any]
    uint32_t numChannels() const noexcept { return static_cast<uint32_t>(state_.size()); }
    /// Memories of one channel; State{} (zeros) for channel ≥ numChannels(). [audio] no allocation.
    State state(uint32_t channel) const noexcept { return channel < state_.size() ? state_[channel] : State{}; }
    /// Replaces one channel's memories (ignored for channel ≥ numChannels()), e.g. to carry a
    /// filter's history over from another representation of the same section. [audio] no allocation.
    void setState(uint32_t channel, const State& state) noexcept {
        if (channel < state_.size()) state_[channel] = state;
    }

private:
    // [control] sized in prepare; [audio] read and written in process.
    std::vector<State> state_;
    BiquadCoefficients coefficients_;
    FeedbackRounding rounding_ = FeedbackRounding::none;  // [audio]
};

}  // namespace wavegraph
