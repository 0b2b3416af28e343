#include "host/interleaving.h"

#include <cstring>

namespace wavegraph::cli {

void deinterleave(const float* interleaved, uint32_t numChannels, uint32_t frames,
                  float* const* channels) noexcept {  // [any]
    if (numChannels == 2) {
        float* left = channels[0];
        float* right = channels[1];
        for (uint32_t i = 0; i < frames; ++i) {
            left[i] = interleaved[2 * size_t{i}];
            right[i] = interleaved[2 * size_t{i} + 1];
        }
        return;
    }
    if (numChannels == 1) {
        std::memcpy(channels[0], interleaved, sizeof(float) * frames);
        return;
    }
    for (uint32_t c = 0; c < numChannels; ++c) {
        const float* from = interleaved + c;
        float* to = channels[c];
        for (uint32_t i = 0; i < frames; ++i) to[i] = from[size_t{i} * numChannels];
    }
}

void interleave(const float* const* channels, uint32_t numChannels, uint32_t frames,
                float* interleaved) noexcept {  // [any]
    if (numChannels == 2) {
        const float* left = channels[0];
        const float* right = channels[1];
        for (uint32_t i = 0; i < frames; ++i) {
            interleaved[2 * size_t{i}] = left[i];
            interleaved[2 * size_t{i} + 1] = right[i];
        }
        return;
    }
    if (numChannels == 1) {
        std::memcpy(interleaved, channels[0], sizeof(float) * frames);
        return;
    }
    for (uint32_t c = 0; c < numChannels; ++c) {
        const float* from = channels[c];
        float* to = interleaved + c;
        for (uint32_t i = 0; i < frames; ++i) to[size_t{i} * numChannels] = from[i];
    }
}

float peakMagnitude(const float* samples, size_t count, float peak) noexcept {  // [any]
    // For finite and infinite floats, |x| orders as its bit pattern without the sign does, as an
    // unsigned integer; NaN patterns (above infinity's) count as 0. An integer max reduction
    // vectorises without -ffast-math.
    constexpr uint32_t kMagnitudeMask = 0x7fffffffu;
    constexpr uint32_t kInfinityBits = 0x7f800000u;
    uint32_t largest = 0;
    for (size_t i = 0; i < count; ++i) {
        uint32_t bits;
        std::memcpy(&bits, samples + i, sizeof bits);
        bits &= kMagnitudeMask;
        bits = bits > kInfinityBits ? 0u : bits;
        largest = bits > largest ? bits : largest;
    }
    float found;
    std::memcpy(&found, &largest, sizeof found);
    return found > peak ? found : peak;
}

}  // namespace wavegraph::cli
