// Every bad argument or input: exit code 2, exactly one line on stderr naming the bad value
// (and the allowed range where there is one), and no OUT (nor a temporary file) left behind.

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "run_program.h"
#include "test_directory.h"

namespace wavegraph::test {
namespace {

const std::string kProgram = WAVEGRAPH_PROGRAM;
const std::string kFrontCenter = std::string(ALSA_SOUNDS_DIR) + "/Front_Center.wav";

struct BadCase {
    std::string name;
    std::vector<std::string> extraArguments;  ///< after "render IN OUT"
    std::string input;                        ///< IN ("" = Front_Center.wav)
    std::vector<std::string> mustContain;     ///< in the one stderr line
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class BadRenderArgument : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadRenderArgument, ExitsTwoWithOneLineAndNoOutput) {
    const BadCase& c = GetParam();
    TestDirectory dir;
    std::ofstream(dir.file("corrupt.wav")) << "this is a text file, not audio\n";
    std::ofstream(dir.file("empty.wav")).flush();
    {  // Front_Center.wav with 0 in the fmt chunk's channel count (bytes 22-23)
        std::ifstream in(kFrontCenter, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        bytes[22] = bytes[23] = 0;
        std::ofstream(dir.file("zero-channels.wav"), std::ios::binary) << bytes;
    }
    const std::string input = c.input.empty() ? kFrontCenter : c.input[0] == '/' ? c.input : dir.file(c.input);
    std::vector<std::string> arguments = {kProgram, "render", input, dir.file("out.wav")};
    arguments.insert(arguments.end(), c.extraArguments.begin(), c.extraArguments.end());

    const auto result = runProgram(arguments, dir.path());
    std::printf("%s -> exit %d, stderr: %s", c.name.c_str(), result.exitCode, result.standardError.c_str());
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_EQ(countLines(result.standardError), 1) << result.standardError;
    EXPECT_EQ(result.standardError.rfind("wavegraph: ", 0), 0u) << result.standardError;
    for (const auto& text : c.mustContain)
        EXPECT_NE(result.standardError.find(text), std::string::npos)
            << "missing '" << text << "' in " << result.standardError;
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"corrupt.wav", "empty.wav", "zero-channels.wav"}))
        << "OUT or a temporary file was left";
}

INSTANTIATE_TEST_SUITE_P(
    RenderCommand, BadRenderArgument,
    ::testing::Values(
        BadCase{"band_out_of_range", {"--eq", "9=-20"}, "", {"--eq 9=-20: eq has no band 9 (bands 0…7)"}},
        BadCase{"band_not_a_number", {"--eq", "x=-20"}, "", {"--eq x=-20: band 'x' is not a whole number"}},
        BadCase{"eq_without_equals", {"--eq", "4"}, "", {"--eq 4: expected BAND=DB, e.g. --eq 4=-20"}},
        BadCase{"eq_gain_not_a_number",
                {"--eq", "4=abc"},
                "",
                {"--eq 4=abc: eq.band4.gainDb 'abc' is not a number (allowed -40…40 dB)"}},
        BadCase{"eq_gain_out_of_range",
                {"--eq", "4=50"},
                "",
                {"--eq 4=50: eq.band4.gainDb 50 is out of range (-40…40 dB)"}},
        BadCase{"gain_not_a_number",
                {"--gain-db", "abc"},
                "",
                {"--gain-db abc: master.gainDb 'abc' is not a number (allowed -120…24 dB)"}},
        BadCase{"gain_out_of_range",
                {"--gain-db", "40"},
                "",
                {"--gain-db 40: master.gainDb 40 is out of range (-120…24 dB)"}},
        BadCase{"eq_gain_nan", {"--eq", "4=nan"}, "", {"--eq 4=nan: eq.band4.gainDb nan is not a finite number"}},
        BadCase{"gain_minus_infinity",
                {"--gain-db", "-inf"},
                "",
                {"--gain-db -inf: master.gainDb -inf is not a finite number"}},
        BadCase{"gain_huge",
                {"--gain-db", "1e308"},
                "",
                {"--gain-db 1e308: master.gainDb 1e+308 is out of range (-120…24 dB)"}},
        BadCase{"empty_input", {}, "empty.wav", {"empty.wav", "cannot open"}},
        BadCase{"zero_channel_input", {}, "zero-channels.wav", {"zero-channels.wav", "Channel count is zero"}},
        BadCase{"unknown_option", {"--bogus"}, "", {"--bogus", "wavegraph render --help"}},
        BadCase{"missing_input", {}, "missing.wav", {"missing.wav", "cannot open", "No such file"}},
        BadCase{"corrupt_input", {}, "corrupt.wav", {"corrupt.wav", "cannot open"}}),
    [](const auto& info) { return info.param.name; });

TEST(RenderCommand, MissingPositionalIsOneLine) {
    TestDirectory dir;
    const auto result = runProgram({kProgram, "render"}, dir.path());
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_EQ(countLines(result.standardError), 1) << result.standardError;
    EXPECT_NE(result.standardError.find("IN"), std::string::npos) << result.standardError;
}

TEST(RenderCommand, UnwritableOutputDirectoryIsOneLine) {
    TestDirectory dir;
    const auto result = runProgram({kProgram, "render", kFrontCenter, dir.file("no/such/dir/out.wav")}, dir.path());
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_EQ(countLines(result.standardError), 1) << result.standardError;
    EXPECT_NE(result.standardError.find("no/such/dir/out.wav"), std::string::npos) << result.standardError;
}

TEST(Program, HelpDocumentsExitCodes) {
    TestDirectory dir;
    for (const std::string sub : {"render", "devices", "play", "nodes"}) {
        const auto result = runProgram({kProgram, sub, "--help"}, dir.path());
        EXPECT_EQ(result.exitCode, 0) << sub;
        EXPECT_NE(result.standardOutput.find("Exit codes: 0 ok, 1 device or runtime failure, 2 bad arguments"),
                  std::string::npos)
            << sub << ": " << result.standardOutput;
    }
}

}  // namespace
}  // namespace wavegraph::test
