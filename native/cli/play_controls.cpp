#include "cli/play_controls.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <thread>
#include <vector>

#include "base/format_number.h"
#include "cli/parameter_options.h"
#include "cli/session_setup.h"
#include "cli/timeline_command.h"
#include "host/buffer_files.h"
#include "host/error_line.h"

namespace wavegraph::cli {

namespace {
constexpr const char* kUsage =
    "allowed: set NODE.PARAM VALUE [now], eq BAND DB, gain DB, graph FILE.json, status, quit, or a timeline "
    "method: setValueAtTime, linearRampToValueAtTime, exponentialRampToValueAtTime, setTargetAtTime, "
    "setValueCurveAtTime, cancelScheduledValues, cancelAndHoldAtTime NODE.PARAM ARGUMENTS…";

std::vector<std::string> words(std::string_view line) {  // [control]
    std::istringstream stream{std::string(line)};
    std::vector<std::string> result;
    for (std::string word; stream >> word;) result.push_back(word);
    return result;
}
}  // namespace

void PlayControls::setCommandLog(CommandLogWriter* log, uint32_t leadFrames) {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    log_ = log;
    leadFrames_ = leadFrames;
}

Status PlayControls::loadGraph(const std::string& path) {  // [control]
    std::string text;
    if (auto status = readTextFile(path, text); !status) return status;
    std::lock_guard<std::mutex> lock(mutex_);
    waitForPendingSwap();
    if (auto status = loadBufferFiles(text, std::filesystem::path(path).parent_path(), session_.graph()); !status)
        return Status::error(path + ": " + status.message());
    if (auto status = session_.loadGraph(text); !status) return Status::error(path + ": " + status.message());
    if (log_ != nullptr) {
        std::error_code error;
        const auto absolute = std::filesystem::absolute(path, error);
        notePublished(error ? path : absolute.string());
    }
    return Status::ok();
}

void PlayControls::waitForPendingSwap() const {  // [control] under mutex_
    // One plan waiting at a time, so that the n-th swap event is the n-th plan published (under
    // the mutex: two control threads cannot both publish after one wait).
    if (log_ == nullptr) return;
    const GraphEngine& engine = session_.engine();
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (engine.plansSwapped() < engine.plansPublished() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void PlayControls::notePublished(std::string path) {  // [control] under mutex_
    pending_.push_back({session_.engine().plansPublished(), std::move(path)});
}

void PlayControls::collect() {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    session_.graph().collectRetired();
    for (RingRecord event; session_.engine().eventRing().tryPop(event);) {
        if (failures_.note(event)) printLine(failures_.firstFailureLine(session_.graph(), event.target));
        if (event.kind == static_cast<uint32_t>(EngineEvent::planSwapped)) {
            ++swapsSeen_;
            while (!pending_.empty() && pending_.front().plan < swapsSeen_) pending_.pop_front();  // never taken
            if (!pending_.empty() && pending_.front().plan == swapsSeen_) {
                if (log_ != nullptr) log_->graph(event.frameTime, pending_.front().path);
                pending_.pop_front();
            }
        }
        if (eventSink_) eventSink_(event);
    }
}

Status PlayControls::setParameter(std::string_view name, double value, int64_t atFrame) {  // [control]
    const auto dot = name.find('.');
    ParameterCommand command;
    command.node = std::string(name.substr(0, dot));
    command.param = dot == std::string_view::npos ? "" : std::string(name.substr(dot + 1));
    if (dot == std::string_view::npos || command.node.empty() || command.param.empty()) {
        std::lock_guard<std::mutex> lock(mutex_);
        HostSession::ParameterRef ref;
        return session_.checkParameter(name, value, ref);  // its message for a malformed name
    }
    command.value = value;
    command.atFrame = atFrame;
    size_t failedIndex = 0;
    return setParameters({command}, failedIndex);
}

Status PlayControls::resolve(const ParameterCommand& command, CommandRecord& out,
                             std::string* name) const {  // [control] under mutex_
    std::string node = command.node;
    if (node.empty()) {
        for (const auto& [jsonId, id] : session_.graph().nodeIds())
            if (id == command.nodeId) node = jsonId;
        if (node.empty()) return Status::error("no node with id " + std::to_string(command.nodeId) + " in the graph");
    }
    std::string param = command.param;
    if (param.empty()) {
        const int64_t id = session_.graph().nodeId(node);
        const Node* instance = id >= 0 ? session_.graph().node(static_cast<uint32_t>(id)) : nullptr;
        if (instance == nullptr || command.paramId >= instance->parameters().size())
            return Status::error("node '" + node + "' has no parameter with id " + std::to_string(command.paramId));
        param = std::string(instance->parameters()[command.paramId].name);
    }
    HostSession::ParameterRef ref;
    if (auto status = session_.checkParameter(node + "." + param, command.value, ref); !status) return status;
    out = CommandRecord{};
    out.target = ref.nodeId;
    out.param = ref.param;
    out.value = command.value;
    out.frameTime = command.atFrame < 0 ? RingRecord::kAtNextBlock : command.atFrame;
    if (name != nullptr) *name = node + "." + param;
    return Status::ok();
}

Status PlayControls::setParameters(const std::vector<ParameterCommand>& commands, size_t& failedIndex) {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<CommandRecord> records(commands.size());
    std::vector<std::string> names(commands.size());
    for (size_t i = 0; i < commands.size(); ++i) {
        if (auto status = resolve(commands[i], records[i], &names[i]); !status) {
            failedIndex = i;
            return status;
        }
    }
    if (log_ != nullptr) {
        const auto at = static_cast<int64_t>(session_.engine().framesRendered()) + leadFrames_;
        for (auto& record : records)
            if (record.frameTime < 0) record.frameTime = at;
    }
    CommandRingView& ring = session_.engine().commandRing();
    if (ring.capacity() - ring.size() < records.size()) {
        failedIndex = 0;
        return Status::error("command ring full (" + std::to_string(ring.size()) + " of " +
                             std::to_string(ring.capacity()) + " commands waiting, " + std::to_string(records.size()) +
                             " sent); try again");
    }
    for (const auto& record : records) ring.tryPush(record);  // the only producer: room was checked
    if (log_ != nullptr)
        for (size_t i = 0; i < records.size(); ++i) log_->set(records[i].frameTime, names[i], records[i].value, false);
    return Status::ok();
}

Status PlayControls::loadGraphJson(std::string_view json) {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    waitForPendingSwap();
    std::error_code error;
    const auto folder = std::filesystem::current_path(error);  // a description sent without a file: paths from here
    if (auto status = loadBufferFiles(json, folder, session_.graph()); !status) return status;
    if (auto status = session_.loadGraph(json); !status) return status;
    if (log_ != nullptr) {
        std::string path;
        if (auto status = log_->saveGraph(json, path); !status) printLine(status.message());
        notePublished(path);
    }
    return Status::ok();
}

std::string PlayControls::describe() {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    return session_.graph().describe();
}

std::string PlayControls::failureSummary() {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    return failures_.summary(session_.graph());
}

Status PlayControls::set(const std::string& name, const std::string& valueText, std::string& ack,
                         CommandKind kind) {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    double value = 0.0;
    if (auto status = parseParameterValue(session_, name, valueText, value); !status) return status;
    const bool immediate = kind == CommandKind::setParameterImmediate;
    std::string at;
    if (log_ == nullptr) {
        if (auto status = session_.queueParameter(name, value, kind); !status) return status;
    } else {
        HostSession::ParameterRef ref;
        if (auto status = session_.checkParameter(name, value, ref); !status) return status;
        CommandRecord record;
        record.target = ref.nodeId;
        record.param = ref.param;
        record.value = value;
        record.kind = static_cast<uint32_t>(kind);
        record.frameTime = static_cast<int64_t>(session_.engine().framesRendered()) + leadFrames_;
        CommandRingView& ring = session_.engine().commandRing();
        if (!ring.tryPush(record))
            return Status::error("command ring full (" + std::to_string(ring.capacity()) +
                                 " commands waiting); try again");
        log_->set(record.frameTime, name, value, immediate);
        at = " at frame " + std::to_string(record.frameTime);
    }
    ack = name + " -> " + formatNumber(value) + unitSuffix(session_, name) + (immediate ? " (now, no ramp)" : "") + at;
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
    } else if (verb == "set" && parts.size() == 4 && parts[3] == "now") {
        status = set(parts[1], parts[2], ack, CommandKind::setParameterImmediate);
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
    } else if (isTimelineCommand(verb)) {
        std::lock_guard<std::mutex> lock(mutex_);
        status = applyTimelineCommand(session_, parts, ack);
    } else if (verb == "set" || verb == "eq" || verb == "gain" || verb == "graph" || verb == "status" ||
               verb == "quit") {
        status = Status::error(std::string("wrong number of values (") + kUsage + ")");
    } else {
        status = Status::error(std::string("unknown command (") + kUsage + ")");
    }
    printLine(status ? ack : text + ": " + status.message());
}

}  // namespace wavegraph::cli
