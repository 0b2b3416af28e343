#pragma once
/// \file test_processors.h
/// Processor types for the processor tests, written with wavegraph/processor.hpp: a mono-to-
/// stereo panner with fixed channel counts, and a processor whose process throws on demand.

#include <array>
#include <cstdint>
#include <stdexcept>

#include "wavegraph/processor.hpp"

namespace wavegraph::test {

/// One mono input, one stereo output: left = x·(1 − pan), right = x·pan. "pan" 0…1, stepped.
class MonoToStereo {
public:
    static constexpr const char* kTypeName = "testMonoToStereo";
    static constexpr const char* kDescription = "Test: mono in, stereo out, linear pan.";
    static constexpr std::array<uint32_t, 1> kInputChannels{1};
    static constexpr std::array<uint32_t, 1> kOutputChannels{2};
    static constexpr std::array<wg_parameter_descriptor, 1> kParameters{{{"pan", "", 0.0, 1.0, 0.5, 0}}};
    void prepare(double, uint32_t, uint32_t) {}
    void reset() noexcept {}
    void process(const float* const* in, float* const* out, uint32_t frames) noexcept {
        for (uint32_t i = 0; i < frames; ++i) {
            out[0][i] = static_cast<float>(in[0][i] * (1.0 - pan_));
            out[1][i] = static_cast<float>(in[0][i] * pan_);
        }
    }
    void setParameter(uint32_t, double value, bool) noexcept { pan_ = value; }

private:
    double pan_ = 0.5;
};

/// Passes its input through; process throws std::runtime_error while "fail" is 1.
class ThrowingProcessor {
public:
    static constexpr const char* kTypeName = "testThrowing";
    static constexpr const char* kDescription = "Test: throws from process while fail = 1.";
    static constexpr std::array<uint32_t, 1> kInputChannels{0};
    static constexpr std::array<uint32_t, 1> kOutputChannels{0};
    static constexpr std::array<wg_parameter_descriptor, 1> kParameters{{{"fail", "", 0.0, 1.0, 0.0, 0}}};
    void prepare(double, uint32_t, uint32_t channels) { channels_ = channels; }
    void reset() noexcept {}
    void process(const float* const* in, float* const* out, uint32_t frames) {
        if (fail_) throw std::runtime_error("test failure");
        for (uint32_t ch = 0; ch < channels_; ++ch)
            for (uint32_t i = 0; i < frames; ++i) out[ch][i] = in[ch][i];
    }
    void setParameter(uint32_t, double value, bool) noexcept { fail_ = value >= 0.5; }

private:
    uint32_t channels_ = 0;
    bool fail_ = false;
};

}  // namespace wavegraph::test
