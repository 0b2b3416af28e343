#include "cli/stdin_commands.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace wavegraph::cli {

void StdinCommandReader::start() {  // [control]
    stopRequested_.store(false);
    thread_ = std::thread([this] { run(); });
}

void StdinCommandReader::stop() {  // [control]
    stopRequested_.store(true);
    if (thread_.joinable()) thread_.join();
}

void StdinCommandReader::run() {  // [control] reader thread
    std::string pending;
    char buffer[1024];
    while (!stopRequested_.load()) {
        pollfd descriptor{STDIN_FILENO, POLLIN, 0};
        const int ready = ::poll(&descriptor, 1, 100);
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0 || (descriptor.revents & POLLNVAL)) return;  // no stdin at all
        if (ready == 0) continue;
        const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (got <= 0) {  // end of input: keep playing, stop listening
            if (!pending.empty()) handler_(pending);
            return;
        }
        pending.append(buffer, static_cast<size_t>(got));
        for (auto newline = pending.find('\n'); newline != std::string::npos; newline = pending.find('\n')) {
            handler_(std::string_view(pending).substr(0, newline));
            pending.erase(0, newline + 1);
        }
    }
}

}  // namespace wavegraph::cli
