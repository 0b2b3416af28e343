// What `wavegraph serve` answers to bad requests and messages, without a socket: the request
// decisions (request_gate.h: Origin, token, upgrade, the REST routes) and the live messages
// (live_commands.h) against the server's engine side over a PlayEngine with no device, a block
// rendered by the test where the audio callback would.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/play_controls.h"
#include "host/play_engine.h"
#include "server/engine_link.h"
#include "server/live_client.h"
#include "server/live_commands.h"
#include "server/request_gate.h"
#include "session/reference_graph.h"
#include "session/schema.h"

using namespace wavegraph;
using server::RequestFacts;

namespace {

/// The server's engine side on the pink-noise reference graph, token "s3cret", one extra origin.
struct GateFixture {
    static constexpr uint32_t kFrames = 128;

    explicit GateFixture(uint32_t commandRingCapacity = 256) {
        cli::PlayEngineSetup setup;
        setup.maxBlockFrames = kFrames;
        setup.fanOutCapacityFrames = 4096;
        setup.commandRingCapacity = commandRingCapacity;
        EXPECT_TRUE(engine.prepare(setup, nullptr));
        controls = std::make_unique<cli::PlayControls>(engine.session(), [] { return std::string("status"); });
        ReferenceGraphOptions pink;
        pink.source = ReferenceSource::pinkNoise;
        graph = referenceGraphJson(pink);
        EXPECT_TRUE(controls->loadGraphJson(graph));
        link = std::make_unique<server::EngineLink>(
            engine, *controls, cli::PlayStreamInfo{48000.0, 2, "test", "none", 2.7, kFrames},
            [] { return cli::PlayCounters{}; }, server::EngineLink::Fixed{schemaJson(), "[]", graph});
        server::AccessPolicy::Setup access;
        access.port = 8420;
        access.token = "s3cret";
        access.allowedOrigins = {"https://studio.example:8443"};
        policy = std::make_unique<server::AccessPolicy>(access);
        render();
    }

    server::RequestAnswer ask(std::string_view method, std::string_view target, std::string_view body = "",
                              std::string_view origin = "", std::string_view authorization = "Bearer s3cret",
                              bool upgrade = false, uint32_t clients = 0) {
        RequestFacts facts{method, target, origin, authorization, body, upgrade};
        auto answer = server::answerRequest(*link, *policy, limits, clients, facts);
        render();
        return answer;
    }

    /// One block as the audio callback renders it; returns the largest |sample|.
    float render() {
        std::vector<std::vector<float>> out(2, std::vector<float>(kFrames));
        float* pointers[2] = {out[0].data(), out[1].data()};
        host::CallbackTime time;
        time.streamFrame = frame;
        time.firstOfStream = frame == 0;
        engine.process(nullptr, 0, pointers, 2, kFrames, time);
        frame += kFrames;
        controls->collect();
        float peak = 0;
        for (const auto& channel : out)
            for (float x : channel) peak = std::isfinite(x) ? std::max(peak, std::abs(x)) : INFINITY;
        return peak;
    }

    cli::PlayEngine engine;
    std::unique_ptr<cli::PlayControls> controls;
    std::unique_ptr<server::EngineLink> link;
    std::unique_ptr<server::AccessPolicy> policy;
    server::ServerLimits limits;
    std::string graph;
    uint64_t frame = 0;
};

/// The "error" of a JSON error body; fails the test unless it is one non-empty line.
std::string errorOf(const server::ApiResponse& response) {
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    EXPECT_TRUE(json.is_object() && json.contains("error") && json["error"].is_string()) << response.body;
    if (!json.is_object() || !json.contains("error") || !json["error"].is_string()) return "";
    const std::string error = json["error"];
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    std::printf("  %u %s\n", response.status, error.c_str());
    return error;
}

class CountingClient final : public server::LiveClient {
public:
    void push(std::shared_ptr<const std::string>) override {}
};

}  // namespace

TEST(ServerGate, ForeignOriginsAndBadTokensAreRefusedBeforeAnyRoute) {
    GateFixture f;
    auto foreign = f.ask("POST", "/api/stop", "", "https://evil.example");
    EXPECT_EQ(foreign.response.status, 403u);
    EXPECT_FALSE(foreign.echoOrigin);
    EXPECT_NE(errorOf(foreign.response).find("Origin 'https://evil.example' is not allowed (allowed: "),
              std::string::npos);
    EXPECT_TRUE(f.link->playing());  // the stop did not happen

    auto missing = f.ask("GET", "/api/status", "", "", "");
    EXPECT_EQ(missing.response.status, 401u);
    EXPECT_EQ(errorOf(missing.response), "token missing (send 'Authorization: Bearer TOKEN' or '?token=TOKEN')");
    auto wrong = f.ask("GET", "/api/status?token=s3creT", "", "", "");
    EXPECT_EQ(wrong.response.status, 401u);
    EXPECT_EQ(errorOf(wrong.response), "token wrong");
    EXPECT_EQ(f.ask("GET", "/api/status?token=s3cret", "", "", "").response.status, 200u);

    auto preflight = f.ask("OPTIONS", "/api/params", "", "https://studio.example:8443", "");
    EXPECT_EQ(preflight.response.status, 204u);
    EXPECT_TRUE(preflight.echoOrigin);
    EXPECT_TRUE(preflight.response.body.empty());
}

