// The JSON graph description: builds graphs, and every error names its JSON path.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

// Bad input classes of docs/reliability.md: oversized graphs, deep or huge JSON, non-finite and
// huge numbers. Each is refused with one line naming the value or the cap.
namespace {

std::string chainOfLevels(size_t numNodes, size_t numConnections) {
    std::string text = R"({"nodes":[)";
    for (size_t i = 0; i < numNodes; ++i)
        text += (i ? "," : "") + std::string(R"({"id":"n)") + std::to_string(i) + R"(","type":"sum"})";
    text += R"(],"connections":[)";
    for (size_t i = 0; i < numConnections; ++i)  // a chain n0 → n1 → …, then more edges into input 1 of the last
        text += (i ? "," : "") + std::string(R"({"from":"n)") + std::to_string(i % (numNodes - 1)) + R"(","to":"n)" +
                std::to_string(i < numNodes - 1 ? i + 1 : numNodes - 1) + R"(","input":)" +
                (i < numNodes - 1 ? "0" : "1") + "}";
    return text + R"(],"output":"n)" + std::to_string(numNodes - 1) + R"("})";
}

}  // namespace

TEST(GraphJson, OversizedGraphsAreRejectedWithTheCap) {
    GraphFromJson atCap;
    const Status ok = graphFromJson(chainOfLevels(kMaxGraphNodes, kMaxGraphNodes - 1), testRegistry(),
                                    ProcessSpec{48000, 128, 1}, atCap);
    std::printf("%zu nodes: %s\n", kMaxGraphNodes, ok ? "accepted" : ok.message().c_str());
    EXPECT_TRUE(ok.isOk()) << ok.message();
    const std::string tooManyNodes = errorOf(chainOfLevels(kMaxGraphNodes + 1, 1));
    const std::string tooManyConnections = errorOf(chainOfLevels(8, kMaxGraphConnections + 1));
    const std::string tooBig = errorOf(R"({"nodes":[{"id":")" + std::string(kMaxGraphJsonBytes, 'a') + R"("}]})");
    std::printf("%s\n%s\n%s\n", tooManyNodes.c_str(), tooManyConnections.c_str(), tooBig.c_str());
    EXPECT_EQ(tooManyNodes, "nodes: 4097 nodes (at most 4096)");
    EXPECT_EQ(tooManyConnections, "connections: 16385 connections (at most 16384)");
    EXPECT_EQ(tooBig, "the graph description is 4194325 bytes (at most 4194304)");
}

TEST(GraphJson, DeeplyNestedHugeAndNonFiniteNumbersAreOneLine) {
    const size_t depth = 100000;
    const std::string deep = R"({"nodes":[{"id":"a","type":"level","params":{"level":)" + std::string(depth, '[') +
                             std::string(depth, ']') + R"(}}],"output":"a"})";
    const std::string deepError = errorOf(deep);
    const std::string hugeError =
        errorOf(R"({"nodes":[{"id":"a","type":"level","params":{"level":1e308}}],"output":"a"})");
    const std::string infError =
        errorOf(R"({"nodes":[{"id":"a","type":"level","params":{"level":1e999}}],"output":"a"})");
    const std::string nanError =
        errorOf(R"({"nodes":[{"id":"a","type":"level","params":{"level":NaN}}],"output":"a"})");
    std::printf("%s\n%s\n%s\n%s\n", deepError.c_str(), hugeError.c_str(), infError.c_str(), nanError.c_str());
    EXPECT_EQ(deepError, "the graph description nests JSON deeper than 32 levels");
    EXPECT_EQ(hugeError, "nodes[0].params.level: level 1e+308 is out of range (-10…10)");
    EXPECT_EQ(infError, "not valid JSON at byte 58 (near '1e999')");         // beyond double: names the number
    EXPECT_EQ(nanError.rfind("not valid JSON at byte", 0), 0u) << nanError;  // JSON has no NaN
    for (const std::string* e : {&deepError, &hugeError, &infError, &nanError})
        EXPECT_EQ(e->find('\n'), std::string::npos);
}

