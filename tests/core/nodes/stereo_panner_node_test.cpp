// StereoPannerNode: equal power across pan for mono input, hard left, stereo input against a
// test-local transcription of the W3C Web Audio API § "StereoPannerNode Panning" formulas,
// block-split invariance, no allocation in process().
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <numbers>
#include <random>
#include <vector>

#include "allocation_counter.h"
#include "node_render.h"
#include "nodes/stereo_panner_node.h"
#include "signal_helpers.h"

using namespace wavegraph;

namespace {

constexpr double kFs = 48000.0;
using Signal = std::vector<std::vector<float>>;  // channels × frames

struct Event {
    uint32_t frame;
    double pan;
};

// Renders `in` through the panner (output 2 channels) in blocks of at most blockFrames, split at
// the event frames.
Signal render(StereoPannerNode& node, const Signal& in, uint32_t blockFrames, const std::vector<Event>& events = {}) {
    const auto frames = static_cast<uint32_t>(in[0].size());
    Signal out(2, std::vector<float>(frames));
    size_t nextEvent = 0;
    for (uint32_t start = 0; start < frames;) {
        while (nextEvent < events.size() && events[nextEvent].frame == start)
            node.setParameter(StereoPannerNode::pan, events[nextEvent++].pan);
        uint32_t end = std::min(frames, start + blockFrames);
        if (nextEvent < events.size()) end = std::min(end, events[nextEvent].frame);
        AudioBlock inBlock, outBlock;
        inBlock.numChannels = static_cast<uint32_t>(in.size());
        inBlock.numFrames = outBlock.numFrames = end - start;
        for (uint32_t c = 0; c < inBlock.numChannels; ++c)
            inBlock.channels[c] = const_cast<float*>(in[c].data()) + start;
        outBlock.numChannels = 2;
        for (uint32_t c = 0; c < 2; ++c) outBlock.channels[c] = out[c].data() + start;
        NodeIo io{{&inBlock, 1}, {&outBlock, 1}, end - start};
        node.process(io);
        start = end;
    }
    return out;
}

// The spec's stereo-input steps, transcribed independently of the node's code:
// "x = pan <= 0 ? pan + 1 : pan; gainL = cos(x·π/2); gainR = sin(x·π/2);
//  pan <= 0: outputL = inputL + inputR·gainL, outputR = inputR·gainR;
//  else:     outputL = inputL·gainL,          outputR = inputR + inputL·gainR".
void specStereo(double pan, double inL, double inR, double& outL, double& outR) {
    const double x = pan <= 0 ? pan + 1 : pan;
    const double gainL = std::cos(x * std::numbers::pi / 2), gainR = std::sin(x * std::numbers::pi / 2);
    if (pan <= 0) {
        outL = inL + inR * gainL;
        outR = inR * gainR;
    } else {
        outL = inL * gainL;
        outR = inR + inL * gainR;
    }
}

Signal seededNoise(uint32_t channels, size_t frames, unsigned seed) {
    return test::noiseChannels(channels, frames, seed);
}

double powerDb(const std::vector<float>& l, const std::vector<float>& r) {
    double sum = 0.0;
    for (size_t i = 0; i < l.size(); ++i) sum += double{l[i]} * l[i] + double{r[i]} * r[i];
    return 10.0 * std::log10(sum / static_cast<double>(l.size()));
}

}  // namespace

TEST(StereoPannerNode, DescribesItself) {
    StereoPannerNode node;
    node.prepare({kFs, 128, 6});
    EXPECT_EQ(node.typeName(), "stereoPanner");
    EXPECT_EQ(node.outputChannels(0), 2u);  // whatever spec.numChannels
    ASSERT_EQ(node.parameters().size(), 1u);
    const ParameterInfo& p = node.parameters()[0];
    EXPECT_EQ(p.name, "pan");
    EXPECT_EQ(p.minValue, -1.0);
    EXPECT_EQ(p.maxValue, 1.0);
    EXPECT_EQ(p.defaultValue, 0.0);
    EXPECT_TRUE(p.smoothed);
    EXPECT_FALSE(node.setParameter(0, 1.5));
    EXPECT_EQ(node.parameter(0), 1.0);
    EXPECT_FALSE(node.setParameter(0, std::nan("")));
    EXPECT_EQ(node.parameter(0), 1.0);
    EXPECT_TRUE(node.setParameter(0, -0.25));
    EXPECT_FALSE(node.setParameter(1, 0.0));
}

TEST(StereoPannerNode, MonoInputKeepsPowerAcrossPan) {
    const size_t frames = 4800;
    const Signal in{test::makeSine(1000.0, kFs, frames, 0.5)};
    const double inputDb = test::rmsDb(in[0], 0, frames);
    double worst = 0.0;
    for (int step = 0; step <= 40; ++step) {
        const double pan = -1.0 + step / 20.0;
        StereoPannerNode node;
        node.prepare({kFs, 128, 1});
        node.setParameterImmediate(StereoPannerNode::pan, pan);
        const Signal out = render(node, in, 128);
        const double deviation = powerDb(out[0], out[1]) - inputDb;
        worst = std::max(worst, std::abs(deviation));
        EXPECT_NEAR(deviation, 0.0, 0.1) << "pan " << pan;
        if (step == 20) {  // centre: each side cos(π/4) = -3.01 dB
            EXPECT_NEAR(test::rmsDb(out[0], 0, frames) - inputDb, -3.0103, 0.01);
            EXPECT_NEAR(test::rmsDb(out[1], 0, frames) - inputDb, -3.0103, 0.01);
        }
    }
    std::cout << "[ measured ] mono pan worst L²+R² deviation " << worst << " dB\n";
}

