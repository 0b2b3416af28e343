#pragma once
/// \file format_number.h
/// Numbers in user-facing messages: shortest form that reads back the same ("-20", "0.5", "nan").

#include <string>

namespace wavegraph {

/// [control] Allocates the returned string.
std::string formatNumber(double value);

}  // namespace wavegraph
