// SPDX-License-Identifier: MIT
// The soft clipper's plugin entry: build as a shared library (`--plugin`) or link into a custom
// WebAssembly core (wavegraph_add_wasm_core).
#include "soft_clipper.hpp"

WAVEGRAPH_PROCESSOR_ENTRY(wavegraph::processorDescriptor<SoftClipper>())
