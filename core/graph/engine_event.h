#pragma once
/// \file engine_event.h
/// What the audio thread reports to the control thread on the event ring (a CommandRingView
/// in the other direction; record layout in command_ring.h and docs/ring-layout.md). One
/// RingRecord per event: `kind` below, `target` the node id, `param` a parameter id or a
/// channel, `value` the number, `frameTime` the engine frame at which it happened.

#include <cstdint>

namespace wavegraph {

enum class EngineEvent : uint32_t {
    /// A meter node finished a window: param = channel, value = peak level in dBFS
    /// (20·log10 max|x|, ≥ −200). One per channel, followed by meterRmsDb for the same channel.
    meterPeakDb = 1,
    /// param = channel, value = RMS level in dBFS (10·log10 mean x², ≥ −200).
    meterRmsDb = 2,
    /// A command's value was out of range or NaN and was clamped or ignored: target/param the
    /// parameter, value the value that arrived (NaN stays NaN).
    parameterClamped = 3,
    /// A command named a node not in the running plan or a parameter the node does not have:
    /// target/param as sent, value as sent.
    commandRejected = 4,
    /// A new plan took over (a crossfade started): value = crossfade length in frames
    /// (0: swapped at once because the plans share node instances).
    planSwapped = 5,
    /// A replaced plan was handed back for freeing on the control thread (value = plans waiting).
    planRetired = 6,
    /// process() was called with more frames than maxBlockFrames or a null channel: the block
    /// was silenced. value = the frame count asked for.
    badBlock = 7,
    /// Commands that found the scheduling queue full stayed in the command ring (value = how
    /// many were waiting); they are applied in a later block.
    commandsDeferred = 8,
    /// A published plan was not taken because the retired plans have not been collected (no room
    /// to hand back the running one); the running plan stays and the new one is taken once
    /// collectRetired has made room. Reported once per wait; value = plans waiting.
    planSwapDeferred = 9,
};

/// The name used in messages and by the TypeScript side ("meterPeakDb", …). [any]
constexpr const char* engineEventName(EngineEvent kind) noexcept {
    switch (kind) {
        case EngineEvent::meterPeakDb: return "meterPeakDb";
        case EngineEvent::meterRmsDb: return "meterRmsDb";
        case EngineEvent::parameterClamped: return "parameterClamped";
        case EngineEvent::commandRejected: return "commandRejected";
        case EngineEvent::planSwapped: return "planSwapped";
        case EngineEvent::planRetired: return "planRetired";
        case EngineEvent::badBlock: return "badBlock";
        case EngineEvent::commandsDeferred: return "commandsDeferred";
        case EngineEvent::planSwapDeferred: return "planSwapDeferred";
    }
    return "unknown";
}

}  // namespace wavegraph
