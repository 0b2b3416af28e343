#pragma once
/// \file engine_link.h
/// The server's side of the running engine: everything the HTTP routes and the WebSocket
/// commands do to it goes through here, on the control side only (PlayControls' session lock,
/// the command ring, the engine's atomic counters). The audio thread is not touched.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "cli/play_controls.h"
#include "cli/play_service.h"
#include "host/play_engine.h"
#include "server/media_player.h"

namespace wavegraph::server {

class EngineLink {
public:
    /// What does not change while serving: the node schema, the device list and the graph as
    /// loaded at the start (its JSON text). [control]
    struct Fixed {
        std::string schemaJson;   ///< schemaJson(registry): `wavegraph nodes --json`
        std::string devicesJson;  ///< `wavegraph devices --json`
        std::string graphJson;    ///< the graph loaded at the start
    };
    EngineLink(cli::PlayEngine& engine, cli::PlayControls& controls, cli::PlayStreamInfo info,
               std::function<cli::PlayCounters()> counters, Fixed fixed);

    /// GET /api/status's object. [control]
    nlohmann::ordered_json status();
    /// Where status() reads the number of WebSocket clients. [control] before serving
    void setClientCount(std::function<uint32_t()> count) { clientCount_ = std::move(count); }
    /// The stats block's fields by name (session/engine_stats.h) plus the stream's counters. [control]
    nlohmann::ordered_json stats();
    /// The running graph's nodes and parameters (the shape of Engine.parameters()). [control]
    nlohmann::json parameters();
    /// Queues a batch (PlayControls::setParameters). [control]
    Status setParameters(const std::vector<cli::ParameterCommand>& commands, size_t& failedIndex);
    /// Loads a graph (a JSON object or its text); the running graph stays on error, the message
    /// starts with the JSON path. [control]
    Status loadGraph(const nlohmann::json& graph);
    /// The graph last loaded, as JSON text. [control]
    std::string graphJson();
    /// Output on (play) or silenced (stop, which also stops the media); the engine keeps running. [control]
    void setPlaying(bool playing);
    /// Plays media files through the graph's input (media_player.h); when the reference graph
    /// with its pink-noise source is running, it switches to the reference graph fed by the input. [control]
    Status playMedia(const std::vector<std::filesystem::path>& files, const std::vector<std::string>& names);
    /// Plays a track (docs/tracks.md; its JSON text) through the graph's input, rendered by the
    /// media player's thread (media_player.h), replacing media or a track playing; the input graph
    /// as for playMedia. Errors name the track's JSON path. [control]
    Status playTrack(std::string_view json);
    /// Where media play (null: none). [control] before serving
    void setMediaPlayer(MediaPlayer* media) noexcept { media_ = media; }
    bool playing() const noexcept { return !engine_.silenced(); }  ///< [any]

    const std::string& schemaJson() const noexcept { return fixed_.schemaJson; }    ///< [any]
    const std::string& devicesJson() const noexcept { return fixed_.devicesJson; }  ///< [any]
    const cli::PlayStreamInfo& info() const noexcept { return info_; }              ///< [any]
    /// Frames rendered so far (the clock of atFrame). [any]
    uint64_t positionFrames() const noexcept { return engine_.framesRendered(); }

private:
    cli::PlayEngine& engine_;
    cli::PlayControls& controls_;
    cli::PlayStreamInfo info_;
    std::function<cli::PlayCounters()> counters_;
    Fixed fixed_;
    std::function<uint32_t()> clientCount_;
    /// Swaps the pink-noise reference graph for the one fed by the input (media and tracks play there). [control]
    Status feedGraphInput();
    MediaPlayer* media_ = nullptr;
    std::mutex graphMutex_;  // graphJson text
};

}  // namespace wavegraph::server
