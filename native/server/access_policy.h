#pragma once
/// \file access_policy.h
/// Who may talk to `wavegraph serve` and what they may name: the token (compared in constant
/// time), the Origin allow-list (against cross-site requests and WebSocket hijacking from pages
/// the user visits), and media names confined to the --media folder (no `..`, no absolute path,
/// no symlink leading out). Pure: no network code, so it is tested on its own.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace wavegraph::server {

/// Byte strings equal, in a time that depends only on their lengths (not on where they differ). [any]
bool constantTimeEqual(std::string_view a, std::string_view b) noexcept;

/// True for 127.0.0.0/8, ::1 and "localhost". [any]
bool isLoopbackBind(std::string_view bind);

/// The value of `name` in a request target's query ("/api/live?token=abc" → "abc"), percent-decoded;
/// nullopt when absent. [any]
std::optional<std::string> queryParameter(std::string_view target, std::string_view name);

/// The access rules of one server (see the file comment).
class AccessPolicy {
public:
    struct Setup {
        std::string bind = "127.0.0.1";           ///< the address listened on
        uint16_t port = 0;                        ///< the port listened on (after --port 0 chose one)
        std::string token;                        ///< "" = no token (loopback only)
        std::vector<std::string> allowedOrigins;  ///< --allow-origin: exact "scheme://host:port" or "scheme://host:*"
        std::optional<std::filesystem::path> mediaDir;  ///< --media
    };

    /// The own origin "http://<bind>:<port>" and the loopback origins are allowed by default. [control]
    explicit AccessPolicy(Setup setup);

    /// Whether requests must carry the token. [any]
    bool tokenRequired() const noexcept { return !setup_.token.empty(); }
    /// Checks the token of a request: `Authorization: Bearer T` or the query's `token=T`.
    /// Ok when no token is required. Errors: "token missing (…)", "token wrong". [any]
    Status checkToken(std::string_view authorizationHeader, std::string_view target) const;
    /// Whether an Origin header value may talk to the server; an empty one (no header: not a
    /// browser) may. [any]
    bool originAllowed(std::string_view origin) const;
    /// The allowed origins, for messages ("http://127.0.0.1:8420, http://localhost:*, …"). [any]
    std::string allowedOriginsText() const;

    /// Resolves a media name to a file inside --media. Errors (one line naming the name):
    /// no --media, an empty or absolute name, a `..` component, a resolved path outside the
    /// folder (a symlink leading out), no such file. [control]
    Status resolveMedia(std::string_view name, std::filesystem::path& out) const;

private:
    Setup setup_;
    std::vector<std::string> origins_;  // own, loopback patterns, then --allow-origin
};

}  // namespace wavegraph::server
