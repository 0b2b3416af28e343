#include "cli/play_controls.h"

#include <cstdio>
#include <sstream>
#include <vector>

#include "base/format_number.h"
#include "cli/parameter_options.h"
#include "cli/session_setup.h"
#include "host/error_line.h"

namespace wavegraph::cli {

namespace {
constexpr const char* kUsage = "allowed: set NODE.PARAM VALUE, eq BAND DB, gain DB, graph FILE.json, status, quit";

std::vector<std::string> words(std::string_view line) {  // [control]
    std::istringstream stream{std::string(line)};
    std::vector<std::string> result;
    for (std::string word; stream >> word;) result.push_back(word);
    return result;
}
}  // namespace

Status PlayControls::loadGraph(const std::string& path) {  // [control]
    std::string text;
    if (auto status = readTextFile(path, text); !status) return status;
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto status = session_.loadGraph(text); !status) return Status::error(path + ": " + status.message());
    return Status::ok();
}

void PlayControls::collect() {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    session_.graph().collectRetired();
    for (RingRecord event; session_.engine().eventRing().tryPop(event);)
        if (failures_.note(event)) printLine(failures_.firstFailureLine(session_.graph(), event.target));
}

std::string PlayControls::failureSummary() {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    return failures_.summary(session_.graph());
}

Status PlayControls::set(const std::string& name, const std::string& valueText, std::string& ack) {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    double value = 0.0;
    if (auto status = parseParameterValue(session_, name, valueText, value); !status) return status;
    if (auto status = session_.queueParameter(name, value); !status) return status;
    ack = name + " -> " + formatNumber(value) + unitSuffix(session_, name);
    return Status::ok();
}

void PlayControls::handleLine(std::string_view line) {  // [control]
    const auto parts = words(line);
    if (parts.empty()) return;
    std::string text;
    for (const auto& p : parts) text += (text.empty() ? "" : " ") + p;
    const std::string& verb = parts[0];
    std::string ack;
    Status status = Status::ok();
    if (verb == "quit" && parts.size() == 1) {
        quit_.store(true);
        return;
    } else if (verb == "status" && parts.size() == 1) {
        printLine(statusLine_());
        return;
    } else if (verb == "set" && parts.size() == 3) {
        status = set(parts[1], parts[2], ack);
    } else if (verb == "eq" && parts.size() == 3) {
        std::string name;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            status = eqBandParameterName(session_, parts[1], name);
        }
        if (status) status = set(name, parts[2], ack);
    } else if (verb == "gain" && parts.size() == 2) {
        status = set(std::string(kMasterGainParameter), parts[1], ack);
    } else if (verb == "graph" && parts.size() == 2) {
        status = loadGraph(parts[1]);
        if (status) ack = "graph " + parts[1] + " published";
    } else if (verb == "set" || verb == "eq" || verb == "gain" || verb == "graph" || verb == "status" ||
               verb == "quit") {
        status = Status::error(std::string("wrong number of values (") + kUsage + ")");
    } else {
        status = Status::error(std::string("unknown command (") + kUsage + ")");
    }
    printLine(status ? ack : text + ": " + status.message());
}

}  // namespace wavegraph::cli
