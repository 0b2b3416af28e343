#include "stdin_commands.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <sstream>
#include <vector>

#include "eq_option_parsing.h"
#include "error_line.h"
#include "format_number.h"

namespace wavegraph::cli {

namespace {
constexpr const char* kUsage = "allowed: eq BAND DB, gain DB, quit";

std::vector<std::string> words(std::string_view line) {
    std::istringstream stream{std::string(line)};
    std::vector<std::string> result;
    for (std::string word; stream >> word;) result.push_back(word);
    return result;
}

std::string trimmed(std::string_view line) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return "";
    const auto last = line.find_last_not_of(" \t\r");
    return std::string(line.substr(first, last - first + 1));
}
}  // namespace

LineKind interpretLine(const ReferenceChain& chain, std::string_view line, CommandRecord& record,
                       std::string& error) {  // [control]
    const auto parts = words(line);
    const std::string text = trimmed(line);
    if (parts.empty()) return LineKind::empty;
    Status status = Status::ok();
    if (parts[0] == "quit" && parts.size() == 1) return LineKind::quit;
    if (parts[0] == "eq" && parts.size() == 3) {
        status = parseBandGain(chain, parts[1], parts[2], record);
    } else if (parts[0] == "gain" && parts.size() == 2) {
        status = parseMasterGain(chain, parts[1], record);
    } else if (parts[0] == "eq" || parts[0] == "gain" || parts[0] == "quit") {
        status = Status::error("wrong number of values (" + std::string(kUsage) + ")");
    } else {
        status = Status::error("unknown command (" + std::string(kUsage) + ")");
    }
    if (!status) {
        error = text + ": " + status.message();
        return LineKind::invalid;
    }
    return LineKind::command;
}

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
            if (!pending.empty()) handleLine(pending);
            return;
        }
        pending.append(buffer, static_cast<size_t>(got));
        for (auto newline = pending.find('\n'); newline != std::string::npos; newline = pending.find('\n')) {
            handleLine(std::string_view(pending).substr(0, newline));
            pending.erase(0, newline + 1);
        }
    }
}

void StdinCommandReader::handleLine(std::string_view line) {  // [control] reader thread
    CommandRecord record;
    std::string error;
    switch (interpretLine(chain_, line, record, error)) {
        case LineKind::empty:
            return;
        case LineKind::quit:
            quitRequested_.store(true);
            return;
        case LineKind::invalid:
            printLine(error);
            return;
        case LineKind::command:
            if (!chain_.commandRing().tryPush(record)) {
                printLine(trimmed(line) + ": command ring full (" +
                          std::to_string(chain_.commandRing().capacity()) +
                          " commands waiting); try again");
                return;
            }
            printLine(ReferenceChain::parameterName(record.target, record.param) + " -> " +
                      formatNumber(record.value) + " dB");
            return;
    }
}

}  // namespace wavegraph::cli
