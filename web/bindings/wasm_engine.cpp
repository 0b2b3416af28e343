#include "wasm_engine.h"

#include <algorithm>
#include <cmath>

#include <emscripten/emscripten.h>

#include "core_types.h"
#include "dsp/analyser_tap.h"

namespace wavegraph::web {

namespace {
uint32_t address(const void* p) noexcept { return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p)); }
}  // namespace

WasmEngine::WasmEngine() : host_(coreNodeRegistry()) {}  // [control]

std::string WasmEngine::prepare(double sampleRateHz, uint32_t maxBlockFrames, uint32_t numChannels,
                                uint32_t commandRingCapacity, uint32_t eventRingCapacity,
                                double crossfadeMs) {  // [control]
    prepared_ = false;
    if (const Status& types = coreTypesStatus(); !types) return types.message();
    const ProcessSpec spec{sampleRateHz, maxBlockFrames, numChannels};
    if (auto s = host_.prepare(spec, commandRingCapacity, eventRingCapacity, crossfadeMs); !s) return s.message();
    if (auto s = host_.loadReferenceGraph(); !s) return s.message();
    const size_t samples = size_t{numChannels} * maxBlockFrames;
    inputMemory_.assign(samples, 0.0f);
    outputMemory_.assign(samples, 0.0f);
    inputs_.fill(nullptr);
    outputs_.fill(nullptr);
    for (uint32_t ch = 0; ch < numChannels; ++ch) {
        inputs_[ch] = inputMemory_.data() + size_t{ch} * maxBlockFrames;
        outputs_[ch] = outputMemory_.data() + size_t{ch} * maxBlockFrames;
    }
    prepared_ = true;
    return "";
}

std::string WasmEngine::loadGraph(const std::string& json) {  // [control]
    if (!prepared_) return "the engine is not prepared";
    return host_.graph().loadGraph(json).message();
}

uint32_t WasmEngine::bufferStagingPtr(uint32_t numFloats) {  // [control]
    if (numFloats < 1 || numFloats > kMaxStagedFloats) return 0;
    staging_.assign(numFloats, 0.0f);
    return address(staging_.data());
}

std::string WasmEngine::setBuffer(const std::string& name, uint32_t numChannels, uint32_t frames,
                                  double sampleRateHz) {  // [control]
    std::vector<float> staged = std::move(staging_);
    staging_ = {};
    if (size_t{numChannels} * frames != staged.size() || staged.empty())
        return "buffers." + name + ": " + std::to_string(numChannels) + " channels × " + std::to_string(frames) +
               " frames do not match the " + std::to_string(staged.size()) + " staged samples";
    std::shared_ptr<const AudioBuffer> buffer;
    if (auto s = AudioBuffer::makePlanar(staged.data(), numChannels, frames, sampleRateHz, buffer); !s)
        return "buffers." + name + ": " + s.message();
    host_.graph().setBuffer(name, std::move(buffer));
    return "";
}

std::string WasmEngine::checkGraph(const std::string& json) const {  // [control]
    return host_.graph().checkGraph(json).message();
}

uint32_t WasmEngine::inputPtr(uint32_t channel) const {
    return channel < numChannels() ? address(inputs_[channel]) : 0;
}

uint32_t WasmEngine::outputPtr(uint32_t channel) const {
    return channel < numChannels() ? address(outputs_[channel]) : 0;
}

uint32_t WasmEngine::commandRingPtr() { return address(host_.graph().engine().commandRing().data()); }
uint32_t WasmEngine::commandRingCapacity() { return host_.graph().engine().commandRing().capacity(); }
uint32_t WasmEngine::commandRingBytes() {
    return static_cast<uint32_t>(CommandRingView::bytesFor(commandRingCapacity()));
}
uint32_t WasmEngine::eventRingPtr() { return address(host_.graph().engine().eventRing().data()); }
uint32_t WasmEngine::eventRingCapacity() { return host_.graph().engine().eventRing().capacity(); }
uint32_t WasmEngine::eventRingBytes() { return static_cast<uint32_t>(CommandRingView::bytesFor(eventRingCapacity())); }

namespace {
const AnalyserSource* analyserOf(const GraphSession& session, uint32_t nodeId) {
    const Node* node = session.node(nodeId);
    return node != nullptr ? node->analyserSource() : nullptr;
}
}  // namespace

uint32_t WasmEngine::analyserPtr(uint32_t nodeId) const {
    const AnalyserSource* a = analyserOf(host_.graph(), nodeId);
    return a != nullptr ? address(a->tap().buffer()) : 0;
}

uint32_t WasmEngine::analyserCapacityFrames(uint32_t nodeId) const {
    const AnalyserSource* a = analyserOf(host_.graph(), nodeId);
    return a != nullptr ? a->tap().capacityFrames() : 0;
}

uint32_t WasmEngine::analyserFramesWritten(uint32_t nodeId) const {
    const AnalyserSource* a = analyserOf(host_.graph(), nodeId);
    return a != nullptr ? a->tap().framesWritten() : 0;
}

