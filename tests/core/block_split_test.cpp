// Whole block vs 1-frame blocks vs odd blocks (7, 61, 128): identical output, bit for bit.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "reference_chain.h"

using namespace wavegraph;

namespace {

constexpr double kSampleRateHz = 48000.0;
constexpr uint32_t kChannels = 2;
constexpr size_t kFrames = 16000;  // ≤ the core's 16384-frame block limit

// Seeded white noise, planar stereo.
std::vector<std::vector<float>> makeInput() {
    std::mt19937 random(1234);
    std::vector<std::vector<float>> in(kChannels, std::vector<float>(kFrames));
    for (auto& ch : in)
        for (auto& s : ch) s = static_cast<float>(random()) / 4294967296.0f - 0.5f;
    return in;
}

std::vector<std::vector<float>> render(const std::vector<uint32_t>& blockPattern) {
    ReferenceChain chain;
    EXPECT_TRUE(chain.prepare(ProcessSpec{kSampleRateHz, static_cast<uint32_t>(kFrames), kChannels}).isOk());
    auto& ring = chain.commandRing();
    // Settings that exercise every stage, queued before the first block (frame 0 in every split).
    ring.tryPush({node::eq, param::eqBandGainDb(0), 6.0, 0, 0});
    ring.tryPush({node::eq, param::eqBandGainDb(4), -20.0, 0, 0});
    ring.tryPush({node::eq, param::eqBandQ(6), 3.0, 0, 0});
    ring.tryPush({node::masterGain, param::masterGainDb, -9.0, 0, 0});  // a 10 ms ramp across blocks
    auto in = makeInput();
    std::vector<std::vector<float>> out(kChannels, std::vector<float>(kFrames));
    size_t start = 0;
    for (size_t i = 0; start < kFrames; ++i) {
        const auto n = static_cast<uint32_t>(std::min<size_t>(blockPattern[i % blockPattern.size()], kFrames - start));
        const float* inPtrs[kChannels] = {in[0].data() + start, in[1].data() + start};
        float* outPtrs[kChannels] = {out[0].data() + start, out[1].data() + start};
        chain.process(inPtrs, kChannels, outPtrs, n);
        start += n;
    }
    return out;
}

}  // namespace

TEST(BlockSplit, OneBlockOneFrameAndOddBlocksAreIdentical) {
    const auto whole = render({static_cast<uint32_t>(kFrames)});
    const auto single = render({1});
    const auto odd = render({7, 61, 128});
    size_t differing = 0;
    for (uint32_t ch = 0; ch < kChannels; ++ch)
        for (size_t i = 0; i < kFrames; ++i) {
            differing += whole[ch][i] != single[ch][i];
            differing += whole[ch][i] != odd[ch][i];
        }
    EXPECT_EQ(differing, 0u);
    // And the render is not trivially silent.
    double energy = 0;
    for (float s : whole[0]) energy += double{s} * s;
    EXPECT_GT(energy, 1.0);
}
