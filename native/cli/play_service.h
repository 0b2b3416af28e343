#pragma once
/// \file play_service.h
/// Something that runs beside `wavegraph play`'s stream and steers it (the network server of
/// `wavegraph serve`): runPlay sets the stream up as for play, then hands the service the
/// engine and the controls, starts it once the stream runs, polls it from its main loop and
/// stops it before the stream stops.

#include <cstdint>
#include <functional>
#include <string>

#include "base/status.h"
#include "cli/play_controls.h"
#include "host/input_mixer.h"
#include "host/play_engine.h"

namespace wavegraph::cli {

/// The running stream, as the service reports it.
struct PlayStreamInfo {
    double sampleRateHz = 0.0;  ///< the stream's rate, Hz
    uint32_t channels = 0;      ///< channels rendered
    std::string backend;        ///< "null", "jack", "pulse", …
    std::string device;         ///< "name (host API)"
    double latencyMs = 0.0;     ///< the device's output latency, ms
    uint32_t bufferFrames = 0;  ///< frames per callback
};

/// The stream supervisor's counters and the Icecast stream's (a snapshot).
struct PlayCounters {
    uint64_t underruns = 0;             ///< output underruns
    uint64_t overruns = 0;              ///< input overruns
    uint64_t internalErrors = 0;        ///< backend internal errors
    int restarts = 0;                   ///< stream restarts after a failure
    bool icecast = false;               ///< --stream is on (the fields below count)
    bool icecastConnected = false;      ///< connected to the Icecast server now
    uint64_t icecastFramesSent = 0;     ///< frames encoded and sent to it
    uint64_t icecastFramesSkipped = 0;  ///< frames not sent (disconnected, queue full, ring lapped)
    uint64_t icecastReconnects = 0;     ///< connections after the first
};

/// See the file comment. Every call comes from runPlay's thread.
class PlayService {
public:
    virtual ~PlayService() = default;
    /// Parameter commands that may wait on the engine's command ring (a power of two). [control]
    virtual uint32_t commandRingCapacity() const { return 256; }
    /// Before the engine is prepared: add inputs of its own to the mixer (after the files'),
    /// at the stream's channels and rate. [control]
    virtual void addInputs(InputMixer& mixer, uint32_t channels, double sampleRateHz) {
        (void)mixer, (void)channels, (void)sampleRateHz;
    }
    /// Before the stream starts (attach fan-out readers here). [control]
    virtual Status attach(PlayEngine& engine, PlayControls& controls) = 0;
    /// After the stream started: start threads and print the one start line (play's own start
    /// line is not printed). `counters` may be called from any control thread. [control]
    virtual Status start(const PlayStreamInfo& info, std::function<PlayCounters()> counters) = 0;
    /// About every 10 ms, after the controls collected the engine's events. [control]
    virtual void poll() {}
    /// Before the stream stops; joins the service's threads. [control]
    virtual void stop() = 0;
};

}  // namespace wavegraph::cli
