#pragma once
/// \file buffer_source_node.h
/// "bufferSource" (W3C Web Audio AudioBufferSourceNode): plays an AudioBuffer (base/audio_buffer.h,
/// named by the `buffer` option) once, from `startTimeSec` on the engine's clock, as
/// `start(startTimeSec, offsetSec, durationSec)` and `stop(stopTimeSec)` would, with `loop`,
/// `loopStartSec` and `loopEndSec`. Rendered as Chromium's AudioBufferSourceHandler renders it:
///   - computedPlaybackRate = playbackRate · 2^(detuneCents/1200) · bufferRate / engineRate,
///     clamped to ±1024, with both parameters as float32 (Web Audio's AudioParam values) and the
///     detune divided by 1200 in float32 (as Chromium), taken at the start of every 128-frame render quantum of the
///     engine's clock (W3C: both parameters are k-rate); automation of either applies at those frames;
///   - the read position is a double in buffer frames; each output frame is the linear
///     interpolation (in double, rounded to float32) of the two buffer frames around it; past
///     the last frame it extrapolates from the last two; a loop reads its start as the frame
///     after its end; the fractional position carries across loop wraps;
///   - the start frame is ⌈startTimeSec · rate⌉ and the read position starts at offsetSec ·
///     bufferRate (rounded to a whole frame when playbackRate is 1 and detune 0 at the start)
///     plus the sub-frame part of the start time times the playback rate; a stop ends output at
///     ⌈stopTimeSec · rate⌉; durationSec ends it after that many buffer seconds were played.
/// The output has the buffer's channel count. When playback ends the node stays silent and the
/// engine reports an `ended` event (EndedSource).

#include <array>
#include <cstdint>
#include <limits>
#include <memory>

#include "base/audio_buffer.h"
#include "graph/node_base.h"
#include "graph/node_options.h"
#include "graph/node_roles.h"

namespace wavegraph {

/// The schedule and loop of one bufferSource (its construction options).
struct BufferSourceSchedule {
    double startTimeSec = 0.0;  ///< When playback starts, engine seconds, ≥ 0.
    double offsetSec = 0.0;     ///< Where in the buffer it starts, buffer seconds, ≥ 0 (clamped to its duration).
    double durationSec = std::numeric_limits<double>::infinity();  ///< Buffer seconds to play (∞: all).
    double stopTimeSec = std::numeric_limits<double>::infinity();  ///< When output stops, engine seconds (∞: never).
    bool loop = false;                                             ///< Loop between loopStartSec and loopEndSec.
    double loopStartSec = 0.0;                                     ///< Loop start, buffer seconds.
    double loopEndSec = 0.0;  ///< Loop end, buffer seconds (0, or not after loopStartSec: the whole buffer).
};

/// "bufferSource": plays a shared AudioBuffer with the W3C AudioBufferSourceNode's semantics.
class BufferSourceNode final : public NodeBase<BufferSourceNode>, public EndedSource {
public:
    static constexpr NodeShape kShape{"bufferSource", 0, 1};  ///< No input, one output.
    /// Parameter ids.
    enum Param : uint32_t { playbackRate = 0, detuneCents = 1 };
    static constexpr uint32_t kQuantumFrames = 128;  ///< Frames between two readings of the rate (Web Audio's quantum).
    static constexpr double kMaxRate = 1024.0;       ///< |computedPlaybackRate| at most (as Chromium).

    /// No buffer: silent, ends at its start time. [control]
    BufferSourceNode() = default;
    /// Plays `buffer` (may be null: silence) on `schedule`. [control]
    BufferSourceNode(std::shared_ptr<const AudioBuffer> buffer, const BufferSourceSchedule& schedule)
        : buffer_(std::move(buffer)), schedule_(schedule) {}
    /// From the graph JSON options: buffer (a buffer's name), startTimeSec, offsetSec,
    /// durationSec, stopTimeSec, loop, loopStartSec, loopEndSec. [control]
    static Status make(const NodeOptions& options, std::shared_ptr<Node>& made);

    /// The buffer's channel count (1 without a buffer). [control]
    uint32_t outputChannels(uint32_t) const noexcept override {
        return buffer_ != nullptr ? buffer_->numChannels() : 1;
    }
    /// Computes the start and stop frames for spec. [control]
    void prepare(const ProcessSpec& spec) override;
    /// Back to "scheduled" (nothing played yet). [audio]
    void reset() noexcept override;
    /// Renders the frames of this call (see the file comment). [audio]
    void process(NodeIo& io) noexcept override;
    /// Value of playbackRate or detuneCents. [any]
    double parameter(uint32_t id) const noexcept override {
        return id < values_.size() ? values_[id] : std::numeric_limits<double>::quiet_NaN();
    }
    /// Same buffer and schedule, unprepared. [control] Allocates.
    std::shared_ptr<Node> fork() const override { return std::make_shared<BufferSourceNode>(buffer_, schedule_); }

    /// Engine frame of the first silent frame after playback ended, or −1 while it has not. [any]
    int64_t endedFrame() const noexcept override { return endedFrame_; }
    /// 1 once playback ended, else 0. [any]
    uint64_t endings() const noexcept override { return ended_ ? 1 : 0; }
    /// This node as an EndedSource (the engine's `ended` event). [any]
    const EndedSource* endedSource() const noexcept override { return this; }

    /// playbackRate: −1024…1024, default 1; detuneCents: cents, −153600…153600, default 0;
    /// both stepped (applied at the next quantum, as W3C k-rate parameters).
    static constexpr std::array<ParameterInfo, 2> kParameters{{
        {"playbackRate", "", -kMaxRate, kMaxRate, 1.0, false},
        {"detuneCents", "cents", -153600.0, 153600.0, 0.0, false},
    }};

private:
    friend NodeBase<BufferSourceNode>;
    bool set(uint32_t id, double value, bool immediate) noexcept;
    double computedRate() const noexcept;
    void beginQuantum(int64_t quantumStart) noexcept;
    void renderFrame(uint32_t frameInQuantum, float* const* out, uint32_t at) noexcept;
    void finish(int64_t frame) noexcept;

    std::shared_ptr<const AudioBuffer> buffer_;
    BufferSourceSchedule schedule_;
    std::array<double, 2> values_{1.0, 0.0};
    // From prepare.
    int64_t startFrame_ = 0;         // ⌈startTimeSec · rate⌉
    double startFrameOffset_ = 0.0;  // startTimeSec · rate − startFrame_, in (−1, 0]
    int64_t stopFrame_ = -1;         // ⌈stopTimeSec · rate⌉, −1 for none
    // Playback state.
    bool playing_ = false, ended_ = false;
    int64_t endedFrame_ = -1;
    double readIndex_ = 0.0;     // virtual read index, buffer frames
    double playedFrames_ = 0.0;  // buffer frames played (durationSec)
    // The quantum being rendered.
    int64_t quantumStart_ = -1;
    uint32_t playFrom_ = 0, playTo_ = 0;  // frames of the quantum that play
    bool finishAtQuantumEnd_ = false;
    double rate_ = 1.0, loopStartFrame_ = 0.0, loopEndFrame_ = 0.0, loopFrames_ = 0.0;
};

}  // namespace wavegraph
