#pragma once
/// \file adsr_envelope.h
/// "adsr": multiplies its input by a linear attack–decay–sustain–release envelope driven by the
/// `gate` parameter. 1 input → 1 output (spec.numChannels channels): out[ch][i] = in[ch][i]·e[i];
/// an output channel with no input channel of the same index is silent. To get the envelope
/// itself, feed the input from a "constant" node (value 1).
///
/// Segments are straight lines (linear in amplitude), with the timing semantics of JUCE's
/// juce::ADSR (linear ADSR):
///   attack   (gate 0→1) from the current level e up to 1 at the rate 1/attackMs, i.e. it lasts
///            (1 − e)·attackMs: from silence, exactly attackMs;
///   decay    from 1 down to sustainLevel in decayMs (rate (1 − sustainLevel)/decayMs);
///   sustain  holds sustainLevel while the gate is on (a sustainLevel change glides there in 5 ms);
///   release  (gate 1→0) from the current level down to 0 in exactly releaseMs.
/// A gate change during any segment starts the next segment from the current level (no jump).
/// Times are rounded to whole frames; each segment ends exactly on its target value. Frame i
/// carries the level reached after i frames of the segment (the frame on which a gate change
/// lands still carries the previous level). A gate set before a process call takes effect at its
/// first frame; the graph splits blocks at command frames, so gates are sample-accurate.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "graph/node_base.h"

namespace wavegraph {

/// "adsr": input × a linear ADSR envelope driven by the gate parameter (see the file comment).
class AdsrEnvelopeNode final : public NodeBase<AdsrEnvelopeNode> {
public:
    /// Parameter ids.
    enum Param : uint32_t { attackMs = 0, decayMs = 1, sustainLevel = 2, releaseMs = 3, gate = 4 };
    /// Glide of a sustainLevel change while sustaining, ms.
    static constexpr double kSustainGlideMs = 5.0;
    /// Envelope segment (see the file comment); idle: level 0 after release or before any gate.
    enum class Stage : uint32_t { idle, attack, decay, sustain, release };

    /// JSON type name and port counts.
    static constexpr NodeShape kShape{"adsr", 1, 1};

    /// Allocates the per-block envelope buffer (spec.maxBlockFrames) and resets. [control]
    void prepare(const ProcessSpec& spec) override;
    /// Envelope to 0 and idle; if the gate is on, a new attack starts from 0 at the next frame.
    /// [audio]
    void reset() noexcept override;
    /// Target value of parameter `id`; NaN for an unknown id. [any]
    double parameter(uint32_t id) const noexcept override;
    /// Multiplies io.inputs[0] by the envelope into io.outputs[0] (in place allowed). [audio]
    void process(NodeIo& io) noexcept override;

    /// Level the next frame will carry, 0…1. [audio]
    double level() const noexcept { return level_; }
    /// The current stage. [audio]
    Stage stage() const noexcept { return stage_; }

private:
    /// attackMs, decayMs, releaseMs: ms, 0…60000, defaults 10, 100, 200;
    /// sustainLevel: 0…1 (linear amplitude), default 0.7; gate: 0 or 1 (rounded), default 0.
    /// None is smoothed; a change applies from the next frame as described in the file comment.
    ///
    static constexpr std::array<ParameterInfo, 5> kParameters{{
        {"attackMs", "ms", 0.0, 60000.0, 10.0, false},
        {"decayMs", "ms", 0.0, 60000.0, 100.0, false},
        {"sustainLevel", "", 0.0, 1.0, 0.7, false},
        {"releaseMs", "ms", 0.0, 60000.0, 200.0, false},
        {"gate", "", 0.0, 1.0, 0.0, false},
    }};
    friend NodeBase<AdsrEnvelopeNode>;
    /// No parameter is smoothed, so `immediate` changes nothing. false for an unknown id, NaN
    /// (ignored) or a value that had to be clamped or rounded. [audio]
    bool set(uint32_t id, double value, bool immediate) noexcept;
    double frames(double ms) const noexcept { return ms * 1e-3 * spec_.sampleRateHz; }
    /// Starts (or restarts, after a parameter change) the segment of `stage` from level_.
    void enter(Stage stage) noexcept;
    /// Starts a straight line from level_ to target over `frames` frames (0: jump, then the
    /// segment's end is handled at once).
    void startSegment(double target, double frames) noexcept;
    /// Called when the current segment reached its target: moves to the next stage.
    void segmentEnded() noexcept;
    /// Level for this frame, then advances one frame.
    double nextLevel() noexcept;

    std::array<double, 5> values_{10.0, 100.0, 0.7, 200.0, 0.0};
    Stage stage_ = Stage::idle;
    double level_ = 0.0;  // level of the next frame
    double start_ = 0.0, target_ = 0.0;
    uint32_t segmentFrames_ = 0, position_ = 0;
    std::vector<float> envelope_;  // one block of levels (maxBlockFrames)
};

}  // namespace wavegraph