TEST(ServerGate, UnknownPathsMethodsAndWebSocketTargetsAre404Or405) {
    GateFixture f;
    auto unknown = f.ask("GET", "/api/nothing?x=1");
    EXPECT_EQ(unknown.response.status, 404u);
    EXPECT_EQ(errorOf(unknown.response), "no such path: /api/nothing");
    auto method = f.ask("DELETE", "/api/graph");
    EXPECT_EQ(method.response.status, 405u);
    EXPECT_EQ(errorOf(method.response), "DELETE /api/graph: method not allowed (allowed GET, PUT)");
    auto upgradeElsewhere = f.ask("GET", "/api/status", "", "", "Bearer s3cret", true);
    EXPECT_EQ(upgradeElsewhere.response.status, 404u);
    EXPECT_TRUE(upgradeElsewhere.close);
    EXPECT_FALSE(upgradeElsewhere.upgrade);
    errorOf(upgradeElsewhere.response);
    EXPECT_TRUE(f.ask("GET", "/api/live", "", "", "Bearer s3cret", true).upgrade);
    auto full = f.ask("GET", "/api/live", "", "", "Bearer s3cret", true, f.limits.maxClients);
    EXPECT_EQ(full.response.status, 429u);
    EXPECT_FALSE(full.upgrade);
    EXPECT_EQ(errorOf(full.response), "too many clients: 16 connected (the limit; --max-clients)");
}

TEST(ServerGate, BadJsonBadGraphsAndBadParametersAre400AndTheRunningGraphStays) {
    GateFixture f;
    const std::string before = f.ask("GET", "/api/graph").response.body;
    auto notJson = f.ask("PUT", "/api/graph", "{nodes");
    EXPECT_EQ(notJson.response.status, 400u);
    EXPECT_EQ(errorOf(notJson.response), "the body is not JSON");
    auto badGraph = f.ask("PUT", "/api/graph", R"({"nodes":[{"id":"a","type":"noSuchType"}],"connections":[]})");
    EXPECT_EQ(badGraph.response.status, 400u);
    EXPECT_EQ(errorOf(badGraph.response).rfind("nodes[0].type: 'noSuchType' is not a node type", 0), 0u);
    auto range = f.ask(
        "POST", "/api/params",
        R"({"params":[{"node":"master","param":"gainDb","value":-1},{"node":"eq","param":"band4.gainDb","value":90}]})");
    EXPECT_EQ(range.response.status, 400u);
    EXPECT_EQ(errorOf(range.response).rfind("params[1]: eq.band4.gainDb 90 is out of range", 0), 0u);
    auto huge = f.ask("POST", "/api/params", R"({"params":[{"node":"eq","param":"band4.gainDb","value":1e999}]})");
    EXPECT_EQ(huge.response.status, 400u);
    errorOf(huge.response);
    auto media = f.ask("POST", "/api/play", R"({"media":["../outside.wav"]})");
    EXPECT_EQ(media.response.status, 400u);
    EXPECT_EQ(errorOf(media.response),
              "media[0]: media '../outside.wav': no media folder (start serve with --media DIR)");
    EXPECT_EQ(f.ask("GET", "/api/graph").response.body, before);
    float peak = 0;
    for (int i = 0; i < 8; ++i) peak = std::max(peak, f.render());
    std::printf("peak after the refusals %.4f (the pink-noise graph still plays)\n", double(peak));
    EXPECT_GT(peak, 0.001f);
    EXPECT_TRUE(std::isfinite(peak));
}

TEST(ServerGate, AFullCommandRingIs429AndNothingOfTheBatchIsQueued) {
    GateFixture f(16);
    const std::string one = R"({"node":"master","param":"gainDb","value":-2})";
    std::string batch = R"({"params":[)";
    for (int i = 0; i < 10; ++i) batch += (i ? "," : "") + one;
    batch += "]}";
    RequestFacts facts{"POST", "/api/params", "", "Bearer s3cret", batch, false};
    // No block rendered in between: the audio thread does not drain the ring.
    EXPECT_EQ(server::answerRequest(*f.link, *f.policy, f.limits, 0, facts).response.status, 200u);
    const auto full = server::answerRequest(*f.link, *f.policy, f.limits, 0, facts);
    EXPECT_EQ(full.response.status, 429u);
    EXPECT_EQ(errorOf(full.response), "params[0]: command ring full (10 of 16 commands waiting, 10 sent); try again");
    f.render();
    EXPECT_EQ(f.engine.session().engine().commandsApplied(), 10u);
    EXPECT_EQ(server::answerRequest(*f.link, *f.policy, f.limits, 0, facts).response.status, 200u);
}

