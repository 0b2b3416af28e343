/// \file main.cpp
/// The `wavegraph` program: command-line parsing (CLI11) and dispatch to the subcommands
/// render, play, track, devices, nodes and serve. Every error is one line on stderr; exit codes in exit_codes.h.

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "cli/command_options.h"
#include "cli/devices_command.h"
#include "cli/exit_codes.h"
#include "cli/interrupt_signal.h"
#include "cli/nodes_command.h"
#include "cli/parameter_options.h"
#include "cli/play_command.h"
#include "cli/render_command.h"
#if WAVEGRAPH_SERVE
#include "cli/serve_command.h"
#endif
#include "cli/track_command.h"
#include "dsp/biquad/biquad_cascade.h"
#include "host/error_line.h"

using namespace wavegraph::cli;

namespace {

/// "run 'wavegraph render --help'" for the subcommand the error belongs to.
std::string helpHint(CLI::App& app) {
    const auto parsed = app.get_subcommands();
    return parsed.empty() ? "run 'wavegraph --help'" : "run 'wavegraph " + parsed.front()->get_name() + " --help'";
}

void addRender(CLI::App& app, RenderOptions& options) {
    auto* render = app.add_subcommand(
        "render",
        "Render IN through the reference graph (8-band EQ, analyser, master gain, meter) to OUT, a 32-bit float "
        "WAV with IN's sample rate and channels. A progress bar shows on a terminal.");
    render->add_option("IN", options.inputPath, "input file, anything libsndfile reads (WAV, AIFF, FLAC, Ogg…)")
        ->required();
    render->add_option("OUT", options.outputPath, "output WAV file (written only if the whole render succeeds)")
        ->required();
    addParameterOptions(*render, options.eqSettings, options.gainDb);
    render
        ->add_option("--graph", options.graphPath,
                     "render through the graph described in this JSON file instead of the reference graph "
                     "(see docs/graph-json.md); --eq and --gain-db set its eq and master nodes")
        ->type_name("FILE.json");
    addPluginOption(*render, options.pluginPaths);
    addCommandsOption(*render, options.commandsPath);
    render->footer(std::string("Example: wavegraph render in.wav out.wav --eq 4=-20 --gain-db -3\n"
                               "         wavegraph render silence.wav out.wav --graph g.json --commands play.log\n") +
                   kExitCodesFooter);
}

void addPlay(CLI::App& app, PlayOptions& options) {
    auto* play = app.add_subcommand(
        "play",
        "Play FILEs (decoded into memory, mixed in step with per-input gain) or, without FILE, pink noise "
        "(or the --graph's own sources) through the reference graph or --graph, in real time on the first "
        "backend with a device (Linux order: jack, pulse, alsa; 'null' plays on a clock only when asked). "
        "While playing, stdin takes one command per line: 'set NODE.PARAM VALUE', 'eq BAND DB', 'gain DB', "
        "'graph FILE.json', 'status', 'quit' ('eq B DB' = 'set eq.bandB.gainDb DB', 'gain DB' = "
        "'set master.gainDb DB', both ramped). End of stdin does not stop playback. See docs/native-host.md.");
    play->add_option("FILE", options.files,
                     "input files (any format libsndfile reads, one common sample rate); "
                     "default: pink noise, or the graph's sources with --graph");
    play->add_option("--input", options.inputOptions, "another input file (same as a positional FILE), repeatable")
        ->type_name("FILE");
    play->add_option("--input-gain", options.inputGainsDb,
                     "gain of the inputs in order, one per --input-gain, " +
                         referenceRangeText(std::string(kMasterGainParameter)) + " (default 0)")
        ->type_name("DB")
        ->allow_extra_args(false);
    addPlayStreamOptions(*play, options);
    play->add_option("--input-device", options.inputDevice,
                     "also take this input device ('default' for the default input) into the mix: full duplex, "
                     "falling back to output only, then input only (meters)")
        ->type_name("NAME");
    play->footer(
        std::string("Examples: echo 'eq 4 -20' | wavegraph play music.wav --gain-db -3\n"
                    "          wavegraph play a.wav b.wav --input-gain -6 --input-gain 0 --record mix.wav\n"
                    "          wavegraph play --backend null --graph docs/examples/reference-graph.json a.wav\n") +
        kExitCodesFooter);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "wavegraph: a real-time audio engine (one graph engine; by default the reference graph: "
        "8-band EQ, analyser, master gain, meter).",
        "wavegraph"};
    app.footer(kExitCodesFooter);
    app.require_subcommand(1);
    app.fallthrough(false);

