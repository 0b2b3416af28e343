#pragma once
/// \file icecast_url.h
/// The address of an Icecast mount as the user types it:
/// `icecast://USER:PASSWORD@HOST:PORT/MOUNT`.
/// USER is the source user (Icecast's is `source`); PASSWORD, HOST and MOUNT are required; PORT
/// is 1…65535 and defaults to 8000 (Icecast's default) when left out. USER and PASSWORD may hold
/// percent-encoded bytes (`%40` for `@`, `%3A` for `:`); HOST may be an IPv6 address in brackets.
/// Messages never show the password: they show the URL with it masked as `***`.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace wavegraph::cli {

/// A parsed Icecast address (see the file comment).
struct IcecastUrl {
    std::string user;      ///< source user, e.g. "source"
    std::string password;  ///< source password (never shown)
    std::string host;      ///< host name or address (IPv6 without brackets)
    uint16_t port = 8000;  ///< TCP port, 1…65535
    std::string mount;     ///< mount point, starting with '/', e.g. "/live.ogg"

    /// `icecast://source:***@127.0.0.1:8000/live.ogg`: the address with the password masked. [control]
    std::string masked() const;
};

/// Masks the password of whatever follows `://` in `text` (up to the last `@`; all of that part
/// when it has no `:` or an `@` before its first `:`, as the user's end is then unclear), for
/// messages about a URL that did not parse. [control]
std::string maskIcecastUrl(std::string_view text);

/// Parses `text` into `out`. Errors are one line starting with the masked URL, e.g.
/// `icecast://source:***@host:70000/live: port 70000 is out of range (allowed 1…65535)`. [control]
Status parseIcecastUrl(std::string_view text, IcecastUrl& out);

}  // namespace wavegraph::cli