// JSON strings may hold control characters (a "\n" escape in a key or an id): every message stays
// one line, showing them escaped. (A parameter key with a newline was found by tests/fuzz/graph_json.)
TEST(GraphJson, ControlCharactersInKeysAndIdsAreShownEscapedOnOneLine) {
    const std::string key = errorOf(R"({ "nodes": [ { "id": "a", "type": "level", "params": { "lev\nel": 1 } } ],
                                     "output": "a" })");
    const std::string id = errorOf(R"({ "nodes": [ { "id": "a\r\u0001", "type": "level" } ], "output": "b\tc" })");
    const std::string type = errorOf(R"({ "nodes": [ { "id": "a", "type": "lev\nel" } ], "output": "a" })");
    for (const auto* message : {&key, &id, &type}) {
        std::printf("%s\n", message->c_str());
        EXPECT_EQ(message->find_first_of("\r\n\t\x01"), std::string::npos) << *message;
    }
    EXPECT_EQ(key.substr(0, key.find(':')), "nodes[0].params.lev\\nel");
    EXPECT_NE(key.find("has no parameter 'lev\\nel'"), std::string::npos) << key;
    EXPECT_EQ(id, "output: 'b\\tc' is not the id of a node");
    EXPECT_NE(type.find("'lev\\nel' is not a node type"), std::string::npos) << type;
}

// The nesting limit is checked by a scan of the text before parsing; its verdict must equal the
// depth nlohmann's parser callback reports (the independent reference here) for every nesting
// around the limit: arrays and objects, empty or not at the bottom, brackets and escaped quotes
// inside strings (which do not nest).
TEST(GraphJson, NestingLimitVerdictEqualsTheParserCallbacksDepth) {
    auto callbackDepth = [](const std::string& text) {
        int deepest = 0;
        const nlohmann::json::parser_callback_t track = [&deepest](int depth, nlohmann::json::parse_event_t,
                                                                   nlohmann::json&) {
            deepest = std::max(deepest, depth);
            return true;
        };
        const nlohmann::json parsed = nlohmann::json::parse(text, track, /*allow_exceptions=*/false);
        EXPECT_FALSE(parsed.is_discarded()) << text;
        return deepest;
    };
    const std::string prefix = R"({"nodes":[{"id":"a","type":"level","params":{"level":)";
    const std::string suffix = R"(}}],"output":"a"})";
    int cases = 0, agree = 0, deep = 0;
    for (int k = 24; k <= 36; ++k) {
        const std::vector<std::string> values = {
            std::string(k, '[') + std::string(k, ']'),
            std::string(k, '[') + "1" + std::string(k, ']'),
            [&] {
                std::string v;
                for (int i = 0; i < k; ++i) v += R"({"a":)";
                v += R"("x[{\"]}")";
                for (int i = 0; i < k; ++i) v += '}';
                return v;
            }(),
            [&] {
                std::string v;
                for (int i = 0; i < k; ++i) v += "[{}, ";
                v += "{}";
                for (int i = 0; i < k; ++i) v += ']';
                return v;
            }(),
        };
        for (const std::string& value : values) {
            const std::string text = prefix + value + suffix;
            const bool expectedDeep = callbackDepth(text) > kMaxGraphJsonDepth;
            const bool reportedDeep = errorOf(text) == "the graph description nests JSON deeper than 32 levels";
            ++cases;
            agree += expectedDeep == reportedDeep;
            deep += expectedDeep;
            EXPECT_EQ(reportedDeep, expectedDeep) << text;
        }
    }
    // Brackets inside a string are text: 40 of them in a node id do not nest.
    const std::string idText = R"({"nodes":[{"id":")" + std::string(40, '[') + R"(","type":"level"}],"output":")" +
                               std::string(40, '[') + R"("})";
    ++cases;
    agree += errorOf(idText).empty();
    EXPECT_EQ(errorOf(idText), "");
    std::printf("nesting verdicts equal to the callback's: %d of %d (%d beyond the limit)\n", agree, cases, deep);
    EXPECT_GT(deep, 0);
    EXPECT_LT(deep, cases - 1);
}
