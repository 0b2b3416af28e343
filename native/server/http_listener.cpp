#include "server/http_listener.h"

#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include "server/api_routes.h"
#include "server/live_session.h"
#include "server/request_gate.h"

namespace wavegraph::server {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
constexpr auto kRequestTimeout = std::chrono::seconds(30);

/// One HTTP connection: reads requests (keep-alive), answers them, or hands the connection
/// to a LiveSession on a WebSocket upgrade of /api/live.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(tcp::socket&& socket, ServerShared& shared) : stream_(std::move(socket)), shared_(shared) {}

    void run() {  // [control] io thread
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::read, shared_from_this()));
    }

private:
    void read() {  // [control] io thread
        parser_.emplace();
        parser_->body_limit(shared_.limits.maxBodyBytes);
        parser_->header_limit(static_cast<uint32_t>(shared_.limits.maxHeaderBytes));
        stream_.expires_after(kRequestTimeout);
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&HttpSession::onRead, shared_from_this()));
    }

    void onRead(beast::error_code ec, size_t) {  // [control] io thread
        if (ec == http::error::end_of_stream) return shutdown();
        if (ec == http::error::body_limit) return refuse(RequestRefusal::bodyTooLarge, ec);
        if (ec == http::error::header_limit) return refuse(RequestRefusal::headerTooLarge, ec);
        if (ec) {
            if (ec != beast::error::timeout && ec != net::error::operation_aborted &&
                ec != net::error::connection_reset && ec != http::error::partial_message)
                return refuse(RequestRefusal::malformed, ec);
            return shutdown();
        }
        auto& request = parser_->get();
        const std::string origin(request[http::field::origin]);
        const auto authorization = request[http::field::authorization];
        RequestFacts facts;
        facts.method = std::string_view(request.method_string().data(), request.method_string().size());
        facts.target = std::string_view(request.target().data(), request.target().size());
        facts.origin = origin;
        facts.authorization = std::string_view(authorization.data(), authorization.size());
        facts.body = request.body();
        facts.upgrade = websocket::is_upgrade(request);
        const bool keepAlive = request.keep_alive();
        RequestAnswer decided =
            answerRequest(*shared_.engine, *shared_.policy, shared_.limits, shared_.hub->clients(), facts);
        if (decided.upgrade) {
            stream_.expires_never();
            std::make_shared<LiveSession>(stream_.release_socket(), shared_)->accept(parser_->release());
            return;
        }
        answer(decided.response.status, std::move(decided.response.body), keepAlive && !decided.close,
               decided.echoOrigin ? origin : std::string());
    }

    void refuse(RequestRefusal refusal, beast::error_code ec) {  // [control] io thread
        const ApiResponse response = refusedRequestAnswer(refusal, ec.message(), shared_.limits);
        answer(response.status, response.body, false, "");
    }

    void answer(unsigned status, std::string body, bool keepAlive, const std::string& origin) {  // [control] io thread
        auto response = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), 11);
        response->set(http::field::server, "wavegraph serve");
        if (!body.empty()) response->set(http::field::content_type, "application/json");
        response->set(http::field::cache_control, "no-store");
        if (!origin.empty()) {
            response->set(http::field::access_control_allow_origin, origin);
            response->set(http::field::vary, "Origin");
            response->set(http::field::access_control_allow_headers, "Authorization, Content-Type");
            response->set(http::field::access_control_allow_methods, "GET, PUT, POST, OPTIONS");
        }
        if (status == 401) response->set(http::field::www_authenticate, "Bearer");
        response->keep_alive(keepAlive);
        response->body() = std::move(body);
        response->prepare_payload();
        http::async_write(stream_, *response,
                          [self = shared_from_this(), response, keepAlive](beast::error_code ec, size_t) {
                              if (ec || !keepAlive) return self->shutdown();
                              self->read();
                          });
    }

    void shutdown() {  // [control] io thread
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    ServerShared& shared_;
    std::optional<http::request_parser<http::string_body>> parser_;
};
}  // namespace

struct HttpListener::Impl {
    net::io_context context;
    tcp::acceptor acceptor{context};
    std::vector<std::thread> threads;
    ServerShared shared;
    uint16_t port = 0;

    void accept() {  // [control] io thread
        acceptor.async_accept(net::make_strand(context), [this](beast::error_code ec, tcp::socket socket) {
            if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
            if (!ec) std::make_shared<HttpSession>(std::move(socket), shared)->run();
            accept();
        });
    }
};

HttpListener::HttpListener() : impl_(std::make_unique<Impl>()) {}  // [control]
HttpListener::~HttpListener() { stop(); }                          // [control]

Status HttpListener::open(const std::string& bind, uint16_t port) {  // [control]
    beast::error_code ec;
    std::string host = bind;
    if (host == "localhost") host = "127.0.0.1";
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const auto address = net::ip::make_address(host, ec);
    if (ec) return Status::error("--bind " + bind + ": not an IP address (e.g. 127.0.0.1, ::1, 0.0.0.0)");
    const tcp::endpoint endpoint(address, port);
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (ec) {
        const std::string where = "port " + std::to_string(port) + " on " + bind;
        return Status::error(ec == net::error::address_in_use ? where +
                                                                    " is in use (choose another with --port, or "
                                                                    "--port 0 for a free one)"
                                                              : where + ": cannot listen (" + ec.message() + ")");
    }
    acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
        return Status::error("port " + std::to_string(port) + " on " + bind + ": cannot listen (" + ec.message() + ")");
    impl_->port = acceptor.local_endpoint().port();
    return Status::ok();
}

uint16_t HttpListener::port() const noexcept { return impl_->port; }  // [any]

void HttpListener::start(EngineLink& engine, LiveHub& hub, const AccessPolicy& policy, const ServerLimits& limits,
                         unsigned threads) {  // [control]
    impl_->shared.engine = &engine;
    impl_->shared.hub = &hub;
    impl_->shared.policy = &policy;
    impl_->shared.limits = limits;
    impl_->accept();
    for (unsigned i = 0; i < std::max(threads, 1u); ++i) impl_->threads.emplace_back([this] { impl_->context.run(); });
}

void HttpListener::stop() {  // [control]
    if (!impl_) return;
    net::post(impl_->context, [this] {
        beast::error_code ignored;
        impl_->acceptor.close(ignored);
    });
    impl_->context.stop();
    for (auto& t : impl_->threads)
        if (t.joinable()) t.join();
    impl_->threads.clear();
}

}  // namespace wavegraph::server
