#include "automation/automation_call.h"

namespace wavegraph {

std::optional<TimelineMethod> timelineMethodNamed(std::string_view name) noexcept {  // [any]
    for (const auto& info : kTimelineMethods)
        if (info.name == name) return info.method;
    return std::nullopt;
}

Status applyCall(ParamTimeline& timeline, const AutomationCall& call) {  // [control]
    switch (call.method) {
        case TimelineMethod::setValueAtTime: return timeline.setValueAtTime(call.value, call.timeSeconds);
        case TimelineMethod::linearRampToValueAtTime:
            return timeline.linearRampToValueAtTime(call.value, call.timeSeconds);
        case TimelineMethod::exponentialRampToValueAtTime:
            return timeline.exponentialRampToValueAtTime(call.value, call.timeSeconds);
        case TimelineMethod::setTargetAtTime:
            return timeline.setTargetAtTime(call.value, call.timeSeconds, call.timeConstantSeconds);
        case TimelineMethod::setValueCurveAtTime:
            return timeline.setValueCurveAtTime(call.values, call.timeSeconds, call.durationSeconds);
        case TimelineMethod::cancelScheduledValues: return timeline.cancelScheduledValues(call.timeSeconds);
        case TimelineMethod::cancelAndHoldAtTime: return timeline.cancelAndHoldAtTime(call.timeSeconds);
    }
    return Status::error("unknown timeline method");
}

}  // namespace wavegraph
