// Test plugin: a gain whose "mode" parameter makes process() misbehave on purpose, for the host's
// failure handling and real-time guard tests.
//   mode 0: y = gain · x                        (behaves)
//   mode 1: throws std::runtime_error           (processor.hpp stops it: WG_PROCESSOR_EXCEPTION)
//   mode 2: y = gain · x, allocating and freeing a buffer on every call (the guard must see it)
#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>

#include "wavegraph/processor.hpp"

class Misbehaving {
public:
    static constexpr const char* kTypeName = "misbehaving";
    static constexpr const char* kDescription = "Test gain that throws (mode 1) or allocates (mode 2) in process.";
    static constexpr std::array<uint32_t, 1> kInputChannels{0};
    static constexpr std::array<uint32_t, 1> kOutputChannels{0};
    static constexpr std::array<wg_parameter_descriptor, 2> kParameters{{
        {"gain", "", 0.0, 2.0, 1.0, WG_PARAMETER_STEPPED},
        {"mode", "", 0.0, 2.0, 0.0, WG_PARAMETER_STEPPED},
    }};

    void prepare(double, uint32_t, uint32_t channels) { channels_ = channels; }
    void reset() noexcept {}
    void process(const float* const* inputs, float* const* outputs, uint32_t frames) {
        if (mode_ == 1) throw std::runtime_error("misbehaving: mode 1 throws");
        std::unique_ptr<float[]> scratch;
        if (mode_ == 2) {
            scratch.reset(new float[frames]);
            escape_ = scratch.get();  // a volatile store: the allocation cannot be optimised away
        }
        for (uint32_t ch = 0; ch < channels_; ++ch)
            for (uint32_t i = 0; i < frames; ++i) outputs[ch][i] = gain_ * inputs[ch][i];
    }
    void setParameter(uint32_t id, double value, bool) noexcept {
        if (id == 0) gain_ = static_cast<float>(value);
        if (id == 1) mode_ = static_cast<int>(value + 0.5);
    }

private:
    uint32_t channels_ = 0;
    float gain_ = 1.0f;
    int mode_ = 0;
    float* volatile escape_ = nullptr;
};

WAVEGRAPH_PROCESSOR_ENTRY(wavegraph::processorDescriptor<Misbehaving>())
