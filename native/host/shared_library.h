#pragma once
/// \file shared_library.h
/// Opening a shared library at run time (dlopen) and looking up its functions (dlsym), for the
/// libraries the host loads only when a command needs them (PortAudio, libshout).

#include <string>

#include "base/status.h"

namespace wavegraph::host {

/// Opens the shared library `soname` (e.g. "libshout.so.3") with RTLD_NOW | RTLD_LOCAL into
/// `handle`; it stays open for the process's life. [control]
/// Error: "libshout.so.3 cannot be loaded (<dlerror's reason>)".
Status openSharedLibrary(const char* soname, void*& handle);

/// The address of `name` in the library `handle`, nullptr when it has none. [control]
void* sharedLibrarySymbol(void* handle, const char* name);

/// Sets `out` to the function `name` of the library `handle`; when the library has none, `out`
/// is nullptr and `missing` (if still empty) becomes `name`. [control]
template <typename Function>
void resolveFunction(void* handle, const char* name, Function& out, std::string& missing) {
    out = reinterpret_cast<Function>(sharedLibrarySymbol(handle, name));
    if (out == nullptr && missing.empty()) missing = name;
}

}  // namespace wavegraph::host
