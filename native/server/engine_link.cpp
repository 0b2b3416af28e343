#include "server/engine_link.h"

#include "session/engine_stats.h"
#include "session/reference_graph.h"

namespace wavegraph::server {

EngineLink::EngineLink(cli::PlayEngine& engine, cli::PlayControls& controls, cli::PlayStreamInfo info,
                       std::function<cli::PlayCounters()> counters, Fixed fixed)  // [control]
    : engine_(engine),
      controls_(controls),
      info_(std::move(info)),
      counters_(std::move(counters)),
      fixed_(std::move(fixed)) {}

nlohmann::ordered_json EngineLink::stats() {  // [control]
    const GraphEngine& e = engine_.session().engine();
    const TrackPlayer* track = engine_.session().track();
    nlohmann::ordered_json out;
    for (const auto& field : kEngineStats) {
        double value = 0.0;
        switch (field.index) {
            case EngineStat::framesRendered: value = double(e.framesRendered()); break;
            case EngineStat::commandsApplied: value = double(e.commandsApplied()); break;
            case EngineStat::commandsRejected: value = double(e.commandsRejected()); break;
            case EngineStat::commandsLate: value = double(e.commandsLate()); break;
            case EngineStat::badBlocks: value = double(e.badBlocks()); break;
            case EngineStat::eventsDropped: value = double(e.eventsDropped()); break;
            case EngineStat::plansSwapped: value = double(e.plansSwapped()); break;
            case EngineStat::analyserFramesWritten: value = 0.0; break;
            case EngineStat::trackPositionFrames:
                value = track != nullptr ? double(track->positionFrames()) : 0.0;
                break;
            case EngineStat::trackEnds: value = engine_.session().trackEnds(); break;
            case EngineStat::trackFinished: value = track != nullptr && track->finished() ? 1.0 : 0.0; break;
            case EngineStat::processorFailures: value = double(e.processorFailures()); break;
        }
        out[std::string(field.name)] = value;
    }
    const cli::PlayCounters c = counters_();
    out["underruns"] = c.underruns;
    out["overruns"] = c.overruns;
    out["internalErrors"] = c.internalErrors;
    out["restarts"] = c.restarts;
    return out;
}

nlohmann::ordered_json EngineLink::status() {  // [control]
    const uint64_t frames = positionFrames();
    nlohmann::ordered_json out;
    out["state"] = playing() ? "playing" : "stopped";
    out["sampleRateHz"] = info_.sampleRateHz;
    out["channels"] = info_.channels;
    out["positionFrames"] = frames;
    out["positionSeconds"] = static_cast<double>(frames) / info_.sampleRateHz;
    out["backend"] = info_.backend;
    out["device"] = info_.device;
    out["latencyMs"] = info_.latencyMs;
    out["bufferFrames"] = info_.bufferFrames;
    out["clients"] = clientCount_ ? clientCount_() : 0u;
    out["stats"] = stats();
    // The track given at start (--track), else one played by POST /api/play (rendered into the
    // media input, at most MediaPlayer::kLeadFrames ahead of what is heard).
    std::optional<MediaPlayer::TrackProgress> progress;
    if (const TrackPlayer* track = engine_.session().track(); track != nullptr)
        progress = MediaPlayer::TrackProgress{track->positionFrames(), track->durationFrames(),
                                              track->durationSeconds(), track->finished()};
    else if (media_ != nullptr)
        progress = media_->trackProgress();  // a snapshot: another request may replace the track
    if (progress)
        out["track"] = {{"positionSeconds", static_cast<double>(progress->positionFrames) / info_.sampleRateHz},
                        {"durationSeconds", progress->durationSeconds},
                        {"finished", progress->finished || progress->positionFrames >= progress->durationFrames}};
    else
        out["track"] = nullptr;
    const cli::PlayCounters c = counters_();  // --stream (docs/streaming.md): null without it
    if (c.icecast)
        out["icecast"] = {{"connected", c.icecastConnected},
                          {"framesSent", c.icecastFramesSent},
                          {"framesSkipped", c.icecastFramesSkipped},
                          {"reconnects", c.icecastReconnects}};
    else
        out["icecast"] = nullptr;
    return out;
}

nlohmann::json EngineLink::parameters() {  // [control]
    auto description = nlohmann::json::parse(controls_.describe(), nullptr, false);
    return description.is_object() && description.contains("nodes") ? description["nodes"] : nlohmann::json::array();
}

Status EngineLink::setParameters(const std::vector<cli::ParameterCommand>& commands,
                                 size_t& failedIndex) {  // [control]
    return controls_.setParameters(commands, failedIndex);
}

Status EngineLink::loadGraph(const nlohmann::json& graph) {  // [control]
    const std::string text = graph.is_string() ? graph.get<std::string>() : graph.dump();
    if (auto status = controls_.loadGraphJson(text); !status) return status;
    std::lock_guard<std::mutex> lock(graphMutex_);
    fixed_.graphJson = text;
    return Status::ok();
}

std::string EngineLink::graphJson() {  // [control]
    std::lock_guard<std::mutex> lock(graphMutex_);
    return fixed_.graphJson;
}

}  // namespace wavegraph::server

namespace wavegraph::server {

void EngineLink::setPlaying(bool playing) {  // [control]
    if (!playing && media_ != nullptr) media_->stop();
    engine_.setSilenced(!playing);
}

Status EngineLink::feedGraphInput() {  // [control]
    ReferenceGraphOptions pink;
    pink.source = ReferenceSource::pinkNoise;
    if (graphJson() == referenceGraphJson(pink)) return loadGraph(nlohmann::json(referenceGraphJson()));
    return Status::ok();
}

Status EngineLink::playMedia(const std::vector<std::filesystem::path>& files,
                             const std::vector<std::string>& names) {  // [control]
    if (media_ == nullptr) return Status::error("media: not available on this server");
    if (auto status = feedGraphInput(); !status) return status;
    if (auto status = media_->play(files, names); !status) return status;
    engine_.setSilenced(false);
    return Status::ok();
}

Status EngineLink::playTrack(std::string_view json) {  // [control]
    if (media_ == nullptr) return Status::error("track: not available on this server");
    if (engine_.session().track() != nullptr)
        return Status::error("track: this server plays the track it was started with (--track)");
    if (auto status = feedGraphInput(); !status) return status;
    if (auto status = media_->playTrack(json); !status) return status;
    engine_.setSilenced(false);
    return Status::ok();
}

}  // namespace wavegraph::server
