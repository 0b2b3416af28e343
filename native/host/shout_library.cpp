#include "host/shout_library.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

namespace wavegraph::host {

namespace {
ShoutLibrary library;
Status loaded = Status::ok();

template <typename Function>
bool resolve(void* handle, const char* name, Function& out, std::string& missing) {  // [control]
    out = reinterpret_cast<Function>(dlsym(handle, name));
    if (out == nullptr && missing.empty()) missing = name;
    return out != nullptr;
}

Status open() {  // [control]
    constexpr const char* kName = "libshout.so.3";
    void* handle = dlopen(kName, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* text = dlerror();
        return Status::error(std::string(kName) + " cannot be loaded (" + (text != nullptr ? text : "unknown error") +
                             ")");
    }
    std::string missing;
    resolve(handle, "shout_init", library.init, missing);
    resolve(handle, "shout_new", library.create, missing);
    resolve(handle, "shout_free", library.free, missing);
    resolve(handle, "shout_open", library.open, missing);
    resolve(handle, "shout_close", library.close, missing);
    resolve(handle, "shout_get_connected", library.get_connected, missing);
    resolve(handle, "shout_get_error", library.get_error, missing);
    resolve(handle, "shout_send", library.send, missing);
    resolve(handle, "shout_queuelen", library.queuelen, missing);
    resolve(handle, "shout_set_host", library.set_host, missing);
    resolve(handle, "shout_set_port", library.set_port, missing);
    resolve(handle, "shout_set_user", library.set_user, missing);
    resolve(handle, "shout_set_password", library.set_password, missing);
    resolve(handle, "shout_set_mount", library.set_mount, missing);
    resolve(handle, "shout_set_protocol", library.set_protocol, missing);
    resolve(handle, "shout_set_content_format", library.set_content_format, missing);
    resolve(handle, "shout_set_nonblocking", library.set_nonblocking, missing);
    resolve(handle, "shout_set_tls", library.set_tls, missing);
    resolve(handle, "shout_set_agent", library.set_agent, missing);
    resolve(handle, "shout_set_meta", library.set_meta, missing);
    resolve(handle, "shout_set_audio_info", library.set_audio_info, missing);
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
