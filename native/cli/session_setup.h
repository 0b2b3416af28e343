#pragma once
/// \file session_setup.h
/// How every command sets up its HostSession the same way: the node types (built in, plus those
/// of every --plugin), the graph (--graph FILE, else the reference graph), the --eq / --gain-db
/// starting values and, for `track`, the track feeding the graph's input.

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/parameter_options.h"
#include "graph/node_registry.h"
#include "session/host_session.h"

namespace wavegraph::cli {

/// Reads a whole text file; "PATH: cannot open the file (reason)" when it cannot. [control]
Status readTextFile(const std::string& path, std::string& text);

/// The built-in node types plus the processor types of every plugin in `pluginPaths`, loaded in
/// order (host/plugin_library.h). The message is the whole line, e.g. "plugin x.so: no such
/// file". [control] Allocates, loads shared libraries.
Status makeNodeRegistry(const std::vector<std::string>& pluginPaths, NodeRegistry& registry);

struct SessionSetup {
    std::optional<std::string> graphPath;  ///< --graph; unset: the reference graph
    ParameterOptions parameters;           ///< --eq, --gain-db
    bool pinkNoiseSource = false;          ///< reference graph only: pink noise instead of the input
    std::optional<std::string> trackPath;  ///< a track that feeds the graph's input
};

/// Loads the graph, sets the starting values and loads the track into a prepared session.
/// The message is the whole line: "--graph g.json: nodes[1].type: …", "--eq 4=50:
/// eq.band4.gainDb 50 is out of range (-40…40 dB)", "t.json: steps[0].duration: …". [control]
Status setUpSession(HostSession& session, const SessionSetup& setup);

/// Reads and checks a track file; the message starts with the path. [control]
Status readTrackFile(const std::string& path, std::string& text);

}  // namespace wavegraph::cli
