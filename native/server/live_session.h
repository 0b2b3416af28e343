#pragma once
/// \file live_session.h
/// One WebSocket client of /api/live (docs/server.md): reads its messages (size limit, rate
/// limit, live_commands.h), and writes the replies and the hub's pushes from a bounded queue.
/// push() never blocks: a full queue drops the push and counts it; the client is told how many
/// were dropped once it catches up, and a client whose writes stall longer than
/// ServerLimits::slowClientSeconds is closed (1008 "too slow"). Beast-based: included only by
/// http_listener.cpp and live_session.cpp.

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "server/access_policy.h"
#include "server/engine_link.h"
#include "server/live_client.h"
#include "server/live_hub.h"
#include "server/server_limits.h"

namespace wavegraph::server {

/// What every session shares (owned by the listener).
struct ServerShared {
    EngineLink* engine = nullptr;
    LiveHub* hub = nullptr;
    const AccessPolicy* policy = nullptr;
    ServerLimits limits;
};

class LiveSession final : public LiveClient, public std::enable_shared_from_this<LiveSession> {
public:
    LiveSession(boost::asio::ip::tcp::socket&& socket, ServerShared& shared);
    /// Completes the upgrade of `request`, then sends hello and reads. [control] io thread
    void accept(boost::beast::http::request<boost::beast::http::string_body> request);
    void push(std::shared_ptr<const std::string> message) override;  // [control] any thread, never blocks

private:
    using Clock = std::chrono::steady_clock;
    void onAccept(boost::beast::error_code ec);
    void read();
    void onRead(boost::beast::error_code ec, std::size_t bytes);
    void enqueueReply(std::string text);
    void kickLocked();  // under mutex_
    void writeNext();
    void closeTooSlow();
    void finish();

    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    ServerShared& shared_;
    boost::beast::flat_buffer readBuffer_;
    boost::asio::steady_timer closeTimer_;
    // rate limit (io thread only)
    Clock::time_point rateWindowStart_{};
    uint32_t rateWindowCount_ = 0;

    std::mutex mutex_;  // everything below
    std::deque<std::shared_ptr<const std::string>> replies_, pushes_;
    bool writing_ = false, closing_ = false, finished_ = false, registered_ = false;
    uint64_t droppedTotal_ = 0, droppedUnreported_ = 0;
    Clock::time_point lastWriteDone_ = Clock::now();
};

}  // namespace wavegraph::server
