/// \file main.cpp
/// The `wavegraph` program: command-line parsing (CLI11) and dispatch to the subcommands
/// render, devices and play. Every error is one line on stderr; exit codes in exit_codes.h.

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <string>

#include "dsp/biquad/biquad_cascade.h"
#include "cli/devices_command.h"
#include "host/error_line.h"
#include "cli/exit_codes.h"
#include "cli/interrupt_signal.h"
#include "cli/play_command.h"
#include "cli/nodes_command.h"
#include "cli/render_command.h"
#include "cli/track_command.h"

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
        "play", "Play FILEs (decoded into memory, mixed in step with per-input gain) or, without FILE, pink noise "
                "(or the --graph's own sources) through the reference chain or --graph, in real time on the first "
                "backend with a device (Linux order: jack, pulse, alsa; 'null' plays on a clock only when asked). "
                "While playing, stdin takes one command per line: 'set NODE.PARAM VALUE', 'eq BAND DB', 'gain DB', "
                "'graph FILE.json', 'status', 'quit'. End of stdin does not stop playback. See docs/native-host.md.");
    play->add_option("FILE", options.files, "input files (any format libsndfile reads, one common sample rate); "
                                             "default: pink noise, or the graph's sources with --graph");
    play->add_option("--input", options.inputOptions, "another input file (same as a positional FILE), repeatable")
        ->type_name("FILE");
    play->add_option("--input-gain", options.inputGainsDb,
                     "gain of the inputs in order, one per --input-gain, -60…12 dB (default 0)")
        ->type_name("DB")
        ->allow_extra_args(false);
    play->add_option("--graph", options.graphPath, "render through the graph in this JSON file (docs/graph-json.md); "
                                                   "the inputs feed its 'input' nodes")
        ->type_name("G.json");
    play->add_option("--backend", options.backends,
                     "backend(s) to use, in order: jack, pulse, alsa, oss, null (repeatable or comma-separated; "
                     "default: the platform order jack, pulse, alsa)")
        ->type_name("NAME")
        ->allow_extra_args(false);
    play->add_option("--fallback", options.fallbacks, "backend(s) tried after the others, e.g. --fallback null")
        ->type_name("NAME")
        ->allow_extra_args(false);
    play->add_option("--device", options.device,
                     "output device: id or part of its name from 'wavegraph devices' (no match: the default, "
                     "with a warning)")
        ->type_name("NAME");
    play->add_option("--input-device", options.inputDevice,
                     "also take this input device ('default' for the default input) into the mix: full duplex, "
                     "falling back to output only, then input only (meters)")
        ->type_name("NAME");
    play->add_option("--sample-rate", options.sampleRate, "stream rate in Hz, 8000…768000 (default: the files' rate, "
                                                          "else the device's)")
        ->type_name("HZ");
    play->add_option("--seconds", options.seconds, "stop after this many seconds (default: end of the longest "
                                                   "FILE; without FILE, until 'quit' or Ctrl-C)")
        ->type_name("S");
    play->add_option("--buffer-frames", options.bufferFrames,
                     "frames per audio callback, 16…4096 (default 256; doubled after 3 underruns within 10 s)")
        ->type_name("N");
    play->add_option("--sample-format", options.sampleFormat, "sample format at the device: f32, i32, i16 (default f32)")
        ->type_name("FMT");
    play->add_option("--record", options.recordPath,
                     "also write what is played to this 32-bit float WAV (from a non-audio thread)")
        ->type_name("OUT.wav");
    play->add_flag("--meters", options.meters, "show peak/RMS meters on stderr even when it is not a terminal");
    play->footer(std::string("Examples: echo 'eq 4 -20' | wavegraph play music.wav\n"
                             "          wavegraph play a.wav b.wav --input-gain -6 --input-gain 0 --record mix.wav\n"
                             "          wavegraph play --backend null --graph docs/examples/reference-chain.json a.wav\n") +
                 kExitCodesFooter);
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
    auto* devices = app.add_subcommand("devices", "List the backends (PortAudio host APIs, null) and their devices "
                                                  "(id, name, max input/output channels, default sample rate).");
    bool devicesJson = false;
    devices->add_flag("--json", devicesJson, "print one JSON document instead of text");
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

    // WAVEGRAPH_KERNEL=portable|avx|avx2|avx512 forces the biquad cascade kernel (same samples;
    // for comparing them); the choice is printed.
    if (const char* kernelText = std::getenv("WAVEGRAPH_KERNEL"); kernelText != nullptr && *kernelText != '\0') {
        using wavegraph::BiquadCascade;
        const auto kernel = BiquadCascade::kernelFromName(kernelText);
        if (!kernel || !BiquadCascade::setDefaultKernel(*kernel)) {
            printLine(std::string("WAVEGRAPH_KERNEL ") + kernelText + (kernel ? " is not supported by this CPU" : " is unknown") +
                      " (allowed: portable, avx, avx2, avx512; this CPU: " +
                      std::string(BiquadCascade::kernelName(BiquadCascade::bestKernel())) + " and narrower)");
            return kExitBadInput;
        }
        printLine("biquad kernel: " + std::string(BiquadCascade::kernelName(*kernel)) + " (WAVEGRAPH_KERNEL)");
    }

    installInterruptHandlers();
    if (app.got_subcommand("render")) return runRender(renderOptions);
    if (app.got_subcommand("nodes")) return runNodes(nodesJson);
    if (app.got_subcommand("devices")) return runDevices(devicesJson);
    if (app.got_subcommand("play")) return runPlay(playOptions);
    if (app.got_subcommand("track")) return runTrack(trackOptions);
    return kExitBadInput;
}
