#pragma once
/// \file command_json.h
/// Reading the JSON the clients send (docs/server.md): parameter commands (REST batch and
/// WebSocket setParam) and the envelope of a WebSocket message. Only shapes and types are
/// checked here; ranges are the session's (PlayControls). Errors start with the JSON path.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "cli/play_controls.h"

namespace wavegraph::server {

/// One parameter command object: "node" (JSON id or numeric id), "param" (name or numeric id),
/// "value" (finite number), optional "atFrame" (whole number ≥ 0), optional "rampMs" (number
/// ≥ 0; accepted, the engine's own ramp applies). `path` prefixes messages ("params[1]"). [control]
Status parseParameterCommand(const nlohmann::json& object, const std::string& path, cli::ParameterCommand& out);

/// POST /api/params's body {"params":[…]} (1…1024 commands). [control]
Status parseParameterBatch(const nlohmann::json& body, std::vector<cli::ParameterCommand>& out);

/// A WebSocket message: a JSON object with "op" (string) and an optional numeric "id".
struct LiveMessage {
    nlohmann::json json;  ///< the whole object
    nlohmann::json id;    ///< "id" when it is a number, else null
    std::string op;       ///< "setParam", "loadGraph", "subscribe", "stats", "parameters", "status"
};
/// Parses a message; errors: "not JSON (…)", "not an object", "op: missing", "op: unknown 'x' (allowed …)". `out.id`
/// is filled when it could be read, also on an error. [control]
Status parseLiveMessage(std::string_view text, LiveMessage& out);

/// The allowed ops, for messages. [any]
inline constexpr const char* kLiveOps = "setParam, loadGraph, subscribe, stats, parameters, status";

}  // namespace wavegraph::server
