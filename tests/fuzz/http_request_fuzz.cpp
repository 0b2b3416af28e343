// libFuzzer target: bytes as what a client sends `wavegraph serve` on one connection: HTTP/1.1
// requests (pipelined while keep-alive), each parsed by Beast's request parser with the
// server's limits and answered by the server's own decision code (request_gate.h: Origin,
// token, upgrade, the REST routes of api_routes.h, command_json.h) against its engine side
// (server_fixture.h), a block rendered after each. The parser's refusals map as in
// http_listener.cpp (body limit 413, header limit 431, a truncated request ends the
// connection unanswered, anything else 400). Findings: sanitizer reports, an exception, a
// status outside the documented set, a non-2xx answer that is not {"error": one line}, a 2xx
// body that is not JSON, an upgrade of another path, non-finite output.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "server/request_gate.h"
#include "server_fixture.h"

using namespace wavegraph;
namespace http = boost::beast::http;

namespace {

void requireAnswer(const server::ApiResponse& response, const char* where) {
    switch (response.status) {
        case 200: {
            if (nlohmann::json::parse(response.body, nullptr, false).is_discarded()) {
                std::fprintf(stderr, "%s: 200 with a body that is not JSON: [%s]\n", where, response.body.c_str());
                std::abort();
            }
            return;
        }
        case 204:
            if (!response.body.empty()) std::abort();
            return;
        case 400:
        case 401:
        case 403:
        case 404:
        case 405:
        case 413:
        case 429:
        case 431: fuzz::requireErrorObject(response.body, where); return;
        default:
            std::fprintf(stderr, "%s: status %u is not one of the documented ones\n", where, response.status);
            std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto& fixture = fuzz::ServerFixture::get();
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    for (int requests = 0; !rest.empty() && requests < 16; ++requests) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(fixture.limits().maxBodyBytes);
        parser.header_limit(static_cast<uint32_t>(fixture.limits().maxHeaderBytes));
        parser.eager(true);
        boost::beast::error_code ec;
        while (!parser.is_done()) {
            const size_t used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
            rest.remove_prefix(used);
            if (ec != http::error::need_more) break;
            ec = {};
            if (used == 0) {  // an incomplete rest: the client closes the connection here
                parser.put_eof(ec);
                break;
            }
        }
        if (ec == http::error::partial_message || ec == http::error::end_of_stream) return 0;  // ended unanswered
        if (ec) {
            const auto refusal = ec == http::error::body_limit     ? server::RequestRefusal::bodyTooLarge
                                 : ec == http::error::header_limit ? server::RequestRefusal::headerTooLarge
                                                                   : server::RequestRefusal::malformed;
            const auto response = server::refusedRequestAnswer(refusal, ec.message(), fixture.limits());
            requireAnswer(response, "refused request");
            if (response.status < 400) std::abort();
            return 0;  // the connection closes
        }
        const auto& request = parser.get();
        const std::string origin(request[http::field::origin]);
        const auto authorization = request[http::field::authorization];
        server::RequestFacts facts;
        facts.method = std::string_view(request.method_string().data(), request.method_string().size());
        facts.target = std::string_view(request.target().data(), request.target().size());
        facts.origin = origin;
        facts.authorization = std::string_view(authorization.data(), authorization.size());
        facts.body = request.body();
        facts.upgrade = boost::beast::websocket::is_upgrade(request);
        const auto answer = server::answerRequest(fixture.link(), fixture.policy(), fixture.limits(),
                                                  static_cast<uint32_t>(requests), facts);
        fixture.renderBlock();
        if (answer.upgrade) {
            if (facts.target.substr(0, facts.target.find('?')) != "/api/live" || !facts.upgrade) {
                std::fprintf(stderr, "upgrade of [%.*s]\n", int(facts.target.size()), facts.target.data());
                std::abort();
            }
            return 0;  // the connection is the live session's now (fuzzed by live_message)
        }
        requireAnswer(answer.response, "answer");
        if (answer.close || !request.keep_alive()) return 0;
    }
    return 0;
}
