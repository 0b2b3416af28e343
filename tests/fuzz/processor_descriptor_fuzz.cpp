// libFuzzer target: processor descriptors (include/wavegraph/processor.h) built from bytes —
// versions, names (also NULL, overlong, with any byte), port and channel tables, parameter
// tables with any doubles and flags — through checkProcessorDescriptor and addProcessorTypes;
// an accepted type is then used in a graph and rendered. The function pointers (when not NULL)
// belong to a harmless processor that writes silence. Findings: sanitizer reports (a table read
// past its length), a refusal that is not one line, a check that disagrees with
// addProcessorTypes, non-finite output.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_checks.h"
#include "processor/processor_types.h"
#include "session/default_registry.h"
#include "session/graph_session.h"

using namespace wavegraph;

namespace {

// The harmless processor: an instance is a byte; process() writes silence to every output channel.
struct Silence {
    uint32_t outputChannels = 0;
    uint32_t maxFrames = 0;
};
const wg_processor_descriptor* gDescriptor = nullptr;
uint32_t gGraphChannels = 2;

uint32_t channelsOf(const uint32_t* table, uint32_t ports) {
    uint32_t total = 0;
    for (uint32_t i = 0; i < ports; ++i) total += table[i] == 0 ? gGraphChannels : table[i];
    return total;
}
void* create() { return new Silence; }
int32_t prepare(void* instance, double, uint32_t maxFrames, uint32_t) {
    auto* s = static_cast<Silence*>(instance);
    s->outputChannels = channelsOf(gDescriptor->output_channels, gDescriptor->num_outputs);
    s->maxFrames = maxFrames;
    return WG_PROCESSOR_OK;
}
void reset(void*) {}
int32_t process(void* instance, const float* const*, float* const* outputs, uint32_t frames) {
    auto* s = static_cast<Silence*>(instance);
    if (frames > s->maxFrames) std::abort();
    for (uint32_t c = 0; c < s->outputChannels; ++c)
        for (uint32_t i = 0; i < frames; ++i) outputs[c][i] = 0.0f;
    return WG_PROCESSOR_OK;
}
int32_t setParameter(void*, uint32_t id, double, int32_t) {
    return id < gDescriptor->num_parameters ? WG_PROCESSOR_OK : WG_PROCESSOR_BAD_PARAMETER;
}
void destroy(void* instance) { delete static_cast<Silence*>(instance); }

const wg_processor_descriptor* entry(uint32_t index) { return index == 0 ? gDescriptor : nullptr; }

// A string from the bytes, or NULL (one flag byte decides). Kept alive by `strings`.
const char* fuzzedString(FuzzedDataProvider& bytes, std::vector<std::string>& strings) {
    if (bytes.ConsumeIntegralInRange<uint8_t>(0, 15) == 0) return nullptr;
    strings.push_back(bytes.ConsumeRandomLengthString(80));
    return strings.back().c_str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider bytes(data, size);
    std::vector<std::string> strings;
    strings.reserve(2 + 2 * WG_PROCESSOR_MAX_PARAMETERS);
    wg_processor_descriptor d{};
    d.abi_major = bytes.ConsumeBool() ? WG_PROCESSOR_ABI_MAJOR : bytes.ConsumeIntegral<uint32_t>();
    d.abi_minor = bytes.ConsumeBool() ? WG_PROCESSOR_ABI_MINOR : bytes.ConsumeIntegral<uint32_t>();
    d.struct_size = bytes.ConsumeBool() ? uint32_t{sizeof(wg_processor_descriptor)} : bytes.ConsumeIntegral<uint32_t>();
    d.type_name = fuzzedString(bytes, strings);
    d.description = fuzzedString(bytes, strings);
    d.num_inputs = bytes.ConsumeIntegralInRange<uint32_t>(0, WG_PROCESSOR_MAX_PORTS + 2);
    d.num_outputs = bytes.ConsumeIntegralInRange<uint32_t>(0, WG_PROCESSOR_MAX_PORTS + 2);
    // Tables exactly as long as the counts say (ASan reports a read past them), or NULL.
    std::vector<uint32_t> inputChannels(d.num_inputs), outputChannels(d.num_outputs);
    for (auto& c : inputChannels) c = bytes.ConsumeIntegralInRange<uint32_t>(0, WG_PROCESSOR_MAX_CHANNELS + 2);
    for (auto& c : outputChannels) c = bytes.ConsumeIntegralInRange<uint32_t>(0, WG_PROCESSOR_MAX_CHANNELS + 2);
    d.input_channels =
        d.num_inputs > 0 && bytes.ConsumeIntegralInRange<uint8_t>(0, 15) != 0 ? inputChannels.data() : nullptr;
    d.output_channels =
        d.num_outputs > 0 && bytes.ConsumeIntegralInRange<uint8_t>(0, 15) != 0 ? outputChannels.data() : nullptr;
    d.num_parameters = bytes.ConsumeIntegralInRange<uint32_t>(0, 8) == 8
                           ? bytes.ConsumeIntegralInRange<uint32_t>(0, WG_PROCESSOR_MAX_PARAMETERS + 2)
                           : bytes.ConsumeIntegralInRange<uint32_t>(0, 4);
    std::vector<wg_parameter_descriptor> parameters(d.num_parameters);
    for (auto& p : parameters) {
        p.name = fuzzedString(bytes, strings);
        p.unit = fuzzedString(bytes, strings);
        p.min_value = bytes.ConsumeFloatingPoint<double>();
        p.max_value = bytes.ConsumeFloatingPoint<double>();
        const bool finite = std::isfinite(p.min_value) && std::isfinite(p.max_value);
        p.default_value = bytes.ConsumeBool() || !finite
                              ? bytes.ConsumeFloatingPoint<double>()
                              : bytes.ConsumeFloatingPointInRange<double>(std::min(p.min_value, p.max_value),
                                                                          std::max(p.min_value, p.max_value));
        p.flags = bytes.ConsumeIntegralInRange<uint32_t>(0, 3);
    }
    d.parameters =
        d.num_parameters > 0 && bytes.ConsumeIntegralInRange<uint8_t>(0, 15) != 0 ? parameters.data() : nullptr;
    const uint8_t missing = bytes.ConsumeIntegral<uint8_t>();  // bit k set: function k is NULL (rarely)
    const bool keepAll = (missing & 0xC0) != 0;
    d.create = keepAll || !(missing & 1) ? create : nullptr;
    d.prepare = keepAll || !(missing & 2) ? prepare : nullptr;
    d.reset = keepAll || !(missing & 4) ? reset : nullptr;
    d.process = keepAll || !(missing & 8) ? process : nullptr;
    d.set_parameter = keepAll || !(missing & 16) ? setParameter : nullptr;
    d.destroy = keepAll || !(missing & 32) ? destroy : nullptr;
    gDescriptor = &d;

    NodeRegistry registry = makeDefaultNodeRegistry();
    const Status checked = checkProcessorDescriptor(&d, registry);
    fuzz::requireOneLine(checked, "checkProcessorDescriptor");
    std::vector<std::string> added;
    const Status status = addProcessorTypes(registry, entry, "fuzz", nullptr, &added);
    fuzz::requireOneLine(status, "addProcessorTypes");
    if (checked.isOk() != status.isOk()) {
        std::fprintf(stderr, "check [%s] disagrees with add [%s]\n", checked.message().c_str(),
                     status.message().c_str());
        std::abort();
    }
    if (!status) return 0;

    // The new type in a graph: the host input into its first input port, its output out.
    constexpr uint32_t kFrames = 32;
    GraphSession session(registry);
    if (!session.prepare({48000.0, kFrames, gGraphChannels}, 16, 64, 1.0)) std::abort();
    // Parameter 0 (when there is one) set out of its range: the refusal names its unit.
    std::string params;
    if (d.num_parameters > 0) {
        const double value = d.parameters[0].max_value < 1e300 ? 1e300 : -1e300;
        params = R"(, "params": { ")" + std::string(d.parameters[0].name) + R"(": )" + std::to_string(value) + " }";
    }
    const std::string json = R"({ "nodes": [ { "id": "source", "type": "input" }, { "id": "p", "type": ")" +
                             std::string(d.type_name) + "\"" + params + R"( } ], "connections": [ )" +
                             (d.num_inputs > 0 ? R"({ "from": "source", "to": "p" })" : "") + R"( ], "output": "p" })";
    const Status refused = session.checkGraph(json);
    fuzz::requireOneLine(refused, "checkGraph with a parameter out of range");
    const bool outOfRange =
        d.num_parameters > 0 && (d.parameters[0].max_value < 1e300 || d.parameters[0].min_value > -1e300);
    if (outOfRange && refused.isOk()) {
        std::fprintf(stderr, "a value out of range was accepted: %s\n", json.c_str());
        std::abort();
    }
    const std::string plain = R"({ "nodes": [ { "id": "source", "type": "input" }, { "id": "p", "type": ")" +
                              std::string(d.type_name) + R"(" } ], "connections": [ )" +
                              (d.num_inputs > 0 ? R"({ "from": "source", "to": "p" })" : "") + R"( ], "output": "p" })";
    const Status loaded = session.loadGraph(plain);
    fuzz::requireOneLine(loaded, "loadGraph with the processor type");
    if (!loaded) return 0;
    fuzz::PlanarBuffers input(gGraphChannels, kFrames), output(gGraphChannels, kFrames);
    for (int block = 0; block < 3; ++block) {
        session.process(input.pointers.data(), gGraphChannels, output.pointers.data(), kFrames);
        fuzz::requireFinite(output.data, kFrames, "processor graph output");
    }
    return 0;
}
