// Every node type of makeDefaultNodeRegistry(), one process() call per iteration: stereo 48 kHz,
// 128-frame blocks, seeded white noise on every input port (and as the host input of "input").
// Each variant sets parameters so the node does real work; "steady" variants hold them, "moving"
// variants retarget a parameter every block (a smoothed parameter then ramps on every frame; the
// adsr's gate then cycles attack/release). Benchmarks are named BM_Node/<type>/<variant>.
// A registry type with no entry in the table below still runs, as BM_Node/<type>/defaults.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "bench_signal.h"
#include "graph/node.h"
#include "nodes/input_node.h"
#include "session/default_registry.h"

namespace {

using namespace wavegraph;
using namespace wavegraph::bench;

constexpr uint32_t kBlockFrames = 128;

/// A parameter (by name) and a value.
struct Setting {
    std::string name;
    double value = 0.0;
};

/// A parameter set to `a` on even blocks and `b` on odd blocks (with setParameter: ramped).
struct Toggle {
    std::string name;
    double a = 0.0, b = 0.0;
};

struct Variant {
    std::string type;               // registry type name
    std::string label;              // benchmark name suffix
    std::vector<Setting> settings;  // applied with setParameterImmediate after prepare
    std::vector<Toggle> toggles;    // retargeted every block
};

std::vector<Setting> eqBandGains() {
    std::vector<Setting> s;
    for (uint32_t b = 0; b < 8; ++b) s.push_back({"band" + std::to_string(b) + ".gainDb", b % 2 ? -6.0 : 6.0});
    return s;
}

std::vector<Toggle> eqBandGainToggles() {
    std::vector<Toggle> t;
    for (uint32_t b = 0; b < 8; ++b) t.push_back({"band" + std::to_string(b) + ".gainDb", 6.0, -6.0});
    return t;
}

std::vector<Variant> variants() {
    const std::vector<Setting> delaySettings{{"timeMs", 250.0}, {"feedback", 0.5}, {"wet", 0.5}, {"dry", 1.0}};
    return {
        {"input", "steady", {}, {}},
        {"oscillator", "sine/steady", {{"type", 0}, {"frequencyHz", 440}, {"levelDb", -6}}, {}},
        {"oscillator", "sawtooth/steady", {{"type", 1}, {"frequencyHz", 440}, {"levelDb", -6}}, {}},
        {"oscillator", "square/steady", {{"type", 2}, {"frequencyHz", 440}, {"levelDb", -6}}, {}},
        {"oscillator", "triangle/steady", {{"type", 3}, {"frequencyHz", 440}, {"levelDb", -6}}, {}},
        {"oscillator", "sine/frequencyRamp", {{"type", 0}, {"levelDb", -6}}, {{"frequencyHz", 440, 880}}},
        {"oscillator", "sawtooth/frequencyRamp", {{"type", 1}, {"levelDb", -6}}, {{"frequencyHz", 440, 880}}},
        {"noise", "white/steady", {{"color", 0}, {"levelDb", -6}}, {}},
        {"noise", "pink/steady", {{"color", 1}, {"levelDb", -6}}, {}},
        {"noise", "brown/steady", {{"color", 2}, {"levelDb", -6}}, {}},
        {"noise", "white/levelRamp", {{"color", 0}}, {{"levelDb", -6, -12}}},
        {"constant", "steady", {{"value", 0.5}}, {}},
        {"constant", "valueRamp", {}, {{"value", 0.5, 1.0}}},
        {"adsr", "sustain", {{"attackMs", 0}, {"decayMs", 0}, {"sustainLevel", 0.7}, {"gate", 1}}, {}},
        {"adsr", "gateCycling", {{"attackMs", 2}, {"decayMs", 2}, {"releaseMs", 2}}, {{"gate", 1, 0}}},
        {"gain", "steady", {{"gainDb", -6}}, {}},
        {"gain", "gainRamp", {}, {{"gainDb", -6, -12}}},
        {"biquad", "lowpass/steady", {{"type", 0}, {"frequencyHz", 1000}, {"q", 0.7}}, {}},
        {"biquad", "peaking/steady", {{"type", 5}, {"frequencyHz", 1000}, {"q", 1}, {"gainDb", 6}}, {}},
        {"biquad", "lowpass/frequencyRamp", {{"type", 0}, {"q", 0.7}}, {{"frequencyHz", 1000, 2000}}},
        {"parametricEq", "8bands/steady", eqBandGains(), {}},
        {"parametricEq", "8bands/gainRamp", {}, eqBandGainToggles()},
        {"delay", "steady", delaySettings, {}},
        {"delay", "timeRamp", delaySettings, {{"timeMs", 250, 300}}},
        {"mixer", "2inputs/steady", {{"input0.gainDb", -3}, {"input1.gainDb", -6}, {"masterGainDb", -1}}, {}},
        {"mixer", "2inputs/masterRamp", {{"input0.gainDb", -3}, {"input1.gainDb", -6}}, {{"masterGainDb", -1, -7}}},
        {"stereoPanner", "steady", {{"pan", 0.3}}, {}},
        {"stereoPanner", "panRamp", {}, {{"pan", -0.5, 0.5}}},
        {"meter", "steady", {}, {}},
        {"dynamicsCompressor", "compressing", {{"thresholdDb", -40}, {"kneeDb", 6}, {"ratio", 8}}, {}},
        {"dynamicsCompressor", "thresholdMoving", {{"kneeDb", 6}, {"ratio", 8}}, {{"thresholdDb", -40, -20}}},
        {"dynamicsCompressor", "webAudioDefaults", {{"thresholdDb", -24}}, {}},
    };
}

/// Id of parameter `name` of `node`, or -1 (after SkipWithError).
int parameterId(benchmark::State& state, const Node& node, const std::string& name) {
    const int id = node.parameterIndex(name);
    if (id < 0) state.SkipWithError(("unknown parameter " + name).c_str());
    return id;
}

void runNode(benchmark::State& state, const Variant& variant) {
    const auto node = makeDefaultNodeRegistry().create(variant.type);
    if (!node) {
        state.SkipWithError(("unknown node type " + variant.type).c_str());
        return;
    }
    node->prepare(ProcessSpec{kSampleRateHz, kBlockFrames, kChannels});
    for (const auto& s : variant.settings) {
        const int id = parameterId(state, *node, s.name);
        if (id < 0) return;
        if (!node->setParameterImmediate(static_cast<uint32_t>(id), s.value)) {
            state.SkipWithError(("rejected value for " + s.name).c_str());
            return;
        }
    }
    std::vector<uint32_t> toggleIds;
    for (const auto& t : variant.toggles) {
        const int id = parameterId(state, *node, t.name);
        if (id < 0) return;
        toggleIds.push_back(static_cast<uint32_t>(id));
    }

    auto input = makeNoise(kChannels, kBlockFrames);
    const float* host[kChannels] = {input[0].data(), input[1].data()};
    if (auto* in = dynamic_cast<InputNode*>(node.get())) in->setHostInput(host, kChannels, 0);
    AudioBlock inBlock;
    inBlock.numChannels = kChannels;
    inBlock.numFrames = kBlockFrames;
    for (uint32_t ch = 0; ch < kChannels; ++ch) inBlock.channels[ch] = input[ch].data();
    const std::vector<AudioBlock> inputs(node->numInputs(), inBlock);  // every port: the same noise

    std::vector<std::vector<std::vector<float>>> outputMemory;
    std::vector<AudioBlock> outputs(node->numOutputs());
    for (uint32_t o = 0; o < node->numOutputs(); ++o) {
        const uint32_t channels = node->outputChannels(o);
        outputMemory.push_back(std::vector<std::vector<float>>(channels, std::vector<float>(kBlockFrames)));
        outputs[o].numChannels = channels;
        outputs[o].numFrames = kBlockFrames;
        for (uint32_t ch = 0; ch < channels; ++ch) outputs[o].channels[ch] = outputMemory[o][ch].data();
    }
    NodeIo io{inputs, outputs, kBlockFrames};

    uint64_t block = 0;
    for (auto _ : state) {
        for (size_t t = 0; t < toggleIds.size(); ++t)
            node->setParameter(toggleIds[t], block % 2 ? variant.toggles[t].b : variant.toggles[t].a);
        node->process(io);
        for (const auto& out : outputs)
            for (uint32_t ch = 0; ch < out.numChannels; ++ch) benchmark::DoNotOptimize(out.channels[ch]);
        benchmark::ClobberMemory();
        ++block;
    }
    reportFrames(state, kBlockFrames);
}

// Registers every variant whose type is in the registry, then a "defaults" run for any
// registry type the table does not cover.
const bool registered = [] {
    const auto types = makeDefaultNodeRegistry().types();
    const auto all = variants();
    for (const auto& type : types) {
        bool covered = false;
        for (const auto& v : all) {
            if (v.type != type) continue;
            covered = true;
            benchmark::RegisterBenchmark(("BM_Node/" + type + "/" + v.label).c_str(),
                                         [v](benchmark::State& s) { runNode(s, v); });
        }
        if (!covered) {
            const Variant v{type, "defaults", {}, {}};
            benchmark::RegisterBenchmark(("BM_Node/" + type + "/defaults").c_str(),
                                         [v](benchmark::State& s) { runNode(s, v); });
        }
    }
    return true;
}();

}  // namespace
