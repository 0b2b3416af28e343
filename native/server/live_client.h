#pragma once
/// \file live_client.h
/// One WebSocket client as the live hub sees it: something that takes pushes without ever
/// blocking the caller (a bounded queue that drops and counts when full), with the kinds of
/// pushes it subscribed to.

#include <atomic>
#include <memory>
#include <string>

namespace wavegraph::server {

/// What a push carries (the "type" of the message).
enum class PushKind : unsigned { meters = 0, analyser = 1, position = 2, event = 3 };
inline constexpr unsigned kPushKinds = 4;

class LiveClient {
public:
    virtual ~LiveClient() = default;
    /// Queues a message for this client; when its queue is full the message is dropped and
    /// counted (the client is told with a "dropped" message once it catches up). [control] Never blocks.
    virtual void push(std::shared_ptr<const std::string> message) = 0;

    /// Subscribed to `kind`? (all on by default) [any]
    bool wants(PushKind kind) const noexcept {
        return subscribed_[static_cast<unsigned>(kind)].load(std::memory_order_relaxed);
    }
    /// Subscribes or unsubscribes. [any]
    void subscribe(PushKind kind, bool on) noexcept {
        subscribed_[static_cast<unsigned>(kind)].store(on, std::memory_order_relaxed);
    }

private:
    std::atomic<bool> subscribed_[kPushKinds] = {true, true, true, true};
};

}  // namespace wavegraph::server
