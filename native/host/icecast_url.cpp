#include "host/icecast_url.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace wavegraph::cli {

namespace {
constexpr std::string_view kScheme = "icecast://";
constexpr std::string_view kForm = "icecast://USER:PASSWORD@HOST:PORT/MOUNT";

std::optional<std::string> percentDecode(std::string_view text) {  // [control]
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 2])))
            return std::nullopt;
        out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
        i += 2;
    }
    return out;
}

bool startsWithScheme(std::string_view text) {  // [control] case-insensitive "icecast://"
    if (text.size() < kScheme.size()) return false;
    for (size_t i = 0; i < kScheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != kScheme[i]) return false;
    return true;
}
}  // namespace

std::string IcecastUrl::masked() const {  // [control]
    const bool ipv6 = host.find(':') != std::string::npos;
    return std::string(kScheme) + user + ":***@" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) +
           mount;
}

std::string maskIcecastUrl(std::string_view text) {  // [control]
    const size_t schemeEnd = text.find("://");
    const size_t from = schemeEnd == std::string_view::npos ? 0 : schemeEnd + 3;
    const size_t at = text.rfind('@');
    if (at == std::string_view::npos || at < from) return std::string(text);
    // USER:PASSWORD → USER:***. Without a ':', or with an '@' before it, where the user ends is
    // unclear (the password alone, or an '@' typed in it): all of it is masked.
    const size_t colon = text.find(':', from);
    if (colon == std::string_view::npos || colon > at ||
        text.substr(from, colon - from).find('@') != std::string_view::npos)
        return std::string(text.substr(0, from)) + "***" + std::string(text.substr(at));
    return std::string(text.substr(0, colon + 1)) + "***" + std::string(text.substr(at));
}

Status parseIcecastUrl(std::string_view text, IcecastUrl& out) {  // [control]
    const std::string shown = maskIcecastUrl(text);
    auto fail = [&](const std::string& what) { return Status::error(shown + ": " + what); };
    if (!startsWithScheme(text)) {
        const size_t schemeEnd = text.find("://");
        if (schemeEnd == std::string_view::npos)
            return fail("not an icecast:// URL (expected " + std::string(kForm) + ")");
        return fail("bad scheme '" + std::string(text.substr(0, schemeEnd)) + "' (allowed: " + std::string(kForm) +
                    ")");
    }
    std::string_view rest = text.substr(kScheme.size());
    IcecastUrl url;
    const size_t at = rest.rfind('@');
    if (at == std::string_view::npos)
        return fail("missing USER:PASSWORD@ before the host (" + std::string(kForm) + ")");
    const std::string_view userInfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const size_t colon = userInfo.find(':');
    if (colon == std::string_view::npos || colon + 1 == userInfo.size())
        return fail("missing password (" + std::string(kForm) + ")");
    const auto user = percentDecode(userInfo.substr(0, colon));
    const auto password = percentDecode(userInfo.substr(colon + 1));
    if (!user || !password) return fail("bad percent-encoding in USER:PASSWORD (allowed: %XX with two hex digits)");
    url.user = user->empty() ? "source" : *user;
    url.password = *password;

    std::string_view hostPort;
    const size_t slash = rest.find('/');
    hostPort = rest.substr(0, slash);
    const std::string_view mount = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    std::string_view portText;
    if (!hostPort.empty() && hostPort.front() == '[') {
        const size_t close = hostPort.find(']');
        if (close == std::string_view::npos) return fail("missing ']' after the IPv6 host");
        url.host = std::string(hostPort.substr(1, close - 1));
        const std::string_view after = hostPort.substr(close + 1);
        if (!after.empty() && after.front() != ':') return fail("expected ':PORT' after the IPv6 host");
        if (!after.empty()) portText = after.substr(1);
        if (after == ":") return fail("missing port after ':' (allowed 1…65535)");
    } else {
        const size_t portColon = hostPort.find(':');
        url.host = std::string(hostPort.substr(0, portColon));
        if (portColon != std::string_view::npos) {
            portText = hostPort.substr(portColon + 1);
            if (portText.empty()) return fail("missing port after ':' (allowed 1…65535)");
        }
    }
    if (url.host.empty()) return fail("missing host (" + std::string(kForm) + ")");
    for (unsigned char c : url.host)
        if (c <= 0x20 || c == 0x7f || c == '@' || c == '/')
            return fail("host '" + url.host + "' has a character not allowed in a host name");
    if (!portText.empty()) {
        uint64_t port = 0;
        for (char c : portText) {
            if (c < '0' || c > '9')
                return fail("port '" + std::string(portText) + "' is not a whole number (allowed 1…65535)");
            port = std::min<uint64_t>(port * 10 + static_cast<uint64_t>(c - '0'), 1000000);
        }
        if (port < 1 || port > 65535)
            return fail("port " + std::string(portText) + " is out of range (allowed 1…65535)");
        url.port = static_cast<uint16_t>(port);
    }
    if (mount.size() < 2) return fail("missing mount after the port (e.g. /live.ogg)");
    for (unsigned char c : mount)
        if (c <= 0x20 || c == 0x7f || c == '?' || c == '#' || c == '\\')
            return fail("mount '" + std::string(mount) +
                        "' has a space, control character, '?', '#' or '\\' (allowed: a path such as /live.ogg)");
    url.mount = std::string(mount);
    out = std::move(url);
    return Status::ok();
}

}  // namespace wavegraph::cli
