#include "host/shout_library.h"

#include <mutex>
#include <string>

#include "host/shared_library.h"

namespace wavegraph::host {

namespace {
ShoutLibrary library;
Status loaded = Status::ok();

Status open() {  // [control]
    constexpr const char* kName = "libshout.so.3";
    void* handle = nullptr;
    if (Status status = openSharedLibrary(kName, handle); !status) return status;
    std::string missing;
    resolveFunction(handle, "shout_init", library.init, missing);
    resolveFunction(handle, "shout_new", library.create, missing);
    resolveFunction(handle, "shout_free", library.free, missing);
    resolveFunction(handle, "shout_open", library.open, missing);
    resolveFunction(handle, "shout_close", library.close, missing);
    resolveFunction(handle, "shout_get_connected", library.get_connected, missing);
    resolveFunction(handle, "shout_get_error", library.get_error, missing);
    resolveFunction(handle, "shout_send", library.send, missing);
    resolveFunction(handle, "shout_queuelen", library.queuelen, missing);
    resolveFunction(handle, "shout_set_host", library.set_host, missing);
    resolveFunction(handle, "shout_set_port", library.set_port, missing);
    resolveFunction(handle, "shout_set_user", library.set_user, missing);
    resolveFunction(handle, "shout_set_password", library.set_password, missing);
    resolveFunction(handle, "shout_set_mount", library.set_mount, missing);
    resolveFunction(handle, "shout_set_protocol", library.set_protocol, missing);
    resolveFunction(handle, "shout_set_content_format", library.set_content_format, missing);
    resolveFunction(handle, "shout_set_nonblocking", library.set_nonblocking, missing);
    resolveFunction(handle, "shout_set_tls", library.set_tls, missing);
    resolveFunction(handle, "shout_set_agent", library.set_agent, missing);
    resolveFunction(handle, "shout_set_meta", library.set_meta, missing);
    resolveFunction(handle, "shout_set_audio_info", library.set_audio_info, missing);
    if (!missing.empty()) return Status::error(std::string(kName) + " has no " + missing);
    library.init();
    return Status::ok();
}
}  // namespace

Status loadShoutLibrary() {  // [control]
    static std::once_flag once;
    std::call_once(once, [] { loaded = open(); });
    return loaded;
}

const ShoutLibrary& shoutLibrary() { return library; }  // [any]

}  // namespace wavegraph::host
