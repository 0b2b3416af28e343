#include "server/request_gate.h"

#include "server/utf8_prefix.h"

namespace wavegraph::server {

RequestAnswer answerRequest(EngineLink& engine, const AccessPolicy& policy, const ServerLimits& limits,
                            uint32_t clients, const RequestFacts& request) {  // [control]
    RequestAnswer out;
    if (!policy.originAllowed(request.origin)) {
        out.response = apiError(403, "Origin '" + std::string(utf8Prefix(request.origin, 200)) +
                                         "' is not allowed (allowed: " + policy.allowedOriginsText() +
                                         "; --allow-origin adds one)");
        return out;
    }
    out.echoOrigin = true;
    if (request.method == "OPTIONS") {
        out.response = {204, ""};
        return out;
    }
    if (auto status = policy.checkToken(request.authorization, request.target); !status) {
        out.response = apiError(401, status.message());
        return out;
    }
    const std::string_view path = request.target.substr(0, request.target.find('?'));
    if (request.upgrade) {
        out.close = true;
        if (path != "/api/live")
            out.response =
                apiError(404, "no WebSocket at " + std::string(utf8Prefix(path, 200)) + " (allowed /api/live)");
        else if (clients >= limits.maxClients)
            out.response = apiError(429, "too many clients: " + std::to_string(limits.maxClients) +
                                             " connected (the limit; --max-clients)");
        else
            out.upgrade = true, out.close = false;
        return out;
    }
    out.response = handleApiRequest(engine, policy, request.method, path, request.body);
    return out;
}

ApiResponse refusedRequestAnswer(RequestRefusal refusal, std::string_view detail,
                                 const ServerLimits& limits) {  // [control]
    switch (refusal) {
        case RequestRefusal::bodyTooLarge:
            return apiError(413, "request body larger than " + std::to_string(limits.maxBodyBytes) +
                                     " bytes (the limit; --max-body-bytes)");
        case RequestRefusal::headerTooLarge:
            return apiError(431, "request header larger than " + std::to_string(limits.maxHeaderBytes) + " bytes");
        case RequestRefusal::malformed: break;
    }
    return apiError(400, "bad HTTP request (" + std::string(utf8Prefix(detail, 200)) + ")");
}

}  // namespace wavegraph::server
