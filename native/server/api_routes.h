#pragma once
/// \file api_routes.h
/// The REST endpoints of `wavegraph serve` (docs/server.md): a request (method, path, body) in,
/// a status code and a JSON body out. No network code: http_listener.cpp parses the request,
/// applies the access rules and the body limit, and writes the answer.

#include <string>
#include <string_view>

#include "server/access_policy.h"
#include "server/engine_link.h"

namespace wavegraph::server {

struct ApiResponse {
    unsigned status = 200;  ///< HTTP status code
    std::string body;       ///< JSON text
};

/// {"error": message} with `status`. [any]
ApiResponse apiError(unsigned status, const std::string& message);

/// Routes one request; `path` without the query. [control]
ApiResponse handleApiRequest(EngineLink& engine, const AccessPolicy& policy, std::string_view method,
                             std::string_view path, std::string_view body);

}  // namespace wavegraph::server
