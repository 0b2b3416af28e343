// The reference chain: a 1 kHz sine with band 4 (960 Hz) at -20 dB loses 20 ± 1 dB.
#include <gtest/gtest.h>

#include <vector>

#include "reference_chain.h"
#include "signal_helpers.h"

using namespace wavegraph;

namespace {
std::vector<float> renderMono(ReferenceChain& chain, std::vector<float> x) {
    const uint32_t block = chain.spec().maxBlockFrames;
    for (size_t start = 0; start < x.size(); start += block) {
        const auto n = static_cast<uint32_t>(std::min<size_t>(block, x.size() - start));
        float* ch = x.data() + start;
        chain.process(&ch, 1, &ch, n);
    }
    return x;
}
}  // namespace

TEST(ReferenceChain, Band4MinusTwentyDbAttenuatesOneKilohertzByTwentyDb) {
    constexpr double fs = 48000.0;
    const auto input = wavegraph::test::makeSine(1000.0, fs, 48000, 0.5);
    ReferenceChain chain;
    ASSERT_TRUE(chain.prepare(ProcessSpec{fs, 128, 1}).isOk());
    ASSERT_TRUE(chain.commandRing().tryPush(CommandRecord{node::eq, param::eqBandGainDb(4), -20.0, 0, 0, 0}));
    const auto output = renderMono(chain, input);
    const size_t settle = 9600;  // 0.2 s transient
    const double ratioDb = wavegraph::test::rmsDb(output, settle, output.size()) -
                           wavegraph::test::rmsDb(input, settle, input.size());
    std::printf("measured 1 kHz attenuation with band 4 at -20 dB: %.3f dB (designed %.3f dB)\n",
                ratioDb, chain.eq().magnitudeDbAt(1000.0));
    EXPECT_NEAR(ratioDb, -20.0, 1.0);
    EXPECT_NEAR(ratioDb, chain.eq().magnitudeDbAt(1000.0), 0.05);
    EXPECT_EQ(chain.commandsApplied(), 1u);
}

TEST(ReferenceChain, AllBandsAtZeroDbReturnTheInput) {
    constexpr double fs = 44100.0;
    const auto input = wavegraph::test::makeSine(333.0, fs, 44100, 0.9);
    ReferenceChain chain;
    ASSERT_TRUE(chain.prepare(ProcessSpec{fs, 512, 1}).isOk());
    const auto output = renderMono(chain, input);
    double maxDiff = 0;
    for (size_t i = 0; i < input.size(); ++i) maxDiff = std::max(maxDiff, double(std::fabs(output[i] - input[i])));
    EXPECT_LE(maxDiff, 1e-6);
}

TEST(ReferenceChain, ValidationNamesTheValueAndTheRange) {
    ReferenceChain chain;
    ASSERT_TRUE(chain.prepare(ProcessSpec{48000.0, 128, 2}).isOk());
    EXPECT_EQ(chain.validate({node::eq, param::eqBandGainDb(9), 0.0, 0, 0}).message(),
              "band 9 is out of range (0…7)");
    EXPECT_EQ(chain.validate({node::eq, param::eqBandGainDb(4), 30.0, 0, 0}).message(),
              "band 4 gainDb 30 is out of range (-24…24 dB)");
    EXPECT_EQ(chain.validate({node::masterGain, param::masterGainDb, 13.0, 0, 0}).message(),
              "gainDb 13 is out of range (-60…12 dB)");
    EXPECT_EQ(chain.validate({node::eq, param::eqBandFrequencyHz(2), 30000.0, 0, 0}).message(),
              "band 2 frequencyHz 30000 is out of range (10 Hz up to Nyquist, 24000 Hz)");
    EXPECT_FALSE(chain.validate({node::masterGain, 0, std::nan(""), 0, 0}).isOk());
    EXPECT_FALSE(chain.validate({7, 0, 0.0, 0, 0}).isOk());
    EXPECT_TRUE(chain.validate({node::eq, param::eqBandQ(7), 2.5, 0, 0}).isOk());
    EXPECT_FALSE(chain.prepare(ProcessSpec{48000.0, 128, 0}).isOk());
    EXPECT_FALSE(chain.prepare(ProcessSpec{48000.0, 128, 2}, 100).isOk());  // not a power of two
}

TEST(ReferenceChain, BadValuesOnTheAudioThreadAreClampedAndCounted) {
    ReferenceChain chain;
    ASSERT_TRUE(chain.prepare(ProcessSpec{48000.0, 64, 1}).isOk());
    chain.commandRing().tryPush({node::masterGain, param::masterGainDb, std::nan(""), 0, 0});
    chain.commandRing().tryPush({node::eq, param::eqBandGainDb(3), 1e9, 0, 0});
    chain.commandRing().tryPush({99, 0, 1.0, 0, 0});
    std::vector<float> x(64, 0.25f);
    float* ch = x.data();
    chain.process(&ch, 1, &ch, 64);
    EXPECT_EQ(chain.commandsRejected(), 3u);
    for (float v : x) EXPECT_TRUE(std::isfinite(v));
    EXPECT_DOUBLE_EQ(chain.eq().band(3).gainDb, ParametricEq::kMaxGainDb);
    // An oversized block is silenced and counted, never processed out of bounds.
    std::vector<float> big(128, 1.0f);
    float* bigCh = big.data();
    chain.process(&bigCh, 1, &bigCh, 128);
    EXPECT_EQ(chain.badBlocks(), 1u);
    for (float v : big) EXPECT_EQ(v, 0.0f);
}

TEST(ReferenceChain, FrameOffsetAppliesAtThatFrame) {
    ReferenceChain chain;
    ASSERT_TRUE(chain.prepare(ProcessSpec{48000.0, 128, 1}).isOk());
    chain.commandRing().tryPush({node::source, param::sourceKind, 2.0, 0, 0});         // sine on
    chain.commandRing().tryPush({node::source, param::sourceLevelDb, -120.0, 0, 0});
    chain.commandRing().tryPush({node::source, param::sourceLevelDb, 0.0, 77, 0});    // at frame 77
    std::vector<float> x(128, 0.0f);
    float* ch = x.data();
    chain.process(nullptr, 0, &ch, 128);
    double before = 0, after = 0;
    for (int i = 0; i < 77; ++i) before = std::max(before, double(std::fabs(x[i])));
    for (int i = 77; i < 128; ++i) after = std::max(after, double(std::fabs(x[i])));
    EXPECT_LT(before, 1e-5);
    EXPECT_GT(after, 0.1);
}
