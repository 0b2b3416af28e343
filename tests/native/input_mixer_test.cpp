// InputMixer: inputs mixed in step with per-input gain, and the overflow/underflow policy
// measured against an injected rate mismatch (the producer writes P frames per block while
// the mixer takes R). Closed forms, derived from the policy in input_mixer.h:
//  - overflow (P > R, ring capacity C, no prefill): the first read that finds more than C
//    frames waiting skips to the oldest one still there; from then on every block loses
//    P − R. After N blocks (once overflow started) the frames lost are N·P − (N − 1)·R − C.
//  - underflow (P < R, prefill F): every frame written is delivered, so after N blocks the
//    silence filled is N·R − F − N·P (once the prefill is used up).

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/input_mixer.h"
#include "signal_helpers.h"

namespace wavegraph::cli {
namespace {

std::vector<float> noise(size_t count, uint32_t seed) { return test::uniformNoise(count, seed, 0.5f); }

void push(InputMixer& mixer, size_t input, const std::vector<float>& mono, size_t from, uint32_t n) {
    const float* p = mono.data() + from;
    mixer.ring(input).write(&p, n);
}

TEST(InputMixer, TwoInputsWithGainSumToTheWeightedSum) {
    InputMixer mixer;
    const double gainADb = -6.0, gainBDb = 3.5;
    mixer.addInput(1, 4096, gainADb);
    mixer.addInput(1, 4096, gainBDb);
    mixer.prepare(256);
    const auto a = noise(2048, 1), b = noise(2048, 2);
    push(mixer, 0, a, 0, 2048);
    push(mixer, 1, b, 0, 2048);
    std::vector<float> left(256), right(256);
    float* out[2] = {left.data(), right.data()};
    double maxError = 0.0;
    const double ga = std::pow(10.0, gainADb / 20.0), gb = std::pow(10.0, gainBDb / 20.0);
    for (size_t block = 0; block < 8; ++block) {
        mixer.mix(out, 2, 256);
        for (size_t i = 0; i < 256; ++i) {
            const double expected = ga * a[block * 256 + i] + gb * b[block * 256 + i];  // mono feeds both
            maxError = std::max({maxError, std::fabs(left[i] - expected), std::fabs(right[i] - expected)});
        }
    }
    std::printf("max |mix - (gA·a + gB·b)| = %.3g\n", maxError);
    EXPECT_LE(maxError, 1e-6);
    EXPECT_EQ(mixer.overflowFrames(0), 0u);
    EXPECT_EQ(mixer.underflowFrames(1), 0u);
}

TEST(InputMixer, OverflowCounterMatchesAFastProducer) {
    const uint32_t capacity = 1024, R = 128, P = 141;  // producer 10.2 % fast
    const size_t N = 400;
    InputMixer mixer;
    mixer.addInput(1, capacity, 0.0);
    mixer.prepare(R);
    const auto x = noise(N * P, 3);
    std::vector<float> out(R);
    float* o = out.data();
    for (size_t k = 0; k < N; ++k) {
        push(mixer, 0, x, k * P, P);
        mixer.mix(&o, 1, R);
    }
    const uint64_t expected = N * P - (N - 1) * R - capacity;
    std::printf("overflow: %llu frames counted, %llu expected (N=%zu, P=%u, R=%u, C=%u)\n",
                static_cast<unsigned long long>(mixer.overflowFrames(0)), static_cast<unsigned long long>(expected), N,
                P, R, capacity);
    EXPECT_EQ(mixer.overflowFrames(0), expected);
    EXPECT_EQ(mixer.underflowFrames(0), 0u);
    // The oldest frames were dropped: the last block is the newest frames but the ring's
    // remaining C − R ones, in order.
    const size_t lastWritten = N * P, firstOfLastBlock = lastWritten - (capacity - R) - R;
    for (uint32_t i = 0; i < R; ++i) ASSERT_EQ(out[i], x[firstOfLastBlock + i]) << i;
}

TEST(InputMixer, UnderflowCounterMatchesASlowProducer) {
    const uint32_t R = 128, P = 115, F = 512;  // producer 10.2 % slow, 512 frames prefilled
    const size_t N = 400;
    InputMixer mixer;
    mixer.addInput(1, 8192, 0.0);
    mixer.prepare(R);
    const auto x = noise(F + N * P, 4);
    push(mixer, 0, x, 0, F);
    std::vector<float> out(R);
    float* o = out.data();
    for (size_t k = 0; k < N; ++k) {
        push(mixer, 0, x, F + k * P, P);
        mixer.mix(&o, 1, R);
    }
    const uint64_t expected = N * R - F - N * P;
    std::printf("underflow: %llu frames counted, %llu expected; delivered %llu of %zu written\n",
                static_cast<unsigned long long>(mixer.underflowFrames(0)), static_cast<unsigned long long>(expected),
                static_cast<unsigned long long>(mixer.framesMixed(0)), F + N * P);
    EXPECT_EQ(mixer.underflowFrames(0), expected);
    EXPECT_EQ(mixer.overflowFrames(0), 0u);
    EXPECT_EQ(mixer.framesMixed(0), F + N * P);
}

TEST(InputMixer, NoUnderflowIsCountedAfterAnInputsEnd) {
    InputMixer mixer;
    mixer.addInput(1, 1024, 0.0, 300);  // a 300-frame file
    mixer.prepare(128);
    const auto x = noise(300, 5);
    push(mixer, 0, x, 0, 300);
    std::vector<float> out(128);
    float* o = out.data();
    for (int k = 0; k < 5; ++k) mixer.mix(&o, 1, 128);
    EXPECT_EQ(mixer.underflowFrames(0), 0u);
    EXPECT_EQ(mixer.framesMixed(0), 300u);
}

}  // namespace
}  // namespace wavegraph::cli
