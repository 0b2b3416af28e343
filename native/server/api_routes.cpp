#include "server/api_routes.h"

#include <nlohmann/json.hpp>

#include "server/command_json.h"
#include "server/utf8_prefix.h"

namespace wavegraph::server {

namespace {
const ApiResponse kOk{200, R"({"ok":true})"};

struct Route {
    std::string_view path;
    std::string_view method;
};
constexpr Route kRoutes[] = {{"/api/status", "GET"}, {"/api/devices", "GET"}, {"/api/nodes", "GET"},
                             {"/api/graph", "GET"},  {"/api/graph", "PUT"},   {"/api/params", "POST"},
                             {"/api/play", "POST"},  {"/api/stop", "POST"},   {"/api/live", "GET"}};

ApiResponse parseBody(std::string_view body, nlohmann::json& out) {  // [control]
    out = nlohmann::json::parse(body, nullptr, false);
    if (out.is_discarded()) return apiError(400, "the body is not JSON");
    return {};
}

ApiResponse putGraph(EngineLink& engine, const nlohmann::json& graph) {  // [control]
    if (!graph.is_object()) return apiError(400, "the graph is not a JSON object");
    if (auto status = engine.loadGraph(graph); !status) return apiError(400, status.message());
    return kOk;
}

ApiResponse postParams(EngineLink& engine, const nlohmann::json& body) {  // [control]
    std::vector<cli::ParameterCommand> commands;
    if (auto status = parseParameterBatch(body, commands); !status) return apiError(400, status.message());
    size_t failed = 0;
    if (auto status = engine.setParameters(commands, failed); !status)
        return apiError(status.message().rfind("command ring full", 0) == 0 ? 429 : 400,
                        "params[" + std::to_string(failed) + "]: " + status.message());
    return {200, nlohmann::ordered_json{{"ok", true}, {"applied", commands.size()}}.dump()};
}

ApiResponse postPlay(EngineLink& engine, const AccessPolicy& policy, const nlohmann::json& body) {  // [control]
    if (!body.is_null() && !body.is_object()) return apiError(400, "the body is not a JSON object");
    if (body.is_object()) {
        if (const auto track = body.find("track"); track != body.end()) {
            if (!track->is_object()) return apiError(400, "track: not a JSON object (a track, docs/tracks.md)");
            if (auto status = engine.playTrack(track->dump()); !status)
                return apiError(400, "track." + status.message());
            return kOk;
        }
        if (const auto media = body.find("media"); media != body.end()) {
            if (!media->is_array() || media->empty())
                return apiError(400, "media: not a non-empty array of names under --media");
            std::vector<std::filesystem::path> paths;
            std::vector<std::string> names;
            for (size_t i = 0; i < media->size(); ++i) {
                const auto& name = (*media)[i];
                if (!name.is_string()) return apiError(400, "media[" + std::to_string(i) + "]: not a string");
                std::filesystem::path path;
                if (auto status = policy.resolveMedia(name.get<std::string>(), path); !status)
                    return apiError(400, "media[" + std::to_string(i) + "]: " + status.message());
                paths.push_back(path);
                names.push_back(name.get<std::string>());
            }
            if (auto status = engine.playMedia(paths, names); !status) return apiError(400, status.message());
            return kOk;
        }
        if (const auto graph = body.find("graph"); graph != body.end()) {
            if (!graph->is_object()) return apiError(400, "graph: not a JSON object");
            if (auto status = engine.loadGraph(*graph); !status) return apiError(400, "graph." + status.message());
        }
    }
    engine.setPlaying(true);
    return kOk;
}
}  // namespace

ApiResponse apiError(unsigned status, const std::string& message) {  // [any]
    // Messages echo client bytes (paths, origins) that need not be UTF-8: shown as U+FFFD, never a throw.
    return {status, nlohmann::json{{"error", message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

ApiResponse handleApiRequest(EngineLink& engine, const AccessPolicy& policy, std::string_view method,
                             std::string_view path, std::string_view body) {  // [control]
    bool known = false;
    std::string allowed;
    for (const auto& route : kRoutes)
        if (route.path == path) {
            known = true;
            allowed += (allowed.empty() ? "" : ", ") + std::string(route.method);
        }
    if (!known) return apiError(404, "no such path: " + std::string(utf8Prefix(path, 200)));
    auto is = [&](std::string_view p, std::string_view m) { return path == p && method == m; };
    if (is("/api/status", "GET")) return {200, engine.status().dump()};
    if (is("/api/devices", "GET")) return {200, engine.devicesJson()};
    if (is("/api/nodes", "GET")) return {200, engine.schemaJson()};
    if (is("/api/graph", "GET")) return {200, engine.graphJson()};
    if (is("/api/stop", "POST")) {
        engine.setPlaying(false);
        return kOk;
    }
    if (is("/api/live", "GET")) return apiError(400, "/api/live is a WebSocket: send an upgrade request");
    nlohmann::json parsed;
    if (is("/api/graph", "PUT")) {
        if (auto bad = parseBody(body, parsed); bad.status != 200) return bad;
        return putGraph(engine, parsed);
    }
    if (is("/api/params", "POST")) {
        if (auto bad = parseBody(body, parsed); bad.status != 200) return bad;
        return postParams(engine, parsed);
    }
    if (is("/api/play", "POST")) {
        if (!body.empty())
            if (auto bad = parseBody(body, parsed); bad.status != 200) return bad;
        return postPlay(engine, policy, parsed);
    }
    return apiError(405, std::string(utf8Prefix(method, 32)) + " " + std::string(utf8Prefix(path, 200)) +
                             ": method not allowed (allowed " + allowed + ")");
}

}  // namespace wavegraph::server
