#include "cli/serve_command.h"

#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/command_options.h"
#include "cli/devices_command.h"
#include "cli/exit_codes.h"
#include "cli/play_service.h"
#include "cli/session_setup.h"
#include "host/error_line.h"
#include "host/number_parsing.h"
#include "server/access_policy.h"
#include "server/engine_link.h"
#include "server/http_listener.h"
#include "server/live_hub.h"
#include "server/media_player.h"
#include "server/server_limits.h"
#include "session/reference_graph.h"
#include "session/schema.h"

namespace wavegraph::cli {

namespace {

/// The server beside the stream (play_service.h).
class ServeService final : public PlayService {
public:
    ServeService(server::HttpListener& listener, const server::AccessPolicy& policy, server::ServerLimits limits,
                 server::EngineLink::Fixed fixed, std::string url)
        : listener_(listener), policy_(policy), limits_(limits), fixed_(std::move(fixed)), url_(std::move(url)) {}

    // Many clients' commands between two callbacks (50 clients at 100/s, 21 ms buffers: about
    // 100 per callback, more when a callback is late).
    uint32_t commandRingCapacity() const override { return 4096; }  // [control]

    void addInputs(InputMixer& mixer, uint32_t channels, double sampleRateHz) override {  // [control]
        media_.attach(mixer, channels, sampleRateHz);
    }

    Status attach(PlayEngine& engine, PlayControls& controls) override {  // [control]
        engine_ = &engine;
        controls_ = &controls;
        hub_.open(engine.fanOut(), engine.setup().sampleRateHz);
        controls.setEventSink([this](const RingRecord& event) { hub_.postEvent(event); });
        return Status::ok();
    }

    Status start(const PlayStreamInfo& info, std::function<PlayCounters()> counters) override {  // [control]
        link_ =
            std::make_unique<server::EngineLink>(*engine_, *controls_, info, std::move(counters), std::move(fixed_));
        link_->setClientCount([this] { return hub_.clients(); });
        link_->setMediaPlayer(&media_);
        hub_.start();
        listener_.start(*link_, hub_, policy_, limits_);
        char line[512];
        std::snprintf(line, sizeof line, "wavegraph serve: listening on %s (backend %s, %.0f Hz, %u channels)",
                      url_.c_str(), info.backend.c_str(), info.sampleRateHz, info.channels);
        std::fprintf(stderr, "%s\n", line);  // the exact line clients wait for (docs/server.md)
        std::fflush(stderr);
        return Status::ok();
    }

