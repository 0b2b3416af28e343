#pragma once
/// \file stdin_commands.h
/// The stdin reader of `wavegraph play`: one thread that reads lines from stdin and hands each
/// to a handler (PlayControls). End of input (or no stdin at all, as in CI) only ends the
/// reading, never the playback.

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

namespace wavegraph::cli {

class StdinCommandReader {
public:
    using LineHandler = std::function<void(std::string_view line)>;
    explicit StdinCommandReader(LineHandler handler) : handler_(std::move(handler)) {}
    ~StdinCommandReader() { stop(); }

    /// Starts the reader thread. [control]
    void start();
    /// Ends and joins the thread (within about 100 ms). [control]
    void stop();

private:
    void run();  // [control] reader thread

    LineHandler handler_;
    std::atomic<bool> stopRequested_{false};
    std::thread thread_;
};

}  // namespace wavegraph::cli
