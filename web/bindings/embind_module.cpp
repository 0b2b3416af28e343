// Embind registration of WasmEngine (see wasm_engine.h for shapes, units and threads).
#include <emscripten/bind.h>

#include "wasm_engine.h"

EMSCRIPTEN_BINDINGS(wavegraph) {
    using wavegraph::web::WasmEngine;
    emscripten::class_<WasmEngine>("WasmEngine")
        .constructor<>()
        .function("prepare", &WasmEngine::prepare)
        .function("prepared", &WasmEngine::prepared)
        .function("sampleRateHz", &WasmEngine::sampleRateHz)
        .function("maxBlockFrames", &WasmEngine::maxBlockFrames)
        .function("numChannels", &WasmEngine::numChannels)
        .function("inputPtr", &WasmEngine::inputPtr)
        .function("outputPtr", &WasmEngine::outputPtr)
        .function("commandRingPtr", &WasmEngine::commandRingPtr)
        .function("commandRingBytes", &WasmEngine::commandRingBytes)
        .function("commandRingCapacity", &WasmEngine::commandRingCapacity)
        .function("analyserPtr", &WasmEngine::analyserPtr)
        .function("analyserCapacityFrames", &WasmEngine::analyserCapacityFrames)
        .function("analyserFramesWritten", &WasmEngine::analyserFramesWritten)
        .function("processBlock", emscripten::optional_override(
            [](WasmEngine& self, uint32_t numFrames, uint32_t numInputChannels) {
                self.processBlock(numFrames, numInputChannels);
            }))
        .function("validate", &WasmEngine::validate)
        .function("applyNow", &WasmEngine::applyNow)
        .function("commandsApplied", &WasmEngine::commandsApplied)
        .function("commandsRejected", &WasmEngine::commandsRejected)
        .function("badBlocks", &WasmEngine::badBlocks)
        .function("drainCommandsForTest", &WasmEngine::drainCommandsForTest)
        .class_function("parameterName", &WasmEngine::parameterName);
}
