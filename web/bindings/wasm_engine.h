#pragma once
/// \file wasm_engine.h
/// The object JavaScript drives through Embind: a HostSession (core/session/host_session.h, as in
/// every host: a JSON-described graph running in a GraphEngine, the reference graph by default,
/// and an optional track feeding its input) plus the wasm-memory buffers that the
/// AudioWorklet (or renderOffline) copies audio through. Nothing here throws: every control
/// call returns "" on success or one line naming the bad value and the allowed range (graph
/// errors start with the JSON path).
///
/// Addresses are byte offsets into the module's memory (HEAPU8), returned as numbers; divide by 4
/// for a HEAPF32 / HEAPU32 index. Audio buffers are planar (channels × frames) float32. The
/// command and event rings use the layout of docs/ring-layout.md.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <emscripten/val.h>

#include "graph/node_roles.h"
#include "session/engine_stats.h"
#include "session/graph_session.h"
#include "session/host_session.h"
#include "track/track_player.h"

namespace wavegraph::web {

/// Embind 3.1.6 cannot bind noexcept member functions, so only processBlock is declared
/// noexcept (bound through a lambda); the other accessors never throw either.
class WasmEngine {
public:
    /// An engine with this core's node types: the built-in ones plus the processors linked into
    /// the core (core_types.h). Not prepared yet. [control]
    WasmEngine();

    /// Prepares the engine, allocates the I/O buffers (numChannels × maxBlockFrames floats each)
    /// and loads the reference graph (core/session/reference_graph.h). crossfadeMs: the graph-swap
    /// crossfade, 0…1000 ms (5 is the default of every host). Returns "" or the first error:
    /// the core's own (a processor descriptor linked into it that fails the checks, e.g.
    /// "my-core: parameter 0 'drive': default 30 is outside 1…20"), or e.g. "numChannels 40 is
    /// out of range (1…32)". [control]
    std::string prepare(double sampleRateHz, uint32_t maxBlockFrames, uint32_t numChannels,
                        uint32_t commandRingCapacity, uint32_t eventRingCapacity, double crossfadeMs);
    bool prepared() const { return prepared_; }

    double sampleRateHz() const { return host_.graph().spec().sampleRateHz; }
    uint32_t maxBlockFrames() const { return prepared_ ? host_.graph().spec().maxBlockFrames : 0; }
    uint32_t numChannels() const { return prepared_ ? host_.graph().spec().numChannels : 0; }

    /// Builds, compiles and publishes the graph described by `json` (docs/graph-json.md); the
    /// engine crossfades to it at its next block. "" or the error (JSON path first); on error
    /// the running graph is untouched. Frees retired plans first. [control] Allocates.
    std::string loadGraph(const std::string& json);
    /// The same checks as loadGraph at this engine's sample rate; nothing changes. [control]
    std::string checkGraph(const std::string& json) const;
    /// Most floats one buffer may stage (256 MiB of samples).
    static constexpr uint32_t kMaxStagedFloats = 1u << 26;
    /// Byte address of a staging area of `numFloats` floats (1…kMaxStagedFloats) for setBuffer:
    /// JavaScript copies a buffer's channels into it one after the other (planar). 0 when
    /// numFloats is out of range. May grow the memory (views of HEAPF32 made before are stale).
    /// [control] Allocates.
    uint32_t bufferStagingPtr(uint32_t numFloats);
    /// Makes a buffer from the staged samples (numChannels × frames, planar) at sampleRateHz and
    /// gives it to the graphs loaded from now on under `name` (GraphSession::setBuffer; the graph
    /// description's `buffers` and node options name it). Frees the staging area. "" or e.g.
    /// "buffers.kick: sampleRateHz: 100 is out of range (3000…768000 Hz)". [control] Allocates.
    std::string setBuffer(const std::string& name, uint32_t numChannels, uint32_t frames, double sampleRateHz);
    /// Forgets every buffer setBuffer gave (the running graph keeps its own). [control]
    void clearBuffers() { host_.graph().clearBuffers(); }
    /// The newest graph for UIs as JSON (GraphSession::describe). [control]
    std::string describe() const { return host_.graph().describe(); }
    /// NodeId of a JSON node id, or -1. [control]
    double nodeId(const std::string& jsonId) const { return static_cast<double>(host_.graph().nodeId(jsonId)); }
    /// Whether anything reads the meters' readings and the analysers' taps (true after
    /// construction). false: the ObserverFeed nodes (meter, analyser) of the running graph and
    /// of every graph loaded later only pass their input through; the output samples are the
    /// same (GraphSession::setObserved). Cannot fail; takes effect from the next block (each node
    /// reads a relaxed atomic once per block). [control, between processBlock calls or beside them]
    void setObserved(bool observed) { host_.graph().setObserved(observed); }
    /// The value of the last setObserved (true before). [control]
    bool observed() const { return host_.graph().observed(); }
    /// Frees plans the audio side has retired; returns how many. [control]
    uint32_t collectRetired() { return static_cast<uint32_t>(host_.graph().collectRetired()); }

