// ParametricEqNode's two ways of running its bands (BiquadCascade while every band is steady,
// band by band while any ramps) against a reference made of plain per-band WebAudioBiquads:
// counts of differing samples (bit patterns) under seeded random parameter changes, state
// hand-over in copyStateFrom and reset, and heap allocations while processing.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <span>
#include <vector>

#include "allocation_counter.h"
#include "dsp/biquad/web_audio_biquad.h"
#include "nodes/parametric_eq_node.h"

namespace wavegraph {
namespace {

constexpr double kSampleRateHz = 48000.0;

/// One parameter change: node id and value (always inside the parameter's range, so neither
/// the node nor the reference clamps); immediate = no ramp.
struct Change {
    uint32_t id;
    double value;
    bool immediate;
};

/// A random parameter change on a random band: type (stepped), frequency 20…20000 Hz
/// (log-uniform), q 0.1…10 (and sometimes ≤ 0, a degenerate edge), gain -18…18 dB.
Change randomChange(std::mt19937& rng, uint32_t numBands) {
    std::uniform_int_distribution<uint32_t> bandDist(0, numBands - 1), fieldDist(0, 9);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const uint32_t band = bandDist(rng);
    const uint32_t pick = fieldDist(rng);
    const bool immediate = unit(rng) < 0.15;
    using F = ParametricEqNode::Field;
    if (pick == 0) return {ParametricEqNode::parameterId(band, F::type), std::floor(unit(rng) * 8.0), immediate};
    if (pick <= 3)
        return {ParametricEqNode::parameterId(band, F::frequencyHz), 20.0 * std::pow(1000.0, unit(rng)), immediate};
    if (pick <= 5) {
        const double q = unit(rng) < 0.1 ? -unit(rng) : 0.1 * std::pow(100.0, unit(rng));
        return {ParametricEqNode::parameterId(band, F::q), q, immediate};
    }
    return {ParametricEqNode::parameterId(band, F::gainDb), -18.0 + 36.0 * unit(rng), immediate};
}

/// The node and, beside it, the reference: numBands WebAudioBiquads run one after another over
/// the block (what the node did before the cascade path existed), set up like the node's bands.
class Harness {
public:
    Harness(uint32_t numBands, uint32_t numChannels, uint32_t maxBlockFrames)
        : spec_{kSampleRateHz, maxBlockFrames, numChannels}, node_(numBands), reference_(numBands) {
        node_.prepare(spec_);
        for (uint32_t k = 0; k < numBands; ++k) {
            reference_[k].setType(BiquadType::peaking);
            reference_[k].set(WebAudioBiquad::Field::frequencyHz,
                              node_.parameter(ParametricEqNode::parameterId(k, ParametricEqNode::frequencyHz)), true);
            reference_[k].prepare(spec_, ParametricEqNode::kRampTimeMs);
        }
    }

    ParametricEqNode& node() { return node_; }
    const ProcessSpec& spec() const { return spec_; }

    /// Applies a change to both; false when the node clamped it (the test's values never need it).
    bool apply(const Change& c) {
        const bool unclamped =
            c.immediate ? node_.setParameterImmediate(c.id, c.value) : node_.setParameter(c.id, c.value);
        WebAudioBiquad& band = reference_[c.id / ParametricEqNode::kFieldsPerBand];
        using F = WebAudioBiquad::Field;
        switch (c.id % ParametricEqNode::kFieldsPerBand) {
            case ParametricEqNode::type: band.setType(static_cast<BiquadType>(static_cast<uint32_t>(c.value))); break;
            case ParametricEqNode::frequencyHz: band.set(F::frequencyHz, c.value, c.immediate); break;
            case ParametricEqNode::q: band.set(F::q, c.value, c.immediate); break;
            default: band.set(F::gainDb, c.value, c.immediate); break;
        }
        return unclamped;
    }