void WasmEngine::processBlock(uint32_t numFrames, uint32_t numInputChannels,
                              double blockStartFrame) noexcept {  // [audio]
    if (!prepared_) {
        ++badBlocks_;
        return;
    }
    numInputChannels = std::min(numInputChannels, host_.graph().spec().numChannels);
    const int64_t start =
        blockStartFrame >= 0 && blockStartFrame < 9007199254740992.0 ? static_cast<int64_t>(blockStartFrame) : -1;
    host_.process(inputs_.data(), numInputChannels, outputs_.data(), numFrames, start);  // a track replaces the input
    const GraphEngine& e = engine();
    auto stat = [this](EngineStat field) -> double& { return stats_[static_cast<uint32_t>(field)]; };
    stat(EngineStat::framesRendered) = double(e.framesRendered());
    stat(EngineStat::commandsApplied) = double(e.commandsApplied());
    stat(EngineStat::commandsRejected) = double(e.commandsRejected());
    stat(EngineStat::commandsLate) = double(e.commandsLate());
    stat(EngineStat::badBlocks) = double(badBlocks_ + e.badBlocks());
    stat(EngineStat::eventsDropped) = double(e.eventsDropped());
    stat(EngineStat::plansSwapped) = double(e.plansSwapped());
    stat(EngineStat::analyserFramesWritten) =
        trackedAnalyser_ != nullptr ? double(trackedAnalyser_->tap().framesWritten()) : 0.0;
    const TrackPlayer* track = host_.track();
    stat(EngineStat::trackPositionFrames) = track != nullptr ? double(track->positionFrames()) : 0.0;
    stat(EngineStat::trackEnds) = host_.trackEnds();
    stat(EngineStat::processorFailures) = double(e.processorFailures());
    stat(EngineStat::trackFinished) = track != nullptr && track->finished() ? 1.0 : 0.0;
}

std::string WasmEngine::checkTrack(const std::string& json) const {  // [control]
    if (!prepared_) return "the engine is not prepared";
    return host_.checkTrack(json).message();
}

std::string WasmEngine::loadTrack(const std::string& json) {  // [control]
    if (!prepared_) return "the engine is not prepared";
    return host_.loadTrack(json).message();  // the previous track (if any) is freed here, on the control side
}

void WasmEngine::trackAnalyser(double nodeId) {  // [control]
    trackedAnalyser_ =
        nodeId >= 0 && nodeId < 4294967296.0 ? analyserOf(host_.graph(), static_cast<uint32_t>(nodeId)) : nullptr;
}

double WasmEngine::magnitudeDbAt(uint32_t nodeId, double frequencyHz) const {  // [control]
    const Node* node = host_.graph().node(nodeId);
    const FrequencyResponse* response = node != nullptr ? node->frequencyResponse() : nullptr;
    return response != nullptr ? response->magnitudeDbAt(frequencyHz) : std::nan("");
}

double WasmEngine::parameterValue(uint32_t nodeId, uint32_t param) const {  // [control]
    const Node* node = host_.graph().node(nodeId);
    return node != nullptr && param < node->parameters().size() ? node->parameter(param) : std::nan("");
}

double WasmEngine::phaseRadiansAt(uint32_t nodeId, double frequencyHz) const {  // [control]
    const Node* node = host_.graph().node(nodeId);
    const FrequencyResponse* response = node != nullptr ? node->frequencyResponse() : nullptr;
    return response != nullptr ? response->phaseRadiansAt(frequencyHz) : std::nan("");
}

std::string WasmEngine::applyNow(uint32_t target, uint32_t param, double value) {  // [control]
    if (auto s = host_.graph().validateCommand(target, param, value); !s) return s.message();
    (void)host_.graph().node(target)->setParameterImmediate(param, value);
    return "";
}

std::string WasmEngine::validate(uint32_t target, uint32_t param, double value) const {  // [control]
    return host_.graph().validateCommand(target, param, value).message();
}

emscripten::val WasmEngine::drainCommandsForTest(uint32_t maxRecords) {  // [control]
    drained_.clear();
    CommandRecord record;
    auto& ring = host_.graph().engine().commandRing();
    for (uint32_t i = 0; i < maxRecords && ring.tryPop(record); ++i) {
        drained_.insert(drained_.end(), {double(record.target), double(record.param), record.value,
                                         double(record.frameTime), double(record.kind), double(record.sequence)});
    }
    // new Float64Array(view) copies, so the result outlives drained_.
    return emscripten::val::global("Float64Array")
        .new_(emscripten::typed_memory_view(drained_.size(), drained_.data()));
}

}  // namespace wavegraph::web

/// The audio-path entry point without Embind: processBlock of the WasmEngine at `engine`
/// (WasmEngine::selfPtr). [audio]
extern "C" EMSCRIPTEN_KEEPALIVE void wavegraph_process_block(uint32_t engine, uint32_t numFrames,
                                                             uint32_t numInputChannels, double blockStartFrame) {
    reinterpret_cast<wavegraph::web::WasmEngine*>(static_cast<uintptr_t>(engine))
        ->processBlock(numFrames, numInputChannels, blockStartFrame);
}
