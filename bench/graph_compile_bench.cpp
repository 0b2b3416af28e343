// A seeded random DAG of real nodes (the shape of the 1000-node test in
// tests/core/graph/graph_test.cpp): nodes 0…9 are noise sources, every later node a 2-input
// mixer fed by up to 2 random earlier nodes per input port (edges only from lower to higher
// index). Measures AudioGraph::compile (Kahn sort, buffer planning, preparing every node) and
// CompiledGraph::render of one 128-frame stereo 48 kHz block of the compiled plan.
#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "bench_signal.h"
#include "graph/audio_graph.h"
#include "graph/compiled_graph.h"
#include "graph/graph_json.h"
#include "nodes/mixer_node.h"
#include "nodes/noise.h"
#include "session/default_registry.h"

namespace {

using namespace wavegraph;
using namespace wavegraph::bench;

constexpr uint32_t kBlockFrames = 128;
constexpr int kSources = 10;
const ProcessSpec kSpec{kSampleRateHz, kBlockFrames, kChannels};

/// The random DAG with `numNodes` nodes; its output is the last node. Mixer master gain -9 dB
/// (× 0.355) against about 2.7 feeds per mixer keeps the levels bounded (no overflow, no
/// denormals). Returns false if an edit failed.
bool buildRandomDag(int numNodes, AudioGraph& graph) {
    std::mt19937 random(20261123);
    std::vector<NodeId> ids;
    for (int i = 0; i < numNodes; ++i) {
        std::shared_ptr<Node> node;
        if (i < kSources) {
            auto noise = std::make_shared<NoiseNode>();
            noise->setParameterImmediate(NoiseNode::seed, 1 + i);
            noise->setParameterImmediate(NoiseNode::levelDb, -6.0);
            node = noise;
        } else {
            auto mixer = std::make_shared<MixerNode>(2);
            mixer->setParameterImmediate(mixer->masterGainDb(), -9.0);
            node = mixer;
        }
        NodeId id = 0;
        std::string name = "n";  // (not "n" + to_string: gcc 12 gives a false -Wrestrict)
        name += std::to_string(i);
        if (!graph.addNode(std::move(name), node, id).isOk()) return false;
        ids.push_back(id);
    }
    for (int i = kSources; i < numNodes; ++i)
        for (uint32_t port = 0; port < 2; ++port)
            for (int k = 0; k < 2; ++k) {
                if (random() % 3 == 0) continue;
                const int from = static_cast<int>(random() % i);
                graph.connect({ids[from], 0, ids[i], port});  // a duplicate edge is refused: fine
            }
    return graph.setOutput(ids.back()).isOk();
}

void BM_GraphCompileRandomDag(benchmark::State& state) {
    const int numNodes = static_cast<int>(state.range(0));
    AudioGraph graph;
    if (!buildRandomDag(numNodes, graph)) {
        state.SkipWithError("building the graph failed");
        return;
    }
    std::unique_ptr<CompiledGraph> plan;
    for (auto _ : state) {
        plan.reset();  // the previous plan is freed inside the timed loop
        if (!graph.compile(kSpec, plan).isOk()) {
            state.SkipWithError("compile failed");
            return;
        }
        benchmark::DoNotOptimize(plan.get());
    }
    state.counters["edges"] = static_cast<double>(graph.connections().size());
    state.counters["buffers"] = static_cast<double>(plan->numBuffers());
    state.counters["outputPorts"] = static_cast<double>(plan->numOutputPorts());
}
BENCHMARK(BM_GraphCompileRandomDag)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

/// The same DAG as a graph description (graph_json.h): "noise" and "mixer" nodes named n0…, the
/// connections in the order they were made, the last node as output.
std::string randomDagJson(int numNodes, const AudioGraph& graph) {
    // (appended piece by piece: gcc 12 gives a false -Wrestrict for "literal" + std::string)
    std::string text = "{\"nodes\":[";
    for (int i = 0; i < numNodes; ++i) {
        text += i > 0 ? ",{\"id\":\"n" : "{\"id\":\"n";
        text += std::to_string(i);
        if (i < kSources) {
            text += "\",\"type\":\"noise\",\"params\":{\"seed\":";
            text += std::to_string(1 + i);
            text += ",\"levelDb\":-6}}";
        } else {
            text += "\",\"type\":\"mixer\",\"params\":{\"masterGainDb\":-9}}";
        }
    }
    text += "],\"connections\":[";
    for (size_t k = 0; k < graph.connections().size(); ++k) {
        const Connection& c = graph.connections()[k];
        text += k > 0 ? ",{\"from\":\"n" : "{\"from\":\"n";
        text += std::to_string(c.from);
        text += "\",\"to\":\"n";
        text += std::to_string(c.to);
        text += "\",\"input\":";
        text += std::to_string(c.input);
        text += '}';
    }
    text += "],\"output\":\"n";
    text += std::to_string(numNodes - 1);
    text += "\"}";
    return text;
}

/// What a host pays for a graph description: graphFromJson (parse, checks, nodes made, every
/// connection checked for cycles) and the compile of its graph. At most 4,096 nodes and 16,384
/// connections are accepted (graph_json.h), so the largest size is 4,000 nodes.
void BM_GraphJsonToPlanRandomDag(benchmark::State& state) {
    const int numNodes = static_cast<int>(state.range(0));
    AudioGraph built;
    if (!buildRandomDag(numNodes, built)) {
        state.SkipWithError("building the graph failed");
        return;
    }
    const std::string text = randomDagJson(numNodes, built);
    const NodeRegistry registry = makeDefaultNodeRegistry();
    std::unique_ptr<CompiledGraph> plan;
    for (auto _ : state) {
        plan.reset();
        GraphFromJson parsed;
        if (auto s = graphFromJson(text, registry, kSpec, parsed); !s) {
            state.SkipWithError(s.message().c_str());
            return;
        }
        if (!parsed.graph.compile(kSpec, plan).isOk()) {
            state.SkipWithError("compile failed");
            return;
        }
        benchmark::DoNotOptimize(plan.get());
    }
    state.counters["edges"] = static_cast<double>(built.connections().size());
    state.counters["buffers"] = static_cast<double>(plan->numBuffers());
    state.counters["jsonBytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_GraphJsonToPlanRandomDag)->Arg(100)->Arg(1000)->Arg(4000)->Unit(benchmark::kMillisecond);

void BM_GraphRenderRandomDag(benchmark::State& state) {
    const int numNodes = static_cast<int>(state.range(0));
    AudioGraph graph;
    std::unique_ptr<CompiledGraph> plan;
    if (!buildRandomDag(numNodes, graph) || !graph.compile(kSpec, plan).isOk()) {
        state.SkipWithError("building or compiling the graph failed");
        return;
    }
    auto output = makeNoise(kChannels, kBlockFrames);
    float* out[kChannels] = {output[0].data(), output[1].data()};
    for (auto _ : state) {
        plan->render(out, kBlockFrames);
        benchmark::DoNotOptimize(out[0]);
        benchmark::DoNotOptimize(out[1]);
        benchmark::ClobberMemory();
    }
    // The output must be a real signal: finite and not silent.
    double sumSquares = 0.0;
    for (const auto& ch : output)
        for (float s : ch) sumSquares += static_cast<double>(s) * s;
    if (!std::isfinite(sumSquares) || sumSquares == 0.0) {
        state.SkipWithError("output is silent or not finite");
        return;
    }
    state.counters["outputRmsDb"] = 10.0 * std::log10(sumSquares / (kChannels * kBlockFrames));
    reportFrames(state, kBlockFrames);
    // time per frame per node: the graph's cost spread over its nodes
    state.counters["time_per_node_frame"] =
        benchmark::Counter(static_cast<double>(state.iterations()) * kBlockFrames * numNodes,
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_GraphRenderRandomDag)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);

}  // namespace
