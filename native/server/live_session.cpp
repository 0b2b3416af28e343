#include "server/live_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include "server/command_json.h"
#include "server/live_commands.h"

namespace wavegraph::server {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;

namespace {
constexpr int kSendBufferBytes = 64 * 1024;
}  // namespace

LiveSession::LiveSession(net::ip::tcp::socket&& socket, ServerShared& shared)  // [control]
    : ws_(std::move(socket)), shared_(shared), closeTimer_(ws_.get_executor()) {
    // A small kernel send buffer, so a client that stops reading fills this session's queue
    // (drops counted, then closed) within seconds instead of megabytes of socket buffers later.
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().set_option(net::socket_base::send_buffer_size(kSendBufferBytes), ignored);
}

void LiveSession::accept(beast::http::request<beast::http::string_body> request) {  // [control] io thread
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, "wavegraph serve"); }));
    ws_.read_message_max(shared_.limits.maxMessageBytes);
    ws_.async_accept(request, beast::bind_front_handler(&LiveSession::onAccept, shared_from_this()));
}

void LiveSession::onAccept(beast::error_code ec) {  // [control] io thread
    if (ec) return finish();
    if (!shared_.hub->add(shared_from_this(), shared_.limits.maxClients)) {
        std::lock_guard<std::mutex> lock(mutex_);
        closing_ = true;
        ws_.async_close(websocket::close_reason(websocket::close_code::try_again_later, "too many clients"),
                        [self = shared_from_this()](beast::error_code) { self->finish(); });
        return;
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        registered_ = true;
        lastWriteDone_ = Clock::now();
    }
    enqueueReply(helloMessage(*shared_.engine, LiveHub::kAnalyserFrames));
    read();
}

void LiveSession::read() {  // [control] io thread
    ws_.async_read(readBuffer_, beast::bind_front_handler(&LiveSession::onRead, shared_from_this()));
}

void LiveSession::onRead(beast::error_code ec, std::size_t) {  // [control] io thread
    if (ec) return finish();  // closed, too big (Beast closes with 1009), or a broken connection
    const std::string text = beast::buffers_to_string(readBuffer_.data());
    readBuffer_.consume(readBuffer_.size());
    const auto now = Clock::now();
    if (now - rateWindowStart_ >= std::chrono::seconds(1)) {
        rateWindowStart_ = now;
        rateWindowCount_ = 0;
    }
    if (++rateWindowCount_ > shared_.limits.maxMessagesPerSecond) {
        LiveMessage message;
        (void)parseLiveMessage(text, message);
        enqueueReply(liveError(message.id,
                               "rate limit: " + std::to_string(shared_.limits.maxMessagesPerSecond) + " messages/s"));
    } else if (!ws_.got_text()) {
        enqueueReply(liveError(nullptr, "binary messages are not accepted (send JSON text)"));
    } else {
        enqueueReply(handleLiveMessage(*shared_.engine, *this, text));
    }
    read();
}

void LiveSession::push(std::shared_ptr<const std::string> message) {  // [control] hub thread, never blocks
    std::lock_guard<std::mutex> lock(mutex_);
    if (closing_ || finished_) return;
    if (pushes_.size() >= shared_.limits.clientQueueMessages) {
        ++droppedTotal_;
        ++droppedUnreported_;
        const std::chrono::duration<double> stalled = Clock::now() - lastWriteDone_;
        if (writing_ && stalled.count() > shared_.limits.slowClientSeconds) {
            closing_ = true;
            net::post(ws_.get_executor(), beast::bind_front_handler(&LiveSession::closeTooSlow, shared_from_this()));
        }
        return;
    }
    pushes_.push_back(std::move(message));
    kickLocked();
}

void LiveSession::enqueueReply(std::string text) {  // [control] io thread
    std::lock_guard<std::mutex> lock(mutex_);
    if (closing_ || finished_) return;
    replies_.push_back(std::make_shared<const std::string>(std::move(text)));
    kickLocked();
}

void LiveSession::kickLocked() {  // [control] under mutex_
    if (writing_) return;
    writing_ = true;
    net::post(ws_.get_executor(), beast::bind_front_handler(&LiveSession::writeNext, shared_from_this()));
}

void LiveSession::writeNext() {  // [control] io thread (the session's strand)
    std::shared_ptr<const std::string> message;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (finished_ || closing_) {
            writing_ = false;
            return;
        }
        if (!replies_.empty()) {
            message = std::move(replies_.front());
            replies_.pop_front();
        } else if (droppedUnreported_ > 0) {
            message = std::make_shared<const std::string>(R"({"type":"dropped","frames":)" +
                                                          std::to_string(droppedUnreported_) + R"(,"total":)" +
                                                          std::to_string(droppedTotal_) + "}");
            droppedUnreported_ = 0;
        } else if (!pushes_.empty()) {
            message = std::move(pushes_.front());
            pushes_.pop_front();
        } else {
            writing_ = false;
            return;
        }
    }
    ws_.text(true);
    ws_.async_write(net::buffer(*message), [self = shared_from_this(), message](beast::error_code ec, size_t) {
        if (ec) return self->finish();
        {
            std::lock_guard<std::mutex> lock(self->mutex_);
            self->lastWriteDone_ = Clock::now();
        }
        self->writeNext();
    });
}

void LiveSession::closeTooSlow() {  // [control] io thread
    ws_.async_close(websocket::close_reason(websocket::close_code::policy_error, "too slow"),
                    [self = shared_from_this()](beast::error_code) { self->finish(); });
    // A client that does not read at all never lets the close frame out: drop the connection.
    closeTimer_.expires_after(std::chrono::seconds(1));
    closeTimer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (ec) return;
        beast::error_code ignored;
        beast::get_lowest_layer(self->ws_).socket().close(ignored);
        self->finish();
    });
}

void LiveSession::finish() {  // [control] io thread
    bool wasRegistered = false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (finished_) return;
        finished_ = true;
        wasRegistered = registered_;
        replies_.clear();
        pushes_.clear();
    }
    if (wasRegistered) shared_.hub->remove(this);
}

}  // namespace wavegraph::server
