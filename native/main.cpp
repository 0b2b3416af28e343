/// \file main.cpp
/// The `wavegraph` program: command-line parsing (CLI11) and dispatch to the subcommands
/// render, devices and play. Every error is one line on stderr; exit codes in exit_codes.h.

#include <CLI/CLI.hpp>

#include <string>

#include "devices_command.h"
#include "error_line.h"
#include "exit_codes.h"
#include "interrupt_signal.h"
#include "play_command.h"
#include "nodes_command.h"
#include "render_command.h"
#include "track_command.h"

using namespace wavegraph::cli;

namespace {

/// "run 'wavegraph render --help'" for the subcommand the error belongs to.
std::string helpHint(CLI::App& app) {
    const auto parsed = app.get_subcommands();
    return parsed.empty() ? "run 'wavegraph --help'"
                          : "run 'wavegraph " + parsed.front()->get_name() + " --help'";
}

void addRender(CLI::App& app, RenderOptions& options) {
    auto* render = app.add_subcommand(
        "render", "Render IN through the reference chain (8-band EQ, master gain) to OUT, a 32-bit float "
                  "WAV with IN's sample rate and channels. A progress bar shows on a terminal.");
    render->add_option("IN", options.inputPath, "input file, anything libsndfile reads (WAV, AIFF, FLAC, Ogg…)")
        ->required();
    render->add_option("OUT", options.outputPath, "output WAV file (written only if the whole render succeeds)")
        ->required();
    render->add_option("--eq", options.eqSettings,
                       "band gain BAND=DB, repeatable; bands 0…7 at 60 120 240 480 960 1920 3840 7680 Hz "
                       "(Q 1), -24…24 dB; e.g. --eq 4=-20")
        ->type_name("BAND=DB")
        ->allow_extra_args(false);
    render->add_option("--gain-db", options.gainDb, "master gain in dB, -60…12 (default 0)")->type_name("DB");
    render->add_option("--graph", options.graphPath,
                       "render through the graph described in this JSON file instead of the reference chain "
                       "(see docs/graph-json.md); not combinable with --eq/--gain-db")
        ->type_name("FILE.json");
    render->footer(std::string("Example: wavegraph render in.wav out.wav --eq 4=-20 --gain-db -3\n") +
                   kExitCodesFooter);
}

void addPlay(CLI::App& app, PlayOptions& options) {
    auto* play = app.add_subcommand(
        "play", "Play IN (decoded into memory first) or, without IN, pink noise through the reference chain "
                "on an audio output device. While playing, stdin takes one command per line: "
                "'eq BAND DB', 'gain DB', 'quit'. End of stdin does not stop playback.");
    play->add_option("IN", options.inputPath, "input file (any rate/channels libsndfile reads); default: pink noise");
    play->add_option("--seconds", options.seconds, "stop after this many seconds (default: end of IN; "
                                                   "pink noise plays until 'quit' or Ctrl-C)")
        ->type_name("S");
    play->add_option("--device", options.device,
                     "output device: index or part of 'host API: name' from 'wavegraph devices' "
                     "(default: PortAudio's default output)")
        ->type_name("NAME");
    play->add_option("--buffer-frames", options.bufferFrames, "frames per audio callback, 16…4096 (default 256)")
        ->type_name("N");
    play->footer(std::string("Example: echo 'eq 4 -20' | wavegraph play music.wav\n") + kExitCodesFooter);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"wavegraph: a real-time audio engine (8-band EQ + master gain reference chain).", "wavegraph"};
    app.footer(kExitCodesFooter);
    app.require_subcommand(1);
    app.fallthrough(false);

    RenderOptions renderOptions;
    PlayOptions playOptions;
    addRender(app, renderOptions);
    auto* devices = app.add_subcommand("devices", "List PortAudio host APIs and devices (index, name, "
                                                  "max input/output channels, default sample rate).");
    devices->footer(kExitCodesFooter);
    addPlay(app, playOptions);
    bool nodesJson = false;
    auto* nodes = app.add_subcommand("nodes", "List the node types of --graph files with their inputs, outputs and "
                                              "parameters (name, range, unit, default).");
    nodes->add_flag("--json", nodesJson, "print one JSON document instead of text");
    nodes->footer(kExitCodesFooter);
    TrackOptions trackOptions;
    addTrackCommand(app, trackOptions);

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

    installInterruptHandlers();
    if (app.got_subcommand("render")) return runRender(renderOptions);
    if (app.got_subcommand("nodes")) return runNodes(nodesJson);
    if (app.got_subcommand("devices")) return runDevices();
    if (app.got_subcommand("play")) return runPlay(playOptions);
    if (app.got_subcommand("track")) return runTrack(trackOptions);
    return kExitBadInput;
}
