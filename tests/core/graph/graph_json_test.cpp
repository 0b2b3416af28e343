// The JSON graph description: builds graphs, and every error names its JSON path.
#include <gtest/gtest.h>

#include <array>

#include "graph/compiled_graph.h"
#include "graph/graph_json.h"

using namespace wavegraph;

namespace {

// Test node: output = level + (sum of inputs); has a frequency parameter (Hz) and a level.
class LevelNode final : public Node {
public:
    explicit LevelNode(uint32_t inputs) : inputs_(inputs) {}
    std::string_view typeName() const noexcept override { return inputs_ ? "sum" : "level"; }
    uint32_t numInputs() const noexcept override { return inputs_; }
    uint32_t numOutputs() const noexcept override { return 1; }
    std::span<const ParameterInfo> parameters() const noexcept override { return kParams; }
    void reset() noexcept override {}
    bool setParameter(uint32_t id, double v) noexcept override {
        if (id >= values_.size()) return false;
        values_[id] = kParams[id].clamp(v);
        return values_[id] == v;
    }
    double parameter(uint32_t id) const noexcept override { return id < values_.size() ? values_[id] : 0.0; }
    void process(NodeIo& io) noexcept override {
        for (uint32_t ch = 0; ch < io.outputs[0].numChannels; ++ch)
            for (uint32_t i = 0; i < io.numFrames; ++i) {
                double v = values_[1];
                for (const auto& in : io.inputs) v += in.channels[ch][i];
                io.outputs[0].channels[ch][i] = static_cast<float>(v);
            }
    }
    static constexpr std::array<ParameterInfo, 2> kParams{{
        {"frequencyHz", "Hz", 0.01, 1e6, 440.0, true},
        {"level", "", -10.0, 10.0, 0.0, true},
    }};

private:
    uint32_t inputs_;
    std::array<double, 2> values_{440.0, 0.0};
};

NodeRegistry testRegistry() {
    NodeRegistry r;
    r.add("level", [] { return std::make_shared<LevelNode>(0); });
    r.add("sum", [] { return std::make_shared<LevelNode>(2); });
    return r;
}

std::string errorOf(const std::string& text) {
    GraphFromJson g;
    return graphFromJson(text, testRegistry(), ProcessSpec{48000, 128, 1}, g).message();
}

}  // namespace

TEST(GraphJson, BuildsAndRendersADescribedGraph) {
    const std::string text = R"({
      "nodes": [ { "id": "a", "type": "level", "params": { "level": 0.25 } },
                 { "id": "b", "type": "level", "params": { "level": 0.5, "frequencyHz": 1000 } },
                 { "id": "mix", "type": "sum" } ],
      "connections": [ { "from": "a", "to": "mix" }, { "from": "b", "to": "mix", "input": 1 } ],
      "output": "mix" })";
    GraphFromJson g;
    ASSERT_TRUE(graphFromJson(text, testRegistry(), ProcessSpec{48000, 32, 1}, g).isOk());
    EXPECT_EQ(g.graph.size(), 3u);
    EXPECT_DOUBLE_EQ(g.graph.node(g.ids.at("b"))->parameter(0), 1000.0);
    std::unique_ptr<CompiledGraph> plan;
    ASSERT_TRUE(g.graph.compile(ProcessSpec{48000, 32, 1}, plan).isOk());
    std::vector<float> y(32);
    float* ch = y.data();
    ASSERT_TRUE(plan->render(&ch, 32));
    EXPECT_FLOAT_EQ(y[5], 0.75f);
}

TEST(GraphJson, ErrorsNameTheJsonPath) {
    EXPECT_EQ(errorOf(R"({"nodes":[{"id":"a","type":"level"},{"id":"b","type":"level"},{"id":"c","type":"level"},
                        {"id":"d","type":"level","params":{"frequencyHz":30000}}],"output":"a"})"),
              "nodes[3].params.frequencyHz: 30000 is above Nyquist (24000 Hz)");
    EXPECT_EQ(errorOf(R"({"nodes":[{"id":"a","type":"level","params":{"level":11}}],"output":"a"})"),
              "nodes[0].params.level: level 11 is out of range (-10…10)");
    EXPECT_EQ(errorOf(R"({"nodes":[{"id":"a","type":"osc"}],"output":"a"})"),
              "nodes[0].type: 'osc' is not a node type (known: level, sum)");
    EXPECT_EQ(errorOf(R"({"nodes":[{"id":"a","type":"level","params":{"gainDb":1}}],"output":"a"})"),
              "nodes[0].params.gainDb: 'level' has no parameter 'gainDb' (parameters: frequencyHz, level)");
    EXPECT_EQ(errorOf(R"({"nodes":[{"id":"a","type":"level","params":{"level":"loud"}}],"output":"a"})"),
              "nodes[0].params.level: must be a number, not \"loud\"");
    EXPECT_EQ(errorOf(R"({"nodes":[{"id":"a","type":"level"},{"id":"a","type":"level"}],"output":"a"})"),
              "nodes[1].id: 'a' is used by an earlier node");
    EXPECT_EQ(errorOf(R"({"nodes":[{"id":"a","type":"level"}],"connections":[{"from":"a","to":"zz"}],"output":"a"})"),
              "connections[0].to: 'zz' is not the id of a node");
    EXPECT_EQ(errorOf(R"({"nodes":[{"id":"a","type":"level"},{"id":"s","type":"sum"}],
                        "connections":[{"from":"a","to":"s","input":2}],"output":"s"})"),
              "connections[0]: node 's' (sum) has no input 2 (inputs: 2)");
    EXPECT_EQ(errorOf(R"({"nodes":[{"id":"a","type":"level"}],"output":"b"})"), "output: 'b' is not the id of a node");
    EXPECT_EQ(errorOf(R"({"nodes":[]})"), "nodes: must be a non-empty array of nodes");
    EXPECT_EQ(errorOf(R"([1, 2])"), "the graph description must be a JSON object, not array");
    EXPECT_EQ(errorOf(R"({"nodes": [ {"id": "a",, }]})").rfind("not valid JSON at byte", 0), 0u);
}

TEST(GraphJson, CyclesAreRejectedWithTheirPath) {
    EXPECT_EQ(errorOf(R"({"nodes":[{"id":"a","type":"sum"},{"id":"b","type":"sum"}],
                        "connections":[{"from":"a","to":"b"},{"from":"b","to":"a"}],"output":"b"})"),
              "connections[1]: connecting 'b' → 'a' would make a cycle: a → b → a");
}
