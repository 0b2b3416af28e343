#pragma once
/// \file quiet_stderr.h
/// Silences file descriptor 2 for a scope. ALSA, JACK and PortAudio print diagnostics of their
/// own on stderr while probing devices (e.g. "ALSA lib confmisc.c:… cannot find card '0'" or
/// "Cannot connect to server socket" when no JACK server runs); wavegraph reports the
/// outcome itself, in one line, from PortAudio's return codes.

#include "base/non_copyable.h"

namespace wavegraph::cli {

/// While alive, fd 2 points at /dev/null; the destructor restores it. [control] Not for
/// scopes in which this program itself must report something (other threads included).
class QuietStderr : NonCopyable {
public:
    QuietStderr();
    ~QuietStderr();

private:
    int savedStderr_ = -1;
};

}  // namespace wavegraph::cli
