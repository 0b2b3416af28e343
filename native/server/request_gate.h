#pragma once
/// \file request_gate.h
/// What `wavegraph serve` answers to one parsed HTTP request (docs/server.md): the Origin rule,
/// the CORS preflight, the token, the WebSocket upgrade of /api/live with the client limit, then
/// the REST routes (api_routes.h); and the answer to a request the parser refused. No network
/// code: http_listener.cpp parses with Beast and carries the answer out (the fuzz target
/// http_request does the same without a socket).

#include <cstdint>
#include <string>
#include <string_view>

#include "server/access_policy.h"
#include "server/api_routes.h"
#include "server/engine_link.h"
#include "server/server_limits.h"

namespace wavegraph::server {

/// The parts of a parsed request that decide the answer.
struct RequestFacts {
    std::string_view method;         ///< "GET", "PUT", … as sent
    std::string_view target;         ///< path and query
    std::string_view origin;         ///< the Origin header ("" when absent)
    std::string_view authorization;  ///< the Authorization header ("" when absent)
    std::string_view body;           ///< the request body
    bool upgrade = false;            ///< a WebSocket upgrade request
};

/// What to send back.
struct RequestAnswer {
    ApiResponse response;     ///< status and JSON body (empty for 204)
    bool upgrade = false;     ///< hand the connection to a LiveSession (response unused)
    bool echoOrigin = false;  ///< send the CORS headers for the request's Origin
    bool close = false;       ///< close the connection after the answer
};

/// Decides the answer to one request; `clients` = WebSocket clients connected now. [control]
RequestAnswer answerRequest(EngineLink& engine, const AccessPolicy& policy, const ServerLimits& limits,
                            uint32_t clients, const RequestFacts& request);

/// Why the HTTP parser refused a request.
enum class RequestRefusal { bodyTooLarge, headerTooLarge, malformed };
/// The answer (413, 431 or 400, then the connection closes); `detail` is the parser's message. [control]
ApiResponse refusedRequestAnswer(RequestRefusal refusal, std::string_view detail, const ServerLimits& limits);

}  // namespace wavegraph::server
