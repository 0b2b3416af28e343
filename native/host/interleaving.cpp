#include "host/interleaving.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wavegraph::cli {

void deinterleave(const float* interleaved, uint32_t numChannels, uint32_t frames,
                  float* const* channels) noexcept {  // [any]
    // With no frames the pointers may be null.
    if (frames == 0) return;
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

void deinterleaveBytes(const unsigned char* interleaved, uint32_t numChannels, uint32_t frames,
                       float* const* channels) noexcept {  // [any]
    if (frames == 0) return;
    if (numChannels == 1) {
        std::memcpy(channels[0], interleaved, sizeof(float) * frames);
        return;
    }
    uint32_t i = 0;
    if (numChannels == 2) {
        float* left = channels[0];
        float* right = channels[1];
#if defined(__SSE2__)
        // Unaligned loads of 4 frames, split by shuffles (the bits move unchanged, NaNs too).
        for (; i + 4 <= frames; i += 4) {
            const unsigned char* at = interleaved + size_t{i} * 2 * sizeof(float);
            const __m128 a = _mm_loadu_ps(reinterpret_cast<const float*>(at));
            const __m128 b = _mm_loadu_ps(reinterpret_cast<const float*>(at + 4 * sizeof(float)));
            _mm_storeu_ps(left + i, _mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)));
            _mm_storeu_ps(right + i, _mm_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1)));
        }
#endif
    }
    for (; i < frames; ++i)
        for (uint32_t c = 0; c < numChannels; ++c)
            std::memcpy(channels[c] + i, interleaved + (size_t{i} * numChannels + c) * sizeof(float), sizeof(float));
}

void interleave(const float* const* channels, uint32_t numChannels, uint32_t frames,
                float* interleaved) noexcept {  // [any]
    // With no frames the pointers may be null.
    if (frames == 0) return;
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

float interleaveWithPeak(const float* const* channels, uint32_t numChannels, uint32_t frames, float* interleaved,
                         float peak) noexcept {  // [any]
    if (frames == 0) return peak;
    if (numChannels != 2) {  // the scan reads what was just written, still in the cache
        interleave(channels, numChannels, frames, interleaved);
        return peakMagnitude(interleaved, size_t{frames} * numChannels, peak);
    }
    const float* left = channels[0];
    const float* right = channels[1];
    uint32_t i = 0;
#if defined(__SSE2__)
    // maxps(x, m) is m when x is NaN, as std::max(m, x) is (peakMagnitude).
    const __m128 magnitudeMask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
    __m128 m0 = _mm_setzero_ps(), m1 = m0;
    for (; i + 4 <= frames; i += 4) {
        const __m128 l = _mm_loadu_ps(left + i);
        const __m128 r = _mm_loadu_ps(right + i);
        _mm_storeu_ps(interleaved + 2 * size_t{i}, _mm_unpacklo_ps(l, r));
        _mm_storeu_ps(interleaved + 2 * size_t{i} + 4, _mm_unpackhi_ps(l, r));
        m0 = _mm_max_ps(_mm_and_ps(l, magnitudeMask), m0);
        m1 = _mm_max_ps(_mm_and_ps(r, magnitudeMask), m1);
    }
    alignas(16) float lanes[4];
    _mm_store_ps(lanes, _mm_max_ps(m0, m1));
    for (const float lane : lanes) peak = std::max(peak, lane);
#endif
    for (; i < frames; ++i) {
        interleaved[2 * size_t{i}] = left[i];
        interleaved[2 * size_t{i} + 1] = right[i];
        peak = std::max(peak, std::max(std::fabs(left[i]), std::fabs(right[i])));
    }
    return peak;
}

float peakMagnitude(const float* samples, size_t count, float peak) noexcept {  // [any]
    size_t i = 0;
#if defined(__SSE2__)
    // maxps(x, m) is m when x is NaN, as std::max(m, x) is; four accumulators hide its latency.
    const __m128 magnitudeMask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
    __m128 m0 = _mm_setzero_ps(), m1 = m0, m2 = m0, m3 = m0;
    for (; i + 16 <= count; i += 16) {
        m0 = _mm_max_ps(_mm_and_ps(_mm_loadu_ps(samples + i), magnitudeMask), m0);
        m1 = _mm_max_ps(_mm_and_ps(_mm_loadu_ps(samples + i + 4), magnitudeMask), m1);
        m2 = _mm_max_ps(_mm_and_ps(_mm_loadu_ps(samples + i + 8), magnitudeMask), m2);
        m3 = _mm_max_ps(_mm_and_ps(_mm_loadu_ps(samples + i + 12), magnitudeMask), m3);
    }
    alignas(16) float lanes[4];
    _mm_store_ps(lanes, _mm_max_ps(_mm_max_ps(m0, m1), _mm_max_ps(m2, m3)));
    for (const float lane : lanes) peak = std::max(peak, lane);
#endif
    for (; i < count; ++i) peak = std::max(peak, std::fabs(samples[i]));
    return peak;
}

}  // namespace wavegraph::cli
