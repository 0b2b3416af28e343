#pragma once
/// \file play_controls.h
/// The commands `wavegraph play` takes on stdin while playing, one per line, each answered
/// with one line on stderr:
///   set NODE.PARAM VALUE   any parameter: reference chain names (eq.band4.gainDb,
///                          masterGain.gainDb, …) or, with a graph, JSON node id + parameter
///                          name (osc.frequencyHz, eq.band4.gainDb)
///   eq BAND DB             band gain (0…7, -24…24 dB) of the chain's EQ or the graph's first
///                          parametricEq node
///   gain DB                master gain (-60…12 dB): the chain's, or the graph's node "master"
///                          (else its first gain node)
///   graph FILE.json        compile FILE and switch to it (the graph engine crossfades)
///   status                 one line: position, backend, counters
///   quit                   stop playing
/// Every value is validated on the control side (range from the node's ParameterInfo or the
/// chain) before it goes on the command ring.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "graph/graph_json.h"
#include "host/play_engine.h"
#include "base/status.h"

namespace wavegraph::cli {

class PlayControls {
public:
    /// statusLine: builds the `status` answer. [control]
    PlayControls(PlayEngine& engine, std::function<std::string()> statusLine)
        : engine_(engine), statusLine_(std::move(statusLine)) {}

    /// Reads, compiles and publishes a graph file; later `set` commands use its node ids. The
    /// message starts with the path: "g.json: nodes[1].params.gainDb: 40 is out of range …". [control]
    Status loadGraph(const std::string& path);

    /// Interprets and executes one line; prints the answer. [control] one thread at a time.
    void handleLine(std::string_view line);

    bool quitRequested() const noexcept { return quit_.load(); }  // [any]

private:
    Status set(const std::string& target, const std::string& valueText, std::string& ack);
    Status pushCommand(uint32_t node, uint32_t param, double value);
    Status graphParameter(const std::string& nodeId, const std::string& paramName, double value, std::string& ack);

    PlayEngine& engine_;
    std::function<std::string()> statusLine_;
    std::unique_ptr<GraphFromJson> described_;  // the graph in use (ids and parameter metadata)
    std::atomic<bool> quit_{false};
};

}  // namespace wavegraph::cli
