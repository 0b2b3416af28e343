#pragma once
/// \file node_render.h
/// Test helpers shared by the node suites: render a signal through a Node (planar float blocks,
/// the way the graph calls it), split into blocks and at parameter-change frames, and seeded noise.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <span>
#include <vector>

#include <gtest/gtest.h>

#include "allocation_counter.h"
#include "graph/node.h"

namespace wavegraph::test {

/// A parameter change at `frame` (setParameter, or setParameterImmediate when `immediate`).
struct ParamEvent {
    uint32_t frame, id;
    double value;
    bool immediate = false;
};

/// Renders a mono signal through `node` in blocks of at most blockFrames, also split at the
/// event frames (as the graph does for sample-accurate changes); events sorted by frame.
inline std::vector<float> render(Node& node, const std::vector<float>& input, uint32_t blockFrames,
                                 const std::vector<ParamEvent>& events = {}) {
    std::vector<float> output(input.size());
    size_t next = 0;
    uint32_t pos = 0;
    const auto total = static_cast<uint32_t>(input.size());
    while (pos < total) {
        while (next < events.size() && events[next].frame <= pos) {
            const ParamEvent& e = events[next++];
            if (e.immediate)
                node.setParameterImmediate(e.id, e.value);
            else
                node.setParameter(e.id, e.value);
        }
        uint32_t length = std::min(blockFrames, total - pos);
        if (next < events.size()) length = std::min(length, events[next].frame - pos);
        AudioBlock in, out;
        in.numChannels = out.numChannels = 1;
        in.numFrames = out.numFrames = length;
        in.channels[0] = const_cast<float*>(input.data()) + pos;
        out.channels[0] = output.data() + pos;
        NodeIo io{std::span<const AudioBlock>(&in, 1), std::span<AudioBlock>(&out, 1), length};
        node.process(io);
        pos += length;
    }
    return output;
}

/// Renders two channels at once in blocks of 128 frames; returns both outputs.
inline std::vector<std::vector<float>> renderStereo(Node& node, const std::vector<float>& a,
                                                    const std::vector<float>& b) {
    std::vector<std::vector<float>> out(2, std::vector<float>(a.size()));
    for (uint32_t pos = 0; pos < a.size(); pos += 128) {
        const uint32_t length = std::min<uint32_t>(128, static_cast<uint32_t>(a.size()) - pos);
        AudioBlock in, o;
        in.numChannels = o.numChannels = 2;
        in.numFrames = o.numFrames = length;
        in.channels[0] = const_cast<float*>(a.data()) + pos;
        in.channels[1] = const_cast<float*>(b.data()) + pos;
        o.channels[0] = out[0].data() + pos;
        o.channels[1] = out[1].data() + pos;
        NodeIo io{std::span<const AudioBlock>(&in, 1), std::span<AudioBlock>(&o, 1), length};
        node.process(io);
    }
    return out;
}

/// Seeded white noise, uniform in [-0.5, 0.5).
inline std::vector<float> noise(size_t frames, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-0.5f, 0.5f);
    std::vector<float> x(frames);
    for (auto& v : x) v = dist(rng);
    return x;
}

/// Channels must not leak into each other: seeded noise a, b (3000 frames) through one stereo
/// node equal a and b each through a mono node made the same way by `make(numChannels)` (which
/// returns a prepared node, e.g. std::unique_ptr), and the node must change the signal.
template <typename MakeNode>
void expectChannelsFilteredIndependently(MakeNode make) {
    const auto a = noise(3000, 11), b = noise(3000, 12);
    auto stereo = make(2u);
    const auto both = renderStereo(*stereo, a, b);
    auto monoA = make(1u);
    auto monoB = make(1u);
    EXPECT_EQ(both[0], render(*monoA, a, 128));
    EXPECT_EQ(both[1], render(*monoB, b, 128));
    EXPECT_NE(both[0], a);  // the node did something
}

/// Allocations counted (the guard also fails the test on a lock) while `blocks` stereo
/// 128-frame blocks go through a prepared one-port node in place (input left +0.25, right −0.25;
/// a source node gets no input), with beforeBlock(k) called before block k for parameter
/// changes and ramps.
template <class BeforeBlock>
size_t allocationsWhileProcessing(Node& node, int blocks, BeforeBlock&& beforeBlock) {
    std::vector<float> left(128, 0.25f), right(128, -0.25f);
    AudioBlock block;
    block.numChannels = 2;
    block.numFrames = 128;
    block.channels[0] = left.data();
    block.channels[1] = right.data();
    const auto inputs = node.numInputs() > 0 ? std::span<const AudioBlock>(&block, 1) : std::span<const AudioBlock>{};
    NodeIo io{inputs, std::span<AudioBlock>(&block, 1), 128};
    AllocationCounter counter;
    for (int k = 0; k < blocks; ++k) {
        beforeBlock(k);
        node.process(io);
    }
    return counter.count();
}

