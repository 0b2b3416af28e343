#pragma once
/// \file engine_stats.h
/// The stats block: f64 counters a host rewrites after every block so that another thread (the
/// AudioWorklet's JavaScript, a UI) reads them from memory by index instead of calling in.
/// WAVEGRAPH_ENGINE_STATS is the one list of fields: name and one line for people; the index is
/// the position in the list. The TypeScript indexes (web/src/generated/) and the docs table are
/// generated from it (core/session/schema.h, scripts/generate-schema.mjs). To add a field, add
/// a line at the end.

#include <cstdint>
#include <string_view>

namespace wavegraph {

/// The stats block's fields as an X-macro: X(name, description) per f64 field, index = position.
#define WAVEGRAPH_ENGINE_STATS(X)                                                                                 \
    X(framesRendered, "Frames the engine has rendered (exact below 2^53).")                                       \
    X(commandsApplied, "Commands the audio thread applied.")                                                      \
    X(commandsRejected, "Commands that reached the audio thread invalid (ignored or clamped there).")             \
    X(commandsLate, "Commands whose frame had already passed when the audio thread read them (applied at once).") \
    X(badBlocks, "Blocks silenced for a bad shape or a non-finite sample in the output.")                         \
    X(eventsDropped, "Events lost because the event ring was full.")                                              \
    X(plansSwapped, "Graphs the audio thread has switched to.")                                                   \
    X(analyserFramesWritten, "Frames written by the tracked analyser's tap (wraps at 2^32; 0 with none).")        \
    X(trackPositionFrames, "The loaded track's position in frames (0 without a track).")                          \
    X(trackEnds, "How many times tracks reached their end (over every track loaded; never goes back).")           \
    X(trackFinished, "1 while the current track is at its end (0 again after a seek back).")                      \
    X(processorFailures, "Blocks in which a processor node failed and was silenced (over every plan).")

/// Index of each field in the stats block.
enum class EngineStat : uint32_t {
#define WAVEGRAPH_STAT_ENUM(name, description) name,
    WAVEGRAPH_ENGINE_STATS(WAVEGRAPH_STAT_ENUM)
#undef WAVEGRAPH_STAT_ENUM
};

/// One field of the stats block.
struct EngineStatInfo {
    EngineStat index;              ///< Its index in the block (f64 slots).
    std::string_view name;         ///< Its name, e.g. "framesRendered".
    std::string_view description;  ///< One line for people.
};

/// Every field, in index order. [any]
inline constexpr EngineStatInfo kEngineStats[] = {
#define WAVEGRAPH_STAT_INFO(name, description) {EngineStat::name, #name, description},
    WAVEGRAPH_ENGINE_STATS(WAVEGRAPH_STAT_INFO)
#undef WAVEGRAPH_STAT_INFO
};

/// Number of f64 fields in the stats block.
inline constexpr uint32_t kEngineStatsCount = static_cast<uint32_t>(std::size(kEngineStats));

}  // namespace wavegraph
