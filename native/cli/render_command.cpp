#include "cli/render_command.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/eq_option_parsing.h"
#include <nlohmann/json.hpp>

#include "session/graph_session.h"
#include "session/reference_graph.h"
#include "host/error_line.h"
#include "cli/exit_codes.h"
#include "cli/interrupt_signal.h"
#include "host/planar_audio.h"
#include "cli/progress_bar.h"
#include "reference_chain.h"
#include "cli/render_output.h"
#include "host/sound_file_reader.h"
#include "host/sound_file_writer.h"
#include "host/temporary_output_file.h"

namespace wavegraph::cli {

namespace {
constexpr uint32_t kBlockFrames = 4096;

/// The options as chain commands, in command-line order (a later --eq for a band wins).
bool collectCommands(const ReferenceChain& chain, const RenderOptions& options,
                     std::vector<CommandRecord>& commands) {
    for (const auto& setting : options.eqSettings) {
        CommandRecord record;
        if (auto status = parseEqOption(chain, setting, record); !status) {
            printLine("--eq " + setting + ": " + status.message());
            return false;
        }
        commands.push_back(record);
    }
    if (options.gainDb) {
        CommandRecord record;
        if (auto status = parseMasterGain(chain, *options.gainDb, record); !status) {
            printLine("--gain-db " + *options.gainDb + ": " + status.message());
            return false;
        }
        commands.push_back(record);
    }
    return true;
}

/// Reads a whole text file; false (and a message) when it cannot be read.
bool readTextFile(const std::string& path, std::string& text) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        printLine("--graph " + path + ": cannot open the file");
        return false;
    }
    char buffer[65536];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
    std::fclose(file);
    return true;
}

/// The built-in reference graph with the --eq and --gain-db settings as its initial parameters
/// (set before the first frame, no ramps), as JSON text. The commands use ReferenceChain's ids.
std::string referenceGraphWith(const std::vector<CommandRecord>& commands) {
    nlohmann::ordered_json graph = nlohmann::ordered_json::parse(kReferenceGraphJson);
    for (const auto& command : commands) {
        for (auto& node : graph["nodes"]) {
            if (command.target == node::eq && node["id"] == "eq" && command.param % 3 == 0)
                node["params"]["band" + std::to_string(command.param / 3) + ".gainDb"] = command.value;
            if (command.target == node::masterGain && node["id"] == "master")
                node["params"]["gainDb"] = command.value;
        }
    }
    return graph.dump();
}

std::string fileName(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

int runRender(const RenderOptions& options) {  // [control]
    // 1. Arguments first, so a typo is reported before any file is touched.
    ReferenceChain chain;
    std::vector<CommandRecord> commands;
    if (options.graphPath && (!options.eqSettings.empty() || options.gainDb)) {
        printLine("--graph " + *options.graphPath + ": --eq and --gain-db apply to the reference chain only; "
                  "set parameters in the graph file instead");
        return kExitBadInput;
    }
    if (!collectCommands(chain, options, commands)) return kExitBadInput;

    // 2. The input and an engine shaped like it.
    SoundFileReader reader;
    if (auto status = reader.open(options.inputPath); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    const SoundFileInfo info = reader.info();
    ProcessSpec spec;
    spec.sampleRateHz = info.sampleRateHz;
    spec.numChannels = info.channels;
    spec.maxBlockFrames = kBlockFrames;
    GraphSession session;
    if (auto status = session.prepare(spec); !status) {
        printLine("'" + options.inputPath + "': " + status.message());
        return kExitBadInput;
    }
    if (options.graphPath) {
        std::string text;
        if (!readTextFile(*options.graphPath, text)) return kExitBadInput;
        if (auto status = session.loadGraph(text); !status) {
            printLine("--graph " + *options.graphPath + ": " + status.message());
            return kExitBadInput;
        }
    } else if (auto status = session.loadGraph(referenceGraphWith(commands)); !status) {
        printLine(status.message());  // e.g. a rate-dependent limit
        return kExitBadInput;
    }

    // 3. Output through a temporary file beside OUT.
    TemporaryOutputFile temporary;
    if (auto status = temporary.create(options.outputPath); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    SoundFileWriter writer;
    if (auto status = writer.open(temporary.releaseDescriptor(), options.outputPath, info.channels,
                                  info.sampleRateHz);
        !status) {
        printLine(status.message());
        return kExitRuntime;
    }

    // 4. Read, process in place (planar), write, block by block.
    PlanarAudio block;
    block.resize(info.channels, kBlockFrames);
    auto channels = block.pointersFrom(0);
    const bool lengthKnown = info.frames > 0 && info.frames < INT64_MAX;  // pipes report INT64_MAX
    const double totalSeconds = lengthKnown ? static_cast<double>(info.frames) / info.sampleRateHz : 0.0;
    ProgressBar progress("rendering " + fileName(options.inputPath), totalSeconds,
                         ProgressBar::stderrIsTerminal());
    int64_t framesDone = 0;
    float peak = 0.0f;
    for (;;) {
        if (interruptRequested()) {
            progress.finish();
            printLine("interrupted; '" + options.outputPath + "' was not written");
            return kExitInterrupted;
        }
        uint32_t frames = 0;
        if (auto status = reader.readPlanar(channels.data(), kBlockFrames, frames); !status) {
            progress.finish();
            printLine(status.message());
            return kExitBadInput;
        }
        if (frames == 0) break;
        session.process(channels.data(), info.channels, channels.data(), frames);  // in place is safe
        for (uint32_t c = 0; c < info.channels; ++c)
            for (uint32_t i = 0; i < frames; ++i) peak = std::max(peak, std::fabs(channels[c][i]));
        if (auto status = writer.writePlanar(channels.data(), frames); !status) {
            progress.finish();
            printLine(status.message());
            return kExitRuntime;
        }
        framesDone += frames;
        progress.update(static_cast<double>(framesDone) / info.sampleRateHz);
    }
    progress.finish();
    if (auto status = finishOutputFile(writer, temporary); !status) {
        printLine(status.message());
        return kExitRuntime;
    }

    char summary[512];
    std::snprintf(summary, sizeof summary,
                  "rendered '%s': %lld frames x %u channel%s at %g Hz (%.3f s), peak %s",
                  options.outputPath.c_str(), static_cast<long long>(framesDone), info.channels,
                  info.channels == 1 ? "" : "s", info.sampleRateHz,
                  static_cast<double>(framesDone) / info.sampleRateHz, peakDbfsText(peak).c_str());
    printLine(summary);
    return kExitOk;
}

}  // namespace wavegraph::cli
