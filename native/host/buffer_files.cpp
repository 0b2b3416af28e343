#include "host/buffer_files.h"

#include <nlohmann/json.hpp>

#include "host/planar_audio.h"
#include "host/sound_file_reader.h"

namespace wavegraph::cli {

Status loadBufferFiles(std::string_view graphJson, const std::filesystem::path& graphFolder,
                       GraphSession& session) {  // [control]
    const auto root = nlohmann::json::parse(graphJson.begin(), graphJson.end(), nullptr, /*allow_exceptions=*/false);
    if (!root.is_object() || !root.contains("buffers") || !root["buffers"].is_object()) return Status::ok();
    for (const auto& [name, entry] : root["buffers"].items()) {
        if (!entry.is_object() || !entry.contains("file") || !entry["file"].is_string()) continue;
        const std::string where = "buffers." + name + ": ";
        std::filesystem::path path(entry["file"].get<std::string>());
        if (path.is_relative()) path = graphFolder / path;
        std::error_code error;
        if (!std::filesystem::is_regular_file(path, error)) {
            const auto absolute = std::filesystem::absolute(path, error);
            return Status::error(where + "file not found: " + (error ? path : absolute).lexically_normal().string());
        }
        PlanarAudio audio;
        SoundFileInfo info;
        if (auto status = readWholeFile(path.string(), audio, info); !status)
            return Status::error(where + status.message());
        if (audio.numFrames() == 0) return Status::error(where + "'" + path.string() + "' holds no frames");
        std::shared_ptr<const AudioBuffer> buffer;
        if (auto status = AudioBuffer::makePlanar(audio.channel(0), audio.numChannels(), audio.numFrames(),
                                                  info.sampleRateHz, buffer);
            !status)
            return Status::error(where + "'" + path.string() + "': " + status.message());
        session.setBuffer(name, std::move(buffer));
    }
    return Status::ok();
}

}  // namespace wavegraph::cli
