// MixerNode: power sum of uncorrelated noises, per-input gains measured on sines, an equal-power
// crossfade made of two input gains, block-split invariance, no allocation in process().
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <numbers>
#include <random>
#include <vector>

#include "allocation_counter.h"
#include "nodes/mixer_node.h"
#include "signal_helpers.h"

using namespace wavegraph;

namespace {

constexpr double kFs = 48000.0;
using Signal = std::vector<std::vector<float>>;  // channels × frames

struct Event {
    uint32_t frame, id;
    double value;
};

// Seeded white noise (uniform), scaled so that its measured RMS is exactly rmsDb.
std::vector<float> noiseAt(double rmsDb, size_t frames, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> x(frames);
    for (auto& v : x) v = dist(rng);
    const double scale = std::pow(10.0, (rmsDb - test::rmsDb(x, 0, frames)) / 20.0);
    for (auto& v : x) v = static_cast<float>(v * scale);
    return x;
}

// Renders the inputs (one Signal per input, all channels × frames alike) through the mixer in
// blocks of at most blockFrames, split at event frames.
Signal render(MixerNode& node, const std::vector<Signal>& inputs, uint32_t blockFrames,
              const std::vector<Event>& events = {}) {
    const auto channels = static_cast<uint32_t>(inputs[0].size());
    const auto frames = static_cast<uint32_t>(inputs[0][0].size());
    Signal out(channels, std::vector<float>(frames));
    std::vector<AudioBlock> inBlocks(inputs.size());
    size_t nextEvent = 0;
    for (uint32_t start = 0; start < frames;) {
        while (nextEvent < events.size() && events[nextEvent].frame == start) {
            node.setParameter(events[nextEvent].id, events[nextEvent].value);
            ++nextEvent;
        }
        uint32_t end = std::min(frames, start + blockFrames);
        if (nextEvent < events.size()) end = std::min(end, events[nextEvent].frame);
        for (size_t k = 0; k < inputs.size(); ++k) {
            inBlocks[k].numChannels = static_cast<uint32_t>(inputs[k].size());
            inBlocks[k].numFrames = end - start;
            for (uint32_t c = 0; c < inBlocks[k].numChannels; ++c)
                inBlocks[k].channels[c] = const_cast<float*>(inputs[k][c].data()) + start;
        }
        AudioBlock outBlock;
        outBlock.numChannels = channels;
        outBlock.numFrames = end - start;
        for (uint32_t c = 0; c < channels; ++c) outBlock.channels[c] = out[c].data() + start;
        NodeIo io{inBlocks, {&outBlock, 1}, end - start};
        node.process(io);
        start = end;
    }
    return out;
}

double powerSum(double db1, double db2) {
    return 10.0 * std::log10(std::pow(10.0, db1 / 10.0) + std::pow(10.0, db2 / 10.0));
}

}  // namespace

TEST(MixerNode, DescribesItsParameters) {
    MixerNode node(3);
    EXPECT_EQ(node.typeName(), "mixer");
    EXPECT_EQ(node.numInputs(), 3u);
    ASSERT_EQ(node.parameters().size(), 4u);
    EXPECT_EQ(node.parameters()[0].name, "input0.gainDb");
    EXPECT_EQ(node.parameters()[2].name, "input2.gainDb");
    EXPECT_EQ(node.parameters()[3].name, "masterGainDb");
    EXPECT_EQ(node.parameterIndex("masterGainDb"), 3);
    for (const auto& p : node.parameters()) {
        EXPECT_EQ(p.unit, "dB");
        EXPECT_EQ(p.minValue, -120.0);
        EXPECT_EQ(p.maxValue, 24.0);
        EXPECT_EQ(p.defaultValue, 0.0);
        EXPECT_TRUE(p.smoothed);
    }
    EXPECT_EQ(MixerNode(40).numInputs(), 32u);
    EXPECT_EQ(MixerNode(32).parameters()[31].name, "input31.gainDb");
    EXPECT_EQ(MixerNode::validateNumInputs(0).message(), "numInputs 0 is out of range (1…32)");
    EXPECT_TRUE(MixerNode::validateNumInputs(32).isOk());
}

TEST(MixerNode, SetParameterClampsAndReports) {
    MixerNode node(2);
    node.prepare({kFs, 128, 1});
    EXPECT_TRUE(node.setParameter(1, -12.0));
    EXPECT_FALSE(node.setParameter(0, 40.0));
    EXPECT_EQ(node.parameter(0), 24.0);
    EXPECT_FALSE(node.setParameter(2, -200.0));
    EXPECT_EQ(node.parameter(2), -120.0);
    EXPECT_FALSE(node.setParameter(3, 0.0));
    EXPECT_TRUE(std::isnan(node.parameter(3)));
    EXPECT_FALSE(node.setParameter(1, std::nan("")));
    EXPECT_EQ(node.parameter(1), -12.0);
}

