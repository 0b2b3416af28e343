#pragma once
// Test-only: runs a program (the built `wavegraph`) with a chosen environment and stdin,
// capturing its exit code, stdout and stderr.

#include <map>
#include <string>
#include <vector>

namespace wavegraph::test {

class TestDirectory;

struct ProgramResult {
    int exitCode = -1;  ///< the exit status, or 128 + signal number when killed by a signal
    std::string standardOutput;
    std::string standardError;
    long peakResidentKib = 0;  ///< the program's peak resident set size (getrusage ru_maxrss), KiB
};

struct ProgramEnvironment {
    std::map<std::string, std::string> set;  ///< variables to set (override the test's own)
    std::vector<std::string> unset;          ///< variables to remove
    std::string standardInput;               ///< fed to the program's stdin (then EOF)
};

/// Runs arguments[0] (a path) with arguments, waits for it. Temporary files go in workDirectory.
ProgramResult runProgram(const std::vector<std::string>& arguments, const std::string& workDirectory,
                         const ProgramEnvironment& environment = {});

/// An environment in which the program finds no JACK server (and starts none) and none of the
/// caller's ALSA_CONFIG_PATH or test hooks (WAVEGRAPH_FAULTS, WAVEGRAPH_NULL_CAPTURE): `play
/// --backend null` and friends run the same whatever machine runs the test.
ProgramEnvironment withoutAudioServer();

/// runProgram in directory.path(), then prints the program's stderr to stdout, so that the test
/// log shows the lines a user would have seen.
ProgramResult runLogged(const std::vector<std::string>& arguments, const TestDirectory& directory,
                        const ProgramEnvironment& environment = {});

/// Number of '\n'-terminated lines in text (a final unterminated line counts too).
int countLines(const std::string& text);

}  // namespace wavegraph::test
