#include "session/default_registry.h"

#include <memory>
#include <string>

#include "nodes/adsr_envelope.h"
#include "nodes/analyser_node.h"
#include "nodes/biquad_node.h"
#include "nodes/constant.h"
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

namespace wavegraph {

namespace {
// Registers T under the name its instances report, so the two can never disagree.
template <typename T>
void addType(NodeRegistry& registry) {
    const std::string name(std::make_shared<T>()->typeName());
    registry.add(name, [] { return std::make_shared<T>(); });
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
    return registry;
}

}  // namespace wavegraph
