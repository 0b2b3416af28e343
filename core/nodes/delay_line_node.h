#pragma once
/// \file delay_line_node.h
/// "delay": a fractional delay line with feedback and a wet/dry mix. 1 input, 1 output,
/// spec.numChannels channels, each delayed independently (same settings for all).
///
/// Per channel, with D = timeMs · sampleRateHz / 1000 frames (fractional), g = feedback:
///   w[n] = x[n] + g · v[n]           (what enters the delay memory)
///   v[n] = w[n − D]                  (interpolated read)
///   y[n] = dry · x[n] + wet · v[n]
/// so an impulse gives echoes at D, 2D, 3D, … frames, each g times the previous one.
///
/// Interpolation: 4-point (third-order) Lagrange, with the read position kept in the central
/// interval of the four taps (taps at delays ⌊D⌋−1 … ⌊D⌋+2), where Lagrange interpolation is
/// passive (|H| ≤ 1) and its phase delay is flattest. Source: T. I. Laakso, V. Välimäki,
/// M. Karjalainen, U. K. Laine, "Splitting the unit delay", IEEE Signal Processing Magazine
/// 13(1), 1996, §3.3 (Lagrange interpolation). Below one frame (D < 1) the read is linear
/// between w[n] and w[n−1] (also passive). Integer delays are exact (one tap weight 1, others 0).
/// When a tap falls on the current frame (D < 2), the loop has no delay in it; it is solved
/// exactly: v = (h0·x + rest) / (1 − h0·g), h0 being that tap's weight (|h0·g| < 1 always).
/// With |g| ≤ 0.99 and a passive interpolator the loop is stable for every D.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dsp/smoothed_value.h"
#include "graph/node_base.h"

namespace wavegraph {

/// "delay": fractional delay line with feedback and wet/dry mix, per channel.
class DelayLineNode final : public NodeBase<DelayLineNode> {
public:
    /// Parameter ids.
    enum Param : uint32_t { timeMs = 0, feedback = 1, wet = 2, dry = 3 };
    /// Largest allowed maxTimeMs (memory: 4 bytes × frames × channels).
    static constexpr double kMaxMaxTimeMs = 10000.0;
    /// Longest delay when the constructor is not told otherwise, ms.
    static constexpr double kDefaultMaxTimeMs = 1000.0;
    /// timeMs glides linearly over this time (a tape-style pitch glide: the read position
    /// moves continuously, so the output never jumps).
    static constexpr double kTimeRampMs = 50.0;
    /// feedback, wet and dry ramp over this time.
    static constexpr double kGainRampMs = 5.0;
    /// |feedback| limit, so echoes always decay.
    static constexpr double kMaxFeedback = 0.99;

    /// maxTimeMs: longest delay, ms, clamped to 0…10000 (default 1000). [control]
    explicit DelayLineNode(double maxTimeMs = kDefaultMaxTimeMs) noexcept;

    /// JSON type name and port counts.
    static constexpr NodeShape kShape{"delay", 1, 1};
    /// timeMs: ms, 0…maxTimeMs, default 0 (a wire, as Web Audio's DelayNode), smoothed (50 ms);
    /// feedback: linear gain of the echo loop, -0.99…0.99, default 0, smoothed;
    /// wet: linear gain of the delayed signal, 0…1, default 1, smoothed;
    /// dry: linear gain of the input, 0…1, default 0, smoothed.
    /// Per instance (timeMs's limit is the construction setting). [any]
    std::span<const ParameterInfo> parameters() const noexcept override { return parameters_; }
    /// Longest delay (the timeMs parameter's maximum), fixed at construction, ms. [any]
    double maxTimeMs() const noexcept { return parameters_[timeMs].maxValue; }

    /// Allocates, per channel, a power-of-two circular buffer of at least
    /// ⌈maxTimeMs · fs / 1000⌉ + 4 frames, and per-frame scratch of spec.maxBlockFrames. [control]
    void prepare(const ProcessSpec& spec) override;
    /// Silences the delay memory and snaps ramps to their targets. [audio]
    void reset() noexcept override;
    /// Target value; NaN for an unknown id. [any]
    double parameter(uint32_t id) const noexcept override;
    /// Renders io.numFrames frames (≤ spec.maxBlockFrames); in and out may be the same
    /// buffers; output channels with no input channel see silence as input. [audio]
    void process(NodeIo& io) noexcept override;

    /// Frames in each channel's circular buffer (a power of two; 0 before prepare). [any]
    uint32_t capacityFrames() const noexcept { return capacity_; }

    /// Same type and configuration, unprepared (node.h). [control]
    std::shared_ptr<Node> fork() const override { return std::make_shared<DelayLineNode>(maxTimeMs()); }
    /// Whole-node copy: parameters, ramps and state (node.h, node_fork.h). [audio]
    bool copyStateFrom(const Node& other) noexcept override {
        // Another maximum delay would resize the line (allocate): refused.
        return canCopyStateFrom(*this, other) && static_cast<const DelayLineNode&>(other).capacity_ == capacity_ &&
               copyStateByAssignment(*this, other);
    }

private:
    /// The read kernel of one frame: taps at delays first … first+3, weights h.
    struct Tap {
        uint32_t first = 0;
        std::array<double, 4> h{};
    };
    static Tap tapFor(double delayFrames) noexcept;
    friend NodeBase<DelayLineNode>;
    /// Clamps via ParameterInfo::clamp, ramps. false for unknown id, NaN (ignored), clamped. [audio]
    bool set(uint32_t id, double value, bool immediate) noexcept;

    std::array<ParameterInfo, 4> parameters_;
    std::array<SmoothedValue, 4> values_{};  // indexed by Param
    // [control] sized in prepare; [audio] used in process.
    std::vector<float> buffer_;                 // channels × capacity_, planar
    std::vector<Tap> taps_;                     // per frame of the block
    std::vector<std::array<double, 3>> gains_;  // per frame: feedback, wet, dry
    uint32_t capacity_ = 0, mask_ = 0, channels_ = 0;
    uint32_t writeIndex_ = 0;  // free-running; the same for every channel
};

}  // namespace wavegraph
