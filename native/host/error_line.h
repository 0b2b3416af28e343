#pragma once
/// \file error_line.h
/// User-facing status and error messages of the program: exactly one line on stderr each,
/// prefixed "wavegraph: " (stdout stays free for data such as the device list).

#include <string_view>

namespace wavegraph::cli {

/// Writes "wavegraph: <message>\n" to stderr as one line (embedded newlines become "; ") and
/// flushes. [control] Allocates; never call from the audio callback.
void printLine(std::string_view message);

}  // namespace wavegraph::cli
