#pragma once
/// \file backend_factory.h
/// Backends by name and the platform's preferred order.

#include <memory>
#include <string>
#include <vector>

#include "host/backend/audio_backend.h"

namespace wavegraph::host {

/// The order `play` tries when no --backend is given. Linux: jack, pulse, alsa (null only when
/// asked for with --backend null or --fallback null). [any]
std::vector<std::string> platformBackendOrder();

/// Every name makeBackend knows: jack, pulse, alsa, oss, null. [any]
std::vector<std::string> knownBackendNames();

/// A new, uninitialised backend, or nullptr for an unknown name. [control]
std::unique_ptr<AudioBackend> makeBackend(const std::string& name);

}  // namespace wavegraph::host