    void stop() override {  // [control]
        hub_.stop();
        listener_.stop();
        media_.stop();
    }

private:
    server::HttpListener& listener_;
    const server::AccessPolicy& policy_;
    server::ServerLimits limits_;
    server::EngineLink::Fixed fixed_;
    std::string url_;
    PlayEngine* engine_ = nullptr;
    PlayControls* controls_ = nullptr;
    server::LiveHub hub_;
    server::MediaPlayer media_;
    std::unique_ptr<server::EngineLink> link_;
};

bool wholeOption(const std::string& flag, const std::string& text, uint64_t lo, uint64_t hi, uint64_t& out,
                 const char* unit) {  // [control]
    const auto value = parseWholeNumber(text);
    if (!value || *value < static_cast<long long>(lo) || static_cast<uint64_t>(*value) > hi) {
        printLine(flag + " " + text + ": " + (value ? "out of range" : "not a whole number") + " (allowed " +
                  std::to_string(lo) + "…" + std::to_string(hi) + unit + ")");
        return false;
    }
    out = static_cast<uint64_t>(*value);
    return true;
}

}  // namespace

CLI::App* addServeCommand(CLI::App& app, ServeOptions& options) {  // [control]
    auto* serve = app.add_subcommand(
        "serve",
        "Run the engine as `play` does (pink noise through the reference graph, or --graph) behind an HTTP + "
        "WebSocket server: REST under /api (status, devices, nodes, graph, params, play, stop) and the live "
        "WebSocket /api/live (parameter commands in; meters, analyser frames, events and the position out). "
        "Listens on loopback unless --bind says otherwise (then --token is required). See docs/server.md.");
    serve
        ->add_option("--port", options.port,
                     "TCP port, 0…65535 (default 8420; 0: a free port, named in the "
                     "listening line)")
        ->type_name("N");
    serve->add_option("--bind", options.bind, "address to listen on (default 127.0.0.1; others need --token)")
        ->type_name("ADDR");
    serve
        ->add_option("--token", options.token,
                     "required on every request and upgrade: 'Authorization: Bearer T' or '?token=T'")
        ->type_name("T");
    serve->add_option("--media", options.mediaDir, "folder that media names of POST /api/play are confined to")
        ->type_name("DIR");
    serve
        ->add_option("--allow-origin", options.allowOrigins,
                     "another allowed browser Origin, e.g. http://192.168.1.5:5173 or http://host:* (repeatable; "
                     "the server's own origin and loopback origins are always allowed)")
        ->type_name("ORIGIN")
        ->allow_extra_args(false);
    serve->add_option("--max-clients", options.maxClients, "WebSocket clients at once, 1…1024 (default 16)")
        ->type_name("N");
    serve->add_option("--max-body-bytes", options.maxBodyBytes, "request body limit, 1024…67108864 (default 1 MiB)")
        ->type_name("N");
    serve
        ->add_option("--max-message-bytes", options.maxMessageBytes,
                     "WebSocket message limit, 1024…16777216 (default 64 KiB)")
        ->type_name("N");
    serve
        ->add_option("--max-message-rate", options.maxMessageRate,
                     "WebSocket messages per second per client, 1…100000 (default 500)")
        ->type_name("N");
    addPlayStreamOptions(*serve, options.play);
    serve->footer(std::string("Examples: wavegraph serve --backend null --port 0 --record out.wav\n"
                              "          wavegraph serve --bind 0.0.0.0 --token secret --media ~/music\n") +
                  kExitCodesFooter);
    return serve;
}

int runServe(const ServeOptions& options) {  // [control]
    uint64_t port = 0, maxClients = 0, maxBody = 0, maxMessage = 0, maxRate = 0;
    if (!wholeOption("--port", options.port, 0, 65535, port, "") ||
        !wholeOption("--max-clients", options.maxClients, 1, 1024, maxClients, "") ||
        !wholeOption("--max-body-bytes", options.maxBodyBytes, 1024, 64u << 20, maxBody, " bytes") ||
        !wholeOption("--max-message-bytes", options.maxMessageBytes, 1024, 16u << 20, maxMessage, " bytes") ||
        !wholeOption("--max-message-rate", options.maxMessageRate, 1, 100000, maxRate, " messages/s"))
        return kExitBadInput;
    if (options.token && options.token->empty()) {
        printLine("--token: empty (allowed: one or more characters)");
        return kExitBadInput;
    }
    if (!server::isLoopbackBind(options.bind) && !options.token) {
        printLine("serve: binding " + options.bind + " (not loopback) needs --token");
        return kExitBadInput;
    }
    if (options.mediaDir) {
        std::error_code error;
        if (!std::filesystem::is_directory(*options.mediaDir, error)) {
            printLine("--media " + *options.mediaDir + ": not a folder");
            return kExitBadInput;
        }
    }
    // What does not change while serving: the schema, the devices, the starting graph's text.
    NodeRegistry registry;
    if (auto status = makeNodeRegistry(options.play.pluginPaths, registry); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    server::EngineLink::Fixed fixed;
    fixed.schemaJson = schemaJson(registry);
    if (options.play.graphPath) {
        if (auto status = readTextFile(*options.play.graphPath, fixed.graphJson); !status) {
            printLine("--graph " + status.message());
            return kExitBadInput;
        }
    } else {
        ReferenceGraphOptions reference;
        if (options.play.files.empty() && options.play.inputOptions.empty() && !options.play.trackPath &&
            options.play.inputDevice.empty())
            reference.source = ReferenceSource::pinkNoise;
        fixed.graphJson = referenceGraphJson(reference);
    }
    fixed.devicesJson = devicesJson();

    server::HttpListener listener;
    if (auto status = listener.open(options.bind, static_cast<uint16_t>(port)); !status) {
        printLine("serve: " + status.message());
        return kExitRuntime;
    }
    server::AccessPolicy::Setup access;
    access.bind = options.bind;
    access.port = listener.port();
    access.token = options.token.value_or("");
    access.allowedOrigins = options.allowOrigins;
    if (options.mediaDir) access.mediaDir = std::filesystem::path(*options.mediaDir);
    const server::AccessPolicy policy(access);
    server::ServerLimits limits;
    limits.maxClients = static_cast<uint32_t>(maxClients);
    limits.maxBodyBytes = maxBody;
    limits.maxMessageBytes = maxMessage;
    limits.maxMessagesPerSecond = static_cast<uint32_t>(maxRate);
    const std::string host = options.bind.find(':') != std::string::npos && options.bind.front() != '['
                                 ? "[" + options.bind + "]"
                                 : options.bind;
    ServeService service(listener, policy, limits, std::move(fixed),
                         "http://" + host + ":" + std::to_string(listener.port()));
    return runPlay(options.play, &service);
}

}  // namespace wavegraph::cli
