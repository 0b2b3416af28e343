#pragma once
/// \file devices_command.h
/// `wavegraph devices`: PortAudio's host APIs and their devices on stdout (index, name, most
/// input/output channels, default sample rate), marking the defaults.

namespace wavegraph::cli {

/// Prints the list [control]. With no device at all prints one line saying so. Returns
/// kExitOk, or kExitRuntime when PortAudio cannot initialise.
int runDevices();

}  // namespace wavegraph::cli