/// Planar audio: channels × frames.
using PlanarSignal = std::vector<std::vector<float>>;

/// Seeded white noise, uniform in [-0.5, 0.5), channels × frames (channel by channel from one
/// generator).
inline PlanarSignal noiseChannels(uint32_t channels, size_t frames, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-0.5f, 0.5f);
    PlanarSignal s(channels, std::vector<float>(frames));
    for (auto& channel : s)
        for (float& v : channel) v = dist(rng);
    return s;
}

/// Renders planar `in` through a one-in, one-out node into separate output buffers (never in
/// place), in blocks of blockFrames (the last one shorter); `processBlock(io)` renders each block
/// (default: node.process(io); a test wraps it to count allocations or read meters).
template <class ProcessBlock>
PlanarSignal renderApart(Node& node, const PlanarSignal& in, uint32_t blockFrames, ProcessBlock&& processBlock) {
    const auto channels = static_cast<uint32_t>(in.size());
    const auto frames = static_cast<uint32_t>(in[0].size());
    PlanarSignal out(channels, std::vector<float>(frames));
    for (uint32_t start = 0; start < frames; start += blockFrames) {
        const uint32_t n = std::min(blockFrames, frames - start);
        AudioBlock inBlock, outBlock;
        inBlock.numChannels = outBlock.numChannels = channels;
        inBlock.numFrames = outBlock.numFrames = n;
        for (uint32_t c = 0; c < channels; ++c) {
            inBlock.channels[c] = const_cast<float*>(in[c].data()) + start;
            outBlock.channels[c] = out[c].data() + start;
        }
        NodeIo io{std::span<const AudioBlock>(&inBlock, 1), std::span<AudioBlock>(&outBlock, 1), n};
        processBlock(io);
    }
    return out;
}

inline PlanarSignal renderApart(Node& node, const PlanarSignal& in, uint32_t blockFrames) {
    return renderApart(node, in, blockFrames, [&](NodeIo& io) { node.process(io); });
}

/// Renders mono x through a fresh NodeType(args…) (prepared for 1 channel at 48 kHz) in blocks
/// of 1, 7 and 128 frames, also split at the event frames: every split must give the same
/// samples, bit for bit.
template <class NodeType, class... Args>
void expectSameSamplesForEverySplit(const std::vector<float>& x, const std::vector<ParamEvent>& events, Args... args) {
    std::vector<std::vector<float>> outputs;
    for (uint32_t split : {1u, 7u, 128u}) {
        NodeType node(args...);
        node.prepare({48000.0, 128, 1});
        outputs.push_back(render(node, x, split, events));
    }
    for (size_t i = 1; i < outputs.size(); ++i)
        for (size_t n = 0; n < x.size(); ++n)
            ASSERT_EQ(outputs[i][n], outputs[0][n]) << "split " << i << " frame " << n;
}

/// allocationsWhileProcessing with no parameter changes between blocks.
inline size_t allocationsWhileProcessing(Node& node, int blocks) {
    return allocationsWhileProcessing(node, blocks, [](int) {});
}

/// One setParameter call and what it must do: return `exact` (false: clamped, rounded or
/// ignored) and leave parameter(id) at `after` (NaN: the id is unknown).
struct SetCase {
    uint32_t id;
    double value;
    bool exact;
    double after;
};

/// Runs the cases in order on `node`, each checked with its index in the failure message.
inline void expectSetCases(Node& node, std::initializer_list<SetCase> cases) {
    size_t index = 0;
    for (const SetCase& c : cases) {
        EXPECT_EQ(node.setParameter(c.id, c.value), c.exact) << "case " << index;
        if (std::isnan(c.after))
            EXPECT_TRUE(std::isnan(node.parameter(c.id))) << "case " << index;
        else
            EXPECT_EQ(node.parameter(c.id), c.after) << "case " << index;
        ++index;
    }
}

/// A unit impulse: 1 at frame 0, then silence.
inline std::vector<float> impulse(size_t frames) {
    std::vector<float> x(frames, 0.0f);
    x[0] = 1.0f;
    return x;
}

}  // namespace wavegraph::test
