#include "host/shared_library.h"

#include <dlfcn.h>

namespace wavegraph::host {

Status openSharedLibrary(const char* soname, void*& handle) {  // [control]
    handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (handle != nullptr) return Status::ok();
    const char* text = dlerror();
    return Status::error(std::string(soname) + " cannot be loaded (" + (text != nullptr ? text : "unknown error") +
                         ")");
}

void* sharedLibrarySymbol(void* handle, const char* name) { return dlsym(handle, name); }  // [control]

}  // namespace wavegraph::host
