#include "server/access_policy.h"

#include <algorithm>
#include <system_error>

namespace wavegraph::server {

namespace fs = std::filesystem;

bool constantTimeEqual(std::string_view a, std::string_view b) noexcept {  // [any]
    // Every byte of the longer string is visited; the length difference counts as a difference.
    const size_t n = std::max(a.size(), b.size());
    unsigned diff = a.size() == b.size() ? 0u : 1u;
    for (size_t i = 0; i < n; ++i) {
        const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
        const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
        diff |= static_cast<unsigned>(x ^ y);
    }
    return diff == 0;
}

bool isLoopbackBind(std::string_view bind) {  // [any]
    if (bind == "localhost" || bind == "::1" || bind == "[::1]") return true;
    return bind.substr(0, 4) == "127.";
}

namespace {
int hexValue(char c) {  // [any]
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percentDecode(std::string_view text) {  // [any]
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int hi = hexValue(text[i + 1]);
            const int lo = hexValue(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(text[i] == '+' ? ' ' : text[i]);
    }
    return out;
}

bool originMatches(std::string_view pattern, std::string_view origin) {  // [any]
    if (pattern.size() >= 2 && pattern.substr(pattern.size() - 2) == ":*") {
        const std::string_view prefix = pattern.substr(0, pattern.size() - 1);  // "http://localhost:"
        if (origin.substr(0, prefix.size()) != prefix) return false;
        const std::string_view port = origin.substr(prefix.size());
        return !port.empty() && port.size() <= 5 &&
               std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
    }
    return pattern == origin;
}

bool isWithin(const fs::path& path, const fs::path& folder) {  // [control]
    auto p = path.begin();
    for (auto f = folder.begin(); f != folder.end(); ++f, ++p) {
        if (f->empty() && std::next(f) == folder.end()) break;  // trailing separator
        if (p == path.end() || *p != *f) return false;
    }
    return p != path.end();
}
}  // namespace

std::optional<std::string> queryParameter(std::string_view target, std::string_view name) {  // [any]
    const size_t question = target.find('?');
    if (question == std::string_view::npos) return std::nullopt;
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const size_t eq = pair.find('=');
        if (pair.substr(0, eq) == name) return percentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query = query.substr(amp + 1);
    }
    return std::nullopt;
}

AccessPolicy::AccessPolicy(Setup setup) : setup_(std::move(setup)) {  // [control]
    const std::string host = setup_.bind.find(':') != std::string::npos && setup_.bind.front() != '['
                                 ? "[" + setup_.bind + "]"
                                 : setup_.bind;
    origins_.push_back("http://" + host + ":" + std::to_string(setup_.port));
    for (const char* loopback : {"http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"})
        origins_.emplace_back(loopback);
    for (const auto& origin : setup_.allowedOrigins) origins_.push_back(origin);
}

Status AccessPolicy::checkToken(std::string_view authorizationHeader, std::string_view target) const {  // [any]
    if (!tokenRequired()) return Status::ok();
    constexpr std::string_view kBearer = "Bearer ";
    std::optional<std::string> given;
    if (authorizationHeader.substr(0, kBearer.size()) == kBearer)
        given = std::string(authorizationHeader.substr(kBearer.size()));
    else if (auto query = queryParameter(target, "token"))
        given = *query;
    if (!given) return Status::error("token missing (send 'Authorization: Bearer TOKEN' or '?token=TOKEN')");
    if (!constantTimeEqual(*given, setup_.token)) return Status::error("token wrong");
    return Status::ok();
}

bool AccessPolicy::originAllowed(std::string_view origin) const {  // [any]
    if (origin.empty()) return true;
    return std::any_of(origins_.begin(), origins_.end(),
                       [origin](const std::string& pattern) { return originMatches(pattern, origin); });
}

std::string AccessPolicy::allowedOriginsText() const {  // [any]
    std::string text;
    for (const auto& o : origins_) text += (text.empty() ? "" : ", ") + o;
    return text;
}

Status AccessPolicy::resolveMedia(std::string_view name, fs::path& out) const {  // [control]
    const std::string quoted = "media '" + std::string(name) + "'";
    if (!setup_.mediaDir) return Status::error(quoted + ": no media folder (start serve with --media DIR)");
    if (name.empty() || name.find('\0') != std::string_view::npos)
        return Status::error(quoted + ": not a file name (allowed: a path relative to the media folder)");
    const fs::path relative{std::string(name)};
    if (relative.is_absolute() || relative.has_root_name() || relative.has_root_directory())
        return Status::error(quoted +
                             ": absolute paths are not allowed (allowed: a path relative to the media folder)");
    for (const auto& part : relative)
        if (part == "..")
            return Status::error(quoted + ": '..' is not allowed (allowed: a path relative to the media folder)");
    std::error_code error;
    const fs::path folder = fs::canonical(*setup_.mediaDir, error);
    if (error) return Status::error(quoted + ": the media folder cannot be read (" + error.message() + ")");
    const fs::path resolved = fs::weakly_canonical(folder / relative, error);
    if (error || !isWithin(resolved, folder))
        return Status::error(quoted + ": leads outside the media folder (allowed: files inside it)");
    if (!fs::is_regular_file(resolved, error)) return Status::error(quoted + ": no such file in the media folder");
    out = resolved;
    return Status::ok();
}

}  // namespace wavegraph::server
