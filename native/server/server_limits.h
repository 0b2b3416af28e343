#pragma once
/// \file server_limits.h
/// The limits of `wavegraph serve` (docs/server.md, "Limits"), set by its options.

#include <cstddef>
#include <cstdint>

namespace wavegraph::server {

struct ServerLimits {
    size_t maxBodyBytes = size_t{1} << 20;      ///< HTTP request body (413 above)
    size_t maxHeaderBytes = size_t{16} << 10;   ///< HTTP request header (431 above)
    size_t maxMessageBytes = size_t{64} << 10;  ///< WebSocket message (close 1009 above)
    uint32_t maxClients = 16;                   ///< WebSocket clients at once (429 above)
    uint32_t maxMessagesPerSecond = 500;        ///< per client; further messages answered "rate limit"
    size_t clientQueueMessages = 64;            ///< pushes waiting per client (~0.9 s); more are dropped and counted
    double slowClientSeconds = 5.0;             ///< a client whose writes stall this long is closed
};

}  // namespace wavegraph::server
