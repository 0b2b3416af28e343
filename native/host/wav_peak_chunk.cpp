#include "host/wav_peak_chunk.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wavegraph::cli {

namespace {

uint32_t littleEndian32(const unsigned char* bytes) {
    return uint32_t{bytes[0]} | uint32_t{bytes[1]} << 8 | uint32_t{bytes[2]} << 16 | uint32_t{bytes[3]} << 24;
}

void putLittleEndian32(unsigned char* bytes, uint32_t value) {
    for (int i = 0; i < 4; ++i) bytes[i] = static_cast<unsigned char>(value >> (8 * i));
}

// A float as libsndfile writes one into a header (float32_le_write, not the CPU's bits): 0 below
// 1e-30 in magnitude, the sign, and frexp's exponent and 24-bit mantissa; for infinity frexp's
// exponent is 0 and the mantissa's conversion gives 0, so +infinity is written as 0.5.
uint32_t libsndfileHeaderFloat(float value) {
    if (std::fabs(value) < 1e-30) return 0;
    uint32_t bits = 0;
    if (value < 0.0f) {
        value = -value;
        bits |= 0x80000000u;
    }
    int exponent = 0;
    uint32_t mantissa = 0;
    if (std::isinf(value)) {
        exponent = 126;
    } else {
        const float fraction = static_cast<float>(std::frexp(value, &exponent)) * static_cast<float>(0x1000000);
        exponent += 126;
        mantissa = static_cast<uint32_t>(static_cast<int>(fraction)) & 0x7FFFFFu;
    }
    bits |= (exponent & 1) ? 0x800000u : 0u;
    bits |= mantissa;
    bits |= static_cast<uint32_t>((exponent >> 1) & 0x7F) << 24;
    return bits;
}

}  // namespace

void WavPeakChunk::reset(uint32_t numChannels) {  // [control]
    values_.assign(numChannels, 0.0f);
    frames_.assign(numChannels, 0);
    callPeaks_.assign(numChannels, 0.0f);
    samplePeak_ = 0.0f;
}

void WavPeakChunk::update(const float* interleaved, uint32_t frames, int64_t firstFrame) noexcept {  // [control]
    const uint32_t numChannels = static_cast<uint32_t>(values_.size());
    if (frames == 0 || numChannels == 0) return;
    const size_t count = size_t{frames} * numChannels;
    // Each channel's largest magnitude, NaNs ignored: maxps(x, m) is m when x is NaN.
    std::fill(callPeaks_.begin(), callPeaks_.end(), 0.0f);
    size_t i = 0;
#if defined(__SSE2__)
    if (4 % numChannels == 0) {  // 1, 2 or 4 channels: lane k holds channel k % numChannels
        const __m128 magnitudeMask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
        __m128 m0 = _mm_setzero_ps(), m1 = m0, m2 = m0, m3 = m0;
        for (; i + 16 <= count; i += 16) {
            m0 = _mm_max_ps(_mm_and_ps(_mm_loadu_ps(interleaved + i), magnitudeMask), m0);
            m1 = _mm_max_ps(_mm_and_ps(_mm_loadu_ps(interleaved + i + 4), magnitudeMask), m1);
            m2 = _mm_max_ps(_mm_and_ps(_mm_loadu_ps(interleaved + i + 8), magnitudeMask), m2);
            m3 = _mm_max_ps(_mm_and_ps(_mm_loadu_ps(interleaved + i + 12), magnitudeMask), m3);
        }
        alignas(16) float lanes[4];
        _mm_store_ps(lanes, _mm_max_ps(_mm_max_ps(m0, m1), _mm_max_ps(m2, m3)));
        for (uint32_t lane = 0; lane < 4; ++lane)
            callPeaks_[lane % numChannels] = std::max(callPeaks_[lane % numChannels], lanes[lane]);
    }
#endif
    for (; i < count; ++i) {
        float& peak = callPeaks_[i % numChannels];
        peak = std::max(peak, std::fabs(interleaved[i]));
    }
    // libsndfile starts each channel's search at the call's first sample: a NaN there hides the
    // channel's samples of this call. The frame is the first one holding the maximum.
    for (const float peak : callPeaks_) samplePeak_ = std::max(samplePeak_, peak);
    for (uint32_t c = 0; c < numChannels; ++c) {
        if (std::isnan(interleaved[c]) || !(callPeaks_[c] > values_[c])) continue;
        uint32_t at = 0;
        while (at + 1 < frames && std::fabs(interleaved[size_t{at} * numChannels + c]) != callPeaks_[c]) ++at;
        values_[c] = callPeaks_[c];
        frames_[c] = firstFrame + at;
    }
}

Status WavPeakChunk::writeInto(int fd) const {  // [control]
    // RIFF header (12 bytes), then chunks: 4-byte id, 4-byte little-endian size, the data padded
    // to an even size. PEAK: version, timestamp, then per channel a float and a 32-bit frame.
    unsigned char header[4096];
    const ssize_t got = pread(fd, header, sizeof header, 0);
    if (got < 0) return Status::error(std::strerror(errno));
    const size_t length = static_cast<size_t>(got);
    if (length < 12 || std::memcmp(header, "RIFF", 4) != 0 || std::memcmp(header + 8, "WAVE", 4) != 0)
        return Status::ok();
    for (size_t at = 12; at + 8 <= length;) {
        const uint32_t size = littleEndian32(header + at + 4);
        if (std::memcmp(header + at, "data", 4) == 0) break;
        if (std::memcmp(header + at, "PEAK", 4) == 0) {
            const size_t numChannels = values_.size();
            if (size < 8 + 8 * numChannels || at + 16 + 8 * numChannels > length) return Status::ok();
            unsigned char* peaks = header + at + 16;
            for (size_t c = 0; c < numChannels; ++c) {
                putLittleEndian32(peaks + 8 * c, libsndfileHeaderFloat(values_[c]));
                putLittleEndian32(peaks + 8 * c + 4, static_cast<uint32_t>(frames_[c]));
            }
            const size_t bytes = 8 * numChannels;
            const ssize_t put = pwrite(fd, peaks, bytes, static_cast<off_t>(at + 16));
            if (put < 0) return Status::error(std::strerror(errno));
            if (static_cast<size_t>(put) != bytes) return Status::error("a short write");
            return Status::ok();
        }
        at += 8 + size + (size & 1);
    }
    return Status::ok();
}

}  // namespace wavegraph::cli
