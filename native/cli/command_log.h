#pragma once
/// \file command_log.h
/// The command log of `wavegraph play --command-log FILE` (and `track play`, `serve`), replayed by
/// `wavegraph render --commands FILE` (and `track render`): one line per live command that took
/// effect, with the engine frame at which the audio thread applied it, so that an offline render
/// of the same graph reproduces the session frame for frame (docs/native-host.md):
///
///     # wavegraph command log: 48000 Hz, 2 channels, 1024-frame buffers, lead 2048 frames
///     48128 set eq.band4.gainDb -20
///     50176 set master.gainDb -3 now
///     96256 graph /abs/path/swap.json
///
/// `set NAME VALUE` ramps (as stdin's set, eq and gain), `set NAME VALUE now` applies at once,
/// `graph PATH` is a graph swap (its crossfade starts at the frame). Values are written with the
/// fewest of 15…17 significant digits that read back as the same double. Lines are written when their frame is known,
/// so frames need not increase down the file; the replay orders them by frame, a graph before the sets of the same
/// frame (the engine takes a new plan at the start of a block, before its commands). Lines starting with '#' and blank
/// lines are comments.

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "session/host_session.h"

namespace wavegraph::cli {

/// Writes a command log, one flushed line per command. [control] Any control thread (locked).
class CommandLogWriter {
public:
    CommandLogWriter() = default;
    ~CommandLogWriter() { close(); }
    CommandLogWriter(const CommandLogWriter&) = delete;
    CommandLogWriter& operator=(const CommandLogWriter&) = delete;

    /// Creates (truncates) `path`; the message names it and the system's reason. [control]
    Status open(const std::string& path);
    /// A '#' comment line. [control]
    void comment(const std::string& text);
    /// "FRAME set NAME VALUE[ now]". [control]
    void set(int64_t frame, const std::string& name, double value, bool immediate);
    /// "FRAME graph PATH". [control]
    void graph(int64_t frame, const std::string& path);
    /// Writes a graph that came as JSON text (not a file) beside the log, as LOG.graph-N.json,
    /// for a later "graph" line; `path` is its absolute path. [control]
    Status saveGraph(std::string_view json, std::string& path);
    /// Commands written so far (set and graph lines). [control]
    uint64_t commands();
    /// Flushes and closes. [control]
    void close();

private:
    void line(const std::string& text);  // under mutex_

    std::mutex mutex_;
    std::FILE* file_ = nullptr;
    std::string path_;  // absolute
    uint64_t commands_ = 0;
    uint64_t graphsSaved_ = 0;
};

/// One command of a log, as read.
struct LoggedCommand {
    enum class Kind { set, setNow, graph };
    int64_t frame = 0;      ///< engine frame at which it takes effect (≥ 0)
    Kind kind = Kind::set;  ///< ramped set, immediate set, graph swap
    std::string name;       ///< NODE.PARAM for a set
    double value = 0.0;     ///< the set's value
    std::string graphJson;  ///< the graph file's text for a swap (read when the log is read)
    std::string where;      ///< "FILE:LINE", for messages
};

/// Replays a command log into a HostSession rendered block by block from frame 0 on the
/// engine's own clock (render and track render). [control]
class CommandReplay {
public:
    /// Reads and parses the log and the graph files it names; errors name the file and line,
    /// e.g. "log.txt:3: 'x' is not a frame (allowed: a whole number ≥ 0)". [control]
    Status load(const std::string& path);
    /// Commands in the log. [control]
    size_t size() const noexcept { return commands_.size(); }
    /// The frames of the next block starting at `position`: at most `frames`, ending at the
    /// next graph swap so that the swap starts a block. [control]
    uint32_t blockFrames(int64_t position, uint32_t frames) const noexcept;
    /// Before rendering [position, position + frames): publishes the graphs due at `position`
    /// and queues the sets due in the block at their frames (checked as play checked them:
    /// against the newest graph). Errors start with "FILE:LINE: ". [control]
    Status beforeBlock(HostSession& session, int64_t position, uint32_t frames);

private:
    std::vector<LoggedCommand> commands_;  // by frame, graphs first at a frame, else file order
    size_t next_ = 0;
};

}  // namespace wavegraph::cli
