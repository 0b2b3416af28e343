// A processor whose descriptor fails the host's checks (default 30 outside 1…20): a wasm core
// linking it must refuse to start with that one line (tests/js/custom-core.test.ts).
#include <array>
#include <cstdint>

#include "wavegraph/processor.hpp"

class RefusedProcessor {
public:
    static constexpr const char* kTypeName = "refused";
    static constexpr const char* kDescription = "A descriptor with a default outside its range.";
    static constexpr std::array<uint32_t, 1> kInputChannels{0};
    static constexpr std::array<uint32_t, 1> kOutputChannels{0};
    static constexpr std::array<wg_parameter_descriptor, 1> kParameters{{
        {"drive", "", 1.0, 20.0, 30.0, WG_PARAMETER_STEPPED},
    }};

    void prepare(double /*sampleRateHz*/, uint32_t /*maxBlockFrames*/, uint32_t channels) { channels_ = channels; }
    void reset() noexcept {}
    void process(const float* const* inputs, float* const* outputs, uint32_t frames) noexcept {
        for (uint32_t ch = 0; ch < channels_; ++ch)
            for (uint32_t i = 0; i < frames; ++i) outputs[ch][i] = inputs[ch][i];
    }
    void setParameter(uint32_t /*id*/, double /*value*/, bool /*immediate*/) noexcept {}

private:
    uint32_t channels_ = 0;
};

WAVEGRAPH_PROCESSOR_ENTRY(wavegraph::processorDescriptor<RefusedProcessor>())
