#pragma once
/// \file portaudio_session.h
/// PortAudio initialisation (with the host libraries' stderr chatter silenced) and the choice
/// of the output device.

#include <portaudio.h>

#include <string>

#include "base/non_copyable.h"
#include "base/status.h"

namespace wavegraph::cli {

/// Pa_Initialize in the constructor-like initialize(), Pa_Terminate in the destructor.
class PortAudioSession : NonCopyable {
public:
    PortAudioSession() = default;
    ~PortAudioSession();

    /// Initialises PortAudio [control]. Sets JACK_NO_START_SERVER=1 (unless already set) so that
    /// probing never launches a JACK server. Error: "PortAudio failed to initialise: <reason>".
    Status initialize();

private:
    bool initialized_ = false;
};

/// The output device to use [control], after initialize():
/// "" → PortAudio's default output device; digits → that device index; other text → the first
/// device with outputs whose "host API: name" contains the text (case-insensitive), e.g. "jack".
/// Errors: "no audio output device found (PortAudio reports 0 devices); try 'wavegraph devices'",
/// "--device foo: no output device matches (…); try 'wavegraph devices'".
Status findOutputDevice(const std::string& request, PaDeviceIndex& device);

/// "system (JACK Audio Connection Kit)". [control]
std::string describeDevice(PaDeviceIndex device);

/// "<PortAudio's text for error>" plus the host API's own text when PortAudio has one. [control]
std::string portAudioErrorText(PaError error);

}  // namespace wavegraph::cli
