// Embind registration of WasmEngine (see wasm_engine.h for shapes, units and threads).
#include <emscripten/bind.h>

#include "core_types.h"
#include "session/reference_graph.h"
#include "session/schema.h"
#include "wasm_engine.h"

namespace {

/// The reference graph for options given as JSON (the npm ReferenceGraphOptions):
/// { json: the graph description, error: "" } or { json: "", error: one line }. [control]
emscripten::val referenceGraph(const std::string& optionsJson) {
    wavegraph::ReferenceGraphOptions options;
    auto result = emscripten::val::object();
    const auto status = wavegraph::referenceGraphOptionsFromJson(optionsJson, options);
    result.set("json", status ? wavegraph::referenceGraphJson(options) : std::string());
    result.set("error", status.message());
    return result;
}

/// The schema of this core (session/schema.h) with its own node types: the built-in ones plus
/// the processors linked in (each with "description" and "origin"). [control]
std::string coreSchema() { return wavegraph::schemaJson(wavegraph::web::coreNodeRegistry()); }

/// The core's name (wavegraph_add_wasm_core's NAME). [any]
std::string coreName() { return wavegraph_core_name(); }

/// "" or why the core's processor types were refused (WasmEngine.prepare returns it too). [control]
std::string coreError() { return wavegraph::web::coreTypesStatus().message(); }

}  // namespace

EMSCRIPTEN_BINDINGS(wavegraph) {
    emscripten::function("referenceGraph", &referenceGraph);
    emscripten::function("schema", &coreSchema);
    emscripten::function("coreName", &coreName);
    emscripten::function("coreError", &coreError);
    using wavegraph::web::WasmEngine;
    emscripten::class_<WasmEngine>("WasmEngine")
        .constructor<>()
        .function("prepare", &WasmEngine::prepare)
        .function("prepared", &WasmEngine::prepared)
        .function("sampleRateHz", &WasmEngine::sampleRateHz)
        .function("maxBlockFrames", &WasmEngine::maxBlockFrames)
        .function("numChannels", &WasmEngine::numChannels)
        .function("loadGraph", &WasmEngine::loadGraph)
        .function("checkGraph", &WasmEngine::checkGraph)
        .function("bufferStagingPtr", &WasmEngine::bufferStagingPtr)
        .function("setBuffer", &WasmEngine::setBuffer)
        .function("clearBuffers", &WasmEngine::clearBuffers)
        .function("describe", &WasmEngine::describe)
        .function("nodeId", &WasmEngine::nodeId)
        .function("collectRetired", &WasmEngine::collectRetired)
        .function("setObserved", &WasmEngine::setObserved)
        .function("observed", &WasmEngine::observed)
        .function("inputPtr", &WasmEngine::inputPtr)
        .function("outputPtr", &WasmEngine::outputPtr)
        .function("commandRingPtr", &WasmEngine::commandRingPtr)
        .function("commandRingBytes", &WasmEngine::commandRingBytes)
        .function("commandRingCapacity", &WasmEngine::commandRingCapacity)
        .function("eventRingPtr", &WasmEngine::eventRingPtr)
        .function("eventRingBytes", &WasmEngine::eventRingBytes)
        .function("eventRingCapacity", &WasmEngine::eventRingCapacity)
        .function("analyserPtr", &WasmEngine::analyserPtr)
        .function("analyserCapacityFrames", &WasmEngine::analyserCapacityFrames)
        .function("analyserFramesWritten", &WasmEngine::analyserFramesWritten)
        .function("processBlock", emscripten::optional_override([](WasmEngine& self, uint32_t numFrames,
                                                                   uint32_t numInputChannels, double blockStartFrame) {
                      self.processBlock(numFrames, numInputChannels, blockStartFrame);
                  }))
        .function("validate", &WasmEngine::validate)
        .function("automate", &WasmEngine::automate)
        .function("magnitudeDbAt", &WasmEngine::magnitudeDbAt)
        .function("phaseRadiansAt", &WasmEngine::phaseRadiansAt)
        .function("parameterValue", &WasmEngine::parameterValue)
        .function("applyNow", &WasmEngine::applyNow)
        .function("loadTrack", &WasmEngine::loadTrack)
        .function("checkTrack", &WasmEngine::checkTrack)
        .function("unloadTrack", &WasmEngine::unloadTrack)
        .function("seekTrack", &WasmEngine::seekTrack)
        .function("trackDurationSeconds", &WasmEngine::trackDurationSeconds)
        .function("trackPositionSeconds", &WasmEngine::trackPositionSeconds)
        .function("selfPtr", &WasmEngine::selfPtr)
        .function("statsPtr", &WasmEngine::statsPtr)
        .function("statsCount", &WasmEngine::statsCount)
        .function("trackAnalyser", &WasmEngine::trackAnalyser)
        .function("framesRendered", &WasmEngine::framesRendered)
        .function("commandsApplied", &WasmEngine::commandsApplied)
        .function("commandsRejected", &WasmEngine::commandsRejected)
        .function("commandsLate", &WasmEngine::commandsLate)
        .function("badBlocks", &WasmEngine::badBlocks)
        .function("eventsDropped", &WasmEngine::eventsDropped)
        .function("plansSwapped", &WasmEngine::plansSwapped)
        .function("drainCommandsForTest", &WasmEngine::drainCommandsForTest);
}
