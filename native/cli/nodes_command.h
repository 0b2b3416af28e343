#pragma once
/// \file nodes_command.h
/// `wavegraph nodes [--plugin PATH.so]... [--json]`: every node type of the graph description
/// (built in, plus the processor types of each --plugin) with its ports and parameters (name,
/// unit, range, default, smoothed), read from the nodes themselves.

#include <string>
#include <vector>

namespace wavegraph::cli {

/// Prints the list to stdout; `json` prints one JSON document instead of text. Returns kExitOk,
/// or kExitBadInput with one line on stderr when a plugin cannot be loaded. [control]
int runNodes(bool json, const std::vector<std::string>& pluginPaths);

}  // namespace wavegraph::cli
