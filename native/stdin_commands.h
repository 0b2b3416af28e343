#pragma once
/// \file stdin_commands.h
/// The control thread of `wavegraph play`: reads lines from stdin ("eq BAND DB", "gain DB",
/// "quit"), validates each with the chain and pushes it on the chain's command ring.
/// End of input (or no stdin at all, as in CI) only ends the reading, never the playback.

#include <atomic>
#include <string>
#include <string_view>
#include <thread>

#include "reference_chain.h"
#include "status.h"

namespace wavegraph::cli {

/// What one stdin line asks for.
enum class LineKind { empty, command, quit, invalid };

/// Interprets one line [control]. For `command`, `record` holds a validated command; for
/// `invalid`, `error` holds one line such as "eq 9 -20: band 9 is out of range (0…7)".
LineKind interpretLine(const ReferenceChain& chain, std::string_view line, CommandRecord& record,
                       std::string& error);

/// Reads stdin on its own thread. chain.validate() is safe beside the audio thread's process():
/// it only reads values fixed by prepare() (ranges, sample rate).
class StdinCommandReader {
public:
    /// chain: its commandRing() is written from the reader thread (the only producer).
    /// quitRequested: set when a "quit" line arrives.
    StdinCommandReader(ReferenceChain& chain, std::atomic<bool>& quitRequested)
        : chain_(chain), quitRequested_(quitRequested) {}
    ~StdinCommandReader() { stop(); }

    /// Starts the reader thread. [control]
    void start();
    /// Ends and joins the thread (within about 100 ms). [control]
    void stop();

private:
    void run();  // [control] reader thread
    void handleLine(std::string_view line);

    ReferenceChain& chain_;
    std::atomic<bool>& quitRequested_;
    std::atomic<bool> stopRequested_{false};
    std::thread thread_;
};

}  // namespace wavegraph::cli
