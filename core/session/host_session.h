#pragma once
/// \file host_session.h
/// What every host runs: a GraphSession (the reference graph by default, or a graph described
/// in JSON) plus an optional TrackPlayer whose stereo output replaces the host's input, so a
/// track goes through the same graph (EQ, master gain, meter) as a file or a device would.
/// Parameters are addressed by the graph's names, "NODE.PARAM" (e.g. "eq.band4.gainDb",
/// "master.gainDb"), and checked against the node's ParameterInfo before anything changes; the
/// messages name the parameter, the value and the range, e.g.
/// "eq.band4.gainDb 50 is out of range (-40…40 dB)".

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "session/graph_session.h"
#include "session/reference_graph.h"
#include "track/track_player.h"

namespace wavegraph {

/// A GraphSession plus an optional track, with parameters addressed by name (see the file comment).
class HostSession {
public:
    /// A parameter of the newest graph: node and parameter index, for the command ring.
    struct ParameterRef {
        uint32_t nodeId = 0;  ///< RingRecord::target.
        uint32_t param = 0;   ///< RingRecord::param (parameter id).
    };

    /// With the built-in node types (session/default_registry.h). [control]
    HostSession() = default;
    /// With the node types of `registry` (the built-in ones plus, e.g., processor types from
    /// plugins: processor/processor_types.h). [control]
    explicit HostSession(NodeRegistry registry) : session_(std::move(registry)) {}

    /// Prepares the engine (GraphSession::prepare) and the track's input buffers. Loads no
    /// graph. [control, before the audio thread starts]
    Status prepare(const ProcessSpec& spec, uint32_t commandRingCapacity = 256, uint32_t eventRingCapacity = 1024,
                   double crossfadeMs = GraphEngine::kDefaultCrossfadeMs);
    /// The built-in reference graph (session/reference_graph.h), e.g. with a pink-noise source
    /// instead of the host's input. [control] Allocates.
    Status loadReferenceGraph(const ReferenceGraphOptions& options = {});
    /// A graph described in JSON (GraphSession::loadGraph). [control] Allocates.
    Status loadGraph(std::string_view json) { return session_.loadGraph(json); }

    /// Checks a track (docs/tracks.md) for this session: it parses, and the session has 2 or
    /// more channels. [control]
    Status checkTrack(std::string_view json) const;
    /// Loads a track and plays it into the graph's input from the next block on, replacing
    /// the host input. Replaces (frees) a previous track. [control, between process calls]
    Status loadTrack(std::string_view json);
    /// Stops and frees the track; the host input is heard again. [control, between process calls]
    void unloadTrack();
    /// The loaded track, or nullptr. [control; its counters: any]
    TrackPlayer* track() noexcept { return track_.get(); }
    /// The loaded track, or nullptr. [control; its counters: any]
    const TrackPlayer* track() const noexcept { return track_.get(); }
    /// How many times tracks reached their end, over every track loaded. [any]
    double trackEnds() const noexcept {
        return trackEndsBefore_ + (track_ != nullptr ? static_cast<double>(track_->endCount()) : 0.0);
    }

    /// Resolves "NODE.PARAM" in the newest graph. Errors: "'x' is not NODE.PARAM (e.g.
    /// eq.band4.gainDb)", "no node 'x' in the graph (nodes: …)", "node 'eq' (parametricEq) has
    /// no parameter 'band9.gainDb' (parameters: …)". [control]
    Status findParameter(std::string_view name, ParameterRef& out) const;
    /// Resolves and checks a value: finite, in range, Hz below Nyquist. [control]
    Status checkParameter(std::string_view name, double value, ParameterRef& out) const;
    /// Resolves, checks and sets the value at once, with no ramp: the value a render or a
    /// stream starts from. [control, before the first process call or between calls]
    Status setParameterNow(std::string_view name, double value);
    /// Resolves, checks and queues the value on the command ring: the engine ramps smoothed
    /// parameters to it (the same path as every other live change), or with
    /// CommandKind::setParameterImmediate applies it at once, no ramp (as a Web Audio
    /// AudioParam's `value`). [control] Never blocks; "command ring full (N commands waiting);
    /// try again" when it is full.
    Status queueParameter(std::string_view name, double value, CommandKind kind = CommandKind::setParameter);

    /// Renders one block: the track (when loaded) or `input` through the graph into `output`.
    /// [audio] No allocation, lock or I/O.
    void process(const float* const* input, uint32_t numInputChannels, float* const* output, uint32_t numFrames,
                 int64_t blockStartFrame = -1) noexcept;

    /// The graph session (newest description, node ids, engine). [control]
    GraphSession& graph() noexcept { return session_; }
    /// The graph session. [control]
    const GraphSession& graph() const noexcept { return session_; }
    /// The engine (GraphSession::engine). [any]
    GraphEngine& engine() noexcept { return session_.engine(); }
    /// The spec of the last prepare. [any]
    const ProcessSpec& spec() const noexcept { return session_.spec(); }

private:
    /// A loaded, prepared player for `json` (a track needs 2 or more channels); errors as
    /// loadTrack's. [control] Allocates.
    Status makeTrackPlayer(std::string_view json, std::unique_ptr<TrackPlayer>& out) const;

    GraphSession session_;
    std::unique_ptr<TrackPlayer> track_;  // [control] replaces between blocks, [audio] plays
    std::vector<float> trackInput_;       // 2 × maxBlockFrames, planar
    double trackEndsBefore_ = 0.0;        // [control] ends of the tracks replaced so far
};

}  // namespace wavegraph
