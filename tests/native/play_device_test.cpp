// `wavegraph devices` and `wavegraph play` without a paced device:
// - with no audio device at all (this machine has no sound card; JACK pointed at a server that
//   does not exist): one line, exit 1 for play, exit 0 for devices;
// - with ALSA's `null` PCM as the default device (not paced: callbacks run as fast as the CPU
//   allows): stdin commands are validated one line each, and play ends at end of file, after
//   --seconds and on "quit". The real-time check with a paced device is play_jack_test.sh.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "run_program.h"
#include "test_directory.h"
#include "wav_io.h"

namespace wavegraph::test {
namespace {

const std::string kProgram = WAVEGRAPH_PROGRAM;
const std::string kFrontCenter = std::string(ALSA_SOUNDS_DIR) + "/Front_Center.wav";
const std::string kAlsaConf = "/usr/share/alsa/alsa.conf";

ProgramEnvironment noJack() {
    ProgramEnvironment environment;
    environment.set["JACK_DEFAULT_SERVER"] = "wavegraph-absent-" + std::to_string(getpid());
    environment.set["JACK_NO_START_SERVER"] = "1";
    environment.unset = {"ALSA_CONFIG_PATH"};
    return environment;
}

ProgramEnvironment alsaNullDevice(const TestDirectory& dir) {
    std::ofstream(dir.file("null.conf")) << "pcm.!default { type null }\n";
    ProgramEnvironment environment = noJack();
    environment.unset.clear();
    environment.set["ALSA_CONFIG_PATH"] = kAlsaConf + ":" + dir.file("null.conf");
    return environment;
}

TEST(PlayCommand, NoDeviceIsOneLineAndExitCode1) {
    TestDirectory dir;
    const auto devices = runProgram({kProgram, "devices"}, dir.path(), noJack());
    ASSERT_EQ(devices.exitCode, 0) << devices.standardError;
    if (devices.standardOutput.rfind("no audio devices found", 0) != 0)
        GTEST_SKIP() << "this machine has audio devices, so 'no device' cannot be tested here:\n"
                     << devices.standardOutput;
    EXPECT_EQ(countLines(devices.standardOutput), 1) << devices.standardOutput;
    EXPECT_EQ(devices.standardError, "");

    for (const std::vector<std::string> arguments :
         {std::vector<std::string>{kProgram, "play"}, std::vector<std::string>{kProgram, "play", kFrontCenter}}) {
        const auto play = runProgram(arguments, dir.path(), noJack());
        std::printf("play with no device -> exit %d, stderr: %s", play.exitCode, play.standardError.c_str());
        EXPECT_EQ(play.exitCode, 1);
        EXPECT_EQ(countLines(play.standardError), 1) << play.standardError;
        EXPECT_NE(play.standardError.find("no audio output device found"), std::string::npos) << play.standardError;
        EXPECT_NE(play.standardError.find("wavegraph devices"), std::string::npos) << play.standardError;
    }
}

TEST(PlayCommand, UnreadableInputIsExitCode2BeforeAnyDevice) {
    TestDirectory dir;
    const auto play = runProgram({kProgram, "play", dir.file("missing.wav")}, dir.path(), noJack());
    EXPECT_EQ(play.exitCode, 2);
    EXPECT_EQ(countLines(play.standardError), 1) << play.standardError;
    EXPECT_NE(play.standardError.find("missing.wav"), std::string::npos) << play.standardError;
}

class AlsaNullPlay : public ::testing::Test {
protected:
    void SetUp() override {
        if (!std::filesystem::exists(kAlsaConf)) GTEST_SKIP() << kAlsaConf << " is missing (alsa-lib config)";
        const auto devices = runProgram({kProgram, "devices"}, dir.path(), alsaNullDevice(dir));
        ASSERT_EQ(devices.exitCode, 0) << devices.standardError;
        ASSERT_NE(devices.standardOutput.find("default output"), std::string::npos)
            << "ALSA's null PCM did not show up as the default output:\n"
            << devices.standardOutput;
    }
    TestDirectory dir;
};

TEST_F(AlsaNullPlay, StdinCommandsAreValidatedOneLineEachAndQuitEnds) {
    ProgramEnvironment environment = alsaNullDevice(dir);
    environment.standardInput = "eq 9 -20\ngain abc\neq 4 -20\ngain -6\nquit\n";
    const auto play = runProgram({kProgram, "play"}, dir.path(), environment);
    std::printf("%s", play.standardError.c_str());
    EXPECT_EQ(play.exitCode, 0);
    // start line, 2 errors, 2 acknowledgements, summary
    EXPECT_EQ(countLines(play.standardError), 6) << play.standardError;
    EXPECT_NE(play.standardError.find("playing pink noise"), std::string::npos);
    EXPECT_NE(play.standardError.find("wavegraph: eq 9 -20: eq has no band 9 (bands 0…7)\n"), std::string::npos);
    EXPECT_NE(
        play.standardError.find("wavegraph: gain abc: master.gainDb 'abc' is not a number (allowed -120…24 dB)\n"),
        std::string::npos);
    EXPECT_NE(play.standardError.find("eq.band4.gainDb -> -20 dB"), std::string::npos);
    EXPECT_NE(play.standardError.find("master.gainDb -> -6 dB"), std::string::npos);
    EXPECT_NE(play.standardError.find("stopped by quit"), std::string::npos);
}

TEST_F(AlsaNullPlay, FileEndsAtEndOfFileAndStdinEofDoesNotStopIt) {
    const Audio input = readAudio(kFrontCenter);
    const auto play = runProgram({kProgram, "play", kFrontCenter}, dir.path(), alsaNullDevice(dir));
    std::printf("%s", play.standardError.c_str());
    EXPECT_EQ(play.exitCode, 0);
    EXPECT_EQ(countLines(play.standardError), 2) << play.standardError;
    EXPECT_NE(play.standardError.find("(" + std::to_string(input.frames()) + " frames), stopped by end of file"),
              std::string::npos)
        << play.standardError;
}

TEST_F(AlsaNullPlay, SecondsLimitsPlayback) {
    const auto play =
        runProgram({kProgram, "play", kFrontCenter, "--seconds", "0.25"}, dir.path(), alsaNullDevice(dir));
    std::printf("%s", play.standardError.c_str());
    EXPECT_EQ(play.exitCode, 0);
    EXPECT_NE(play.standardError.find("(12000 frames), stopped by --seconds"), std::string::npos)
        << play.standardError;  // Front_Center.wav is 48 kHz
}

TEST_F(AlsaNullPlay, BadSecondsIsExitCode2) {
    const auto play = runProgram({kProgram, "play", "--seconds", "-1"}, dir.path(), alsaNullDevice(dir));
    EXPECT_EQ(play.exitCode, 2);
    EXPECT_EQ(countLines(play.standardError), 1) << play.standardError;
    EXPECT_NE(play.standardError.find("--seconds -1"), std::string::npos) << play.standardError;
}

}  // namespace
}  // namespace wavegraph::test
