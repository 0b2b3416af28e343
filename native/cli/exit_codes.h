#pragma once
/// \file exit_codes.h
/// The exit codes of the `wavegraph` program (also listed in every --help footer).

namespace wavegraph::cli {

inline constexpr int kExitOk = 0;             ///< success
inline constexpr int kExitRuntime = 1;        ///< no/unusable audio device, I/O or runtime failure
inline constexpr int kExitBadInput = 2;       ///< bad arguments or unreadable input file
inline constexpr int kExitInterrupted = 130;  ///< render stopped by SIGINT/SIGTERM (no OUT written)

/// The --help footer text that documents the codes above.
inline constexpr const char* kExitCodesFooter =
    "Exit codes: 0 ok, 1 device or runtime failure, 2 bad arguments or input file, "
    "130 render interrupted (Ctrl-C).";

}  // namespace wavegraph::cli