TEST(ServerGate, ParserRefusalsAre413431And400) {
    server::ServerLimits limits;
    auto body = server::refusedRequestAnswer(server::RequestRefusal::bodyTooLarge, "body limit exceeded", limits);
    EXPECT_EQ(body.status, 413u);
    EXPECT_EQ(errorOf(body), "request body larger than 1048576 bytes (the limit; --max-body-bytes)");
    auto header = server::refusedRequestAnswer(server::RequestRefusal::headerTooLarge, "header limit exceeded", limits);
    EXPECT_EQ(header.status, 431u);
    EXPECT_EQ(errorOf(header), "request header larger than 16384 bytes");
    auto bad = server::refusedRequestAnswer(server::RequestRefusal::malformed, "bad version", limits);
    EXPECT_EQ(bad.status, 400u);
    EXPECT_EQ(errorOf(bad), "bad HTTP request (bad version)");
}

TEST(ServerGate, ClientBytesThatAreNotUtf8GiveJsonErrorsWithoutThrowing) {
    // Echoed client text: an Origin with a byte that is not UTF-8, a path and an op cut inside a
    // two-byte character. Each answer is a JSON error (the bad byte as U+FFFD), never an exception.
    GateFixture f;
    auto origin = f.ask("GET", "/api/status", "", "http://\xff.example");
    EXPECT_EQ(origin.response.status, 403u);
    EXPECT_NE(errorOf(origin.response).find("http://\xef\xbf\xbd.example"), std::string::npos);
    std::string path = "/api/" + std::string(194, 'a');
    for (int i = 0; i < 4; ++i) path += "\xc3\xa9";  // "é": byte 200 would be its first half
    auto notFound = f.ask("GET", path);
    EXPECT_EQ(notFound.response.status, 404u);
    EXPECT_EQ(errorOf(notFound.response), "no such path: " + path.substr(0, 199));
    auto raw = f.ask("GET", "/api/\xfe\xff");
    EXPECT_EQ(raw.response.status, 404u);
    errorOf(raw.response);
    CountingClient client;
    const std::string op = std::string(63, 'x') + "\xc3\xa9";
    const auto reply =
        nlohmann::json::parse(server::handleLiveMessage(*f.link, client, R"({"id":1,"op":")" + op + "\"}"));
    EXPECT_EQ(reply["error"], "op: unknown '" + std::string(63, 'x') +
                                  "' (allowed setParam, loadGraph, subscribe, stats, parameters, status)");
}

TEST(ServerLive, BadMessagesGetErrorRepliesWithTheirIdAndTheSessionGoesOn) {
    GateFixture f;
    CountingClient client;
    const char* bad[] = {"not json",
                         "[1,2]",
                         R"({"id":2})",
                         R"({"id":3,"op":"fly"})",
                         R"({"id":4,"op":"setParam","node":"eq","param":"band4.gainDb","value":90})",
                         R"({"id":5,"op":"setParam","node":"nope","param":"gainDb","value":1})",
                         R"({"id":6,"op":"loadGraph","graph":{"nodes":[{"id":"a","type":"noSuchType"}]}})",
                         R"({"id":7,"op":"loadGraph"})",
                         R"({"id":8,"op":"subscribe","meters":1})"};
    int index = 0;
    for (const char* message : bad) {
        const auto reply = nlohmann::json::parse(server::handleLiveMessage(*f.link, client, message));
        std::printf("  %s -> %s\n", message, reply.dump().c_str());
        EXPECT_EQ(reply["ok"], false);
        ASSERT_TRUE(reply["error"].is_string());
        EXPECT_EQ(reply["error"].get<std::string>().find('\n'), std::string::npos);
        if (index >= 2) EXPECT_EQ(reply["id"], index) << message;  // messages 2… carry "id": index
        ++index;
        EXPECT_TRUE(std::isfinite(f.render()));
    }
    EXPECT_TRUE(client.wants(server::PushKind::meters));  // the refused subscribe changed nothing
    const auto ok = nlohmann::json::parse(server::handleLiveMessage(
        *f.link, client, R"({"id":9,"op":"setParam","node":"master","param":"gainDb","value":-6})"));
    EXPECT_EQ(ok["ok"], true);
    EXPECT_EQ(ok["id"], 9);
}
