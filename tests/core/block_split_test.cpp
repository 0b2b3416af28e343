// The reference graph through GraphSession, rendered as one block, as 1-frame blocks and as odd
// blocks (7, 61, 128): identical output, bit for bit, with parameter changes that ramp across
// block boundaries and land mid-block; the audio side allocates nothing and takes no lock.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <vector>

#include "allocation_counter.h"
#include "nodes/parametric_eq_node.h"
#include "session/graph_session.h"
#include "session/reference_graph.h"

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

uint32_t bandParam(uint32_t band, ParametricEqNode::Field field) { return ParametricEqNode::parameterId(band, field); }

struct Render {
    std::vector<std::vector<float>> out;
    size_t allocations = 0, locks = 0;
    uint64_t commandsApplied = 0;
};

Render render(const std::vector<uint32_t>& blockPattern) {
    GraphSession session;
    EXPECT_TRUE(session.prepare(ProcessSpec{kSampleRateHz, static_cast<uint32_t>(kFrames), kChannels}).isOk());
    EXPECT_TRUE(session.loadGraph(kReferenceGraphJson).isOk());
    auto& ring = session.engine().commandRing();
    using reference_graph::kEq;
    using reference_graph::kMaster;
    // Settings that exercise every stage (each ramps over 5 ms, across blocks), at frame 0 ...
    ring.tryPush({kEq, bandParam(0, ParametricEqNode::gainDb), 6.0, 0, 0, 0});
    ring.tryPush({kEq, bandParam(4, ParametricEqNode::gainDb), -20.0, 0, 0, 0});
    ring.tryPush({kEq, bandParam(6, ParametricEqNode::q), 3.0, 0, 0, 0});
    ring.tryPush({kMaster, 0, -9.0, 0, 0, 0});
    // ... and later, landing inside blocks of every split but the 1-frame one.
    ring.tryPush({kEq, bandParam(2, ParametricEqNode::gainDb), 9.0, 5003, 0, 0});
    ring.tryPush({kMaster, 0, 3.0, 9001, 0, 0});
    auto in = makeInput();
    Render r;
    r.out.assign(kChannels, std::vector<float>(kFrames));
    size_t start = 0;
    test::AllocationCounter guard;  // fails the test on a lock
    for (size_t i = 0; start < kFrames; ++i) {
        const auto n = static_cast<uint32_t>(std::min<size_t>(blockPattern[i % blockPattern.size()], kFrames - start));
        const float* inPtrs[kChannels] = {in[0].data() + start, in[1].data() + start};
        float* outPtrs[kChannels] = {r.out[0].data() + start, r.out[1].data() + start};
        session.process(inPtrs, kChannels, outPtrs, n);
        start += n;
    }
    r.allocations = guard.count();
    r.locks = guard.locks();
    r.commandsApplied = session.engine().commandsApplied();
    return r;
}

}  // namespace

TEST(BlockSplit, OneBlockOneFrameAndOddBlocksAreIdentical) {
    const Render whole = render({static_cast<uint32_t>(kFrames)});
    const Render single = render({1});
    const Render odd = render({7, 61, 128});
    size_t differing = 0;
    for (uint32_t ch = 0; ch < kChannels; ++ch)
        for (size_t i = 0; i < kFrames; ++i) {
            differing += whole.out[ch][i] != single.out[ch][i];
            differing += whole.out[ch][i] != odd.out[ch][i];
        }
    double energy = 0;
    for (float s : whole.out[0]) energy += double{s} * s;
    std::printf(
        "reference graph, %zu frames x %u ch: %zu samples differ between the splits; energy %.3f; "
        "audio side: allocations %zu/%zu/%zu, locks %zu/%zu/%zu; commands applied %llu/%llu/%llu\n",
        kFrames, kChannels, differing, energy, whole.allocations, single.allocations, odd.allocations, whole.locks,
        single.locks, odd.locks, static_cast<unsigned long long>(whole.commandsApplied),
        static_cast<unsigned long long>(single.commandsApplied), static_cast<unsigned long long>(odd.commandsApplied));
    EXPECT_EQ(differing, 0u);
    EXPECT_GT(energy, 1.0);  // not trivially silent
    for (const Render* r : {&whole, &single, &odd}) {
        EXPECT_EQ(r->allocations, 0u);
        EXPECT_EQ(r->locks, 0u);
        EXPECT_EQ(r->commandsApplied, 6u);
    }
}
