// The AudioParam timeline methods on `wavegraph play`'s stdin, on the clock-paced null backend:
// a constant node's recorded output follows setValueAtTime + linearRampToValueAtTime typed while
// playing (compared with the W3C values at their frames), and bad lines are answered with one
// line naming the bad value and what is allowed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "run_program.h"
#include "test_directory.h"
#include "wav_io.h"

namespace wavegraph::test {
namespace {

const std::string kProgram = WAVEGRAPH_PROGRAM;

TEST(PlayTimeline, StdinTimelineCallsShapeTheOutputAndBadOnesAreOneLine) {
    TestDirectory dir;
    std::ofstream(dir.file("c.json"))
        << R"({ "nodes": [ { "id": "c", "type": "constant", "params": { "value": 0 } } ], "output": "c" })";
    // Sent as play starts (a 1.2 s play): 0.25 from 0.5 s, then a line to 0.75 at 0.9 s.
    const std::string commands =
        "echo 'setValueAtTime c.value 0.25 0.5'; echo 'linearRampToValueAtTime c.value 0.75 0.9'; "
        "echo 'linearRampToValueAtTime c.value soon 2'; echo 'setValueAtTime c.value 5e6 1'; "
        "echo 'setTargetAtTime c.value 1 2'; echo 'exponentialRampToValueAtTime c.value 0 2'; "
        "echo 'cancelScheduledValues c.volume 1'";
    const auto play = runLogged({"/bin/bash", "-c",
                                 "cd \"$1\" && (" + commands +
                                     ") | \"$0\" play --graph c.json --backend null --seconds 1.2 "
                                     "--buffer-frames 256 --record play.wav",
                                 kProgram, dir.path()},
                                dir, withoutAudioServer());
    ASSERT_EQ(play.exitCode, 0);
    const std::vector<std::string> answers = {
        "c.value: setValueAtTime 0.25 at 0.5 s",
        "c.value: linearRampToValueAtTime 0.75 at 0.9 s",
        "linearRampToValueAtTime c.value soon 2: c.value 'soon' is not a number (allowed -1e+06…1e+06)",
        "setValueAtTime c.value 5e6 1: c.value 5e+06 is out of range (-1e+06…1e+06)",
        "setTargetAtTime c.value 1 2: setTargetAtTime takes NODE.PARAM value timeSeconds timeConstantSeconds (3 "
        "values after NODE.PARAM, 2 given)",
        "exponentialRampToValueAtTime c.value 0 2: c.value: exponentialRampToValueAtTime",
        "cancelScheduledValues c.volume 1: node 'c' (constant) has no parameter 'volume'",
    };
    for (const auto& answer : answers)
        EXPECT_NE(play.standardError.find(answer), std::string::npos) << "missing: " << answer;

    const Audio played = readAudio(dir.file("play.wav"));
    ASSERT_EQ(played.frames(), size_t{57600});
    const double rate = 48000.0;
    double worst = 0.0;
    for (size_t k = 0; k < played.frames(); ++k) {
        const double t = static_cast<double>(k) / rate;
        const double expected = t < 0.5 ? 0.0 : (t < 0.9 ? 0.25 + 0.5 * (t - 0.5) / 0.4 : 0.75);
        worst = std::max(worst, std::fabs(double{played.channels[0][k]} - static_cast<float>(expected)));
    }
    std::printf("played %zu frames; max |output - W3C value (as float)| %.3g\n", played.frames(), worst);
    EXPECT_LE(worst, 1e-7);
}

}  // namespace
}  // namespace wavegraph::test
