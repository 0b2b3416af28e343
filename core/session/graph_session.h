#pragma once
/// \file graph_session.h
/// A graph described in JSON and running in a GraphEngine: what both hosts and the wasm module
/// hold. The control side keeps the newest description (its AudioGraph and JSON ids); the audio
/// side is the engine. Loading a new description builds and compiles it off the audio thread
/// and publishes it; the engine crossfades to it, and nodes with the same JSON id and type
/// keep their NodeId, parameters and state (GraphEngine, docs/graph-swap.md). A description
/// that fails leaves the running graph untouched.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "automation/automation_call.h"
#include "automation/param_timeline.h"
#include "base/status.h"
#include "graph/graph_engine.h"
#include "graph/graph_json.h"
#include "graph/node_registry.h"

namespace wavegraph {

/// A GraphEngine plus the newest JSON description loaded into it (see the file comment).
class GraphSession {
public:
    /// Uses the default node types (nodes/default_registry.h). [control]
    GraphSession();
    /// Uses the node types of `registry`. [control]
    explicit GraphSession(NodeRegistry registry);

    /// Prepares the engine (rings, crossfade; see GraphEngine::prepare for the ranges and
    /// errors). Does not load a graph. [control, before the audio thread starts]
    Status prepare(const ProcessSpec& spec, uint32_t commandRingCapacity = 256, uint32_t eventRingCapacity = 1024,
                   double crossfadeMs = GraphEngine::kDefaultCrossfadeMs);

    /// Parses and checks `json` (errors start with the JSON path, graph_json.h), compiles it
    /// for the prepared spec and publishes it. Frees retired plans first. [control] Allocates.
    Status loadGraph(std::string_view json);
    /// The same checks as loadGraph; nothing is published. [control]
    Status checkGraph(std::string_view json) const;

    /// Gives the buffer `name` to the descriptions loaded from now on (graph_json.h: a `file`
    /// entry of `buffers` or any node option naming it); replaces a buffer of the same name.
    /// The running graph keeps the buffers it was loaded with. [control]
    void setBuffer(const std::string& name, std::shared_ptr<const AudioBuffer> buffer) {
        hostBuffers_[name] = std::move(buffer);
    }
    /// Forgets every buffer setBuffer gave (the running graph keeps its own). [control]
    void clearBuffers() { hostBuffers_.clear(); }
    /// The buffers setBuffer gave, by name. [control]
    const AudioBufferMap& buffers() const noexcept { return hostBuffers_; }

    /// NodeId of a JSON id in the newest description, or -1. [control]
    int64_t nodeId(std::string_view jsonId) const;
    /// The JSON ids of the newest description with their NodeIds. [control]
    const std::map<std::string, NodeId>& nodeIds() const noexcept { return current_.ids; }
    /// The node instance of the newest description (the one the engine runs once the swap has
    /// happened), or nullptr. [control]
    Node* node(uint32_t nodeId) const;
    /// Checks a command against the newest description: the node and parameter exist, the
    /// value is finite and in range (Hz also below Nyquist). The message names them, e.g.
    /// "eq.band4.gainDb 50 is out of range (-40…40 dB)". [control]
    Status validateCommand(uint32_t target, uint32_t param, double value) const;
    /// Applies one AudioParam timeline call (automation_call.h) to parameter `param` of node
    /// `target` and publishes the parameter's new automation lane (GraphEngine). Values are
    /// checked as validateCommand checks them; times are seconds on the engine's clock. A ramp
    /// with no earlier event starts from the parameter's value at the current frame. Errors
    /// name the parameter ("eq.band4.gainDb: linearRampToValueAtTime …"); on an error the
    /// timeline is unchanged. At most GraphEngine::kMaxAutomationLanes parameters may have
    /// events at once. [control] Allocates.
    Status automate(uint32_t target, uint32_t param, const AutomationCall& call);
    /// automate() for each call of `callsJson`, a JSON array of timeline calls as in a node's
    /// "automation" lists (docs/graph-json.md); stops at the first error ("calls[i]…"). The calls
    /// applied are published as one lane, so their number is not limited by the lane queue. [control]
    Status automateJson(uint32_t target, uint32_t param, std::string_view callsJson);
    /// The timeline of a parameter (nullptr when it has never been automated). [control]
    const ParamTimeline* timeline(uint32_t target, uint32_t param) const;
    /// The newest description for UIs, as JSON: { "sampleRateHz", "nodes": [ { "id", "nodeId",
    /// "type", "numInputs", "numOutputs", "parameters": [ { "id", "name", "unit", "minValue",
    /// "maxValue", "defaultValue", "smoothed", "value" } ] } ] }. [control]
    std::string describe() const;
    /// True once a loadGraph succeeded. [control]
    bool loaded() const noexcept { return loaded_; }

    /// Whether anything reads the meters' readings and the analysers' taps (true by default).
    /// false (an offline render to a file): every node with the ObserverFeed role
    /// (graph/node_roles.h), in the running graph and in every description loaded later, only
    /// passes its input through; the output samples are the same. [control]
    void setObserved(bool observed);
    /// The value of the last setObserved (true before). [control]
    bool observed() const noexcept { return observed_; }

    /// Frees plans the engine retired. Call regularly. [control]
    size_t collectRetired() { return engine_.collectRetired(); }
    /// The engine (its rings, counters and process). [any]
    GraphEngine& engine() noexcept { return engine_; }
    /// The spec of the last prepare. [any]
    const ProcessSpec& spec() const noexcept { return spec_; }

    /// Renders one block (GraphEngine::process). [audio]
    void process(const float* const* input, uint32_t numInputChannels, float* const* output, uint32_t numFrames,
                 int64_t blockStartFrame = -1) noexcept {
        engine_.process(input, numInputChannels, output, numFrames, blockStartFrame);
    }

private:
    NodeRegistry registry_;
    ProcessSpec spec_{};
    bool prepared_ = false;
    bool loaded_ = false;
    bool observed_ = true;
    GraphFromJson current_;
    AudioBufferMap hostBuffers_;
    std::map<uint32_t, std::string> jsonIdOf_;                          // NodeId → JSON id, for messages
    std::map<std::pair<uint32_t, uint32_t>, ParamTimeline> timelines_;  // (NodeId, parameter id) → events
    Status publishTimeline(uint32_t target, uint32_t param);
    /// automate() without publishing: checks the call and adds it to the parameter's timeline
    /// (unchanged when refused). [control]
    Status applyToTimeline(uint32_t target, uint32_t param, const AutomationCall& call);
    size_t automatedParameters() const;
    GraphEngine engine_;
};

}  // namespace wavegraph
