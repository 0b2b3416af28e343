#pragma once
/// \file play_controls.h
/// The commands `wavegraph play` and `wavegraph track play` take on stdin while playing, one
/// per line, each answered with one line on stderr:
///   set NODE.PARAM VALUE   any parameter of the graph by JSON node id + parameter name
///                          (eq.band4.gainDb, master.gainDb, osc.frequencyHz)
///   eq BAND DB             shorthand for set eq.bandBAND.gainDb DB
///   gain DB                shorthand for set master.gainDb DB
///   graph FILE.json        compile FILE and switch to it (the graph engine crossfades)
///   status                 one line: position, backend, counters
///   quit                   stop playing
///   setValueAtTime NODE.PARAM VALUE TIME_S, linearRampToValueAtTime …, and the other AudioParam
///                          timeline methods (timeline_command.h): times in seconds on the
///                          engine's clock
/// Every value is checked against the graph's parameter table on the control side (the
/// message names the parameter, the value and the range) before it goes on the command ring;
/// the engine ramps smoothed parameters to it. With a command log (setCommandLog), each command
/// takes effect a fixed lead after the engine's position and is written to the log with that
/// frame; a graph swap is written with the frame at which the engine took the new plan.

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "cli/command_log.h"
#include "cli/processor_failures.h"
#include "session/host_session.h"

namespace wavegraph::cli {

/// One parameter change for PlayControls::setParameters: the node by JSON id or numeric id, the
/// parameter by name or numeric id.
struct ParameterCommand {
    std::string node;                            ///< JSON id ("eq"); "" = by nodeId
    uint32_t nodeId = 0;                         ///< numeric node id when `node` is ""
    std::string param;                           ///< name ("band4.gainDb"); "" = by paramId
    uint32_t paramId = 0;                        ///< numeric parameter id when `param` is ""
    double value = 0.0;                          ///< in the parameter's unit
    int64_t atFrame = RingRecord::kAtNextBlock;  ///< engine frame; negative = the next block
};

class PlayControls {
public:
    /// statusLine: builds the `status` answer. [control]
    PlayControls(HostSession& session, std::function<std::string()> statusLine)
        : session_(session), statusLine_(std::move(statusLine)) {}

    /// Reads, compiles and publishes a graph file; later commands use its node ids. The
    /// message starts with the path: "g.json: nodes[1].params.gainDb: 40 is out of range …". [control]
    Status loadGraph(const std::string& path);

    /// Interprets and executes one line; prints the answer. [control] any control thread.
    void handleLine(std::string_view line);

    /// Frees the plans the engine retired and drains its events (meter values, clamps, swaps
    /// are not shown; drained so none are dropped). The first failure of each processor node is
    /// printed as one line (processor_failures.h). Call regularly. [control] any control thread.
    void collect();
    /// "" when no processor node failed; else the summary's part about them. [control]
    std::string failureSummary();

    bool quitRequested() const noexcept { return quit_.load(); }  // [any]

    /// Checks `value` for "NODE.PARAM" against the newest graph (messages as `set`'s) and queues
    /// it on the command ring at engine frame `atFrame` (negative: the next block). [control]
    Status setParameter(std::string_view name, double value, int64_t atFrame = RingRecord::kAtNextBlock);
    /// Checks every command of a batch (messages as `set`'s), then queues them all, or none:
    /// on an error `failedIndex` is the first bad command's index. [control]
    Status setParameters(const std::vector<ParameterCommand>& commands, size_t& failedIndex);
    /// Compiles and publishes a graph given as JSON text (the engine crossfades); a bad graph
    /// leaves the running one untouched and the message starts with the JSON path. [control]
    Status loadGraphJson(std::string_view json);
    /// The newest graph for UIs (GraphSession::describe). [control]
    std::string describe();
    /// From now on, parameter changes (stdin's set, eq and gain; setParameter(s) without a
    /// frame) apply `leadFrames` after the engine's position (engine frames; e.g. 2 device
    /// buffers and at least 100 ms, so that they reach the audio thread in time) and go to `log`
    /// with their frame; a
    /// graph (stdin's graph, loadGraphJson, whose text is saved beside the log) waits (up to 1 s)
    /// until the previous plan was taken, and goes to `log` with the frame of its swap once
    /// collect() sees it. `log` must outlive the controls' use. [control] before the stdin reader
    /// and any service start
    void setCommandLog(CommandLogWriter* log, uint32_t leadFrames);
    /// Called by collect() for every event drained from the engine, on collect's thread. [control] before collect runs
    void setEventSink(std::function<void(const RingRecord&)> sink) { eventSink_ = std::move(sink); }

private:
    /// Parses, checks and queues one value (kind: ramped or at once). [control]
    Status set(const std::string& name, const std::string& valueText, std::string& ack,
               CommandKind kind = CommandKind::setParameter);
    Status resolve(const ParameterCommand& command, CommandRecord& out,
                   std::string* name = nullptr) const;  // under mutex_
    void waitForPendingSwap() const;                    // under mutex_, with a log, before publishing
    void notePublished(std::string path);               // under mutex_, with a log

    HostSession& session_;
    std::function<std::string()> statusLine_;
    std::mutex mutex_;  // control threads only (stdin reader, main loop): one at a time on the session
    std::atomic<bool> quit_{false};
    std::function<void(const RingRecord&)> eventSink_;
    ProcessorFailures failures_;  // under mutex_
    struct PendingGraph {
        uint64_t plan = 0;  // the engine's plansPublished() after its publish: the plan-th swap takes it
        std::string path;
    };
    CommandLogWriter* log_ = nullptr;  // set before the reader starts
    uint32_t leadFrames_ = 0;
    uint64_t swapsSeen_ = 0;            // under mutex_: planSwapped events drained
    std::deque<PendingGraph> pending_;  // under mutex_: published graphs not yet swapped in
};

}  // namespace wavegraph::cli
