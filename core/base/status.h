#pragma once
/// \file status.h
/// The control plane's result type: ok, or one line naming the bad value and the allowed range.

#include <string>
#include <utility>

namespace wavegraph {

/// Result of a control-side call [control]. Never thrown; `message` is one human-readable line.
class Status {
public:
    /// Success (an empty message).
    static Status ok() { return Status(); }
    /// Failure with one line naming the bad value and the allowed range; an empty `message`
    /// becomes "unspecified error". Allocates.
    static Status error(std::string message) { return Status(std::move(message)); }

    /// True for success.
    bool isOk() const { return message_.empty(); }
    /// Same as isOk().
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
