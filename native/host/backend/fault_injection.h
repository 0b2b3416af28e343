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

struct FaultPlan {
    std::vector<std::string> failInit;
    double streamErrorAtSeconds = -1.0;
    uint32_t streamErrorRepeats = 1;
    uint32_t forcedUnderruns = 0;
    double underrunsAtSeconds = -1.0;
    std::string stallConsumer;
    double stallAtSeconds = -1.0;
    double stallForSeconds = 0.0;
    double throwAtSeconds = -1.0;
    std::vector<std::string> failOpen;  ///< "duplex", "output", "input"

    // [audio → once] set when the fault has fired.
    std::atomic<uint32_t> streamErrorsFired{0};
    std::atomic<bool> underrunsFired{false};
    std::atomic<bool> throwFired{false};
};

/// Parses a WAVEGRAPH_FAULTS value. Error names the bad item and the allowed forms. [control]
Status parseFaultPlan(const std::string& text, FaultPlan& plan);

/// The process's plan, parsed from WAVEGRAPH_FAULTS on first use (a parse error leaves it empty
/// and is returned by faultPlanStatus()). [control] first call; [any] afterwards.
FaultPlan& faultPlan();
const Status& faultPlanStatus();

}  // namespace wavegraph::host
