// The plan writes the host's output buffers directly when they overlap neither each other nor the
// input, and copies its own output buffer into them otherwise (an in-place host). Both ways, and
// every block split, give the same samples bit for bit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "nodes/node_render.h"
#include "session/graph_session.h"
#include "session/reference_graph.h"

using namespace wavegraph;

namespace {

constexpr uint32_t kChannels = 2, kMaxBlock = 128, kFrames = 4800;

using Planar = test::PlanarSignal;

/// Renders `input` through `graph` in blocks of `block` frames; inPlace: the host passes one set
/// of buffers as input and output (the output overwrites the input), else separate buffers.
Planar render(const std::string& graph, const Planar& input, uint32_t block, bool inPlace) {
    GraphSession session;
    EXPECT_TRUE(session.prepare(ProcessSpec{48000, kMaxBlock, kChannels}).isOk());
    const Status loaded = session.loadGraph(graph);
    EXPECT_TRUE(loaded.isOk()) << loaded.message();
    Planar output = inPlace ? input : Planar(kChannels, std::vector<float>(kFrames));
    for (uint32_t at = 0; at < kFrames; at += block) {
        const uint32_t n = std::min(block, kFrames - at);
        const float* in[kChannels];
        float* out[kChannels];
        for (uint32_t ch = 0; ch < kChannels; ++ch) {
            in[ch] = (inPlace ? output[ch].data() : input[ch].data()) + at;
            out[ch] = output[ch].data() + at;
        }
        session.process(in, kChannels, out, n);
    }
    return output;
}

size_t differing(const Planar& a, const Planar& b) {
    size_t n = 0;
    for (uint32_t ch = 0; ch < kChannels; ++ch)
        for (uint32_t i = 0; i < kFrames; ++i) n += std::memcmp(&a[ch][i], &b[ch][i], sizeof(float)) != 0;
    return n;
}

double rms(const Planar& x) {
    double sum = 0.0;
    for (const auto& channel : x)
        for (float v : channel) sum += double{v} * v;
    return std::sqrt(sum / (kChannels * kFrames));
}

// The reference chain (every node in place on one buffer, the output buffer), a fan-in graph
// (two gains summed into a third: the output node reads a mix buffer), and a graph whose output
// buffer first holds the oscillator's block, written before the input node reads the host's
// input (order osc, in, d1, d2, g: the oscillator's buffer is the only free one when d2 takes
// its output buffer, d1's output is still to be read by g): a host that
// renders in place must get the copy, or the input node would read the oscillator.
std::vector<std::pair<std::string, std::string>> graphs() {
    ReferenceGraphOptions options;
    for (uint32_t b = 0; b < 8; ++b) options.bandGainsDb.push_back(b % 2 ? -6.0 : 6.0);
    options.gainDb = -3.0;
    return {
        {"reference", referenceGraphJson(options)},
        {"fan-in",
         R"({"nodes": [{"id": "in", "type": "input"}, {"id": "a", "type": "gain", "params": {"gainDb": -6}},
             {"id": "b", "type": "gain", "params": {"gainDb": 3}}, {"id": "sum", "type": "gain", "params": {"gainDb": -1}}],
             "connections": [{"from": "in", "to": "a"}, {"from": "in", "to": "b"}, {"from": "a", "to": "sum"},
             {"from": "b", "to": "sum"}], "output": "sum"})"},
        {"reuse",
         R"({"nodes": [{"id": "osc", "type": "oscillator"}, {"id": "in", "type": "input"},
             {"id": "d1", "type": "delay"}, {"id": "d2", "type": "delay"}, {"id": "g", "type": "gain"}],
             "connections": [{"from": "osc", "to": "d1"}, {"from": "in", "to": "d2"}, {"from": "d1", "to": "g"}],
             "output": "d2"})"},
    };
}

}  // namespace

TEST(HostOutput, DirectAndCopiedOutputGiveTheSameSamplesForEverySplit) {
    const Planar input = test::noiseChannels(kChannels, kFrames, 19);
    for (const auto& [name, graph] : graphs()) {
        const Planar reference = render(graph, input, kMaxBlock, false);
        const double level = rms(reference);
        for (uint32_t block : {1u, 7u, 128u}) {
            for (bool inPlace : {false, true}) {
                const size_t n = differing(render(graph, input, block, inPlace), reference);
                std::printf("%-9s blocks of %3u, %-18s: %zu of %u samples differ (rms %.4f)\n", name.c_str(), block,
                            inPlace ? "in place (copied)" : "separate (direct)", n, kChannels * kFrames, level);
                EXPECT_EQ(n, 0u) << name << ", blocks of " << block << (inPlace ? ", in place" : "");
            }
        }
        EXPECT_GT(level, 0.05) << name;  // not silence
    }
}
