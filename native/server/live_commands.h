#pragma once
/// \file live_commands.h
/// What a WebSocket client's messages do (docs/server.md, "WebSocket"): each message is one
/// JSON object with an "op"; the reply echoes its "id". Bad input gives an error reply, never
/// an exception or a closed connection.

#include <string>
#include <string_view>

#include "server/engine_link.h"
#include "server/live_client.h"

namespace wavegraph::server {

/// The first message to a client: rate, channels, render quantum, analyser frames, the
/// nodes (parameters()) and the graph. [control]
std::string helloMessage(EngineLink& engine, uint32_t analyserFrames);

/// Executes one message from `client`; returns the reply (JSON text). [control]
std::string handleLiveMessage(EngineLink& engine, LiveClient& client, std::string_view text);

/// {"id":…,"ok":false,"error":message} (id null when unknown). [any]
std::string liveError(const nlohmann::json& id, const std::string& message);

}  // namespace wavegraph::server
