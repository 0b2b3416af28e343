#pragma once
/// \file status.h
/// The control plane's result type: ok, or one line naming the bad value and the allowed range.

#include <string>
#include <utility>

namespace wavegraph {

/// Result of a control-side call [control]. Never thrown; `message` is one human-readable line:
/// control characters in it (a newline in a JSON key, a node id or a plugin's name) are shown
/// escaped, as `\n`, `\r`, `\t` or `\xNN`.
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
        for (unsigned char c : message_)
            if (c < 0x20 || c == 0x7f) {
                message_ = escapeControlCharacters(message_);
                break;
            }
    }
    /// `text` with each control character as `\n`, `\r`, `\t` or `\xNN`. [control] Allocates.
    static std::string escapeControlCharacters(const std::string& text) {
        constexpr char kHex[] = "0123456789abcdef";
        std::string shown;
        for (unsigned char c : text) {
            if (c >= 0x20 && c != 0x7f)
                shown += static_cast<char>(c);
            else if (c == '\n')
                shown += "\\n";
            else if (c == '\r')
                shown += "\\r";
            else if (c == '\t')
                shown += "\\t";
            else
                shown += {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
        }
        return shown;
    }
    std::string message_;
};

}  // namespace wavegraph
