#pragma once
/// \file buffer_files.h
/// The native host's part of a graph description's `buffers` (core/graph/graph_json.h): each
/// `{ "file": "kick.wav" }` entry is decoded with libsndfile (any format it reads, at the file's
/// own sample rate and channel count) and given to the session under the entry's name before
/// the description is loaded. A relative path is taken from the graph file's folder.

#include <filesystem>
#include <string_view>

#include "base/status.h"
#include "session/graph_session.h"

namespace wavegraph::cli {

/// Decodes every `file` entry of the `buffers` object of `graphJson` and gives it to `session`
/// (GraphSession::setBuffer). A description that does not parse is left to the core's checks.
/// Errors name the entry: "buffers.kick: file not found: /abs/kick.wav", "buffers.kick: cannot
/// open '…': <libsndfile's reason>". [control] Allocates, reads files.
Status loadBufferFiles(std::string_view graphJson, const std::filesystem::path& graphFolder, GraphSession& session);

}  // namespace wavegraph::cli
