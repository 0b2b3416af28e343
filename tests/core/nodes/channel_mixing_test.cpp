// Channel up/down-mixing against the formulas of the W3C Web Audio API § "Channel Up-Mixing and
// Down-Mixing", written out per rule, on seeded random frames.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <vector>

#include "allocation_counter.h"
#include "dsp/channel_mixing.h"

using namespace wavegraph;

namespace {

constexpr uint32_t kFrames = 257;

// Planar test buffers: channels × frames.
struct Planar {
    std::vector<std::vector<float>> data;
    Planar(uint32_t channels, uint32_t frames, float fill = 0.0f) : data(channels, std::vector<float>(frames, fill)) {}
    AudioBlock block() {
        AudioBlock b;
        b.numChannels = static_cast<uint32_t>(data.size());
        b.numFrames = static_cast<uint32_t>(data.empty() ? 0 : data[0].size());
        for (uint32_t c = 0; c < b.numChannels; ++c) b.channels[c] = data[c].data();
        return b;
    }
};

Planar randomInput(uint32_t channels, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    Planar p(channels, kFrames);
    for (auto& ch : p.data)
        for (auto& x : ch) x = dist(rng);
    return p;
}

// Expected output channel `o` at frame `i` from input frame `x` (the spec's formula).
using Rule = std::function<double(const std::vector<double>& x, uint32_t o)>;

// Mixes `from` → `to` (prefilled with 99 to catch unwritten channels) and compares with `rule`.
void expectRule(uint32_t from, uint32_t to, const Rule& rule,
                ChannelInterpretation interpretation = ChannelInterpretation::speakers) {
    SCOPED_TRACE(testing::Message() << from << " → " << to);
    Planar in = randomInput(from, 1000 + from * 10 + to);
    Planar out(to, kFrames, 99.0f);
    AudioBlock inBlock = in.block(), outBlock = out.block();
    outBlock.numFrames = 0;
    mixChannels(inBlock, outBlock, interpretation);
    EXPECT_EQ(outBlock.numFrames, kFrames);
    double worst = 0.0;
    for (uint32_t i = 0; i < kFrames; ++i) {
        std::vector<double> x(from);
        for (uint32_t c = 0; c < from; ++c) x[c] = in.data[c][i];
        for (uint32_t o = 0; o < to; ++o) worst = std::max(worst, std::abs(out.data[o][i] - rule(x, o)));
    }
    EXPECT_LT(worst, 1e-6);
}

constexpr double kR = 0.7071;  // the spec's literal coefficient

}  // namespace

TEST(ChannelMixing, MonoUpMix) {
    expectRule(1, 2, [](auto& x, uint32_t) { return x[0]; });                   // L = R = M
    expectRule(1, 4, [](auto& x, uint32_t o) { return o < 2 ? x[0] : 0.0; });   // SL = SR = 0
    expectRule(1, 6, [](auto& x, uint32_t o) { return o == 2 ? x[0] : 0.0; });  // C = M
}

TEST(ChannelMixing, StereoAndQuadUpMix) {
    expectRule(2, 4, [](auto& x, uint32_t o) { return o < 2 ? x[o] : 0.0; });
    expectRule(2, 6, [](auto& x, uint32_t o) { return o < 2 ? x[o] : 0.0; });
    // quad L R SL SR → 5.1 L R C LFE SL SR
    expectRule(4, 6, [](auto& x, uint32_t o) {
        const double expected[6] = {x[0], x[1], 0.0, 0.0, x[2], x[3]};
        return expected[o];
    });
}

TEST(ChannelMixing, DownMixToMono) {
    expectRule(2, 1, [](auto& x, uint32_t) { return 0.5 * (x[0] + x[1]); });
    expectRule(4, 1, [](auto& x, uint32_t) { return 0.25 * (x[0] + x[1] + x[2] + x[3]); });
    expectRule(6, 1, [](auto& x, uint32_t) { return kR * (x[0] + x[1]) + x[2] + 0.5 * (x[4] + x[5]); });
}

TEST(ChannelMixing, DownMixToStereoAndQuad) {
    expectRule(4, 2, [](auto& x, uint32_t o) { return 0.5 * (x[o] + x[o + 2]); });
    expectRule(6, 2, [](auto& x, uint32_t o) { return x[o] + kR * (x[2] + x[4 + o]); });
    expectRule(6, 4, [](auto& x, uint32_t o) { return o < 2 ? x[o] + kR * x[2] : x[o + 2]; });
}

TEST(ChannelMixing, DiscreteDropsAndZeroFills) {
    // Counts outside {1, 2, 4, 6} are discrete even with "speakers".
    expectRule(3, 5, [](auto& x, uint32_t o) { return o < 3 ? x[o] : 0.0; });
    expectRule(8, 3, [](auto& x, uint32_t o) { return x[o]; });
    expectRule(6, 8, [](auto& x, uint32_t o) { return o < 6 ? x[o] : 0.0; });
    // Explicit discrete on speaker layouts: no down-mix formula.
    expectRule(
        2, 1, [](auto& x, uint32_t) { return x[0]; }, ChannelInterpretation::discrete);
    expectRule(
        1, 2, [](auto& x, uint32_t o) { return o == 0 ? x[0] : 0.0; }, ChannelInterpretation::discrete);
    expectRule(2, 2, [](auto& x, uint32_t o) { return x[o]; });
}

TEST(ChannelMixing, InPlaceChannelForChannel) {
    // 5.1 → stereo into the first two input channels (same pointers).
    Planar in = randomInput(6, 7);
    const Planar copy = in;
    AudioBlock inBlock = in.block();
    AudioBlock outBlock = inBlock;
    outBlock.numChannels = 2;
    mixChannels(inBlock, outBlock);
    for (uint32_t i = 0; i < kFrames; ++i)
        for (uint32_t o = 0; o < 2; ++o)
            EXPECT_NEAR(in.data[o][i], copy.data[o][i] + kR * (copy.data[2][i] + copy.data[4 + o][i]), 1e-6);
}

TEST(ChannelMixing, CanMixChecksCounts) {
    EXPECT_TRUE(canMix(1, 32).isOk());
    EXPECT_TRUE(canMix(6, 2).isOk());
    const Status zero = canMix(0, 2);
    ASSERT_FALSE(zero.isOk());
    EXPECT_EQ(zero.message(), "channel count 0 is out of range (1…32)");
    EXPECT_EQ(canMix(2, 33).message(), "channel count 33 is out of range (1…32)");
}

TEST(ChannelMixing, AllocatesNothing) {
    Planar in = randomInput(6, 3);
    Planar out(2, kFrames);
    AudioBlock inBlock = in.block(), outBlock = out.block();
    test::AllocationCounter counter;
    for (int k = 0; k < 100; ++k) mixChannels(inBlock, outBlock);
    EXPECT_EQ(counter.count(), 0u);
}