    /// Processes frames [pos, pos + length) of the planar input through the node (into
    /// nodeOut) and the reference (into referenceOut).
    void process(const std::vector<std::vector<float>>& input, std::vector<std::vector<float>>& nodeOut,
                 std::vector<std::vector<float>>& referenceOut, uint32_t pos, uint32_t length) {
        AudioBlock in, out, ref;
        in.numChannels = out.numChannels = ref.numChannels = spec_.numChannels;
        in.numFrames = out.numFrames = ref.numFrames = length;
        for (uint32_t ch = 0; ch < spec_.numChannels; ++ch) {
            in.channels[ch] = const_cast<float*>(input[ch].data()) + pos;
            out.channels[ch] = nodeOut[ch].data() + pos;
            ref.channels[ch] = referenceOut[ch].data() + pos;
            std::copy_n(input[ch].data() + pos, length, ref.channels[ch]);
        }
        NodeIo io{std::span<const AudioBlock>(&in, 1), std::span<AudioBlock>(&out, 1), length};
        node_.process(io);
        for (auto& band : reference_) band.process(ref);
    }

private:
    ProcessSpec spec_;
    ParametricEqNode node_;
    std::vector<WebAudioBiquad> reference_;
};

/// Seeded white noise, uniform in [-0.5, 0.5), one independent stream per channel, with frames
/// [silenceStart, silenceEnd) silent so that the filters' tails decay through the 1e-30 flush.
std::vector<std::vector<float>> makeInput(uint32_t channels, uint32_t frames, uint32_t seed, uint32_t silenceStart,
                                          uint32_t silenceEnd) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-0.5f, 0.5f);
    std::vector<std::vector<float>> input(channels, std::vector<float>(frames));
    for (auto& channel : input)
        for (uint32_t i = 0; i < frames; ++i) channel[i] = (i >= silenceStart && i < silenceEnd) ? 0.0f : dist(rng);
    return input;
}

size_t countDiffering(const std::vector<std::vector<float>>& a, const std::vector<std::vector<float>>& b) {
    size_t differing = 0;
    for (size_t ch = 0; ch < a.size(); ++ch)
        for (size_t i = 0; i < a[ch].size(); ++i) differing += std::memcmp(&a[ch][i], &b[ch][i], sizeof(float)) != 0;
    return differing;
}

struct RunStats {
    size_t differing = 0, samples = 0;
    uint32_t cascadeBlocks = 0, bandBlocks = 0, toCascade = 0, toBands = 0;
    size_t allocations = 0;
    double referenceRms = 0.0;
};

/// Renders `frames` frames in blocks of at most blockFrames, split at the frames where random
/// changes happen (gaps: half of them 0…300 frames, so ramps start while others still run and
/// at every phase of the 8-frame coefficient grid; half 300…8000 frames, so ramps finish and
/// steady stretches follow), through the node and the reference.
RunStats runRandom(uint32_t numBands, uint32_t channels, uint32_t blockFrames, uint32_t seed) {
    constexpr uint32_t kFrames = 96000, kSilenceStart = 50000, kSilenceEnd = 80000;
    Harness h(numBands, channels, blockFrames);
    const auto input = makeInput(channels, kFrames, seed, kSilenceStart, kSilenceEnd);
    std::vector<std::vector<float>> nodeOut(channels, std::vector<float>(kFrames));
    std::vector<std::vector<float>> referenceOut = nodeOut;

    std::mt19937 rng(seed * 7919u + 1u);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto nextGap = [&] {
        return unit(rng) < 0.5 ? static_cast<uint32_t>(unit(rng) * 300.0)
                               : 300u + static_cast<uint32_t>(unit(rng) * 7700.0);
    };
    RunStats stats;
    uint32_t nextChange = nextGap(), pos = 0;
    bool wasInCascade = h.node().filterStateInCascade();
    while (pos < kFrames) {
        while (nextChange <= pos) {
            const uint32_t count = 1 + static_cast<uint32_t>(unit(rng) * 3.0);
            for (uint32_t c = 0; c < count; ++c) EXPECT_TRUE(h.apply(randomChange(rng, numBands)));
            nextChange += nextGap();
        }
        const uint32_t length = std::min({blockFrames, kFrames - pos, nextChange - pos});
        {
            test::AllocationCounter counter;
            h.process(input, nodeOut, referenceOut, pos, length);
            stats.allocations += counter.count();
        }
        const bool inCascade = h.node().filterStateInCascade();
        (inCascade ? stats.cascadeBlocks : stats.bandBlocks) += 1;
        stats.toCascade += inCascade && !wasInCascade;
        stats.toBands += !inCascade && wasInCascade;
        wasInCascade = inCascade;
        pos += length;
    }
    stats.differing = countDiffering(nodeOut, referenceOut);
    stats.samples = static_cast<size_t>(channels) * kFrames;
    double sum = 0.0;
    for (const auto& channel : referenceOut)
        for (float x : channel) sum += double{x} * x;
    stats.referenceRms = std::sqrt(sum / static_cast<double>(stats.samples));
    return stats;
}

