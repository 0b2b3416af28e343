#include "wasm_engine.h"

#include <algorithm>

namespace wavegraph::web {

namespace {
uint32_t address(const void* p) noexcept { return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p)); }
}  // namespace

std::string WasmEngine::prepare(double sampleRateHz, uint32_t maxBlockFrames, uint32_t numChannels,
                                uint32_t commandRingCapacity) {  // [control]
    prepared_ = false;
    const ProcessSpec spec{sampleRateHz, maxBlockFrames, numChannels};
    if (auto s = chain_.prepare(spec, commandRingCapacity); !s) return s.message();
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

uint32_t WasmEngine::inputPtr(uint32_t channel) const {
    return channel < numChannels() ? address(inputs_[channel]) : 0;
}

uint32_t WasmEngine::outputPtr(uint32_t channel) const {
    return channel < numChannels() ? address(outputs_[channel]) : 0;
}

uint32_t WasmEngine::commandRingPtr() { return address(chain_.commandRing().data()); }

uint32_t WasmEngine::commandRingBytes() {
    return static_cast<uint32_t>(CommandRingView::bytesFor(chain_.commandRing().capacity()));
}

uint32_t WasmEngine::commandRingCapacity() { return chain_.commandRing().capacity(); }

uint32_t WasmEngine::analyserPtr() const { return address(chain_.analyserTap().buffer()); }

uint32_t WasmEngine::analyserCapacityFrames() const {
    return chain_.analyserTap().capacityFrames();
}

uint32_t WasmEngine::analyserFramesWritten() const {
    return chain_.analyserTap().framesWritten();
}

void WasmEngine::processBlock(uint32_t numFrames, uint32_t numInputChannels) noexcept {  // [audio]
    if (!prepared_) {
        ++badBlocks_;
        return;
    }
    numInputChannels = std::min(numInputChannels, chain_.spec().numChannels);
    chain_.process(inputs_.data(), numInputChannels, outputs_.data(), numFrames);
}

std::string WasmEngine::validate(uint32_t target, uint32_t param, double value) const {  // [control]
    return chain_.validate(CommandRecord{target, param, value, 0, 0}).message();
}

std::string WasmEngine::applyNow(uint32_t target, uint32_t param, double value) {  // [control]
    return chain_.applyNow(CommandRecord{target, param, value, 0, 0}).message();
}

std::string WasmEngine::parameterName(uint32_t target, uint32_t param) {  // [control]
    return ReferenceChain::parameterName(target, param);
}

emscripten::val WasmEngine::drainCommandsForTest(uint32_t maxRecords) {  // [control]
    drained_.clear();
    CommandRecord record;
    for (uint32_t i = 0; i < maxRecords && chain_.commandRing().tryPop(record); ++i) {
        drained_.insert(drained_.end(), {double(record.target), double(record.param), record.value,
                                         double(record.frameOffset), double(record.sequence)});
    }
    // new Float64Array(view) copies, so the result outlives drained_.
    return emscripten::val::global("Float64Array")
        .new_(emscripten::typed_memory_view(drained_.size(), drained_.data()));
}

}  // namespace wavegraph::web