    /// Byte address of input/output channel `channel` (maxBlockFrames floats), 0 when out of range.
    uint32_t inputPtr(uint32_t channel) const;
    uint32_t outputPtr(uint32_t channel) const;

    /// The command ring (page → audio) and event ring (audio → page): address, size in bytes,
    /// capacity in records.
    uint32_t commandRingPtr();
    uint32_t commandRingBytes();
    uint32_t commandRingCapacity();
    uint32_t eventRingPtr();
    uint32_t eventRingBytes();
    uint32_t eventRingCapacity();

    /// The tap of analyser node `nodeId` in the newest graph: address of its float32 circular
    /// buffer, its capacity in frames (a power of two; frame n at index n & (capacity − 1)) and
    /// the free-running frame count (wraps at 2³²). 0 when the node is not an analyser.
    uint32_t analyserPtr(uint32_t nodeId) const;
    uint32_t analyserCapacityFrames(uint32_t nodeId) const;
    uint32_t analyserFramesWritten(uint32_t nodeId) const;

    /// Renders numFrames (≤ maxBlockFrames) frames from the input buffers (the first
    /// numInputChannels of them, clamped to numChannels; 0 = no input) into the output buffers.
    /// blockStartFrame: the host's clock at the first frame (the worklet's currentFrame, < 2⁵³),
    /// negative = the engine's own frame count. [audio] Never allocates; a bad shape gives
    /// silence and a badBlock event.
    void processBlock(uint32_t numFrames, uint32_t numInputChannels, double blockStartFrame) noexcept;

    /// Loads a track (docs/tracks.md) and plays it into the graph's input from the next block
    /// on, replacing the host input (so the track runs through the graph: EQ, meter, …). Needs 2
    /// or more channels. "" or the error (JSON path first). Replaces (frees) a previous track.
    /// [control, between processBlock calls — the worklet's message handler]
    std::string loadTrack(const std::string& json);
    /// The same checks as loadTrack; nothing changes. [control]
    std::string checkTrack(const std::string& json) const;
    /// Stops and frees the track; the host input is heard again. [control, between processBlock calls]
    void unloadTrack() { host_.unloadTrack(); }
    /// Queues a seek (seconds, clamped to the track) for the next block; false without a track. [control]
    bool seekTrack(double seconds) { return host_.track() != nullptr && host_.track()->requestSeek(seconds); }
    double trackDurationSeconds() const { return host_.track() != nullptr ? host_.track()->durationSeconds() : 0.0; }
    double trackPositionSeconds() const { return host_.track() != nullptr ? host_.track()->positionSeconds() : 0.0; }

