#include "session/host_session.h"

#include <algorithm>

namespace wavegraph {

Status HostSession::prepare(const ProcessSpec& spec, uint32_t commandRingCapacity, uint32_t eventRingCapacity,
                            double crossfadeMs) {  // [control]
    if (auto s = session_.prepare(spec, commandRingCapacity, eventRingCapacity, crossfadeMs); !s) return s;
    trackInput_.assign(size_t{2} * spec.maxBlockFrames, 0.0f);
    return Status::ok();
}

Status HostSession::loadReferenceGraph(const ReferenceGraphOptions& options) {  // [control]
    return session_.loadGraph(referenceGraphJson(options));
}

Status HostSession::makeTrackPlayer(std::string_view json, std::unique_ptr<TrackPlayer>& out) const {  // [control]
    if (trackInput_.empty()) return Status::error("the engine is not prepared");
    if (spec().numChannels < 2)
        return Status::error("a track is stereo: it needs 2 or more output channels (numChannels is " +
                             std::to_string(spec().numChannels) + ")");
    auto player = std::make_unique<TrackPlayer>();
    if (auto s = player->load(json); !s) return s;
    if (auto s = player->prepare({spec().sampleRateHz, spec().maxBlockFrames, 2}); !s) return s;
    out = std::move(player);
    return Status::ok();
}

Status HostSession::checkTrack(std::string_view json) const {  // [control]
    std::unique_ptr<TrackPlayer> player;
    return makeTrackPlayer(json, player);
}

Status HostSession::loadTrack(std::string_view json) {  // [control]
    std::unique_ptr<TrackPlayer> player;
    if (auto s = makeTrackPlayer(json, player); !s) return s;
    unloadTrack();  // the previous one (if any) is freed here, on the control side
    track_ = std::move(player);
    return Status::ok();
}

void HostSession::unloadTrack() {  // [control]
    if (track_ != nullptr) trackEndsBefore_ += track_->endCount();
    track_.reset();
}

Status HostSession::findParameter(std::string_view name, ParameterRef& out) const {  // [control]
    const auto dot = name.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size())
        return Status::error("'" + std::string(name) + "' is not NODE.PARAM (e.g. eq.band4.gainDb)");
    const std::string_view nodeName = name.substr(0, dot), paramName = name.substr(dot + 1);
    const int64_t id = session_.nodeId(nodeName);
    if (id < 0) {
        std::string known;
        for (const auto& [jsonId, _] : session_.nodeIds()) known += (known.empty() ? "" : ", ") + jsonId;
        return Status::error("no node '" + std::string(nodeName) +
                             "' in the graph (nodes: " + (known.empty() ? "none" : known) + ")");
    }
    const Node* node = session_.node(static_cast<uint32_t>(id));
    const auto parameters = node->parameters();
    for (uint32_t p = 0; p < parameters.size(); ++p) {
        if (parameters[p].name != paramName) continue;
        out = {static_cast<uint32_t>(id), p};
        return Status::ok();
    }
    std::string known;
    for (const auto& info : parameters) known += (known.empty() ? "" : ", ") + std::string(info.name);
    return Status::error("node '" + std::string(nodeName) + "' (" + std::string(node->typeName()) +
                         ") has no parameter '" + std::string(paramName) +
                         "' (parameters: " + (known.empty() ? "none" : known) + ")");
}

Status HostSession::checkParameter(std::string_view name, double value, ParameterRef& out) const {  // [control]
    if (auto s = findParameter(name, out); !s) return s;
    return session_.validateCommand(out.nodeId, out.param, value);
}

Status HostSession::setParameterNow(std::string_view name, double value) {  // [control]
    ParameterRef ref;
    if (auto s = checkParameter(name, value, ref); !s) return s;
    (void)session_.node(ref.nodeId)->setParameterImmediate(ref.param, value);
    return Status::ok();
}

Status HostSession::queueParameter(std::string_view name, double value, CommandKind kind) {  // [control]
    ParameterRef ref;
    if (auto s = checkParameter(name, value, ref); !s) return s;
    CommandRecord record;
    record.target = ref.nodeId;
    record.param = ref.param;
    record.value = value;
    record.kind = static_cast<uint32_t>(kind);
    CommandRingView& ring = session_.engine().commandRing();
    if (!ring.tryPush(record))
        return Status::error("command ring full (" + std::to_string(ring.capacity()) + " commands waiting); try again");
    return Status::ok();
}

void HostSession::process(const float* const* input, uint32_t numInputChannels, float* const* output,
                          uint32_t numFrames, int64_t blockStartFrame) noexcept {  // [audio]
    if (track_ != nullptr && numFrames <= spec().maxBlockFrames) {
        const uint32_t stride = spec().maxBlockFrames;
        float* stereo[2] = {trackInput_.data(), trackInput_.data() + stride};
        track_->process(stereo, numFrames);
        const float* in[2] = {stereo[0], stereo[1]};
        session_.process(in, 2, output, numFrames, blockStartFrame);
        return;
    }
    session_.process(input, numInputChannels, output, numFrames, blockStartFrame);
}

}  // namespace wavegraph
