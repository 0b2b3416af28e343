// `wavegraph play --stream` with a bad address or quality: exit 2 and one line naming the problem,
// before any device is opened, with the password masked. And a server that is not there: play
// runs to its end on the null backend (exit 0), the stream's frames all counted as skipped.

#include <gtest/gtest.h>

#include "run_program.h"
#include "test_directory.h"

namespace wavegraph::test {
namespace {

const std::string kProgram = WAVEGRAPH_PROGRAM;

struct BadStream {
    std::vector<std::string> options;
    std::string mustContain;
};

TEST(PlayStreamOption, BadValuesAreOneLineExitTwoAndHideThePassword) {
    TestDirectory dir;
    const BadStream cases[] = {
        {{"--stream", "http://source:topsecret@127.0.0.1:8000/live.ogg"}, "--stream http://source:***@"},
        {{"--stream", "icecast://topsecret@127.0.0.1:8000/live.ogg"},
         "icecast://***@127.0.0.1:8000/live.ogg: missing password"},
        {{"--stream", "icecast://source:topsecret@127.0.0.1:70000/live.ogg"},
         "port 70000 is out of range (allowed 1…65535)"},
        {{"--stream", "icecast://source:topsecret@127.0.0.1:8000"}, "missing mount"},
        {{"--stream", "icecast://source:topsecret@127.0.0.1:8000/live.ogg", "--stream-quality", "1.5"},
         "--stream-quality 1.5: out of range (allowed -0.1…1)"},
        {{"--stream", "icecast://source:topsecret@127.0.0.1:8000/live.ogg", "--stream-quality", "high"},
         "--stream-quality high: not a number"},
        {{"--stream", "icecast://source:topsecret@127.0.0.1:8000/live.ogg", "--stream-bitrate", "1000"},
         "--stream-bitrate 1000: out of range (allowed 16…500 kbit/s)"},
        {{"--stream", "icecast://source:topsecret@127.0.0.1:8000/live.ogg", "--stream-bitrate", "96",
          "--stream-quality", "0.5"},
         "--stream-quality 0.5 and --stream-bitrate 96: give one of them"},
    };
    for (const BadStream& c : cases) {
        std::vector<std::string> arguments = {kProgram, "play", "--backend", "null", "--seconds", "1"};
        arguments.insert(arguments.end(), c.options.begin(), c.options.end());
        const auto play = runProgram(arguments, dir.path());
        std::printf("exit %d: %s", play.exitCode, play.standardError.c_str());
        EXPECT_EQ(play.exitCode, 2);
        EXPECT_EQ(countLines(play.standardError), 1) << play.standardError;
        EXPECT_NE(play.standardError.find(c.mustContain), std::string::npos) << play.standardError;
        EXPECT_EQ(play.standardError.find("topsecret"), std::string::npos) << play.standardError;
        EXPECT_EQ(play.standardError.find("playing"), std::string::npos) << "no device before the options are checked";
    }
}

TEST(PlayStreamOption, AbsentServerLeavesPlaybackAlone) {
    TestDirectory dir;
    // Port 1 on loopback: nothing listens there (connection refused at once).
    const auto play = runProgram({kProgram, "play", "--backend", "null", "--seconds", "2", "--stream",
                                  "icecast://source:topsecret@127.0.0.1:1/live.ogg"},
                                 dir.path());
    std::printf("exit %d:\n%s", play.exitCode, play.standardError.c_str());
    EXPECT_EQ(play.exitCode, 0);
    EXPECT_EQ(play.standardError.find("topsecret"), std::string::npos);
    EXPECT_NE(play.standardError.find("--stream icecast://source:***@127.0.0.1:1/live.ogg: cannot connect"),
              std::string::npos);
    // 2 s at 48 kHz: every frame the stream thread read was skipped, none sent, no reconnect.
    EXPECT_NE(play.standardError.find(": 0 frames sent, "), std::string::npos) << play.standardError;
    EXPECT_NE(play.standardError.find("skipped, 0 reconnects"), std::string::npos) << play.standardError;
}

}  // namespace
}  // namespace wavegraph::test
