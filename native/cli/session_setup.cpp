#include "cli/session_setup.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "host/buffer_files.h"
#include "host/plugin_library.h"
#include "session/default_registry.h"
#include "session/reference_graph.h"
#include "track/track_player.h"

namespace wavegraph::cli {

Status readTextFile(const std::string& path, std::string& text) {  // [control]
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return Status::error(path + ": cannot open the file (" + std::strerror(errno) + ")");
    char buffer[65536];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
    std::fclose(file);
    return Status::ok();
}

Status makeNodeRegistry(const std::vector<std::string>& pluginPaths, NodeRegistry& registry) {  // [control]
    registry = makeDefaultNodeRegistry();
    return host::loadPlugins(pluginPaths, registry);
}

Status readTrackFile(const std::string& path, std::string& text) {  // [control]
    if (auto status = readTextFile(path, text); !status) return status;
    TrackPlayer player;
    if (auto status = player.load(text); !status) return Status::error(path + ": " + status.message());
    return Status::ok();
}

Status setUpSession(HostSession& session, const SessionSetup& setup) {  // [control]
    if (setup.graphPath) {
        std::string text;
        if (auto status = readTextFile(*setup.graphPath, text); !status)
            return Status::error("--graph " + status.message());
        const auto folder = std::filesystem::path(*setup.graphPath).parent_path();
        if (auto status = loadBufferFiles(text, folder, session.graph()); !status)
            return Status::error("--graph " + *setup.graphPath + ": " + status.message());
        if (auto status = session.loadGraph(text); !status)
            return Status::error("--graph " + *setup.graphPath + ": " + status.message());
    } else {
        ReferenceGraphOptions options;
        if (setup.pinkNoiseSource) options.source = ReferenceSource::pinkNoise;
        if (auto status = session.loadReferenceGraph(options); !status) return status;
    }
    if (auto status = applyParameterOptions(session, setup.parameters); !status) return status;
    if (setup.trackPath) {
        std::string text;
        if (auto status = readTrackFile(*setup.trackPath, text); !status) return status;
        if (auto status = session.loadTrack(text); !status)
            return Status::error(*setup.trackPath + ": " + status.message());
    }
    return Status::ok();
}

}  // namespace wavegraph::cli
