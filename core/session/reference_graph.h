#pragma once
/// \file reference_graph.h
/// The built-in default graph, the reference graph: the host's input ("source") → an 8-band
/// parametric EQ (peaking bands at 60, 120, 240, 480, 960, 1920, 3840, 7680 Hz, Q 1, 0 dB) → an
/// analyser (W3C AnalyserNode data) → a master gain (0 dB) → a meter (peak and RMS per channel,
/// pass-through). Node ids follow the order: source 0, eq 1, analyser 2, master 3, meter 4.
/// referenceGraphJson builds it with another source or initial settings; the npm package's
/// referenceGraph() and docs/examples/reference-graph.json are generated from here
/// (scripts/generate-schema.mjs).

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "nodes/noise.h"
#include "nodes/oscillator.h"

namespace wavegraph {

/// The default graph (every option at its default).
inline constexpr std::string_view kReferenceGraphJson = R"({
  "nodes": [
    { "id": "source", "type": "input" },
    { "id": "eq", "type": "parametricEq" },
    { "id": "analyser", "type": "analyser" },
    { "id": "master", "type": "gain" },
    { "id": "meter", "type": "meter" }
  ],
  "connections": [
    { "from": "source", "to": "eq" },
    { "from": "eq", "to": "analyser" },
    { "from": "analyser", "to": "master" },
    { "from": "master", "to": "meter" }
  ],
  "output": "meter"
})";

/// Node ids of the reference graph.
namespace reference_graph {
inline constexpr uint32_t kSource = 0;    ///< "source": input, noise or oscillator.
inline constexpr uint32_t kEq = 1;        ///< "eq": parametricEq, kNumEqBands bands.
inline constexpr uint32_t kAnalyser = 2;  ///< "analyser".
inline constexpr uint32_t kMaster = 3;    ///< "master": gain.
inline constexpr uint32_t kMeter = 4;     ///< "meter": the graph's output.
/// JSON ids, indexed by node id.
inline constexpr std::string_view kNodeNames[] = {"source", "eq", "analyser", "master", "meter"};
/// Number of EQ bands (0…7).
inline constexpr uint32_t kNumEqBands = 8;
}  // namespace reference_graph

/// What feeds the EQ: the host's input, a noise node or an oscillator node.
enum class ReferenceSource : uint32_t { input, whiteNoise, pinkNoise, brownNoise, sine, sawtooth, square, triangle };

/// The "source" node of each ReferenceSource: its node type and the parameter that selects the
/// signal (empty for none) with its value.
struct ReferenceSourceInfo {
    ReferenceSource source;          ///< The source.
    std::string_view name;           ///< Its name, e.g. "pinkNoise".
    std::string_view nodeType;       ///< Node type of "source": "input", "noise" or "oscillator".
    std::string_view selectorParam;  ///< Parameter that selects the signal ("color", "type"), or empty.
    uint32_t selectorValue;          ///< Its value for this source.
};

/// Every ReferenceSource, in enum order. [any]
inline constexpr ReferenceSourceInfo kReferenceSources[] = {
    {ReferenceSource::input, "input", "input", "", 0},
    {ReferenceSource::whiteNoise, "whiteNoise", "noise", "color", static_cast<uint32_t>(NoiseNode::Color::white)},
    {ReferenceSource::pinkNoise, "pinkNoise", "noise", "color", static_cast<uint32_t>(NoiseNode::Color::pink)},
    {ReferenceSource::brownNoise, "brownNoise", "noise", "color", static_cast<uint32_t>(NoiseNode::Color::brown)},
    {ReferenceSource::sine, "sine", "oscillator", "type", static_cast<uint32_t>(OscillatorNode::Type::sine)},
    {ReferenceSource::sawtooth, "sawtooth", "oscillator", "type",
     static_cast<uint32_t>(OscillatorNode::Type::sawtooth)},
    {ReferenceSource::square, "square", "oscillator", "type", static_cast<uint32_t>(OscillatorNode::Type::square)},
    {ReferenceSource::triangle, "triangle", "oscillator", "type",
     static_cast<uint32_t>(OscillatorNode::Type::triangle)},
};

/// Where an option of ReferenceGraphOptions goes: parameter `param` of node `node`, set only when
/// that node's type has the parameter (levelDb reaches noise and oscillator sources, not the
/// input). An array option sets one parameter per element, `{index}` in `param` standing for the
/// element's index. `defaultValue`: what is set when the option is not given (NaN: nothing).
struct ReferenceGraphOptionTarget {
    std::string_view option;       ///< ReferenceGraphOptions field name.
    std::string_view node;         ///< JSON id of the node it sets.
    std::string_view param;        ///< Parameter name (`{index}` for array elements).
    double defaultValue;           ///< Value when the option is not given; NaN: nothing is set.
    std::string_view description;  ///< One line for people (units included).
};

/// Every option, in the order the builder applies them. [any]
inline constexpr ReferenceGraphOptionTarget kReferenceGraphOptionTargets[] = {
    {"frequencyHz", "source", "frequencyHz", std::numeric_limits<double>::quiet_NaN(),
     "Oscillator frequency in Hz (oscillator sources); unset: the oscillator's default."},
    {"levelDb", "source", "levelDb", -12.0, "Generator level in dBFS (noise and oscillator sources)."},
    {"bandGainsDb", "eq", "band{index}.gainDb", std::numeric_limits<double>::quiet_NaN(),
     "Initial EQ band gains in dB, band 0 first (set with no ramp)."},
    {"gainDb", "master", "gainDb", std::numeric_limits<double>::quiet_NaN(),
     "Initial master gain in dB (set with no ramp); unset: the gain node's default."},
    {"webAudioRounding", "eq", "webAudioRounding", std::numeric_limits<double>::quiet_NaN(),
     "The eq's webAudioRounding switch (true: 1, false: 0); unset: the node's default."},
};

/// "input", "pinkNoise", "sine", … [any]
std::string_view referenceSourceName(ReferenceSource source) noexcept;
/// The source named `name`, or an error listing the known names. [control]
Status referenceSourceFromName(std::string_view name, ReferenceSource& source);

/// Options of referenceGraphJson (kReferenceGraphOptionTargets says where each goes). Values are not checked here:
/// loading the graph checks them and names the JSON path.
struct ReferenceGraphOptions {
    /// What feeds the EQ (default: the host's input).
    ReferenceSource source = ReferenceSource::input;
    /// Oscillator frequency in Hz (oscillator sources); unset: the oscillator's default.
    std::optional<double> frequencyHz;
    /// Generator level in dBFS (noise and oscillator sources); unset: −12.
    std::optional<double> levelDb;
    /// Initial EQ band gains in dB for bands 0…size−1 (set with no ramp).
    std::vector<double> bandGainsDb;
    /// Initial master gain in dB (set with no ramp); unset: the gain node's default.
    std::optional<double> gainDb;
    /// The eq's webAudioRounding switch; unset: the node's default.
    std::optional<bool> webAudioRounding;
};

/// The reference graph as a graph description (docs/graph-json.md); with default options it
/// describes the same graph as kReferenceGraphJson. [control] Allocates.
std::string referenceGraphJson(const ReferenceGraphOptions& options = {});

/// Reads options from a JSON object with the fields of the npm package's ReferenceGraphOptions
/// (source, frequencyHz, levelDb, bandGainsDb, gainDb, webAudioRounding; all optional). Errors
/// name the field, e.g. "source 'pink' is not a reference source (input, whiteNoise, …)". [control]
Status referenceGraphOptionsFromJson(std::string_view json, ReferenceGraphOptions& options);

}  // namespace wavegraph
