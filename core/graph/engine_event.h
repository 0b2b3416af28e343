#pragma once
/// \file engine_event.h
/// What the audio thread reports to the control thread on the event ring (a CommandRingView
/// in the other direction; record layout in command_ring.h and docs/ring-layout.md). One
/// RingRecord per event: `kind` below, `target` the node id, `param` a parameter id or a
/// channel, `value` the number, `frameTime` the engine frame at which it happened.
///
/// WAVEGRAPH_ENGINE_EVENTS is the one list of event kinds: name, number, one line for people.
/// The TypeScript constants (web/src/generated/) and the docs table are generated from it
/// (core/session/schema.h, scripts/generate-schema.mjs). To add a kind, add a line here.

#include <cstdint>
#include <string_view>

namespace wavegraph {

/// The list of event kinds as an X-macro: X(name, number, description) per kind. The number is
/// RingRecord::kind on the event ring; the description says what target, param and value hold.
#define WAVEGRAPH_ENGINE_EVENTS(X)                                                                                   \
    X(meterPeakDb, 1,                                                                                                \
      "A meter finished a window: param = channel, value = peak dBFS (20·log10 max|x|, >= -200); one per channel, " \
      "followed by meterRmsDb for the same channel.")                                                                \
    X(meterRmsDb, 2, "param = channel, value = RMS dBFS (10·log10 mean x², >= -200).")                               \
    X(parameterClamped, 3,                                                                                           \
      "A command's value was out of range or NaN and was clamped or ignored: target/param the parameter, value "     \
      "the value that arrived (NaN stays NaN).")                                                                     \
    X(commandRejected, 4,                                                                                            \
      "A command named a node not in the running plan or a parameter the node does not have: target/param and "      \
      "value as sent.")                                                                                              \
    X(planSwapped, 5,                                                                                                \
      "A new plan took over (a crossfade started): value = crossfade length in frames (0: at once, the plans "       \
      "share node instances).")                                                                                      \
    X(planRetired, 6, "A replaced plan was handed back for freeing on the control thread; value = plans waiting.")   \
    X(badBlock, 7,                                                                                                   \
      "A block was silenced. param 0: it had more frames than maxBlockFrames or a null channel; param 1: the graph " \
      "produced a non-finite sample (NaN or ±Inf, e.g. a filter driven past float range). value = the frame count.") \
    X(commandsDeferred, 8,                                                                                           \
      "Commands found the scheduling queue full and stayed in the command ring (applied in a later block); value "   \
      "= how many were waiting.")                                                                                    \
    X(planSwapDeferred, 9,                                                                                           \
      "A published plan was not taken because the retired plans have not been collected (no room to hand back the "  \
      "running one); the running plan stays and the new one is taken once collectRetired has made room. Reported "   \
      "once per wait; value = plans waiting.")                                                                       \
    X(processorFailed, 10,                                                                                           \
      "A processor node's process call failed (returned an error or threw): its output was silenced for the "        \
      "block, the rest of the graph played on. target = the node, param = blocks failed so far (saturating at "      \
      "2^32 - 1), value = the status code (a negative wg_processor_status).")                                        \
    X(reductionDb, 11,                                                                                               \
      "A dynamics compressor's gain reduction (W3C DynamicsCompressorNode.reduction), every 1024 frames: value = "   \
      "dB (<= 0), param = 0.")                                                                                       \
    X(ended, 12,                                                                                                     \
      "A bufferSource finished playing (its buffer's end, its stop time or its duration; W3C 'ended'): target = "    \
      "the node, value = the engine frame of its first silent frame.")

/// Event kinds (RingRecord::kind on the event ring), one per WAVEGRAPH_ENGINE_EVENTS line.
enum class EngineEvent : uint32_t {
#define WAVEGRAPH_EVENT_ENUM(name, number, description) name = number,
    WAVEGRAPH_ENGINE_EVENTS(WAVEGRAPH_EVENT_ENUM)
#undef WAVEGRAPH_EVENT_ENUM
};

/// One event kind as listed in WAVEGRAPH_ENGINE_EVENTS.
struct EngineEventInfo {
    EngineEvent kind;              ///< The kind.
    std::string_view name;         ///< Its name, e.g. "meterPeakDb".
    std::string_view description;  ///< What the record's fields hold for this kind.
};

/// Every event kind, in list order. [any]
inline constexpr EngineEventInfo kEngineEvents[] = {
#define WAVEGRAPH_EVENT_INFO(name, number, description) {EngineEvent::name, #name, description},
    WAVEGRAPH_ENGINE_EVENTS(WAVEGRAPH_EVENT_INFO)
#undef WAVEGRAPH_EVENT_INFO
};

/// The name used in messages and by the TypeScript side ("meterPeakDb", …). [any]
constexpr const char* engineEventName(EngineEvent kind) noexcept {
    switch (kind) {
#define WAVEGRAPH_EVENT_NAME(name, number, description) \
    case EngineEvent::name: return #name;
        WAVEGRAPH_ENGINE_EVENTS(WAVEGRAPH_EVENT_NAME)
#undef WAVEGRAPH_EVENT_NAME
    }
    return "unknown";
}

}  // namespace wavegraph