TEST(ParametricEqFastPath, BitIdenticalToPerBandBiquadsUnderRandomChanges) {
    for (uint32_t channels : {2u, 3u}) {
        for (uint32_t blockFrames : {1u, 7u, 128u, 4096u}) {
            for (uint32_t seed : {1u, 2u}) {
                const RunStats s = runRandom(8, channels, blockFrames, seed * 100u + channels * 10u + blockFrames);
                SCOPED_TRACE(testing::Message()
                             << channels << " channels, blocks of " << blockFrames << ", seed " << seed);
                std::printf(
                    "8 bands, %u ch, block %4u, seed %u: %zu of %zu samples differ; blocks %u cascade / %u "
                    "band by band; switches %u to cascade, %u to bands; %zu allocations; rms %.3f\n",
                    channels, blockFrames, seed, s.differing, s.samples, s.cascadeBlocks, s.bandBlocks, s.toCascade,
                    s.toBands, s.allocations, s.referenceRms);
                EXPECT_EQ(s.differing, 0u) << "of " << s.samples;
                // Both ways and both hand-overs were exercised, on a signal that is not silent.
                EXPECT_GT(s.cascadeBlocks, 0u);
                EXPECT_GT(s.bandBlocks, 0u);
                EXPECT_GT(s.toCascade, 1u);
                EXPECT_GT(s.toBands, 1u);
                EXPECT_GT(s.referenceRms, 1e-3);
                EXPECT_EQ(s.allocations, 0u);
            }
        }
    }
}

TEST(ParametricEqFastPath, OtherBandCountsStayBitIdentical) {
    // 1 and 5 bands: cascades of other lengths; 12 bands: more than kMaxSections, never the cascade.
    for (uint32_t numBands : {1u, 5u, 12u}) {
        const RunStats s = runRandom(numBands, 3, 128, 40u + numBands);
        SCOPED_TRACE(testing::Message() << numBands << " bands");
        std::printf("%u bands, 3 ch, block 128: %zu of %zu samples differ; blocks %u cascade / %u band by band\n",
                    numBands, s.differing, s.samples, s.cascadeBlocks, s.bandBlocks);
        EXPECT_EQ(s.differing, 0u) << "of " << s.samples;
        EXPECT_EQ(s.allocations, 0u);
        if (numBands <= BiquadCascade::kMaxSections) {
            EXPECT_GT(s.cascadeBlocks, 0u);
            EXPECT_GT(s.bandBlocks, 0u);
        } else {
            EXPECT_EQ(s.cascadeBlocks, 0u);
        }
    }
}

/// Drives a node (alone) through seeded noise blocks of 128 frames with a few changes, and
/// ends with the filter memories in the cascade (steady) or in the bands (mid-ramp).
void driveInto(ParametricEqNode& node, uint32_t seed, bool endInCascade) {
    const ProcessSpec& spec = node.spec();
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-0.5f, 0.5f);
    std::vector<std::vector<float>> buffers(spec.numChannels, std::vector<float>(128));
    auto block = [&] {
        AudioBlock io;
        io.numChannels = spec.numChannels;
        io.numFrames = 128;
        for (uint32_t ch = 0; ch < spec.numChannels; ++ch) {
            for (float& x : buffers[ch]) x = dist(rng);
            io.channels[ch] = buffers[ch].data();
        }
        NodeIo nio{std::span<const AudioBlock>(&io, 1), std::span<AudioBlock>(&io, 1), 128};
        node.process(nio);
    };
    for (int i = 0; i < 3; ++i) {
        (void)node.setParameter(ParametricEqNode::parameterId(static_cast<uint32_t>(i) * 2, ParametricEqNode::gainDb),
                                -12.0 + 5.0 * i + (seed % 7));
        for (int b = 0; b < 4; ++b) block();  // 512 frames > the 240-frame ramp: steady again
    }
    if (!endInCascade) {
        (void)node.setParameter(ParametricEqNode::parameterId(1, ParametricEqNode::frequencyHz), 300.0 + seed);
        block();  // 128 of 240 ramp frames: still ramping
    }
}

