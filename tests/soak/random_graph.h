#pragma once
/// \file random_graph.h
/// Seeded random graph descriptions and parameter values for the soaks: a DAG of built-in node
/// types (graph JSON, docs/graph-json.md) and values inside each parameter's range.

#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "graph/node_registry.h"
#include "graph/parameter_info.h"

namespace wavegraph::soak {

/// A value for `info` that ParameterInfo::validate accepts (and below Nyquist for Hz), or none
/// when the parameter is left alone (analyser dB bounds, whose pair must stay ordered).
/// Draws keep the signal finite by construction, so a NaN or Inf in a soak is an engine fault:
/// levels and gains in dB within −60…+6 dB (EQ bands −40…+12 dB), constants within ±1, q
/// log-uniform in 0.1…30, detune within ±1200 cents, frequencies log-uniform up to 0.45·rate,
/// fftSize a power of two, stepped parameters with integer bounds (type, color, seed,
/// webAudioRounding, gate) uniform integers,
/// everything else uniform over its range. [control]
std::optional<double> randomParameterValue(const ParameterInfo& info, double sampleRateHz, std::mt19937_64& random);

/// A graph of `numNodes` (≥ 4) nodes: "source" (input), numNodes − 3 nodes of random built-in
/// types ("n1", "n2", …) each fed by one or two earlier nodes per input port, every node
/// nobody reads summed into "analyser", then "meter" (the output). Random initial parameters
/// (randomParameterValue). [control] Allocates.
std::string randomGraphJson(const NodeRegistry& registry, double sampleRateHz, uint32_t numNodes,
                            std::mt19937_64& random);

}  // namespace wavegraph::soak
