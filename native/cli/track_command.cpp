#include "cli/track_command.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "cli/command_log.h"
#include "cli/command_options.h"
#include "cli/exit_codes.h"
#include "cli/interrupt_signal.h"
#include "cli/processor_failures.h"
#include "cli/progress_bar.h"
#include "cli/render_output.h"
#include "cli/session_setup.h"
#include "host/error_line.h"
#include "host/number_parsing.h"
#include "host/sound_file_writer.h"
#include "host/temporary_output_file.h"
#include "session/host_session.h"
#include "track/track_player.h"

namespace wavegraph::cli {

namespace {
constexpr uint32_t kRenderBlockFrames = 4096;

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

int runTrackRender(const TrackOptions& options) {  // [control]
    double seconds = 0.0;
    if (options.seconds) {
        const auto value = parseNumber(*options.seconds);
        if (!value || !std::isfinite(*value) || *value <= 0.0) {
            printLine("--seconds " + *options.seconds + ": " + (value ? "out of range" : "not a number") +
                      " (allowed: more than 0 s)");
            return kExitBadInput;
        }
        seconds = *value;
    }
    std::string text;
    if (auto status = readTrackFile(options.trackPath, text); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    double sampleRateHz = 0.0;
    {
        TrackPlayer track;
        (void)track.load(text);
        sampleRateHz = track.trackSampleRateHz();
    }
    NodeRegistry registry;
    if (auto status = makeNodeRegistry(options.pluginPaths, registry); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    HostSession session(std::move(registry));
    session.graph().setObserved(false);  // a render reads no meter readings or analyser taps
    SessionSetup setup;
    setup.graphPath = options.graphPath;
    setup.parameters = {options.eqSettings, options.gainDb};
    setup.trackPath = options.trackPath;
    Status prepared = session.prepare({sampleRateHz, kRenderBlockFrames, 2});
    if (prepared) prepared = setUpSession(session, setup);
    if (!prepared) {
        printLine(prepared.message());
        return kExitBadInput;
    }
    CommandReplay replay;
    if (options.commandsPath) {
        if (auto status = replay.load(*options.commandsPath); !status) {
            printLine(status.message());
            return kExitBadInput;
        }
    }
    const TrackPlayer& player = *session.track();
    TemporaryOutputFile temporary;
    if (auto status = temporary.create(options.outputPath); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    SoundFileWriter writer;
    if (auto status = writer.open(temporary.releaseDescriptor(), options.outputPath, 2, sampleRateHz); !status) {
        printLine(status.message());
        return kExitRuntime;
    }
    std::vector<float> left(kRenderBlockFrames), right(kRenderBlockFrames);
    float* channels[2] = {left.data(), right.data()};
    int64_t total = player.durationFrames();
    if (seconds > 0.0) total = std::min<int64_t>(total, std::llround(std::min(seconds * sampleRateHz, 1e15)));
    ProgressBar progress("rendering " + fileName(options.trackPath), static_cast<double>(total) / sampleRateHz,
                         ProgressBar::stderrIsTerminal());
    float peak = 0.0f;
    ProcessorFailures failures;
    for (int64_t done = 0; done < total;) {
        if (interruptRequested()) {
            progress.finish();
            printLine("interrupted; '" + options.outputPath + "' was not written");
            return kExitInterrupted;
        }
        // --commands: a graph swap starts a block; the block's sets are queued at their frames.
        const uint32_t frames =
            replay.blockFrames(done, static_cast<uint32_t>(std::min<int64_t>(kRenderBlockFrames, total - done)));
        if (auto status = replay.beforeBlock(session, done, frames); !status) {
            progress.finish();
            printLine(status.message());
            return kExitBadInput;
        }
        session.process(nullptr, 0, channels, frames);
        failures.drain(session.graph());
        for (uint32_t i = 0; i < frames; ++i) peak = std::max({peak, std::fabs(left[i]), std::fabs(right[i])});
        if (auto status = writer.writePlanar(channels, frames); !status) {
            progress.finish();
            printLine(status.message());
            return kExitRuntime;
        }
        done += frames;
        progress.update(static_cast<double>(done) / sampleRateHz);
    }
    progress.finish();
    if (auto status = finishOutputFile(writer, temporary); !status) {
        printLine(status.message());
        return kExitRuntime;
    }
    if (const std::string line = failures.summary(session.graph()); !line.empty()) printLine(line);
    char summary[512];
    std::snprintf(
        summary, sizeof summary, "rendered '%s': %lld frames x 2 channels at %g Hz (%.3f s, %zu steps), peak %s",
        options.outputPath.c_str(), static_cast<long long>(total), sampleRateHz,
        static_cast<double>(total) / sampleRateHz, player.description().steps.size(), peakDbfsText(peak).c_str());
    printLine(summary);
    return kExitOk;
}

}  // namespace

void addTrackCommand(CLI::App& app, TrackOptions& options) {  // [control]
    auto* track = app.add_subcommand("track",
                                     "Render or play a track: timed steps of binaural beats, isochronic "
                                     "tones, sines and noise with envelopes and crossfades "
                                     "(format: docs/tracks.md), through the graph like any input.");
    track->require_subcommand(1);
    track->footer(kExitCodesFooter);
    auto* render = track->add_subcommand("render",
                                         "Render TRACK through the reference graph (or --graph) to OUT, a "
                                         "32-bit float stereo WAV at the track's sample_rate. A progress "
                                         "bar shows on a terminal.");
    render->add_option("TRACK", options.trackPath, "the track JSON file")->required();
    render->add_option("OUT", options.outputPath, "output WAV file (written only if the whole render succeeds)")
        ->required();
    addParameterOptions(*render, options.eqSettings, options.gainDb);
    render->add_option("--seconds", options.seconds, "render only the first S seconds (default: the whole track)")
        ->type_name("S");
    render
        ->add_option("--graph", options.graphPath,
                     "render through the graph in this JSON file (docs/graph-json.md); "
                     "the track feeds its 'input' nodes")
        ->type_name("G.json");
    addPluginOption(*render, options.pluginPaths);
    addCommandsOption(*render, options.commandsPath);
    render->footer(
        std::string("Example: wavegraph track render examples/tracks/focus-binaural.json focus.wav --eq 4=-6\n") +
        kExitCodesFooter);
    render->callback([&options] { options.render = true; });
    auto* play = track->add_subcommand("play",
                                       "Play TRACK through the reference graph (or --graph) in real time, as "
                                       "'wavegraph play' plays a file: same backends, options and stdin "
                                       "commands. Runs at the track's sample_rate unless --sample-rate says "
                                       "otherwise.");
    play->add_option("TRACK", options.trackPath, "the track JSON file")->required();
    addPlayStreamOptions(*play, options.play);
    play->footer(std::string("Examples: wavegraph track play examples/tracks/relax-isochronic.json --seconds 30\n"
                             "          wavegraph track play t.json --backend null --seconds 5 --record t.wav\n") +
                 kExitCodesFooter);
    play->callback([&options] { options.playing = true; });
}

int runTrack(const TrackOptions& options) {  // [control]
    if (options.render) return runTrackRender(options);
    if (options.playing) {
        PlayOptions play = options.play;
        play.trackPath = options.trackPath;
        return runPlay(play);
    }
    return kExitBadInput;
}

}  // namespace wavegraph::cli