TEST(StereoPannerNode, HardLeftAndHardRight) {
    const Signal in{test::makeSine(440.0, kFs, 1000, 0.8)};
    StereoPannerNode left;
    left.prepare({kFs, 128, 1});
    left.setParameterImmediate(0, -1.0);
    const Signal l = render(left, in, 128);
    EXPECT_EQ(l[0], in[0]);  // gainL = cos 0 = 1
    for (float v : l[1]) ASSERT_EQ(v, 0.0f);
    StereoPannerNode right;
    right.prepare({kFs, 128, 1});
    right.setParameterImmediate(0, 1.0);
    const Signal r = render(right, in, 128);
    EXPECT_EQ(r[1], in[0]);
    for (float v : r[0]) ASSERT_LT(std::abs(v), 1e-7f);  // cos(π/2) ≈ 6e-17
}

TEST(StereoPannerNode, StereoInputFollowsSpecFormula) {
    const size_t frames = 512;
    const Signal in = seededNoise(2, frames, 42);
    double worst = 0.0;
    for (const double pan : {-1.0, -0.7, -0.3, 0.0, 0.2, 0.5, 0.9, 1.0}) {
        StereoPannerNode node;
        node.prepare({kFs, 128, 2});
        node.setParameterImmediate(0, pan);
        const Signal out = render(node, in, 128);
        for (size_t i = 0; i < frames; ++i) {
            double l, r;
            specStereo(pan, in[0][i], in[1][i], l, r);
            worst = std::max({worst, std::abs(out[0][i] - l), std::abs(out[1][i] - r)});
        }
    }
    std::cout << "[ measured ] stereo vs spec formula worst |error| " << worst << "\n";
    EXPECT_LT(worst, 1e-6);
}

TEST(StereoPannerNode, RampFollowsSpecFormulaPerFrame) {
    // A jump from -1 to 1 ramps linearly over 5 ms (240 frames): frame n of the ramp uses
    // pan = -1 + 2·(n + 1)/240 in the spec's formula.
    const size_t frames = 600;
    const Signal in = seededNoise(2, frames, 7);
    StereoPannerNode node;
    node.prepare({kFs, 128, 2});
    node.setParameterImmediate(0, -1.0);
    const Signal out = render(node, in, 128, {{100, 1.0}});
    double worst = 0.0;
    for (size_t i = 0; i < frames; ++i) {
        const double pan = i < 100 ? -1.0 : std::min(1.0, -1.0 + 2.0 * double(i - 99) / 240.0);
        double l, r;
        specStereo(pan, in[0][i], in[1][i], l, r);
        worst = std::max({worst, std::abs(out[0][i] - l), std::abs(out[1][i] - r)});
    }
    EXPECT_LT(worst, 1e-5);
}

TEST(StereoPannerNode, WiderInputIsDownMixedToStereoFirst) {
    // 5.1 input: down-mixed by the speakers rule (L + 0.7071(C + SL), R + 0.7071(C + SR)) first.
    const size_t frames = 256;
    const Signal in = seededNoise(6, frames, 9);
    StereoPannerNode node;
    node.prepare({kFs, 128, 6});
    node.setParameterImmediate(0, 0.4);
    const Signal out = render(node, in, 128);
    double worst = 0.0;
    for (size_t i = 0; i < frames; ++i) {
        const double sl = in[0][i] + 0.7071 * (in[2][i] + in[4][i]);
        const double sr = in[1][i] + 0.7071 * (in[2][i] + in[5][i]);
        double l, r;
        specStereo(0.4, sl, sr, l, r);
        worst = std::max({worst, std::abs(out[0][i] - l), std::abs(out[1][i] - r)});
    }
    EXPECT_LT(worst, 1e-5);
}

TEST(StereoPannerNode, OutputDoesNotDependOnBlockSplit) {
    const std::vector<Event> events{{0, 0.3}, {50, -1.0}, {51, 0.8}, {999, -0.2}, {1500, 0.0}};
    for (const uint32_t channels : {1u, 2u}) {
        const Signal in = seededNoise(channels, 2500, 100 + channels);
        std::vector<Signal> outputs;
        for (const uint32_t block : {1u, 7u, 128u}) {
            StereoPannerNode node;
            node.prepare({kFs, 128, channels});
            outputs.push_back(render(node, in, block, events));
        }
        EXPECT_EQ(outputs[0], outputs[1]) << channels << " channel(s)";
        EXPECT_EQ(outputs[0], outputs[2]) << channels << " channel(s)";
    }
}

TEST(StereoPannerNode, ProcessAllocatesNothing) {
    for (const uint32_t channels : {1u, 2u, 6u}) {
        StereoPannerNode node;
        node.prepare({kFs, 128, channels});
        std::vector<float> buffer(128, 0.25f), l(128), r(128);
        AudioBlock in, out;
        in.numChannels = channels;
        in.numFrames = out.numFrames = 128;
        for (uint32_t c = 0; c < channels; ++c) in.channels[c] = buffer.data();
        out.numChannels = 2;
        out.channels[0] = l.data();
        out.channels[1] = r.data();
        NodeIo io{{&in, 1}, {&out, 1}, 128};
        test::AllocationCounter counter;
        for (int k = 0; k < 100; ++k) {
            node.setParameter(0, (k % 21) / 10.0 - 1.0);
            node.process(io);
        }
        EXPECT_EQ(counter.count(), 0u) << channels << " channel(s)";
    }
}
