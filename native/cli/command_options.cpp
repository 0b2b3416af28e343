#include "cli/command_options.h"

#include "cli/parameter_options.h"

namespace wavegraph::cli {

void addPluginOption(CLI::App& command, std::vector<std::string>& pluginPaths) {  // [control]
    command
        .add_option("--plugin", pluginPaths,
                    "load the processor types of this plugin (a shared library exporting "
                    "wavegraph_processor_entry, include/wavegraph/processor.h; docs/processors.md) so that the "
                    "graph can use them by type name; repeatable")
        ->type_name("PATH.so")
        ->allow_extra_args(false);
}

void addCommandsOption(CLI::App& command, std::optional<std::string>& commandsPath) {  // [control]
    command
        .add_option("--commands", commandsPath,
                    "replay this command log (written by 'play --command-log') at its frames: the render equals "
                    "what the play session recorded when given the same graph, options and input "
                    "(docs/native-host.md)")
        ->type_name("LOG");
}

void addParameterOptions(CLI::App& command, std::vector<std::string>& eq,
                         std::optional<std::string>& gainDb) {  // [control]
    command
        .add_option("--eq", eq,
                    "EQ band gain BAND=DB (sets eq.bandBAND.gainDb), repeatable; the reference graph's bands 0…7 "
                    "are at 60 120 240 480 960 1920 3840 7680 Hz (Q 1), " +
                        referenceRangeText("eq.band0.gainDb") + "; e.g. --eq 4=-20")
        ->type_name("BAND=DB")
        ->allow_extra_args(false);
    command
        .add_option("--gain-db", gainDb,
                    "master gain (sets master.gainDb), " + referenceRangeText(std::string(kMasterGainParameter)) +
                        " (default 0)")
        ->type_name("DB");
}

void addPlayStreamOptions(CLI::App& command, PlayOptions& options) {  // [control]
    command
        .add_option("--graph", options.graphPath,
                    "render through the graph in this JSON file (docs/graph-json.md) instead of the reference "
                    "graph; the inputs feed its 'input' nodes")
        ->type_name("G.json");
    addPluginOption(command, options.pluginPaths);
    addParameterOptions(command, options.eqSettings, options.gainDb);
    command
        .add_option("--backend", options.backends,
                    "backend(s) to use, in order: jack, pulse, alsa, oss, null (repeatable or comma-separated; "
                    "default: the platform order jack, pulse, alsa)")
        ->type_name("NAME")
        ->allow_extra_args(false);
    command.add_option("--fallback", options.fallbacks, "backend(s) tried after the others, e.g. --fallback null")
        ->type_name("NAME")
        ->allow_extra_args(false);
    command
        .add_option("--device", options.device,
                    "output device: id or part of its name from 'wavegraph devices' (no match: the default, "
                    "with a warning)")
        ->type_name("NAME");
    command
        .add_option("--sample-rate", options.sampleRate,
                    "stream rate in Hz, 8000…768000 (default: the files' or the track's rate, else the device's)")
        ->type_name("HZ");
    command
        .add_option("--seconds", options.seconds,
                    "stop after this many seconds (default: the end of the longest FILE or of the track; "
                    "otherwise until 'quit' or Ctrl-C)")
        ->type_name("S");
    command
        .add_option("--buffer-frames", options.bufferFrames,
                    "frames per audio callback, 16…4096 (default 256; doubled after 3 underruns within 10 s)")
        ->type_name("N");
    command
        .add_option("--sample-format", options.sampleFormat, "sample format at the device: f32, i32, i16 (default f32)")
        ->type_name("FMT");
    command
        .add_option("--record", options.recordPath,
                    "also write what is played to this 32-bit float WAV (from a non-audio thread)")
        ->type_name("OUT.wav");
    command
        .add_option("--command-log", options.commandLogPath,
                    "write each stdin command that took effect to this file with the engine frame it applied at "
                    "(commands then apply 2 device buffers, at least 100 ms, after they arrive); 'render --commands' "
                    "replays it")
        ->type_name("LOG");
    command.add_flag("--meters", options.meters, "show peak/RMS meters on stderr even when it is not a terminal");
    addStreamOptions(command, options.stream);
}

}  // namespace wavegraph::cli
