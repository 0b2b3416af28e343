#pragma once
/// \file backend_error.h
/// The error kinds of the backend layer and the result type the
/// backends return on the control plane: ok, or a kind plus one line a user can act on.

#include <string>
#include <utility>

namespace wavegraph::host {

/// What went wrong in a backend call or a stream, and what the host does about it.
enum class BackendErrorKind {
    none,                  ///< success
    deviceNotFound,        ///< no device matches the request → the selector uses the default, with a warning
    deviceUnavailable,     ///< the device exists but cannot be opened now (busy, unplugged)
    unsupportedFormat,     ///< rate / channels / sample format refused by the device
    streamError,           ///< a running stream failed → restart, then the next backend
    initializationFailed,  ///< the backend's library failed to start → the next backend
    backendNotAvailable,   ///< not built in, or its server is not running → the next backend
    configurationError,    ///< a bad request (e.g. buffer size out of range); not retried
    underrun,              ///< the device ran out of frames (3 within 10 s → bigger buffers)
    overrun,               ///< input frames were lost
};

/// "DeviceNotFound", "StreamError", … [any]
const char* errorKindName(BackendErrorKind kind) noexcept;

/// Result of a backend call [control]. Never thrown.
class BackendStatus {
public:
    /// Success.
    static BackendStatus ok() { return BackendStatus(); }
    /// message: one line naming what failed and what to do, e.g. "jack: no JACK server is
    /// running (start one with 'jackd -d dummy', or choose --backend alsa)".
    static BackendStatus error(BackendErrorKind kind, std::string message) {
        return BackendStatus(kind, std::move(message));
    }
    /// True for success.
    bool isOk() const noexcept { return kind_ == BackendErrorKind::none; }
    /// Same as isOk().
    explicit operator bool() const noexcept { return isOk(); }
    /// The error kind (none when ok).
    BackendErrorKind kind() const noexcept { return kind_; }
    /// Empty when ok; otherwise one line naming what failed and what to do.
    const std::string& message() const noexcept { return message_; }
    /// "StreamError: <message>". [control]
    std::string describe() const { return std::string(errorKindName(kind_)) + ": " + message_; }

private:
    BackendStatus() = default;
    BackendStatus(BackendErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {
        if (message_.empty()) message_ = "unspecified error";
    }
    BackendErrorKind kind_ = BackendErrorKind::none;
    std::string message_;
};

}  // namespace wavegraph::host
