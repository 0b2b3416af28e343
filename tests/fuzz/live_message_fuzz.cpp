// libFuzzer target: bytes as the WebSocket text messages of one /api/live client, one per line
// (at most 64), each executed by the server's handleLiveMessage (live_commands.h,
// command_json.h: setParam, loadGraph, subscribe, stats, parameters, status) against its
// engine side (server_fixture.h), a block rendered after each; the client's hello first.
// Findings: sanitizer reports, an exception, a reply that is not a JSON object with a boolean
// "ok", a refusal whose "error" is not one line, a numeric "id" not echoed, a subscription
// that did not take, non-finite output.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "server/live_client.h"
#include "server/live_commands.h"
#include "server_fixture.h"

using namespace wavegraph;

namespace {

class CountingClient final : public server::LiveClient {
public:
    void push(std::shared_ptr<const std::string>) override { ++pushes; }
    unsigned pushes = 0;
};

[[noreturn]] void fail(const char* what, std::string_view message, const std::string& reply) {
    std::fprintf(stderr, "%s\n  message [%.*s]\n  reply   [%s]\n", what, int(message.size()), message.data(),
                 reply.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto& fixture = fuzz::ServerFixture::get();
    CountingClient client;
    const std::string hello = server::helloMessage(fixture.link(), 2048);
    if (!nlohmann::json::parse(hello, nullptr, false).is_object()) fail("hello is not a JSON object", "", hello);
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    size_t at = 0;
    for (int messages = 0; at <= text.size() && messages < 64; ++messages) {
        const size_t end = std::min(text.find('\n', at), text.size());
        const std::string_view message = text.substr(at, end - at);
        at = end + 1;
        const std::string reply = server::handleLiveMessage(fixture.link(), client, message);
        fixture.renderBlock();
        const auto json = nlohmann::json::parse(reply, nullptr, false);
        if (!json.is_object() || !json.contains("ok") || !json["ok"].is_boolean())
            fail("reply is not an object with a boolean ok", message, reply);
        if (!json["ok"].get<bool>()) fuzz::requireErrorObject(reply, "live reply");
        const auto sent = nlohmann::json::parse(message, nullptr, false);
        if (!sent.is_object()) continue;
        if (const auto id = sent.find("id");
            id != sent.end() && id->is_number() && json.value("id", nlohmann::json()) != *id)
            fail("numeric id not echoed", message, reply);
        if (json["ok"].get<bool>() && sent.value("op", "") == "subscribe")
            for (const auto& [name, kind] :
                 {std::pair{"meters", server::PushKind::meters}, std::pair{"analyser", server::PushKind::analyser},
                  std::pair{"position", server::PushKind::position}, std::pair{"events", server::PushKind::event}})
                if (const auto flag = sent.find(name); flag != sent.end() && client.wants(kind) != flag->get<bool>())
                    fail("subscription did not take", message, reply);
    }
    return 0;
}
