#pragma once
/// \file status.h
/// The control plane's result type: ok, or one line naming the bad value and the allowed range.

#include <string>
#include <utility>

namespace wavegraph {

/// Result of a control-side call [control]. Never thrown; `message` is one human-readable line.
class Status {
public:
    static Status ok() { return Status(); }
    static Status error(std::string message) { return Status(std::move(message)); }

    bool isOk() const { return message_.empty(); }
    explicit operator bool() const { return isOk(); }
    /// Empty when ok; otherwise e.g. "band 9 is out of range (0…7)".
    const std::string& message() const { return message_; }

private:
    Status() = default;
    explicit Status(std::string message) : message_(std::move(message)) {
        if (message_.empty()) message_ = "unspecified error";
    }
    std::string message_;
};

}  // namespace wavegraph
