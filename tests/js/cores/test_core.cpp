// The entry of the tests' custom wasm core (web/CMakeLists.txt, test-core): the soft clipper of
// examples/processors/soft-clipper (its class, soft_clipper.hpp) and failOnDemand, a processor
// written against the C ABI alone whose process() fails while its "fail" parameter is 1
// (tests/js/custom-core.test.ts: silence, the processorFailed event and the processorFailures
// counter, the rest of the graph playing on).
#include <cstdint>
#include <new>

#include "soft_clipper.hpp"
#include "wavegraph/processor.h"

namespace {

struct FailOnDemand {
    uint32_t channels = 0;
    bool failing = false;
};

void* create() {  // [control]
    return new (std::nothrow) FailOnDemand();
}
int32_t prepare(void* instance, double /*sampleRateHz*/, uint32_t /*maxBlockFrames*/, uint32_t channels) {  // [control]
    static_cast<FailOnDemand*>(instance)->channels = channels;
    return WG_PROCESSOR_OK;
}
void reset(void* /*instance*/) {}  // [audio]
/// Copies its input, or fails (the host silences the block) while "fail" is 1. [audio]
int32_t process(void* instance, const float* const* inputs, float* const* outputs, uint32_t frames) {
    const auto* self = static_cast<const FailOnDemand*>(instance);
    if (self->failing) return WG_PROCESSOR_ERROR;
    for (uint32_t ch = 0; ch < self->channels; ++ch)
        for (uint32_t i = 0; i < frames; ++i) outputs[ch][i] = inputs[ch][i];
    return WG_PROCESSOR_OK;
}
int32_t setParameter(void* instance, uint32_t id, double value, int32_t /*immediate*/) {  // [audio]
    if (id != 0) return WG_PROCESSOR_BAD_PARAMETER;
    static_cast<FailOnDemand*>(instance)->failing = value >= 0.5;
    return WG_PROCESSOR_OK;
}
void destroy(void* instance) { delete static_cast<FailOnDemand*>(instance); }  // [control]

const uint32_t kChannels[1] = {0};
const wg_parameter_descriptor kParameters[1] = {{"fail", "", 0.0, 1.0, 0.0, WG_PARAMETER_STEPPED}};
const wg_processor_descriptor kFailOnDemand = {
    WG_PROCESSOR_ABI_MAJOR,
    WG_PROCESSOR_ABI_MINOR,
    sizeof(wg_processor_descriptor),
    "failOnDemand",
    "Copies its input; process() fails while fail is 1.",
    1,
    1,
    kChannels,
    kChannels,
    1,
    kParameters,
    &create,
    &prepare,
    &reset,
    &process,
    &setParameter,
    nullptr,
    &destroy,
};

}  // namespace

WAVEGRAPH_PROCESSOR_ENTRY(wavegraph::processorDescriptor<SoftClipper>(), &kFailOnDemand)
