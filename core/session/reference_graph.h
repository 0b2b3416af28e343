#pragma once
/// \file reference_graph.h
/// The built-in default graph, the reference chain of the end-to-end issue: the host's input
/// ("source") → an 8-band parametric EQ (peaking bands at 60, 120, 240, 480, 960, 1920, 3840,
/// 7680 Hz, Q 1, 0 dB) → an analyser (W3C AnalyserNode data) → a master gain (0 dB) → a meter
/// (peak and RMS per channel, pass-through). Node ids follow the order: source 0, eq 1,
/// analyser 2, master 3, meter 4 (docs/graph-json.md, docs/ring-layout.md). The npm package
/// builds the same description (web/src/reference-graph.ts), with other sources on request.

#include <string_view>

namespace wavegraph {

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
inline constexpr uint32_t kSource = 0, kEq = 1, kAnalyser = 2, kMaster = 3, kMeter = 4;
}  // namespace reference_graph

}  // namespace wavegraph
