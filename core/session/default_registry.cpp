#include "session/default_registry.h"

#include <memory>
#include <string>

#include "nodes/adsr_envelope.h"
#include "nodes/analyser_node.h"
#include "nodes/biquad_node.h"
#include "nodes/buffer_source_node.h"
#include "nodes/channel_merger_node.h"
#include "nodes/channel_splitter_node.h"
#include "nodes/constant.h"
#include "nodes/convolver_node.h"
#include "nodes/delay_line_node.h"
#include "nodes/dynamics_compressor_node.h"
#include "nodes/gain_node.h"
#include "nodes/input_node.h"
#include "nodes/meter_node.h"
#include "nodes/mixer_node.h"
#include "nodes/noise.h"
#include "nodes/oscillator.h"
#include "nodes/parametric_eq_node.h"
#include "nodes/stereo_panner_node.h"
#include "nodes/wave_shaper_node.h"

namespace wavegraph {

namespace {
// Registers T under the name its instances report, so the two can never disagree.
template <typename T>
void addType(NodeRegistry& registry) {
    const std::string name(std::make_shared<T>()->typeName());
    registry.add(name, [] { return std::make_shared<T>(); });
}
// Registers T with construction options (NodeRegistry::OptionsCreator).
template <typename T>
void addType(NodeRegistry& registry, NodeRegistry::OptionsCreator make, std::vector<NodeOptionInfo> options) {
    const std::string name(std::make_shared<T>()->typeName());
    registry.add(
        name, [] { return std::make_shared<T>(); }, std::move(make), std::move(options));
}
}  // namespace

NodeRegistry makeDefaultNodeRegistry() {  // [control]
    NodeRegistry registry;
    addType<InputNode>(registry);
    addType<OscillatorNode>(registry);
    addType<NoiseNode>(registry);
    addType<ConstantNode>(registry);
    addType<AdsrEnvelopeNode>(registry);
    addType<GainNode>(registry);
    addType<BiquadNode>(registry);
    addType<ParametricEqNode>(registry);
    addType<DelayLineNode>(registry);
    addType<MixerNode>(registry);
    addType<StereoPannerNode>(registry);
    addType<MeterNode>(registry);
    addType<AnalyserNode>(registry);
    addType<DynamicsCompressorNode>(registry);
    addType<ChannelSplitterNode>(registry, &ChannelSplitterNode::make,
                                 {{"numberOfOutputs", "outputs, each one channel of the input: 1…32, default 6"}});
    addType<ChannelMergerNode>(
        registry, &ChannelMergerNode::make,
        {{"numberOfInputs", "inputs, each mixed to mono into one output channel: 1…32, default 6"}});
    addType<WaveShaperNode>(registry, &WaveShaperNode::make,
                            {{"curve", "2…65536 numbers over input −1…1, linearly interpolated; absent: pass-through"},
                             {"oversample", "'none' (default), '2x' or '4x' (Chromium's half-band resamplers)"}});
    addType<ConvolverNode>(
        registry, &ConvolverNode::make,
        {{"buffer",
          "the impulse response: the name of a buffer of 1, 2 or 4 channels (mono, stereo, true stereo) at "
          "the engine's rate; absent: silence"},
         {"normalize",
          "true (default): scale the response by the W3C normalization (1 / RMS × −58 dB × "
          "44100 / rate); false: as given"}});
    addType<BufferSourceNode>(
        registry, &BufferSourceNode::make,
        {{"buffer", "the name of a buffer (the description's `buffers` or one the host gave); absent: silence"},
         {"startTimeSec", "when playback starts, seconds on the engine's clock, 0…1e9, default 0"},
         {"offsetSec",
          "where in the buffer playback starts, buffer seconds, 0…1e9 (clamped to its duration), default 0"},
         {"durationSec", "buffer seconds to play, 0…1e9; absent: to the end (or forever when looping)"},
         {"stopTimeSec", "when output stops, seconds on the engine's clock, 0…1e9; absent: never"},
         {"loop", "true: loop between loopStartSec and loopEndSec; default false"},
         {"loopStartSec", "loop start, buffer seconds, 0…1e9, default 0"},
         {"loopEndSec", "loop end, buffer seconds, 0…1e9; 0 or not after loopStartSec: the buffer's end; default 0"}});
    return registry;
}

}  // namespace wavegraph
