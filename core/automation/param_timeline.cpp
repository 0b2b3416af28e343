#include "automation/param_timeline.h"

#include <cmath>

#include "base/format_number.h"

namespace wavegraph {

namespace {
// Natural and binary logarithms through log10, the one logarithm the core links already (in
// WebAssembly each C library function brings its tables). [any]
double naturalLog(double x) noexcept { return std::log10(x) * 2.302585092994045684; }
double binaryLog(double x) noexcept { return std::log10(x) * 3.321928094887362348; }

std::string seconds(double value) { return formatNumber(value) + " s"; }  // [control]

AutomationEvent makeEvent(AutomationMethod method, double timeSeconds, double value,
                          double timeConstantSeconds = 0.0) {  // [control]
    AutomationEvent e;
    e.method = method;
    e.timeSeconds = timeSeconds;
    e.value = value;
    e.timeConstantSeconds = timeConstantSeconds;
    return e;
}

bool isRamp(AutomationMethod m) noexcept {  // [any]
    return m == AutomationMethod::linearRamp || m == AutomationMethod::exponentialRamp;
}
}  // namespace

Status ParamTimeline::checkTime(const char* method, const char* argument, double value) const {  // [control]
    if (!std::isfinite(value))
        return Status::error(prefix() + method + " " + argument + " " + formatNumber(value) +
                             " is not a finite number");
    if (value < 0.0)
        return Status::error(prefix() + method + " " + argument + " " + seconds(value) +
                             " is negative (times are ≥ 0 s on the engine's clock)");
    return Status::ok();
}

Status ParamTimeline::checkValue(const char* method, const char* argument, double value) const {  // [control]
    if (!std::isfinite(value))
        return Status::error(prefix() + method + " " + argument + " " + formatNumber(value) +
                             " is not a finite number");
    return Status::ok();
}

Status ParamTimeline::checkNotInsideCurve(const char* method, double time) const {  // [control]
    for (const AutomationEvent& e : events_)
        if (e.method == AutomationMethod::setValueCurve && e.timeSeconds <= time &&
            time < e.timeSeconds + e.durationSeconds)
            return Status::error(prefix() + method + " at " + seconds(time) + " falls inside the value curve at " +
                                 formatNumber(e.timeSeconds) + "…" + seconds(e.timeSeconds + e.durationSeconds) +
                                 " (no event may be scheduled during a curve)");
    return Status::ok();
}

void ParamTimeline::insert(AutomationEvent event) {  // [control]
    auto at = events_.begin();
    while (at != events_.end() && at->timeSeconds <= event.timeSeconds) ++at;  // after equal times
    events_.insert(at, std::move(event));
}

Status ParamTimeline::setValueAtTime(double value, double startTime) {  // [control]
    if (auto s = checkValue("setValueAtTime", "value", value); !s) return s;
    if (auto s = checkTime("setValueAtTime", "startTime", startTime); !s) return s;
    if (auto s = checkNotInsideCurve("setValueAtTime", startTime); !s) return s;
    insert(makeEvent(AutomationMethod::setValue, startTime, value));
    return Status::ok();
}

Status ParamTimeline::linearRampToValueAtTime(double value, double endTime) {  // [control]
    if (auto s = checkValue("linearRampToValueAtTime", "value", value); !s) return s;
    if (auto s = checkTime("linearRampToValueAtTime", "endTime", endTime); !s) return s;
    if (auto s = checkNotInsideCurve("linearRampToValueAtTime", endTime); !s) return s;
    insert(makeEvent(AutomationMethod::linearRamp, endTime, value));
    return Status::ok();
}

Status ParamTimeline::exponentialRampToValueAtTime(double value, double endTime) {  // [control]
    if (auto s = checkValue("exponentialRampToValueAtTime", "value", value); !s) return s;
    if (value == 0.0)
        return Status::error(prefix() +
                             "exponentialRampToValueAtTime value 0 is not allowed (an exponential "
                             "ramp needs a non-zero end value)");
    if (auto s = checkTime("exponentialRampToValueAtTime", "endTime", endTime); !s) return s;
    if (auto s = checkNotInsideCurve("exponentialRampToValueAtTime", endTime); !s) return s;
    insert(makeEvent(AutomationMethod::exponentialRamp, endTime, value));
    return Status::ok();
}

Status ParamTimeline::setTargetAtTime(double target, double startTime, double timeConstant) {  // [control]
    if (auto s = checkValue("setTargetAtTime", "target", target); !s) return s;
    if (auto s = checkTime("setTargetAtTime", "startTime", startTime); !s) return s;
    if (auto s = checkValue("setTargetAtTime", "timeConstant", timeConstant); !s) return s;
    if (timeConstant < 0.0)
        return Status::error(prefix() + "setTargetAtTime timeConstant " + seconds(timeConstant) +
                             " is negative (≥ 0 s; 0 jumps to the target)");
    if (auto s = checkNotInsideCurve("setTargetAtTime", startTime); !s) return s;
    insert(makeEvent(AutomationMethod::setTarget, startTime, target, timeConstant));
    return Status::ok();
}

Status ParamTimeline::setValueCurveAtTime(std::span<const double> values, double startTime,
                                          double duration) {  // [control]
    if (values.size() < 2)
        return Status::error(prefix() + "setValueCurveAtTime needs at least 2 values (got " +
                             std::to_string(values.size()) + ")");
    for (size_t i = 0; i < values.size(); ++i)
        if (!std::isfinite(values[i]))
            return Status::error(prefix() + "setValueCurveAtTime values[" + std::to_string(i) + "] " +
                                 formatNumber(values[i]) + " is not a finite number");
    if (auto s = checkTime("setValueCurveAtTime", "startTime", startTime); !s) return s;
    if (!std::isfinite(duration) || duration <= 0.0)
        return Status::error(prefix() + "setValueCurveAtTime duration " + formatNumber(duration) +
                             " is not a positive number of seconds");
    if (auto s = checkNotInsideCurve("setValueCurveAtTime", startTime); !s) return s;
    const double end = startTime + duration;
    for (const AutomationEvent& e : events_)
        if (e.timeSeconds > startTime && e.timeSeconds < end)
            return Status::error(prefix() + "setValueCurveAtTime " + formatNumber(startTime) + "…" + seconds(end) +
                                 " covers an event at " + seconds(e.timeSeconds) +
                                 " (no event may be scheduled during a curve)");
    AutomationEvent event = makeEvent(AutomationMethod::setValueCurve, startTime, 0.0);
    event.durationSeconds = duration;
    event.holdFromSeconds = end;
    event.curve.assign(values.begin(), values.end());
    insert(std::move(event));
    return Status::ok();
}

Status ParamTimeline::cancelScheduledValues(double cancelTime) {  // [control]
    if (auto s = checkTime("cancelScheduledValues", "cancelTime", cancelTime); !s) return s;
    size_t keep = 0;
    while (keep < events_.size() && events_[keep].timeSeconds < cancelTime) ++keep;
    if (keep > 0) {
        const AutomationEvent& e = events_[keep - 1];
        if (e.method == AutomationMethod::setValueCurve && e.timeSeconds + e.durationSeconds > cancelTime) --keep;
    }
    events_.resize(keep);
    return Status::ok();
}

Status ParamTimeline::cancelAndHoldAtTime(double cancelTime) {  // [control]
    if (auto s = checkTime("cancelAndHoldAtTime", "cancelTime", cancelTime); !s) return s;
    const double held = valueAtTime(cancelTime);
    size_t after = 0;  // first event later than cancelTime
    while (after < events_.size() && events_[after].timeSeconds <= cancelTime) ++after;
    if (after < events_.size() && isRamp(events_[after].method)) {
        // The ramp running at cancelTime ends there, at the value it has there.
        AutomationEvent cut = events_[after];
        cut.timeSeconds = cancelTime;
        cut.value = held;
        events_.resize(after);
        if (cut.method == AutomationMethod::exponentialRamp && held == 0.0) cut.method = AutomationMethod::linearRamp;
        events_.push_back(std::move(cut));
        return Status::ok();
    }
    events_.resize(after);
    if (after == 0) return Status::ok();
    AutomationEvent& last = events_.back();
    if (last.method == AutomationMethod::setTarget) {
        events_.push_back(makeEvent(AutomationMethod::setValue, cancelTime, held));
    } else if (last.method == AutomationMethod::setValueCurve && last.timeSeconds + last.durationSeconds > cancelTime) {
        last.holdFromSeconds = cancelTime;  // the curve keeps its shape and stops at cancelTime
    }
    return Status::ok();
}

double ParamTimeline::valueAtTime(double timeSeconds) const {  // [control]
    const auto lane = compile(0, 0, 1.0);                      // one "frame" per second: frames are seconds
    const int64_t index = lane->segmentAtTime(timeSeconds);
    return index < 0 ? startValue_ : lane->valueAtTime(index, timeSeconds);
}

std::unique_ptr<AutomationLane> ParamTimeline::compile(uint32_t node, uint32_t param,
                                                       double sampleRateHz) const {  // [control]
    auto lane = std::make_unique<AutomationLane>();
    lane->node = node;
    lane->param = param;
    auto& segments = lane->segments;
    bool settlePending = false;  // the last segment is a setTarget's "target reached" hold
    // Before a segment starting at `frame`: drop a setTarget hold that would come later.
    auto beforeSegmentAt = [&](double frame) {
        if (settlePending && segments.back().startFrame >= frame) segments.pop_back();
        settlePending = false;
    };
    auto valueAt = [&](double frame) {
        const int64_t index = lane->segmentAtTime(frame);
        return index < 0 ? startValue_ : lane->valueAtTime(index, frame);
    };
    auto constant = [](double frame, double value) {
        AutomationSegment s;
        s.startFrame = s.frame0 = s.frame1 = frame;
        s.v0 = s.v1 = value;
        return s;
    };
    double previousFrame = startTimeSeconds_ * sampleRateHz;
    double previousValue = startValue_;
    const AutomationEvent* previous = nullptr;
    for (const AutomationEvent& e : events_) {
        const double frame = e.timeSeconds * sampleRateHz;
        switch (e.method) {
            case AutomationMethod::setValue:
                beforeSegmentAt(frame);
                segments.push_back(constant(frame, e.value));
                previousFrame = frame;
                previousValue = e.value;
                break;
            case AutomationMethod::linearRamp:
            case AutomationMethod::exponentialRamp: {
                double frame0 = previousFrame, v0 = previousValue;
                if (previous != nullptr && previous->method == AutomationMethod::setTarget) {
                    // The ramp replaces the setTarget: it starts where the setTarget started.
                    if (settlePending) segments.pop_back();
                    settlePending = false;
                    frame0 = segments.back().frame0;
                    v0 = segments.back().v0;
                    segments.pop_back();
                }
                beforeSegmentAt(frame);
                const bool exponential = e.method == AutomationMethod::exponentialRamp;
                if (frame > frame0) {
                    if (exponential && !(v0 * e.value > 0.0)) {
                        segments.push_back(constant(frame0, v0));  // opposite signs or 0: hold, then jump
                    } else {
                        AutomationSegment s;
                        s.startFrame = s.frame0 = frame0;
                        s.frame1 = frame;
                        s.shape = exponential ? SegmentShape::exponential : SegmentShape::linear;
                        s.v0 = v0;
                        s.v1 = e.value;
                        if (exponential) s.log2Ratio = binaryLog(e.value / v0);
                        segments.push_back(s);
                    }
                }
                segments.push_back(constant(frame, e.value));
                previousFrame = frame;
                previousValue = e.value;
                break;
            }
            case AutomationMethod::setTarget: {
                beforeSegmentAt(frame);
                const double v0 = valueAt(frame);
                const double tau = e.timeConstantSeconds * sampleRateHz;
                const double distance = std::fabs(v0 - e.value);
                const double threshold =
                    e.value == 0.0 ? kSetTargetZeroThreshold : kSetTargetThreshold * std::fabs(e.value);
                if (tau == 0.0 || distance <= threshold) {
                    AutomationSegment s = constant(frame, e.value);
                    s.v0 = v0;  // a ramp replacing this setTarget starts from v0
                    segments.push_back(s);
                    segments.push_back(constant(frame, e.value));
                    settlePending = true;
                } else {
                    AutomationSegment s;
                    s.startFrame = s.frame0 = frame;
                    s.shape = SegmentShape::target;
                    s.v0 = v0;
                    s.v1 = e.value;
                    s.timeConstantFrames = tau;
                    segments.push_back(s);
                    segments.push_back(constant(frame + tau * naturalLog(distance / threshold), e.value));
                    settlePending = true;
                }
                previousFrame = frame;
                previousValue = e.value;
                break;
            }
            case AutomationMethod::setValueCurve: {
                beforeSegmentAt(frame);
                AutomationSegment s;
                s.startFrame = s.frame0 = frame;
                s.frame1 = (e.timeSeconds + e.durationSeconds) * sampleRateHz;
                s.shape = SegmentShape::curve;
                s.curveOffset = static_cast<uint32_t>(lane->curvePoints.size());
                s.curveLength = static_cast<uint32_t>(e.curve.size());
                lane->curvePoints.insert(lane->curvePoints.end(), e.curve.begin(), e.curve.end());
                segments.push_back(s);
                const double end = e.holdFromSeconds * sampleRateHz;
                const double last = lane->valueAtTime(static_cast<int64_t>(segments.size()) - 1, end);
                segments.push_back(constant(end, last));
                previousFrame = end;
                previousValue = last;
                break;
            }
        }
        previous = &e;
    }
    return lane;
}

}  // namespace wavegraph
