#pragma once
/// \file graph_json.h
/// The graph description in JSON, the same for the native host and the npm package:
///
/// ```json
/// { "nodes": [ { "id": "osc", "type": "oscillator", "params": { "frequencyHz": 440 } },
///              { "id": "amp", "type": "gain", "params": { "gainDb": -6 } } ],
///   "connections": [ { "from": "osc", "to": "amp", "output": 0, "input": 0 } ],
///   "output": "amp" }
/// ```
///
/// A node may also carry `"automation": { "<parameter>": [ <call>, … ] }`: W3C AudioParam
/// timeline calls per parameter (automation/automation_call.h), applied in order, e.g.
/// `{ "method": "linearRampToValueAtTime", "value": -20, "timeSeconds": 1.5 }`; keys per method:
/// value, timeSeconds, timeConstantSeconds (setTargetAtTime), values and durationSeconds
/// (setValueCurveAtTime). Times are seconds on the engine's clock.
///
/// A top-level `"buffers"` object names sample data that node options refer to by name (e.g. a
/// bufferSource's `"buffer": "kick"`): each entry is inline, `{ "channels": [[…], …],
/// "sampleRateHz": 44100 }` (sampleRateHz defaults to the engine's rate), or `{ "file": "kick.wav" }`,
/// which the host decodes before the description reaches the core and passes in `hostBuffers`
/// under the same name (the native host reads it with libsndfile relative to the graph file's
/// folder). Buffers the host gives that the description does not list are available by name too.
///
/// `output` and `input` are port indices (default 0); `output` at the top level names the node
/// whose output 0 is the graph's output. Every error is one line that starts with the JSON path
/// of the bad value, e.g. `nodes[3].params.frequencyHz: 30000 is above Nyquist (24000 Hz)`.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "automation/automation_call.h"
#include "base/audio_buffer.h"
#include "base/process_spec.h"
#include "base/status.h"
#include "graph/audio_graph.h"
#include "graph/compiled_graph.h"
#include "graph/node_registry.h"

namespace wavegraph {

/// What a parsed description produced: the graph and its node ids by JSON "id".
struct GraphFromJson {
    AudioGraph graph;                   ///< The nodes and connections, output chosen.
    std::map<std::string, NodeId> ids;  ///< NodeId of every node, by its JSON "id".
    /// Every parameter the description set, in order: node, parameter id, value.
    std::vector<CompiledGraph::ParameterSetting> settings;
    /// The timeline calls of one parameter's "automation" list, checked (values in the
    /// parameter's range, the timeline rules).
    struct ParameterAutomation {
        NodeId node = 0;                    ///< The node.
        uint32_t param = 0;                 ///< Parameter id.
        std::vector<AutomationCall> calls;  ///< In the order of the list.
    };
    std::vector<ParameterAutomation> automation;  ///< Every automated parameter, in description order.
    /// The buffers node options could name: the description's `buffers` and the host's.
    AudioBufferMap buffers;
};

/// Most calls in one parameter's automation list, and most curve points in one call.
inline constexpr size_t kMaxAutomationCalls = 4096;
inline constexpr size_t kMaxAutomationCurvePoints = 1u << 16;  ///< See kMaxAutomationCalls.

/// Caps on a description, so that a hostile or broken one fails with one line instead of
/// taking the memory or the time of the host: its size in bytes, the nesting depth of its
/// JSON, its nodes and its connections.
inline constexpr size_t kMaxGraphJsonBytes = 4u << 20;  ///< Largest description, bytes (4 MiB).
inline constexpr int kMaxGraphJsonDepth = 32;           ///< Deepest JSON nesting.
inline constexpr size_t kMaxGraphNodes = 4096;          ///< Most nodes.
inline constexpr size_t kMaxGraphConnections = 16384;   ///< Most connections.

/// Parses `text`, a JSON array of timeline calls for parameter `info` (the entries of an
/// "automation" list), into `out`, checking each as graphFromJson does; errors start with
/// "calls[i]". [control] Allocates.
Status automationCallsFromJson(std::string_view text, const ParameterInfo& info, const ProcessSpec& spec,
                               std::vector<AutomationCall>& out);

/// Parses `text` (within the caps above), makes each node with `registry`, checks and sets its parameters (range from
/// the node's ParameterInfo; every parameter in Hz must also be below Nyquist of `spec`), and
/// wires the connections (AudioGraph rejects unknown ports and cycles). Never throws.
/// `keepIds` (optional, e.g. the ids of the graph running now): a node whose JSON id is in it
/// gets the same NodeId again, so commands and state follow the node across descriptions;
/// the other nodes get ids above those. `hostBuffers` (optional): buffers the host decoded or
/// received, by name (the `file` entries of `buffers` must be among them). [control] Allocates.
Status graphFromJson(std::string_view text, const NodeRegistry& registry, const ProcessSpec& spec, GraphFromJson& out,
                     const std::map<std::string, NodeId>* keepIds = nullptr,
                     const AudioBufferMap* hostBuffers = nullptr);

}  // namespace wavegraph
