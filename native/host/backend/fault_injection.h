#pragma once
/// \file fault_injection.h
/// Test hooks: faults the backends and the play pipeline inject on request, read once from the
/// environment variable WAVEGRAPH_FAULTS (a comma-separated list; unset = no faults):
///
/// | item                     | effect                                                                 |
/// |--------------------------|------------------------------------------------------------------------|
/// | `fail-init=NAME`         | backend NAME's initialize() returns InitializationFailed               |
/// | `stream-error=S`         | the first stream to reach S seconds of output fails once (StreamError) |
/// | `underruns=N@S`          | at S seconds the stream reports N underruns (once)                     |
/// | `stall=CONSUMER@S+D`     | consumer `recorder` or `meter` stops reading at S s for D s            |
/// | `throw=S`                | the first callback after S s throws inside the processing (once)       |
/// | `fail-open=KIND`         | the null backend refuses to open a KIND stream (duplex/output/input)   |
///
/// Seconds count output frames / sample rate across stream restarts.

#include <atomic>
#include <string>
#include <vector>

#include "base/status.h"

namespace wavegraph::host {

/// The parsed WAVEGRAPH_FAULTS items (negative seconds: the fault is off).
struct FaultPlan {
    std::vector<std::string> failInit;   ///< fail-init: backend names
    double streamErrorAtSeconds = -1.0;  ///< stream-error: when, s
    uint32_t streamErrorRepeats = 1;     ///< stream-error: how many streams fail in turn
    uint32_t forcedUnderruns = 0;        ///< underruns: N
    double underrunsAtSeconds = -1.0;    ///< underruns: when, s
    std::string stallConsumer;           ///< stall: "recorder" or "meter" (empty: none)
    double stallAtSeconds = -1.0;        ///< stall: when, s
    double stallForSeconds = 0.0;        ///< stall: how long, s
    double throwAtSeconds = -1.0;        ///< throw: when, s
    std::vector<std::string> failOpen;   ///< "duplex", "output", "input"

    std::atomic<uint32_t> streamErrorsFired{0};  ///< stream errors fired so far [audio]
    std::atomic<bool> underrunsFired{false};     ///< set once the underruns fired [audio]
    std::atomic<bool> throwFired{false};         ///< set once the throw fired [audio]
};

/// Parses a WAVEGRAPH_FAULTS value. Error names the bad item and the allowed forms. [control]
Status parseFaultPlan(const std::string& text, FaultPlan& plan);

/// The process's plan, parsed from WAVEGRAPH_FAULTS on first use (a parse error leaves it empty
/// and is returned by faultPlanStatus()). [control] first call; [any] afterwards.
FaultPlan& faultPlan();
/// Ok, or why WAVEGRAPH_FAULTS did not parse (parseFaultPlan's message). [control] first call; [any] afterwards.
const Status& faultPlanStatus();

}  // namespace wavegraph::host
