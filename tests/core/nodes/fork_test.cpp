// Node::fork + Node::copyStateFrom for every registered node type: a fork that copies its
// original's state mid-stream (ramps running, filters ringing, delay lines full) continues
// bit-identically to the original, and the copy allocates nothing (it runs on the audio thread
// at a plan swap).
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "allocation_counter.h"
#include "nodes/delay_line_node.h"
#include "nodes/input_node.h"
#include "nodes/mixer_node.h"
#include "nodes/parametric_eq_node.h"
#include "session/default_registry.h"

using namespace wavegraph;

namespace {

constexpr ProcessSpec kSpec{48000, 128, 2};

// A value inside the parameter's range, away from the default (huge ranges: near the default).
double probeValue(const ParameterInfo& p, double fraction) {
    if (p.maxValue - p.minValue > 1e6) return p.defaultValue + fraction;
    return p.minValue + fraction * (p.maxValue - p.minValue);
}

// Feeds `node` `blocks` blocks of seeded noise on every input and returns its output 0.
class Runner {
public:
    explicit Runner(uint32_t seed) : random_(seed) {}

    std::vector<float> run(Node& node, int blocks, std::vector<float>* hostInput = nullptr) {
        const uint32_t frames = kSpec.maxBlockFrames;
        std::vector<float> result;
        for (int b = 0; b < blocks; ++b) {
            std::vector<std::vector<float>> in(node.numInputs(), std::vector<float>(2 * frames));
            for (auto& buffer : in)
                for (float& x : buffer) x = dist_(random_);
            std::vector<std::vector<float>> out(node.numOutputs(), std::vector<float>(kMaxChannels * frames));
            std::vector<AudioBlock> inBlocks(node.numInputs()), outBlocks(node.numOutputs());
            for (size_t i = 0; i < in.size(); ++i) {
                inBlocks[i].numChannels = 2;
                inBlocks[i].numFrames = frames;
                for (uint32_t ch = 0; ch < 2; ++ch) inBlocks[i].channels[ch] = in[i].data() + ch * frames;
            }
            for (size_t o = 0; o < out.size(); ++o) {
                outBlocks[o].numChannels = node.outputChannels(uint32_t(o));
                outBlocks[o].numFrames = frames;
                for (uint32_t ch = 0; ch < outBlocks[o].numChannels; ++ch)
                    outBlocks[o].channels[ch] = out[o].data() + ch * frames;
            }
            // The node keeps the pointer array until the next setHostInput: it must outlive process.
            const float* hostChannels[2] = {nullptr, nullptr};
            if (hostInput != nullptr) {
                hostChannels[0] = hostChannels[1] = hostInput->data();
                static_cast<InputNode&>(node).setHostInput(hostChannels, 2, 0);
            }
            NodeIo io{inBlocks, outBlocks, frames};
            node.process(io);
            if (!out.empty()) result.insert(result.end(), out[0].begin(), out[0].begin() + 2 * frames);
        }
        return result;
    }

private:
    std::mt19937 random_;
    std::uniform_real_distribution<float> dist_{-1.0f, 1.0f};
};

}  // namespace

TEST(NodeFork, EveryNodeTypeForksAndContinuesBitIdenticallyAfterCopyingState) {
    const NodeRegistry registry = makeDefaultNodeRegistry();
    for (const std::string& type : registry.types()) {
        SCOPED_TRACE(type);
        std::shared_ptr<Node> original = registry.create(type);
        original->prepare(kSpec);
        const auto params = original->parameters();
        for (uint32_t i = 0; i < params.size(); ++i) (void)original->setParameter(i, probeValue(params[i], 0.37));
        std::vector<float> host(kSpec.maxBlockFrames, 0.25f);
        std::vector<float>* hostInput = type == "input" ? &host : nullptr;
        Runner warmUp(11);
        (void)warmUp.run(*original, 20, hostInput);
        // New targets right before the fork: smoothed parameters are mid-ramp when copied.
        for (uint32_t i = 0; i < params.size(); ++i) (void)original->setParameter(i, probeValue(params[i], 0.61));
        (void)warmUp.run(*original, 1, hostInput);

        std::shared_ptr<Node> fork = original->fork();
        ASSERT_NE(fork, nullptr);
        ASSERT_NE(fork.get(), original.get());
        EXPECT_EQ(fork->typeName(), original->typeName());
        fork->prepare(kSpec);
        bool copied = false;
        size_t allocations = 0;
        {
            wavegraph::test::AllocationCounter counter;
            copied = fork->copyStateFrom(*original);
            allocations = counter.count();
        }
        ASSERT_TRUE(copied);
        EXPECT_EQ(allocations, 0u) << "copyStateFrom runs on the audio thread";
        for (uint32_t i = 0; i < params.size(); ++i)
            EXPECT_EQ(fork->parameter(i), original->parameter(i)) << params[i].name;

        Runner a(99), b(99);  // the same input for both
        const std::vector<float> fromOriginal = a.run(*original, 30, hostInput);
        const std::vector<float> fromFork = b.run(*fork, 30, hostInput);
        ASSERT_EQ(fromOriginal.size(), fromFork.size());
        size_t differing = 0;
        for (size_t n = 0; n < fromOriginal.size(); ++n) differing += fromOriginal[n] != fromFork[n];
        EXPECT_EQ(differing, 0u) << "of " << fromOriginal.size() << " samples";
    }
}

TEST(NodeFork, CopyStateRefusesAnotherTypeOrSpec) {
    const NodeRegistry registry = makeDefaultNodeRegistry();
    auto gain = registry.create("gain");
    auto delay = registry.create("delay");
    gain->prepare(kSpec);
    delay->prepare(kSpec);
    EXPECT_FALSE(gain->copyStateFrom(*delay));
    auto other = gain->fork();
    other->prepare(ProcessSpec{44100, 128, 2});
    EXPECT_FALSE(other->copyStateFrom(*gain));
    EXPECT_FALSE(gain->copyStateFrom(*gain));
    // Same type, other configuration (would need other storage): refused.
    auto shortDelay = std::make_shared<DelayLineNode>(10.0), longDelay = std::make_shared<DelayLineNode>(1000.0);
    shortDelay->prepare(kSpec);
    longDelay->prepare(kSpec);
    EXPECT_FALSE(shortDelay->copyStateFrom(*longDelay));
    auto mixer2 = std::make_shared<MixerNode>(2), mixer3 = std::make_shared<MixerNode>(3);
    mixer2->prepare(kSpec);
    mixer3->prepare(kSpec);
    EXPECT_FALSE(mixer2->copyStateFrom(*mixer3));
    auto eq4 = std::make_shared<ParametricEqNode>(4), eq8 = std::make_shared<ParametricEqNode>(8);
    eq4->prepare(kSpec);
    eq8->prepare(kSpec);
    EXPECT_FALSE(eq4->copyStateFrom(*eq8));
}
