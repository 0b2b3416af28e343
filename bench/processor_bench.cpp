// The cost of the processor ABI (include/wavegraph/processor.h): the soft clipper example
// (examples/processors/soft-clipper) as a processor type behind the descriptor's function
// pointers (ProcessorNode, what `--plugin` and custom wasm cores run) against the same class
// compiled in as a built-in node (NodeBase, direct calls the compiler may inline). Stereo,
// 48 kHz, 128-frame blocks of seeded noise; "steady" holds the drive, "moving" retargets it
// every block (a 5 ms ramp on every frame). Reported per frame; the ratio abi / builtIn is the
// ABI's overhead (docs/performance.md).
#include <benchmark/benchmark.h>

#include <array>
#include <memory>
#include <vector>

#include "bench_signal.h"
#include "graph/node_base.h"
#include "processor/processor_types.h"
#include "session/default_registry.h"
#include "soft_clipper.hpp"

namespace {

using namespace wavegraph;

constexpr uint32_t kBlockFrames = 128;
constexpr uint32_t kChannels = bench::kChannels;

/// The soft clipper as a built-in node: the same class, called directly.
class SoftClipperNode final : public NodeBase<SoftClipperNode> {
public:
    static constexpr NodeShape kShape{"softClipperBuiltIn", 1, 1};
    static constexpr std::array<ParameterInfo, 1> kParameters{{{"drive", "", 1.0, 20.0, 1.0, true}}};

    void prepare(const ProcessSpec& spec) override {  // [control]
        Node::prepare(spec);
        clipper_.prepare(spec.sampleRateHz, spec.maxBlockFrames, spec.numChannels);
    }
    void reset() noexcept override { clipper_.reset(); }                   // [audio]
    double parameter(uint32_t) const noexcept override { return drive_; }  // [any]
    void process(NodeIo& io) noexcept override {                           // [audio]
        std::array<const float*, kMaxChannels> in{};
        std::array<float*, kMaxChannels> out{};
        for (uint32_t ch = 0; ch < io.inputs[0].numChannels; ++ch) in[ch] = io.inputs[0].channels[ch];
        for (uint32_t ch = 0; ch < io.outputs[0].numChannels; ++ch) out[ch] = io.outputs[0].channels[ch];
        clipper_.process(in.data(), out.data(), io.numFrames);
    }
    bool set(uint32_t id, double value, bool immediate) noexcept {  // [audio]
        if (id != 0) return false;
        drive_ = kParameters[0].clamp(value);
        clipper_.setParameter(0, drive_, immediate);
        return drive_ == value;
    }

private:
    SoftClipper clipper_;
    double drive_ = 1.0;
};

const wg_processor_descriptor* entry(uint32_t index) {
    return index == 0 ? processorDescriptor<SoftClipper>() : nullptr;
}

std::shared_ptr<Node> makeNode(bool throughAbi) {
    if (!throughAbi) return std::make_shared<SoftClipperNode>();
    static NodeRegistry registry = [] {
        NodeRegistry r = makeDefaultNodeRegistry();
        (void)addProcessorTypes(r, &entry, "bench", nullptr);
        return r;
    }();
    return registry.create("softClipper");
}

void BM_SoftClipper(benchmark::State& state, bool throughAbi, bool moving) {
    auto node = makeNode(throughAbi);
    node->prepare({48000.0, kBlockFrames, kChannels});
    node->setParameterImmediate(0, 4.0);
    auto in = bench::makeNoise(kChannels, kBlockFrames);
    std::vector<std::vector<float>> out(kChannels, std::vector<float>(kBlockFrames));
    AudioBlock inBlock, outBlock;
    inBlock.numChannels = outBlock.numChannels = kChannels;
    inBlock.numFrames = outBlock.numFrames = kBlockFrames;
    for (uint32_t ch = 0; ch < kChannels; ++ch) {
        inBlock.channels[ch] = in[ch].data();
        outBlock.channels[ch] = out[ch].data();
    }
    NodeIo io{std::span<const AudioBlock>(&inBlock, 1), std::span<AudioBlock>(&outBlock, 1), kBlockFrames};
    uint64_t block = 0;
    for (auto _ : state) {
        if (moving) node->setParameter(0, (block++ & 1) ? 8.0 : 4.0);
        node->process(io);
        benchmark::DoNotOptimize(out[0].data());
        benchmark::ClobberMemory();
    }
    bench::reportFrames(state, kBlockFrames);
}

BENCHMARK_CAPTURE(BM_SoftClipper, builtIn / steady, false, false);
BENCHMARK_CAPTURE(BM_SoftClipper, abi / steady, true, false);
BENCHMARK_CAPTURE(BM_SoftClipper, builtIn / moving, false, true);
BENCHMARK_CAPTURE(BM_SoftClipper, abi / moving, true, true);

}  // namespace
