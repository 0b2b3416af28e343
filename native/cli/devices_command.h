#pragma once
/// \file devices_command.h
/// `wavegraph devices`: PortAudio's host APIs and their devices on stdout (index, name, most
/// input/output channels, default sample rate), marking the defaults.

#include <string>

namespace wavegraph::cli {

/// The JSON document of `devices --json` (below). [control]
std::string devicesJson();

/// Prints the list [control]. With no device at all prints one line saying so. Returns
/// kExitOk, or kExitRuntime when PortAudio cannot initialise.
/// Text: PortAudio host APIs and devices, defaults marked (stdout). json: one JSON document
/// {"backends": [{"name", "available", "error"?, "devices": [{"id", "name", "hostApi",
/// "maxInputChannels", "maxOutputChannels", "defaultSampleRateHz", "isDefaultInput",
/// "isDefaultOutput"}]}]} over every backend play can use (jack, pulse, alsa, oss, null). [control]
int runDevices(bool json = false);

}  // namespace wavegraph::cli
