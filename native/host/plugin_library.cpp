#include "host/plugin_library.h"

#include <dlfcn.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <string_view>
#include <system_error>

#include "processor/processor_types.h"
#include "wavegraph/processor.h"

namespace wavegraph::host {

namespace {

/// dlerror()'s text without the leading "<path>: " it usually repeats. [control]
std::string loaderMessage(const std::string& openedPath) {
    const char* text = dlerror();
    std::string message = text != nullptr ? text : "unknown dlopen error";
    const std::string prefix = openedPath + ": ";
    if (message.compare(0, prefix.size(), prefix) == 0) message.erase(0, prefix.size());
    return message;
}

}  // namespace

Status loadPlugin(const std::string& path, NodeRegistry& registry, std::vector<std::string>* added) {  // [control]
    const std::string origin = "plugin " + path;
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (!std::filesystem::exists(status)) return Status::error(origin + ": no such file");
    if (std::filesystem::is_directory(status)) return Status::error(origin + ": is a directory, not a shared library");

    // A name without a slash would make dlopen search the library path instead of opening the file.
    const std::string openedPath = path.find('/') == std::string::npos ? "./" + path : path;
    dlerror();
    void* handle = dlopen(openedPath.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) return Status::error(origin + ": cannot be loaded (" + loaderMessage(openedPath) + ")");
    // Closed when the last holder (the registry's creators, the nodes made from them) is gone.
    std::shared_ptr<const void> library(handle, [](const void* h) { dlclose(const_cast<void*>(h)); });

    dlerror();
    void* symbol = dlsym(handle, WG_PROCESSOR_ENTRY_SYMBOL);
    if (symbol == nullptr) return Status::error(origin + " has no " WG_PROCESSOR_ENTRY_SYMBOL " function");
    wg_processor_entry_fn entry = nullptr;
    static_assert(sizeof entry == sizeof symbol, "function and object pointers have one size (POSIX dlsym)");
    std::memcpy(&entry, &symbol, sizeof entry);

    std::vector<std::string> types;
    if (auto result = addProcessorTypes(registry, entry, origin, library, &types); !result) return result;
    if (types.empty()) return Status::error(origin + " lists no processor types (its entry function returned NULL)");
    if (added != nullptr) added->insert(added->end(), types.begin(), types.end());
    return Status::ok();
}

Status loadPlugins(const std::vector<std::string>& paths, NodeRegistry& registry,
                   std::vector<std::string>* added) {  // [control]
    for (const auto& path : paths)
        if (auto status = loadPlugin(path, registry, added); !status) return status;
    return Status::ok();
}

}  // namespace wavegraph::host
