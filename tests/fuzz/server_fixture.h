#pragma once
/// \file server_fixture.h
/// What the server fuzz targets (http_request, live_message) talk to: the server's real engine
/// side (EngineLink over PlayControls and a PlayEngine running the pink-noise reference graph),
/// with no device, no socket and no thread: the target renders one block on its own thread
/// after each request or message, as the audio callback would, and collects the engine's
/// events. Built once per process (a graph compile per input would cost more than the parsing
/// fuzzed); a loaded graph and queued parameters carry over to the next input.

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "cli/play_controls.h"
#include "fuzz_checks.h"
#include "host/play_engine.h"
#include "server/access_policy.h"
#include "server/engine_link.h"
#include "server/server_limits.h"
#include "session/reference_graph.h"
#include "session/schema.h"

namespace wavegraph::fuzz {

/// The token every fuzzed request must carry to get past the access rules.
inline constexpr const char* kServerToken = "s3cret";

class ServerFixture {
public:
    static constexpr uint32_t kFrames = 128, kChannels = 2;

    /// The one instance (see the file comment). [control]
    static ServerFixture& get() {
        static ServerFixture fixture;
        return fixture;
    }

    server::EngineLink& link() { return *link_; }
    const server::AccessPolicy& policy() { return *policy_; }
    /// The limits: the server's, with the body and header limits lowered to what fuzzed inputs reach.
    const server::ServerLimits& limits() const { return limits_; }

    /// One block as the audio callback renders it, then the events collected; aborts on a
    /// non-finite sample. [control]
    void renderBlock() {
        host::CallbackTime time;
        time.streamFrame = frame_;
        time.deviceTimeSeconds = static_cast<double>(frame_) / 48000.0;
        time.firstOfStream = frame_ == 0;
        engine_.process(input_.pointers.data(), kChannels, output_.pointers.data(), kChannels, kFrames, time);
        frame_ += kFrames;
        requireFinite(output_.data, kFrames, "server output");
        controls_->collect();
    }

private:
    ServerFixture() : input_(kChannels, kFrames), output_(kChannels, kFrames) {
        cli::PlayEngineSetup setup;
        setup.channels = kChannels;
        setup.maxBlockFrames = kFrames;
        setup.fanOutCapacityFrames = 4096;
        if (!engine_.prepare(setup, nullptr)) std::abort();
        controls_ = std::make_unique<cli::PlayControls>(engine_.session(), [] { return std::string("status: fuzz"); });
        ReferenceGraphOptions pink;
        pink.source = ReferenceSource::pinkNoise;
        const std::string graph = referenceGraphJson(pink);
        if (!controls_->loadGraphJson(graph)) std::abort();
        server::EngineLink::Fixed fixed{schemaJson(), R"({"devices":[]})", graph};
        cli::PlayStreamInfo info{48000.0, kChannels, "fuzz", "none", 2.7, kFrames};
        link_ = std::make_unique<server::EngineLink>(
            engine_, *controls_, info, [] { return cli::PlayCounters{}; }, std::move(fixed));
        // A media folder with one file, so media names get as far as the (absent) player.
        char pattern[] = "/tmp/wavegraph-server-fuzz-XXXXXX";
        const char* made = mkdtemp(pattern);
        if (made == nullptr) std::abort();
        std::ofstream(std::filesystem::path(made) / "a.wav") << "RIFF";
        server::AccessPolicy::Setup access;
        access.port = 8420;
        access.token = kServerToken;
        access.allowedOrigins = {"https://studio.example:8443", "http://lan.example:*"};
        access.mediaDir = std::filesystem::path(made);
        policy_ = std::make_unique<server::AccessPolicy>(access);
        limits_.maxBodyBytes = 1024;
        limits_.maxHeaderBytes = 2048;
        for (int i = 0; i < 4; ++i) renderBlock();
    }

    cli::PlayEngine engine_;
    std::unique_ptr<cli::PlayControls> controls_;
    std::unique_ptr<server::EngineLink> link_;
    std::unique_ptr<server::AccessPolicy> policy_;
    server::ServerLimits limits_;
    PlanarBuffers input_, output_;
    uint64_t frame_ = 0;
};

/// Aborts unless `body` is a JSON object whose "error" is a non-empty string of one line. [control]
inline void requireErrorObject(const std::string& body, const char* where) {
    const auto json = nlohmann::json::parse(body, nullptr, false);
    const auto error = json.is_object() ? json.find("error") : json.end();
    if (!json.is_object() || error == json.end() || !error->is_string() || error->get<std::string>().empty()) {
        std::fprintf(stderr, "%s: not an error object: [%s]\n", where, body.c_str());
        std::abort();
    }
    requireOneLine(Status::error(error->get<std::string>()), where);
}

}  // namespace wavegraph::fuzz
