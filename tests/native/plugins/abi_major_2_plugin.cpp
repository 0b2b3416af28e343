// Test plugin: a descriptor that says it was built for processor ABI 2.0 (a future, incompatible
// major version); the host must refuse it with one line naming both versions.
#include <array>
#include <cstdint>

#include "wavegraph/processor.hpp"

namespace {

class Pass {
public:
    static constexpr const char* kTypeName = "futurePass";
    static constexpr const char* kDescription = "";
    static constexpr std::array<uint32_t, 1> kInputChannels{0};
    static constexpr std::array<uint32_t, 1> kOutputChannels{0};
    static constexpr std::array<wg_parameter_descriptor, 0> kParameters{};
    void prepare(double, uint32_t, uint32_t channels) { channels_ = channels; }
    void reset() noexcept {}
    void process(const float* const* inputs, float* const* outputs, uint32_t frames) noexcept {
        for (uint32_t ch = 0; ch < channels_; ++ch)
            for (uint32_t i = 0; i < frames; ++i) outputs[ch][i] = inputs[ch][i];
    }
    void setParameter(uint32_t, double, bool) noexcept {}

private:
    uint32_t channels_ = 0;
};

const wg_processor_descriptor* futureDescriptor() {
    static const wg_processor_descriptor descriptor = [] {
        wg_processor_descriptor d = *wavegraph::processorDescriptor<Pass>();
        d.abi_major = 2;
        d.abi_minor = 0;
        return d;
    }();
    return &descriptor;
}

}  // namespace

WAVEGRAPH_PROCESSOR_ENTRY(futureDescriptor())
