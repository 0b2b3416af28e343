#pragma once
/// \file http_listener.h
/// The network side of `wavegraph serve`: a TCP acceptor and the io_context threads that run
/// every HTTP session (request parsing with the body limit, the access rules, the REST routes)
/// and every WebSocket session of /api/live (live_session.h). Boost.Beast stays inside
/// http_listener.cpp and live_session.cpp.

#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"
#include "server/access_policy.h"
#include "server/engine_link.h"
#include "server/live_hub.h"
#include "server/server_limits.h"

namespace wavegraph::server {

class HttpListener {
public:
    HttpListener();
    ~HttpListener();
    /// Binds and listens (port 0: the system picks one). Errors: "--bind x: not an IP address",
    /// "port 8420 on 127.0.0.1 is in use (…)". [control]
    Status open(const std::string& bind, uint16_t port);
    /// The port listened on (after open). [any]
    uint16_t port() const noexcept;
    /// Starts accepting on `threads` io_context threads; the references must outlive stop(). [control]
    void start(EngineLink& engine, LiveHub& hub, const AccessPolicy& policy, const ServerLimits& limits,
               unsigned threads = 2);
    /// Stops accepting, closes every session, joins the threads. [control]
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wavegraph::server
