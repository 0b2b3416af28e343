#pragma once
/// \file schema.h
/// The schema of the engine, from the C++ tables themselves: every node type of the default
/// registry (ports, parameters with ids, units, ranges, defaults), the event kinds
/// (graph/engine_event.h), the stats block (session/engine_stats.h) and the reference graph
/// (session/reference_graph.h: description, node ids, sources, options, parameters).
/// `wavegraph nodes --json` prints it; scripts/generate-schema.mjs turns it into
/// web/src/generated/*.ts and the generated parts of docs/.

#include <string>

#include "graph/node_registry.h"

namespace wavegraph {

/// Sample rate at which rate-dependent ranges (frequencies below Nyquist) are given.
inline constexpr double kSchemaSampleRateHz = 48000.0;

/// The schema as JSON (2-space indented, keys in a fixed order):
/// { "sampleRateHz", "nodeTypes": [ { "type", "inputs", "outputs", "params": [ { "id", "name",
///   "unit", "min", "max", "default", "smoothed", "belowNyquist", "webAudioNominalRange" } ] } ],
///   "eventKinds": [ { "name", "kind", "description" } ],
///   "timelineMethods": [ { "name", "arguments", "description" } ] (automation/automation_call.h),
///   "stats": [ { "name", "index", "description" } ],
///   "referenceGraph": { "description", "nodeIds", "numEqBands", "sources", "options", "parameters", "example" } }.
/// "belowNyquist": values must also stay below Nyquist (ParameterInfo::belowNyquist); "max" is the
/// node's own limit at sampleRateHz. "webAudioNominalRange": [min, max] is the W3C nominal range,
/// finite values outside it are clamped instead of refused (ParameterInfo::webAudioNominalRange).
/// [control] Allocates.
std::string schemaJson();
/// The same with the node types of `registry` (e.g. the built-in ones plus processor types);
/// a processor type's entry also has "description" and "origin". [control] Allocates.
std::string schemaJson(const NodeRegistry& registry);

}  // namespace wavegraph
