#pragma once
/// \file shout_library.h
/// libshout, opened with dlopen when the first Icecast stream opens rather than linked: libshout
/// brings 27 more shared libraries (TLS, Theora, Speex, cairo, X11), which cost every command that
/// does not stream (render, play, track, nodes) about 4 ms of process start-up in the dynamic loader.

#include <shout/shout.h>

#include "base/status.h"

namespace wavegraph::host {

/// The libshout functions IcecastStream calls, resolved from libshout.so.3.
struct ShoutLibrary {
    decltype(&::shout_init) init = nullptr;                              ///< shout_init
    decltype(&::shout_new) create = nullptr;                             ///< shout_new
    decltype(&::shout_free) free = nullptr;                              ///< shout_free
    decltype(&::shout_open) open = nullptr;                              ///< shout_open
    decltype(&::shout_close) close = nullptr;                            ///< shout_close
    decltype(&::shout_get_connected) get_connected = nullptr;            ///< shout_get_connected
    decltype(&::shout_get_error) get_error = nullptr;                    ///< shout_get_error
    decltype(&::shout_send) send = nullptr;                              ///< shout_send
    decltype(&::shout_queuelen) queuelen = nullptr;                      ///< shout_queuelen
    decltype(&::shout_set_host) set_host = nullptr;                      ///< shout_set_host
    decltype(&::shout_set_port) set_port = nullptr;                      ///< shout_set_port
    decltype(&::shout_set_user) set_user = nullptr;                      ///< shout_set_user
    decltype(&::shout_set_password) set_password = nullptr;              ///< shout_set_password
    decltype(&::shout_set_mount) set_mount = nullptr;                    ///< shout_set_mount
    decltype(&::shout_set_protocol) set_protocol = nullptr;              ///< shout_set_protocol
    decltype(&::shout_set_content_format) set_content_format = nullptr;  ///< shout_set_content_format
    decltype(&::shout_set_nonblocking) set_nonblocking = nullptr;        ///< shout_set_nonblocking
    decltype(&::shout_set_tls) set_tls = nullptr;                        ///< shout_set_tls
    decltype(&::shout_set_agent) set_agent = nullptr;                    ///< shout_set_agent
    decltype(&::shout_set_meta) set_meta = nullptr;                      ///< shout_set_meta
    decltype(&::shout_set_audio_info) set_audio_info = nullptr;          ///< shout_set_audio_info
};

/// Opens libshout.so.3 once (RTLD_NOW | RTLD_LOCAL, kept open), resolves every function and
/// calls shout_init. Later calls return the same result. Error, one line:
/// "libshout.so.3 cannot be loaded (<dlerror text>)" or "... has no shout_send". [control]
Status loadShoutLibrary();

/// The functions; only after loadShoutLibrary() returned ok. [any]
const ShoutLibrary& shoutLibrary();

}  // namespace wavegraph::host
