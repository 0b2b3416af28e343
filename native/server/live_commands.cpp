#include "server/live_commands.h"

#include "server/command_json.h"

namespace wavegraph::server {

namespace {
nlohmann::ordered_json reply(const nlohmann::json& id) {  // [control]
    nlohmann::ordered_json out;
    if (!id.is_null()) out["id"] = id;
    out["ok"] = true;
    return out;
}
}  // namespace

std::string liveError(const nlohmann::json& id, const std::string& message) {  // [any]
    nlohmann::ordered_json out;
    if (!id.is_null()) out["id"] = id;
    out["ok"] = false;
    out["error"] = message;
    return out.dump(-1, ' ', false,
                    nlohmann::json::error_handler_t::replace);  // never throws on bytes that are not UTF-8
}

std::string helloMessage(EngineLink& engine, uint32_t analyserFrames) {  // [control]
    nlohmann::ordered_json hello;
    hello["type"] = "hello";
    hello["sampleRateHz"] = engine.info().sampleRateHz;
    hello["channels"] = engine.info().channels;
    hello["renderQuantumFrames"] = 128;
    hello["analyserFrames"] = analyserFrames;
    hello["positionFrames"] = engine.positionFrames();
    hello["state"] = engine.playing() ? "playing" : "stopped";
    hello["nodes"] = engine.parameters();
    auto graph = nlohmann::json::parse(engine.graphJson(), nullptr, false);
    hello["graph"] = graph.is_discarded() ? nlohmann::json(nullptr) : graph;
    return hello.dump();
}

std::string handleLiveMessage(EngineLink& engine, LiveClient& client, std::string_view text) {  // [control]
    LiveMessage message;
    if (auto status = parseLiveMessage(text, message); !status) return liveError(message.id, status.message());
    const nlohmann::json& j = message.json;
    if (message.op == "setParam") {
        cli::ParameterCommand command;
        if (auto status = parseParameterCommand(j, "", command); !status)
            return liveError(message.id, status.message());
        size_t failed = 0;
        if (auto status = engine.setParameters({command}, failed); !status)
            return liveError(message.id, status.message());
        return reply(message.id).dump();
    }
    if (message.op == "loadGraph") {
        const auto graph = j.find("graph");
        if (graph == j.end() || !(graph->is_object() || graph->is_string()))
            return liveError(message.id, "graph: missing or not a JSON object");
        if (auto status = engine.loadGraph(*graph); !status) return liveError(message.id, "graph." + status.message());
        auto out = reply(message.id);
        out["nodes"] = engine.parameters();
        return out.dump();
    }
    if (message.op == "subscribe") {
        static constexpr std::pair<const char*, PushKind> kKinds[] = {{"meters", PushKind::meters},
                                                                      {"analyser", PushKind::analyser},
                                                                      {"position", PushKind::position},
                                                                      {"events", PushKind::event}};
        for (const auto& [name, kind] : kKinds) {
            const auto flag = j.find(name);
            if (flag == j.end()) continue;
            if (!flag->is_boolean())
                return liveError(message.id, std::string(name) + ": " + flag->dump() + " is not true or false");
        }
        for (const auto& [name, kind] : kKinds)
            if (const auto flag = j.find(name); flag != j.end()) client.subscribe(kind, flag->get<bool>());
        return reply(message.id).dump();
    }
    if (message.op == "stats") {
        auto out = reply(message.id);
        out["stats"] = engine.stats();
        return out.dump();
    }
    if (message.op == "parameters") {
        auto out = reply(message.id);
        out["nodes"] = engine.parameters();
        return out.dump();
    }
    // status
    auto out = reply(message.id);
    out["status"] = engine.status();
    return out.dump();
}

}  // namespace wavegraph::server
