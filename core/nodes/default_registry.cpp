#include "default_registry.h"

#include <memory>
#include <string>

#include "adsr_envelope.h"
#include "analyser_node.h"
#include "biquad_node.h"
#include "constant.h"
#include "delay_line_node.h"
#include "gain_node.h"
#include "input_node.h"
#include "meter_node.h"
#include "mixer_node.h"
#include "noise.h"
#include "oscillator.h"
#include "parametric_eq_node.h"
#include "stereo_panner_node.h"

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
    return registry;
}

}  // namespace wavegraph
