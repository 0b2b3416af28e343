#pragma once
/// \file automation_call.h
/// One AudioParam timeline method call as data, so that every way in (graph JSON, the npm API,
/// the wasm bindings, the native stdin) names the seven W3C methods the same way and applies
/// them through one function. WAVEGRAPH_TIMELINE_METHODS is the one list: the schema
/// (session/schema.h) carries it to TypeScript and the docs.

#include <optional>
#include <string_view>
#include <vector>

#include "automation/param_timeline.h"
#include "base/status.h"

namespace wavegraph {

/// X(name, arguments, description) per method; `arguments` are the JSON keys it reads.
#define WAVEGRAPH_TIMELINE_METHODS(X)                                                                                  \
    X(setValueAtTime, "value, timeSeconds", "The value from timeSeconds on.")                                          \
    X(linearRampToValueAtTime, "value, timeSeconds",                                                                   \
      "A straight line from the previous event (its time and value) to value at timeSeconds.")                         \
    X(exponentialRampToValueAtTime, "value, timeSeconds",                                                              \
      "An exponential curve from the previous event to value (non-zero) at timeSeconds; between values of "            \
      "opposite sign it holds the previous value, then jumps.")                                                        \
    X(setTargetAtTime, "value, timeSeconds, timeConstantSeconds",                                                      \
      "From timeSeconds, approaches value as value + (v0 - value)·exp(-(t - timeSeconds)/timeConstantSeconds).")       \
    X(setValueCurveAtTime, "values, timeSeconds, durationSeconds",                                                     \
      "values (at least 2) spread evenly over durationSeconds from timeSeconds, linearly interpolated; then the "      \
      "last one. No other event may fall inside the curve.")                                                           \
    X(cancelScheduledValues, "timeSeconds", "Removes every event at or after timeSeconds (and a curve running then).") \
    X(cancelAndHoldAtTime, "timeSeconds",                                                                              \
      "Removes every event after timeSeconds and holds the value the timeline has at timeSeconds.")

/// The seven methods (WAVEGRAPH_TIMELINE_METHODS).
enum class TimelineMethod : uint8_t {
#define WAVEGRAPH_TIMELINE_ENUM(name, arguments, description) name,
    WAVEGRAPH_TIMELINE_METHODS(WAVEGRAPH_TIMELINE_ENUM)
#undef WAVEGRAPH_TIMELINE_ENUM
};

/// A method with its name, JSON argument keys and description, as listed above.
struct TimelineMethodInfo {
    TimelineMethod method;         ///< The method.
    std::string_view name;         ///< e.g. "linearRampToValueAtTime".
    std::string_view arguments;    ///< e.g. "value, timeSeconds".
    std::string_view description;  ///< One line for people.
};

/// Every method, in list order. [any]
inline constexpr TimelineMethodInfo kTimelineMethods[] = {
#define WAVEGRAPH_TIMELINE_INFO(name, arguments, description) {TimelineMethod::name, #name, arguments, description},
    WAVEGRAPH_TIMELINE_METHODS(WAVEGRAPH_TIMELINE_INFO)
#undef WAVEGRAPH_TIMELINE_INFO
};

/// The method called `name`, or nullopt. [any]
std::optional<TimelineMethod> timelineMethodNamed(std::string_view name) noexcept;

/// One call: the method and its arguments (seconds on the engine's clock; values in the
/// parameter's unit). Unused fields are ignored.
struct AutomationCall {
    TimelineMethod method = TimelineMethod::setValueAtTime;  ///< Which W3C AudioParam method.
    double value = 0.0;                                      ///< setValue, the ramps, setTarget (its target).
    double timeSeconds = 0.0;                                ///< Start, end (ramps) or cancel time.
    double timeConstantSeconds = 0.0;                        ///< setTargetAtTime.
    double durationSeconds = 0.0;                            ///< setValueCurveAtTime.
    std::vector<double> values;                              ///< setValueCurveAtTime.
};

/// Applies `call` to `timeline` (the ParamTimeline method of the same name; its errors). [control]
Status applyCall(ParamTimeline& timeline, const AutomationCall& call);

}  // namespace wavegraph
