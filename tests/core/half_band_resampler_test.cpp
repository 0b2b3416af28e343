// The 2x up- and down-samplers against a plain serial tap-order float32 sum of their kernels over
// the whole signal (zero history), bit for bit, whatever the block split.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "dsp/half_band_resampler.h"
#include "signal_helpers.h"

namespace wavegraph {
namespace {

std::vector<float> seededNoise(size_t count, uint32_t seed) { return test::uniformNoise(count, seed, 1.0f); }

// Σ_j kernel[j]·x[n − j], x[< 0] = 0, float32 in tap order.
float serialSum(const std::vector<float>& x, int64_t n, const float* kernel, uint32_t taps) {
    float sum = 0.0f;
    for (uint32_t j = 0; j < taps; ++j) {
        const int64_t t = n - j;
        sum += (t >= 0 ? x[static_cast<size_t>(t)] : 0.0f) * kernel[j];
    }
    return sum;
}

std::vector<float> upReference(const std::vector<float>& x) {
    const float* k = UpSampler2x::kernel().data();
    std::vector<float> out(2 * x.size());
    for (size_t n = 0; n < x.size(); ++n) {
        const int64_t delayed = static_cast<int64_t>(n) - UpSampler2x::kKernelSize / 2;
        out[2 * n] = delayed >= 0 ? x[static_cast<size_t>(delayed)] : 0.0f;
        out[2 * n + 1] = serialSum(x, static_cast<int64_t>(n), k, UpSampler2x::kKernelSize);
    }
    return out;
}

std::vector<float> downReference(const std::vector<float>& x) {
    std::vector<float> odd(x.size() / 2);  // odd[m] = x[2m − 1]
    for (size_t m = 0; m < odd.size(); ++m) odd[m] = m > 0 ? x[2 * m - 1] : 0.0f;
    const float* k = DownSampler2x::reducedKernel().data();
    std::vector<float> out(x.size() / 2);
    for (size_t m = 0; m < out.size(); ++m) {
        const int64_t centre = 2 * static_cast<int64_t>(m) - DownSampler2x::kReducedSize;
        out[m] = serialSum(odd, static_cast<int64_t>(m), k, DownSampler2x::kReducedSize) +
                 0.5f * (centre >= 0 ? x[static_cast<size_t>(centre)] : 0.0f);
    }
    return out;
}

size_t countDifferentBits(const std::vector<float>& a, const std::vector<float>& b) {
    size_t different = 0;
    for (size_t i = 0; i < a.size(); ++i) different += std::memcmp(&a[i], &b[i], sizeof(float)) != 0;
    return different;
}

TEST(HalfBandResampler, UpSamplerEqualsTheSerialTapOrderSumBitForBit) {
    const auto in = seededNoise(10007, 71);
    const auto reference = upReference(in);
    for (uint32_t block : {1u, 7u, 128u, 4096u}) {
        UpSampler2x up;
        up.prepare(block);
        std::vector<float> out(2 * in.size());
        for (size_t start = 0; start < in.size(); start += block) {
            const auto n = static_cast<uint32_t>(std::min<size_t>(block, in.size() - start));
            up.process(in.data() + start, out.data() + 2 * start, n);
        }
        const size_t different = countDifferentBits(out, reference);
        std::printf("up-sampler, blocks of %u: %zu of %zu samples differ from the serial sum\n", block, different,
                    out.size());
        EXPECT_EQ(different, 0u) << "block " << block;
    }
}

TEST(HalfBandResampler, DownSamplerEqualsTheSerialTapOrderSumBitForBit) {
    const auto in = seededNoise(2 * 10007, 72);
    const auto reference = downReference(in);
    for (uint32_t block : {1u, 7u, 128u, 4096u}) {
        const uint32_t frames = 2 * block;  // the down-sampler takes even blocks
        DownSampler2x down;
        down.prepare(frames);
        std::vector<float> out(in.size() / 2);
        for (size_t start = 0; start < in.size(); start += frames) {
            const auto n = static_cast<uint32_t>(std::min<size_t>(frames, in.size() - start));
            down.process(in.data() + start, out.data() + start / 2, n);
        }
        const size_t different = countDifferentBits(out, reference);
        std::printf("down-sampler, blocks of %u output frames: %zu of %zu samples differ from the serial sum\n", block,
                    different, out.size());
        EXPECT_EQ(different, 0u) << "block " << block;
    }
}

}  // namespace
}  // namespace wavegraph