    RenderOptions renderOptions;
    PlayOptions playOptions;
    addRender(app, renderOptions);
    auto* devices = app.add_subcommand("devices",
                                       "List the backends (PortAudio host APIs, null) and their devices "
                                       "(id, name, max input/output channels, default sample rate).");
    bool devicesJson = false;
    devices->add_flag("--json", devicesJson, "print one JSON document instead of text");
    devices->footer(kExitCodesFooter);
    addPlay(app, playOptions);
    bool nodesJson = false;
    std::vector<std::string> nodesPlugins;
    auto* nodes = app.add_subcommand("nodes",
                                     "List the node types of --graph files (built in, and those of every --plugin) "
                                     "with their inputs, outputs and parameters (name, range, unit, default).");
    nodes->add_flag("--json", nodesJson, "print one JSON document instead of text");
    addPluginOption(*nodes, nodesPlugins);
    nodes->footer(kExitCodesFooter);
    TrackOptions trackOptions;
    addTrackCommand(app, trackOptions);
#if WAVEGRAPH_SERVE
    ServeOptions serveOptions;
    addServeCommand(app, serveOptions);
#else
    app.add_subcommand("serve", "Not in this build (configured with WAVEGRAPH_SERVE=OFF).")->allow_extras();
#endif

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForAllHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForVersion& version) {
        return app.exit(version);
    } catch (const CLI::ParseError& error) {
        printLine(std::string(error.what()) + "; " + helpHint(app));
        return kExitBadInput;
    }

    // WAVEGRAPH_KERNEL=portable|avx|avx2|avx512 forces the biquad cascade kernel (same samples;
    // for comparing them); the choice is printed.
    if (const char* kernelText = std::getenv("WAVEGRAPH_KERNEL"); kernelText != nullptr && *kernelText != '\0') {
        using wavegraph::BiquadCascade;
        const auto kernel = BiquadCascade::kernelFromName(kernelText);
        if (!kernel || !BiquadCascade::setDefaultKernel(*kernel)) {
            printLine(std::string("WAVEGRAPH_KERNEL ") + kernelText +
                      (kernel ? " is not supported by this CPU" : " is unknown") +
                      " (allowed: portable, avx, avx2, avx512; this CPU: " +
                      std::string(BiquadCascade::kernelName(BiquadCascade::bestKernel())) + " and narrower)");
            return kExitBadInput;
        }
        printLine("biquad kernel: " + std::string(BiquadCascade::kernelName(*kernel)) + " (WAVEGRAPH_KERNEL)");
    }

    installInterruptHandlers();
    if (app.got_subcommand("render")) return runRender(renderOptions);
    if (app.got_subcommand("nodes")) return runNodes(nodesJson, nodesPlugins);
    if (app.got_subcommand("devices")) return runDevices(devicesJson);
    if (app.got_subcommand("play")) return runPlay(playOptions);
    if (app.got_subcommand("track")) return runTrack(trackOptions);
#if WAVEGRAPH_SERVE
    if (app.got_subcommand("serve")) return runServe(serveOptions);
#else
    if (app.got_subcommand("serve")) {
        printLine(
            "serve is not in this build: it was configured with WAVEGRAPH_SERVE=OFF (as the sanitizer presets are)");
        return kExitBadInput;
    }
#endif
    return kExitBadInput;
}
