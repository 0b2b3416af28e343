#pragma once
/// \file portaudio_library.h
/// PortAudio, opened with dlopen on its first call rather than linked: libportaudio brings JACK,
/// ALSA and Berkeley DB (5 shared libraries), which cost every command that plays nothing
/// (render, track render, nodes) about 2 ms of process start-up in the dynamic loader and their
/// constructors. portaudio_library.cpp defines the Pa_* functions the host calls (declared by
/// <portaudio.h>); the first one loads libportaudio.so.2 (RTLD_NOW | RTLD_LOCAL, kept loaded) and
/// each forwards to the library's function. When the library cannot be loaded, Pa_Initialize
/// returns paInternalError and Pa_GetErrorText the reason ("libportaudio.so.2 cannot be loaded
/// (…)"); the other functions return "no device", 0 or nullptr.

#include "base/status.h"

namespace wavegraph::host {

/// Loads libportaudio.so.2 once and resolves every function the host calls; later calls return
/// the same result. Error, one line: "libportaudio.so.2 cannot be loaded (<dlerror text>)" or
/// "libportaudio.so.2 has no Pa_OpenStream". [control]
Status loadPortAudioLibrary();

}  // namespace wavegraph::host
