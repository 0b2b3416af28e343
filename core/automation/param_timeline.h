#pragma once
/// \file param_timeline.h
/// The W3C Web Audio AudioParam automation timeline of one parameter, kept on the control
/// thread: the seven methods (setValueAtTime, linearRampToValueAtTime,
/// exponentialRampToValueAtTime, setTargetAtTime, setValueCurveAtTime, cancelScheduledValues,
/// cancelAndHoldAtTime) with the specification's argument checks and event-ordering rules, and
/// compile(), which turns the event list into the AutomationLane the audio thread walks.
///
/// Rules (W3C Web Audio API, AudioParam, "Computation of value"):
/// - Times are seconds on the engine's clock (frames rendered / sample rate). An event added
///   at the time of existing events goes after them.
/// - A ramp runs from the previous event (its time and value) to its own end time; with no
///   previous event, from the timeline's start (setStart: the value and time when the first
///   event was added). A ramp right after a setTarget replaces it: it starts at the
///   setTarget's time from the value the parameter had there.
/// - An exponential ramp between values of opposite sign (or from 0) holds the start value until
///   its end time, then jumps.
/// - setTarget approaches its target as target + (v0 − target)·exp(−(t − T)/timeConstant) and
///   holds the target once within 1.5e-6 of it (relative; 1e-20 absolute for a target of 0),
///   as browsers do; a timeConstant of 0 jumps to the target.
/// - A value curve is linearly interpolated over [T, T + duration] and then holds its last
///   point. No event may fall strictly inside a curve, and no curve may cover an event.
/// - cancelScheduledValues(t) removes every event at or after t and a curve running at t.
/// - cancelAndHoldAtTime(t) keeps the value the timeline has at t from then on: a ramp running
///   at t is cut to end at t with its value there, a setTarget or curve running at t is held at
///   its value at t, and every event after t is removed.
/// Errors name the method, the bad argument and the rule.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "automation/automation_lane.h"
#include "base/status.h"

namespace wavegraph {

/// Which method added an event.
enum class AutomationMethod : uint8_t {
    setValue,         ///< setValueAtTime(value, time)
    linearRamp,       ///< linearRampToValueAtTime(value, endTime)
    exponentialRamp,  ///< exponentialRampToValueAtTime(value, endTime)
    setTarget,        ///< setTargetAtTime(target, startTime, timeConstant)
    setValueCurve,    ///< setValueCurveAtTime(values, startTime, duration)
};

/// One scheduled event (seconds on the engine's clock).
struct AutomationEvent {
    AutomationMethod method = AutomationMethod::setValue;  ///< What the event does.
    double timeSeconds = 0.0;                              ///< Start time, or a ramp's end time.
    double value = 0.0;                                    ///< The value (setTarget: the target; curve: unused).
    double timeConstantSeconds = 0.0;                      ///< setTarget only.
    double durationSeconds = 0.0;                          ///< setValueCurve only: the curve's duration.
    double holdFromSeconds = 0.0;  ///< setValueCurve only: where the curve ends (cut by cancelAndHold).
    std::vector<double> curve;     ///< setValueCurve only: ≥ 2 points.
};

/// The event list of one parameter (see the file comment). [control] All of it allocates.
class ParamTimeline {
public:
    /// `name` prefixes messages, e.g. "eq.band4.gainDb" ("" for none).
    explicit ParamTimeline(std::string name = "value") : name_(std::move(name)) {}

    /// The value and time a ramp with no previous event starts from (the parameter's value
    /// when the first event was added, and that time). Default 0 at 0 s.
    void setStart(double value, double timeSeconds) noexcept {
        startValue_ = value;
        startTimeSeconds_ = timeSeconds;
    }

    Status setValueAtTime(double value, double startTimeSeconds);              ///< See the file comment.
    Status linearRampToValueAtTime(double value, double endTimeSeconds);       ///< See the file comment.
    Status exponentialRampToValueAtTime(double value, double endTimeSeconds);  ///< Value ≠ 0.
    Status setTargetAtTime(double target, double startTimeSeconds, double timeConstantSeconds);  ///< τ ≥ 0.
    Status setValueCurveAtTime(std::span<const double> values, double startTimeSeconds,
                               double durationSeconds);      ///< ≥ 2 values, duration > 0.
    Status cancelScheduledValues(double cancelTimeSeconds);  ///< See the file comment.
    Status cancelAndHoldAtTime(double cancelTimeSeconds);    ///< See the file comment.

    /// The events in timeline order. [control]
    const std::vector<AutomationEvent>& events() const noexcept { return events_; }
    /// True when no event is scheduled. [control]
    bool empty() const noexcept { return events_.empty(); }
    /// The value the timeline gives at `timeSeconds` (the start value before the first event). [control]
    double valueAtTime(double timeSeconds) const;
    /// The segments the audio thread walks, for parameter `param` of node `node`, at
    /// `sampleRateHz` (times become frames of the engine's clock). [control] Allocates.
    std::unique_ptr<AutomationLane> compile(uint32_t node, uint32_t param, double sampleRateHz) const;

    /// The threshold setTarget stops at, relative to the target (and absolute for target 0).
    static constexpr double kSetTargetThreshold = 1.5e-6;
    static constexpr double kSetTargetZeroThreshold = 1e-20;  ///< See kSetTargetThreshold.

private:
    Status checkTime(const char* method, const char* argument, double seconds) const;
    Status checkValue(const char* method, const char* argument, double value) const;
    Status checkNotInsideCurve(const char* method, double seconds) const;
    void insert(AutomationEvent event);
    std::string prefix() const { return name_.empty() ? std::string() : name_ + ": "; }

    std::string name_;
    double startValue_ = 0.0;
    double startTimeSeconds_ = 0.0;
    std::vector<AutomationEvent> events_;
};

}  // namespace wavegraph