    /// Magnitude response in dB at frequencyHz of node `nodeId` (a parametricEq or biquad node,
    /// from its current coefficients; NaN for other nodes). [control]
    double magnitudeDbAt(uint32_t nodeId, double frequencyHz) const;
    /// The value of parameter `param` of node `nodeId` (its target once ramps end; NaN when the
    /// node or the parameter does not exist). [control]
    double parameterValue(uint32_t nodeId, uint32_t param) const;
    /// Phase response in radians, in (−π, π], at frequencyHz of the same nodes (NaN otherwise). [control]
    double phaseRadiansAt(uint32_t nodeId, double frequencyHz) const;
    /// Validates, then sets the parameter at once with no ramp (for a copy of the engine that
    /// never renders, e.g. the page's: it keeps the current values for responses and UIs).
    /// "" or the message. [control, never while processBlock runs]
    std::string applyNow(uint32_t target, uint32_t param, double value);

    /// Applies AudioParam timeline calls (a JSON array, as a node's "automation" list in the
    /// graph JSON) to parameter `param` of node `target` (GraphSession::automateJson): "" or the
    /// first error, naming the parameter and the rule. Times are seconds on the engine's clock
    /// (the worklet's: BaseAudioContext.currentTime). [control, between processBlock calls]
    std::string automate(uint32_t target, uint32_t param, const std::string& callsJson) {
        return host_.graph().automateJson(target, param, callsJson).message();
    }

    /// "" if the command would be accepted, else the reason (names the node, parameter, value
    /// and range). [control]
    std::string validate(uint32_t target, uint32_t param, double value) const;

    /// Address of this object, for the raw export wavegraph_process_block (cheaper than Embind
    /// on the audio path). [any]
    uint32_t selfPtr() const { return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(this)); }
    /// Address of the stats block: kEngineStatsCount f64 counters (core/session/engine_stats.h,
    /// one index per field) rewritten after every processBlock, so the worklet reads them from
    /// memory instead of calling in. [any]
    uint32_t statsPtr() const { return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(stats_.data())); }
    /// Number of f64 fields at statsPtr. [any]
    uint32_t statsCount() const { return kEngineStatsCount; }
    /// Chooses the analyser node whose framesWritten goes into the stats (−1 or a node that is
    /// not an analyser: none). Call again after loadGraph (the instance changes). [control]
    void trackAnalyser(double nodeId);

    /// Counters (exact below 2⁵³).
    double framesRendered() const { return static_cast<double>(engine().framesRendered()); }
    double commandsApplied() const { return static_cast<double>(engine().commandsApplied()); }
    double commandsRejected() const { return static_cast<double>(engine().commandsRejected()); }
    double commandsLate() const { return static_cast<double>(engine().commandsLate()); }
    double badBlocks() const { return static_cast<double>(badBlocks_ + engine().badBlocks()); }
    double eventsDropped() const { return static_cast<double>(engine().eventsDropped()); }
    double plansSwapped() const { return static_cast<double>(engine().plansSwapped()); }

    /// Test only: pops up to maxRecords records from the command ring with the C++ reader and
    /// returns them as a new Float64Array of 6 numbers per record: target, param, value,
    /// frameTime, kind, sequence. [control] Allocates.
    emscripten::val drainCommandsForTest(uint32_t maxRecords);

private:
    const GraphEngine& engine() const { return const_cast<HostSession&>(host_).engine(); }

    HostSession host_;  // the graph and the track feeding its input, as in every host
    bool prepared_ = false;
    uint64_t badBlocks_ = 0;           // blocks refused before reaching the engine (not prepared)
    std::vector<float> inputMemory_;   // numChannels × maxBlockFrames, planar
    std::vector<float> outputMemory_;  // numChannels × maxBlockFrames, planar
    std::array<const float*, kMaxChannels> inputs_{};
    std::array<float*, kMaxChannels> outputs_{};
    std::vector<double> drained_;                      // drainCommandsForTest scratch
    std::vector<float> staging_;                       // bufferStagingPtr .. setBuffer
    std::array<double, kEngineStatsCount> stats_{};    // [audio] writes after each block, [any] reads
    const AnalyserSource* trackedAnalyser_ = nullptr;  // [control] sets, [audio] reads
};

}  // namespace wavegraph::web
