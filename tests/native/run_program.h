#pragma once
// Test-only: runs a program (the built `wavegraph`) with a chosen environment and stdin,
// capturing its exit code, stdout and stderr.

#include <map>
#include <string>
#include <vector>

namespace wavegraph::test {

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

/// Number of '\n'-terminated lines in text (a final unterminated line counts too).
int countLines(const std::string& text);

}  // namespace wavegraph::test