TEST(MixerNode, UncorrelatedNoisesSumInPower) {
    const size_t frames = 96000;
    const std::vector<Signal> inputs{{noiseAt(-20.0, frames, 11)}, {noiseAt(-26.0, frames, 22)}};
    MixerNode node(2);
    node.prepare({kFs, 128, 1});
    const Signal out = render(node, inputs, 128);
    const double measured = test::rmsDb(out[0], 0, frames);
    const double expected = powerSum(-20.0, -26.0);
    std::cout << "[ measured ] noise sum " << measured << " dB, expected " << expected << " dB\n";
    EXPECT_NEAR(measured, expected, 0.1);

    // With input gains -3 dB and +4 dB (and master -2 dB) the same law holds.
    MixerNode gained(2);
    gained.prepare({kFs, 128, 1});
    gained.setParameterImmediate(0, -3.0);
    gained.setParameterImmediate(1, 4.0);
    gained.setParameterImmediate(gained.masterGainDb(), -2.0);
    const Signal out2 = render(gained, inputs, 128);
    EXPECT_NEAR(test::rmsDb(out2[0], 0, frames), powerSum(-23.0, -22.0) - 2.0, 0.1);
}

TEST(MixerNode, PerInputGainMeasuredOnSines) {
    // Input k carries a sine at its own frequency; each component's amplitude in the sum
    // measures that input's gain.
    const double gainsDb[4] = {0.0, -6.0, -17.5, 9.0};
    const double freqs[4] = {250.0, 700.0, 1500.0, 3100.0};
    const size_t frames = 9600;
    std::vector<Signal> inputs;
    for (double f : freqs) inputs.push_back({test::makeSine(f, kFs, frames, 0.1), test::makeSine(f, kFs, frames, 0.2)});
    MixerNode node(4);
    node.prepare({kFs, 128, 2});
    for (uint32_t k = 0; k < 4; ++k) node.setParameterImmediate(MixerNode::inputGainDb(k), gainsDb[k]);
    node.setParameterImmediate(node.masterGainDb(), -3.0);
    const Signal out = render(node, inputs, 128);
    for (uint32_t k = 0; k < 4; ++k)
        for (uint32_t ch = 0; ch < 2; ++ch) {
            const double amplitude = test::sineAmplitude(out[ch], 0, frames, freqs[k], kFs);
            const double measuredDb = 20.0 * std::log10(amplitude / (ch == 0 ? 0.1 : 0.2));
            EXPECT_NEAR(measuredDb, gainsDb[k] - 3.0, 0.01) << "input " << k << " channel " << ch;
        }
}

TEST(MixerNode, EqualPowerCrossfadeIsConstantPower) {
    // An equal-power crossfade built from the input gains (g0 = cos θ, g1 = sin θ) of two
    // uncorrelated equal-level noises keeps the output power within 0.1 dB of the input power.
    const size_t frames = 48000;
    const std::vector<Signal> inputs{{noiseAt(-12.0, frames, 5)}, {noiseAt(-12.0, frames, 6)}};
    double worst = 0.0;
    for (int step = 0; step <= 10; ++step) {
        const double theta = step * std::numbers::pi / 20.0;
        MixerNode node(2);
        node.prepare({kFs, 128, 1});
        node.setParameterImmediate(0, 20.0 * std::log10(std::max(std::cos(theta), 1e-7)));
        node.setParameterImmediate(1, 20.0 * std::log10(std::max(std::sin(theta), 1e-7)));
        const Signal out = render(node, inputs, 128);
        const double deviation = test::rmsDb(out[0], 0, frames) - -12.0;
        worst = std::max(worst, std::abs(deviation));
        EXPECT_NEAR(deviation, 0.0, 0.1) << "theta " << theta;
    }
    std::cout << "[ measured ] crossfade worst power deviation " << worst << " dB\n";
}

TEST(MixerNode, OutputDoesNotDependOnBlockSplit) {
    const size_t frames = 3000;
    const std::vector<Signal> inputs{{test::makeSine(440.0, kFs, frames, 0.3), test::makeSine(550.0, kFs, frames, 0.3)},
                                     {noiseAt(-10.0, frames, 1), noiseAt(-10.0, frames, 2)},
                                     {test::makeSine(61.0, kFs, frames, 0.9), noiseAt(-30.0, frames, 3)}};
    const std::vector<Event> events{{0, 0, -6.0},   {100, 1, -40.0},  {101, 3, 3.0},
                                    {700, 2, 12.0}, {701, 0, -120.0}, {1999, 3, -9.0}};
    std::vector<Signal> outputs;
    for (const uint32_t block : {1u, 7u, 128u}) {
        MixerNode node(3);
        node.prepare({kFs, 128, 2});
        outputs.push_back(render(node, inputs, block, events));
    }
    EXPECT_EQ(outputs[0], outputs[1]);
    EXPECT_EQ(outputs[0], outputs[2]);
}

TEST(MixerNode, ProcessAllocatesNothing) {
    MixerNode node(4);
    node.prepare({kFs, 128, 2});
    std::vector<float> buffer(128, 0.25f), out0(128), out1(128);
    std::vector<AudioBlock> inputs(4);
    for (auto& b : inputs) {
        b.numChannels = 2;
        b.numFrames = 128;
        b.channels[0] = b.channels[1] = buffer.data();
    }
    AudioBlock out;
    out.numChannels = 2;
    out.numFrames = 128;
    out.channels[0] = out0.data();
    out.channels[1] = out1.data();
    NodeIo io{inputs, {&out, 1}, 128};
    test::AllocationCounter counter;
    for (int k = 0; k < 100; ++k) {
        node.setParameter(static_cast<uint32_t>(k % 5), -(k % 20));
        node.process(io);
    }
    EXPECT_EQ(counter.count(), 0u);
}
