#pragma once
/// \file default_registry.h
/// Every built-in node type, by its JSON "type" name, for graphFromJson.

#include "graph/node_registry.h"

namespace wavegraph {

/// A registry with every node in core/nodes/ (input, oscillator, noise, constant, adsr, gain,
/// biquad, parametricEq, delay, mixer, stereoPanner, meter, analyser). [control] Allocates.
NodeRegistry makeDefaultNodeRegistry();

}  // namespace wavegraph
