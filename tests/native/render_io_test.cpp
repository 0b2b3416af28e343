// `wavegraph render`'s two ways of moving samples, from the outside: bypassing the page cache
// (O_DIRECT where the file system allows: the default) and buffered (WAVEGRAPH_BUFFERED_IO=1)
// write the same file byte for byte, for float WAV inputs whose samples start at a 4-byte or a
// 2-byte boundary, a 16-bit input (read through libsndfile either way), stereo and 3 channels,
// and lengths that are and are not multiples of a page or of the stream's blocks; and a write that
// fails (the file size limit, as a full disk would) is one line naming the file and the reason,
// exit code 1, and leaves neither OUT nor a temporary file.

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "float_wav_bytes.h"
#include "run_program.h"
#include "test_directory.h"
#include "wav_io.h"

namespace wavegraph::test {
namespace {

const std::string kProgram = WAVEGRAPH_PROGRAM;

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Audio noiseAudio(uint32_t channels, size_t frames, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> level(-0.5f, 0.5f);
    Audio audio;
    audio.sampleRateHz = 48000.0;
    audio.channels.assign(channels, std::vector<float>(frames));
    for (auto& channel : audio.channels)
        for (float& x : channel) x = level(rng);
    return audio;
}

// A float WAV as sox writes it: an 18-byte fmt chunk (cbSize 0) and a fact chunk, so that the
// samples start at byte 58, 2 bytes into a 4-byte word.
void writeSoxStyleFloatWav(const std::string& path, const Audio& audio) {
    const uint32_t channels = static_cast<uint32_t>(audio.channels.size());
    const size_t frames = audio.frames();
    std::vector<float> interleaved(frames * channels);
    for (size_t i = 0; i < frames; ++i)
        for (uint32_t c = 0; c < channels; ++c) interleaved[i * channels + c] = audio.channels[c][i];
    writeFloatWav(path, interleaved, channels, 18, frames, false);
}

ProgramEnvironment buffered() {
    ProgramEnvironment environment;
    environment.set["WAVEGRAPH_BUFFERED_IO"] = "1";
    return environment;
}

TEST(RenderIo, DirectAndBufferedRendersWriteTheSameBytes) {
    TestDirectory directory;
    const std::string in = directory.file("in.wav");
    const std::string direct = directory.file("direct.wav");
    const std::string viaCache = directory.file("buffered.wav");
    struct Case {
        std::string input;
        uint32_t channels;
        size_t frames;
    };
    // Within the header's page, within a page, two stream blocks (the second of 1 frame: 245,760
    // stereo frames per block), several pages.
    const std::vector<Case> cases = {{"float", 2, 1},       {"float", 2, 777},       {"float", 2, 245761},
                                     {"sox-float", 2, 1},   {"sox-float", 2, 777},   {"sox-float", 2, 245761},
                                     {"sox-float", 3, 777}, {"sox-float", 3, 70001}, {"pcm16", 2, 777},
                                     {"pcm16", 2, 70001}};
    size_t renders = 0, bytes = 0;
    for (const Case& c : cases) {
        const std::string& input = c.input;
        const uint32_t channels = c.channels;
        const size_t frames = c.frames;
        const Audio audio = noiseAudio(channels, frames, static_cast<unsigned>(frames + channels));
        if (input == "sox-float")
            writeSoxStyleFloatWav(in, audio);
        else
            writeAudio(in, audio, input == "pcm16" ? SF_FORMAT_WAV | SF_FORMAT_PCM_16 : 0);
        const std::vector<std::string> arguments = {kProgram, "render", in, direct, "--eq", "4=-6", "--gain-db", "-1"};
        const ProgramResult first = runProgram(arguments, directory.path());
        std::vector<std::string> again = arguments;
        again[3] = viaCache;
        const ProgramResult second = runProgram(again, directory.path(), buffered());
        ASSERT_EQ(first.exitCode, 0) << first.standardError;
        ASSERT_EQ(second.exitCode, 0) << second.standardError;
        const std::string a = readBytes(direct), b = readBytes(viaCache);
        const std::string what =
            input + ", " + std::to_string(channels) + " channels, " + std::to_string(frames) + " frames";
        ASSERT_EQ(a.size(), b.size()) << what;
        ASSERT_TRUE(a == b) << what;
        const Audio rendered = readAudio(direct);
        ASSERT_EQ(rendered.frames(), frames) << what;
        ASSERT_EQ(rendered.channels.size(), channels) << what;
        renders += 2;
        bytes += a.size();
    }
    std::printf("%zu renders, the direct and the buffered file equal each time (%zu bytes each way)\n", renders, bytes);
}

TEST(RenderIo, AFailedWriteIsOneLineAndLeavesNoFile) {
    TestDirectory directory;
    const std::string in = directory.file("in.wav");
    writeAudio(in, noiseAudio(2, 130001, 3));
    for (const bool viaCache : {false, true}) {
        // A file size limit of 100 × 512 bytes (SIGXFSZ ignored: the write fails with EFBIG).
        const ProgramResult result = runLogged({"/bin/sh", "-c", "ulimit -f 100 && trap '' XFSZ && exec \"$0\" \"$@\"",
                                                kProgram, "render", in, directory.file("out.wav")},
                                               directory, viaCache ? buffered() : ProgramEnvironment{});
        EXPECT_EQ(result.exitCode, 1) << result.standardError;
        EXPECT_EQ(countLines(result.standardError), 1) << result.standardError;
        EXPECT_NE(result.standardError.find("cannot write '" + directory.file("out.wav") + "': File too large"),
                  std::string::npos)
            << result.standardError;
        for (const std::string& name : directory.entries()) {
            EXPECT_NE(name, "out.wav");
            EXPECT_EQ(name.find(".wavegraph-"), std::string::npos) << name;
        }
    }
}

}  // namespace
}  // namespace wavegraph::test
