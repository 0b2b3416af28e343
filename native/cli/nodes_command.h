#pragma once
/// \file nodes_command.h
/// `wavegraph nodes`: every node type of the graph description with its ports and parameters
/// (name, unit, range, default, smoothed), read from the nodes themselves.

namespace wavegraph::cli {

/// Prints the list to stdout; `json` prints one JSON document instead of text. Returns 0. [control]
int runNodes(bool json);

}  // namespace wavegraph::cli
