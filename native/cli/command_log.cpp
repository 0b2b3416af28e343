#include "cli/command_log.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/session_setup.h"
#include "host/number_parsing.h"

namespace wavegraph::cli {

namespace {
/// Commands queued per block at most: well under the command ring's 256, so a block's sets
/// always fit. [control]
constexpr size_t kMaxSetsPerBlock = 128;

std::string numberText(double value) {  // [control] the shortest of 15…17 digits that reads back exactly
    char text[40];
    for (int digits = 15; digits <= 17; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, value);
        if (std::strtod(text, nullptr) == value) break;
    }
    return text;
}
}  // namespace

Status CommandLogWriter::open(const std::string& path) {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    file_ = std::fopen(path.c_str(), "w");
    if (file_ == nullptr) return Status::error("'" + path + "': " + std::strerror(errno));
    std::error_code error;
    const auto absolute = std::filesystem::absolute(path, error);
    path_ = error ? path : absolute.string();
    return Status::ok();
}

Status CommandLogWriter::saveGraph(std::string_view json, std::string& path) {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    path = path_ + ".graph-" + std::to_string(++graphsSaved_) + ".json";
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << json;
    file.close();
    if (!file) return Status::error("command log: cannot write '" + path + "': " + std::strerror(errno));
    return Status::ok();
}

void CommandLogWriter::line(const std::string& text) {  // [control] under mutex_
    if (file_ == nullptr) return;
    std::fputs(text.c_str(), file_);
    std::fputc('\n', file_);
    std::fflush(file_);
}

void CommandLogWriter::comment(const std::string& text) {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    line("# " + text);
}

void CommandLogWriter::set(int64_t frame, const std::string& name, double value, bool immediate) {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    ++commands_;
    line(std::to_string(frame) + " set " + name + " " + numberText(value) + (immediate ? " now" : ""));
}

void CommandLogWriter::graph(int64_t frame, const std::string& path) {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    ++commands_;
    line(std::to_string(frame) + " graph " + path);
}

uint64_t CommandLogWriter::commands() {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    return commands_;
}

void CommandLogWriter::close() {  // [control]
    std::lock_guard<std::mutex> lock(mutex_);
    if (file_ != nullptr) std::fclose(file_);
    file_ = nullptr;
}

Status CommandReplay::load(const std::string& path) {  // [control]
    std::ifstream file(path);
    if (!file) return Status::error("--commands '" + path + "': " + std::strerror(errno));
    commands_.clear();
    next_ = 0;
    std::string text;
    for (int number = 1; std::getline(file, text); ++number) {
        const std::string where = path + ":" + std::to_string(number);
        std::istringstream words(text);
        std::string frameText, verb;
        if (!(words >> frameText) || frameText[0] == '#') continue;
        LoggedCommand command;
        command.where = where;
        const auto frame = parseWholeNumber(frameText);
        if (!frame || *frame < 0)
            return Status::error(where + ": '" + frameText + "' is not a frame (allowed: a whole number ≥ 0)");
        command.frame = *frame;
        words >> verb;
        if (verb == "set") {
            std::string valueText, now, extra;
            words >> command.name >> valueText >> now >> extra;
            const auto value = parseNumber(valueText);
            if (command.name.empty() || !value || !(now.empty() || now == "now") || !extra.empty())
                return Status::error(where + ": expected 'FRAME set NODE.PARAM VALUE [now]'");
            command.value = *value;
            command.kind = now.empty() ? LoggedCommand::Kind::set : LoggedCommand::Kind::setNow;
        } else if (verb == "graph") {
            std::string graphPath;
            std::getline(words >> std::ws, graphPath);
            if (graphPath.empty()) return Status::error(where + ": expected 'FRAME graph FILE.json'");
            if (auto status = readTextFile(graphPath, command.graphJson); !status)
                return Status::error(where + ": " + status.message());
            command.kind = LoggedCommand::Kind::graph;
        } else {
            return Status::error(where + ": unknown command '" + verb +
                                 "' (allowed: FRAME set NODE.PARAM VALUE [now], " + "FRAME graph FILE.json)");
        }
        commands_.push_back(std::move(command));
    }
    std::stable_sort(commands_.begin(), commands_.end(), [](const LoggedCommand& a, const LoggedCommand& b) {
        const bool aGraph = a.kind == LoggedCommand::Kind::graph, bGraph = b.kind == LoggedCommand::Kind::graph;
        return a.frame != b.frame ? a.frame < b.frame : aGraph && !bGraph;
    });
    return Status::ok();
}

uint32_t CommandReplay::blockFrames(int64_t position, uint32_t frames) const noexcept {  // [control]
    int64_t end = position + frames;
    size_t sets = 0;
    for (size_t i = next_; i < commands_.size() && commands_[i].frame < end; ++i) {
        const LoggedCommand& command = commands_[i];
        if (command.kind == LoggedCommand::Kind::graph && command.frame > position) {
            end = command.frame;  // the swap starts the next block
            break;
        }
        if (command.kind != LoggedCommand::Kind::graph && ++sets > kMaxSetsPerBlock && command.frame > position) {
            end = command.frame;  // the rest in the next block
            break;
        }
    }
    return static_cast<uint32_t>(end - position);
}

Status CommandReplay::beforeBlock(HostSession& session, int64_t position, uint32_t frames) {  // [control]
    const int64_t end = position + frames;
    for (; next_ < commands_.size() && commands_[next_].frame < end; ++next_) {
        const LoggedCommand& command = commands_[next_];
        if (command.kind == LoggedCommand::Kind::graph) {
            session.graph().collectRetired();
            if (auto status = session.loadGraph(command.graphJson); !status)
                return Status::error(command.where + ": " + status.message());
            continue;
        }
        HostSession::ParameterRef ref;
        if (auto status = session.checkParameter(command.name, command.value, ref); !status)
            return Status::error(command.where + ": " + status.message());
        CommandRecord record;
        record.target = ref.nodeId;
        record.param = ref.param;
        record.value = command.value;
        record.frameTime = command.frame;
        record.kind =
            static_cast<uint32_t>(command.kind == LoggedCommand::Kind::setNow ? CommandKind::setParameterImmediate
                                                                              : CommandKind::setParameter);
        if (!session.engine().commandRing().tryPush(record))
            return Status::error(command.where + ": command ring full at frame " + std::to_string(command.frame));
    }
    return Status::ok();
}

}  // namespace wavegraph::cli