/// Processes the same seeded noise and the same change through two nodes; returns the number
/// of differing samples.
size_t continueBoth(ParametricEqNode& a, ParametricEqNode& b) {
    const ProcessSpec& spec = a.spec();
    const auto input = makeInput(spec.numChannels, 2048, 77, 0, 0);
    std::vector<std::vector<float>> outA(spec.numChannels, std::vector<float>(2048)), outB = outA;
    for (uint32_t pos = 0; pos < 2048; pos += 128) {
        if (pos == 1024)
            for (ParametricEqNode* n : {&a, &b})
                (void)n->setParameter(ParametricEqNode::parameterId(7, ParametricEqNode::q), 3.0);
        for (auto [node, out] : {std::pair{&a, &outA}, std::pair{&b, &outB}}) {
            AudioBlock in, o;
            in.numChannels = o.numChannels = spec.numChannels;
            in.numFrames = o.numFrames = 128;
            for (uint32_t ch = 0; ch < spec.numChannels; ++ch) {
                in.channels[ch] = const_cast<float*>(input[ch].data()) + pos;
                o.channels[ch] = (*out)[ch].data() + pos;
            }
            NodeIo io{std::span<const AudioBlock>(&in, 1), std::span<AudioBlock>(&o, 1), 128};
            node->process(io);
        }
    }
    return countDiffering(outA, outB);
}

TEST(ParametricEqFastPath, CopyStateFromCarriesEitherRepresentation) {
    const ProcessSpec spec{kSampleRateHz, 128, 3};
    for (bool sourceInCascade : {true, false}) {
        for (bool targetInCascade : {true, false}) {
            SCOPED_TRACE(testing::Message()
                         << "source in cascade " << sourceInCascade << ", target in cascade " << targetInCascade);
            ParametricEqNode source(8);
            source.prepare(spec);
            driveInto(source, 5, sourceInCascade);
            ASSERT_EQ(source.filterStateInCascade(), sourceInCascade);
            auto target = std::static_pointer_cast<ParametricEqNode>(source.fork());
            target->prepare(spec);
            driveInto(*target, 11, targetInCascade);  // other parameters, other memories
            ASSERT_EQ(target->filterStateInCascade(), targetInCascade);

            bool copied = false;
            size_t allocations = 0;
            {
                test::AllocationCounter counter;
                copied = target->copyStateFrom(source);
                allocations = counter.count();
            }
            ASSERT_TRUE(copied);
            EXPECT_EQ(allocations, 0u);
            const size_t differing = continueBoth(source, *target);
            std::printf("copyStateFrom, source in cascade %d, target in cascade %d: %zu of %u samples differ\n",
                        sourceInCascade, targetInCascade, differing, 2048u * spec.numChannels);
            EXPECT_EQ(differing, 0u);
        }
    }
}

TEST(ParametricEqFastPath, ResetClearsEitherRepresentation) {
    const ProcessSpec spec{kSampleRateHz, 128, 2};
    for (bool inCascade : {true, false}) {
        SCOPED_TRACE(testing::Message() << "state in cascade before reset: " << inCascade);
        ParametricEqNode used(8);
        used.prepare(spec);
        driveInto(used, 3, inCascade);
        ASSERT_EQ(used.filterStateInCascade(), inCascade);
        used.reset();
        EXPECT_FALSE(used.filterStateInCascade());

        // A fresh node with the same targets, never run: reset must leave `used` equal to it.
        ParametricEqNode fresh(8);
        for (uint32_t id = 0; id < used.parameters().size(); ++id)
            (void)fresh.setParameterImmediate(id, used.parameter(id));
        fresh.prepare(spec);
        const size_t differing = continueBoth(used, fresh);
        std::printf("reset with state in cascade %d: %zu of %u samples differ from a fresh node\n", inCascade,
                    differing, 2048u * spec.numChannels);
        EXPECT_EQ(differing, 0u);
    }
}

TEST(ParametricEqFastPath, StateAccessorsRoundTrip) {
    // Biquad::State written into a cascade section and read back, for every section and channel
    // (both lanes of a channel pair, and the odd channel's single lane).
    BiquadCascade cascade;
    cascade.prepare(ProcessSpec{kSampleRateHz, 64, 3}, 8);
    for (uint32_t s = 0; s < 8; ++s)
        for (uint32_t ch = 0; ch < 3; ++ch)
            cascade.setState(s, ch, Biquad::State{s + 0.1 * ch, s + 0.2 * ch, s + 0.3 * ch, s + 0.4 * ch});
    for (uint32_t s = 0; s < 8; ++s)
        for (uint32_t ch = 0; ch < 3; ++ch) {
            const Biquad::State st = cascade.state(s, ch);
            EXPECT_EQ(st.x1, s + 0.1 * ch);
            EXPECT_EQ(st.x2, s + 0.2 * ch);
            EXPECT_EQ(st.y1, s + 0.3 * ch);
            EXPECT_EQ(st.y2, s + 0.4 * ch);
        }
    const Biquad::State outside = cascade.state(0, 3);
    EXPECT_EQ(outside.x1, 0.0);
    EXPECT_EQ(outside.y1, 0.0);
}

}  // namespace
}  // namespace wavegraph
