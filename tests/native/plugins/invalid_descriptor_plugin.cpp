// Test plugin: a descriptor whose parameter default (30) lies outside its range (1…20); the host
// must refuse it when the plugin is loaded.
#include <array>
#include <cstdint>

#include "wavegraph/processor.hpp"

class BadDefault {
public:
    static constexpr const char* kTypeName = "badDefault";
    static constexpr const char* kDescription = "";
    static constexpr std::array<uint32_t, 1> kInputChannels{0};
    static constexpr std::array<uint32_t, 1> kOutputChannels{0};
    static constexpr std::array<wg_parameter_descriptor, 1> kParameters{{
        {"drive", "", 1.0, 20.0, 30.0, WG_PARAMETER_SMOOTHED},
    }};
    void prepare(double, uint32_t, uint32_t) {}
    void reset() noexcept {}
    void process(const float* const*, float* const*, uint32_t) noexcept {}
    void setParameter(uint32_t, double, bool) noexcept {}
};

WAVEGRAPH_PROCESSOR_ENTRY(wavegraph::processorDescriptor<BadDefault>())
