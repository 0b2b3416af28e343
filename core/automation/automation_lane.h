#pragma once
/// \file automation_lane.h
/// One parameter's automation as the audio thread reads it: an immutable, time-ordered list of
/// segments (a piecewise function of the frame index) built on the control thread by
/// ParamTimeline::compile (param_timeline.h). The audio thread only walks it with a cursor; the
/// value at a frame depends on nothing but the frame index, so a render gives the same samples
/// whatever its block split. The audio side uses the portable exp and exp2 (dsp/portable_math.h),
/// so native and WebAssembly hosts compute the same values.

#include <cstdint>
#include <limits>
#include <vector>

namespace wavegraph {

/// The shape of one segment of an automation lane.
enum class SegmentShape : uint8_t {
    constant,     ///< v0 from startFrame on.
    linear,       ///< v0 + (v1 − v0)·(k − frame0)/(frame1 − frame0).
    exponential,  ///< v0·2^(log2(v1/v0)·(k − frame0)/(frame1 − frame0)), v0 and v1 of the same sign, non-zero.
    target,       ///< v1 + (v0 − v1)·exp(−(k − frame0)/timeConstantFrames).
    curve,        ///< Linear interpolation of curve points spread evenly over frame0…frame1.
};

/// One piece of the lane: from the first frame k ≥ startFrame until the next segment's start.
/// Times are in frames of the engine's clock (seconds × sample rate, not rounded).
struct AutomationSegment {
    double startFrame = 0.0;                      ///< First time (frames) this segment rules.
    SegmentShape shape = SegmentShape::constant;  ///< How the value moves from v0 over this segment.
    double v0 = 0.0;                              ///< Start value (constant: the value).
    double v1 = 0.0;                              ///< End value (target: the target).
    double frame0 = 0.0;                          ///< Time of v0, frames.
    double frame1 = 0.0;                          ///< Time of v1, frames (curve: the curve's end).
    double timeConstantFrames = 0.0;              ///< target: the time constant, frames.
    double log2Ratio = 0.0;                       ///< exponential: log2(v1/v0), from the control thread.
    uint32_t curveOffset = 0;                     ///< curve: first point in AutomationLane::curvePoints.
    uint32_t curveLength = 0;                     ///< curve: number of points (≥ 2).
};

/// The compiled automation of parameter `param` of node `node` (see the file comment). Built
/// and freed on the control thread; read-only on the audio thread.
struct AutomationLane {
    uint32_t node = 0;                        ///< NodeId.
    uint32_t param = 0;                       ///< Parameter id.
    std::vector<AutomationSegment> segments;  ///< Ordered by startFrame; empty = no automation.
    std::vector<double> curvePoints;          ///< Points of every curve segment.

    /// Index of the segment that rules frame `k`, or -1 before the first one. `hint` is a
    /// segment index at or before the answer (a cursor); walking forward from it keeps a
    /// render linear in its length. [audio]
    int64_t segmentAt(int64_t k, int64_t hint) const noexcept;
    /// Value of segment `index` at frame `k` (the formulas of SegmentShape, in double). [audio]
    double valueAt(int64_t index, int64_t k) const noexcept { return valueAtTime(index, static_cast<double>(k)); }
    /// Value of segment `index` at a time in frames (not necessarily whole). [any]
    double valueAtTime(int64_t index, double frame) const noexcept;
    /// Index of the last segment starting at or before `frame` (a time in frames), or -1. [any]
    int64_t segmentAtTime(double frame) const noexcept;
    /// True when segment `index` changes value from frame to frame (not a constant). [audio]
    bool varies(int64_t index) const noexcept;
    /// The first frame ruled by segment `index` (ceil of its startFrame), or INT64_MAX past
    /// the last segment. [audio]
    int64_t firstFrame(int64_t index) const noexcept;
};

}  // namespace wavegraph
