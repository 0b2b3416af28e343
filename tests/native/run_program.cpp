#include "run_program.h"

#include "test_directory.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace wavegraph::test {

namespace {
std::string readAll(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

std::vector<std::string> buildEnvironment(const ProgramEnvironment& environment) {
    std::vector<std::string> result;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string variable = *entry;
        const std::string name = variable.substr(0, variable.find('='));
        if (environment.set.count(name) ||
            std::find(environment.unset.begin(), environment.unset.end(), name) != environment.unset.end())
            continue;
        result.push_back(variable);
    }
    for (const auto& [name, value] : environment.set) result.push_back(name + "=" + value);
    return result;
}

std::vector<char*> pointersTo(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (auto& s : strings) pointers.push_back(s.data());
    pointers.push_back(nullptr);
    return pointers;
}
}  // namespace

ProgramResult runProgram(const std::vector<std::string>& arguments, const std::string& workDirectory,
                         const ProgramEnvironment& environment) {
    const std::string stdinPath = workDirectory + "/.stdin", stdoutPath = workDirectory + "/.stdout",
                      stderrPath = workDirectory + "/.stderr";
    std::ofstream(stdinPath, std::ios::binary) << environment.standardInput;

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, stdinPath.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);

    std::vector<std::string> argumentStrings = arguments;
    std::vector<std::string> environmentStrings = buildEnvironment(environment);
    auto argv = pointersTo(argumentStrings);
    auto envp = pointersTo(environmentStrings);
    pid_t pid = 0;
    const int spawnError = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawnError != 0) throw std::runtime_error("cannot start " + arguments[0]);

    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0) {}
    ProgramResult result;
    result.peakResidentKib = usage.ru_maxrss;
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.standardOutput = readAll(stdoutPath);
    result.standardError = readAll(stderrPath);
    for (const auto& path : {stdinPath, stdoutPath, stderrPath}) unlink(path.c_str());
    return result;
}

int countLines(const std::string& text) {
    const auto newlines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    return newlines + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

ProgramEnvironment withoutAudioServer() {
    ProgramEnvironment environment;
    environment.set["JACK_DEFAULT_SERVER"] = "wavegraph-absent-" + std::to_string(getpid());
    environment.set["JACK_NO_START_SERVER"] = "1";
    environment.unset = {"ALSA_CONFIG_PATH", "WAVEGRAPH_FAULTS", "WAVEGRAPH_NULL_CAPTURE"};
    return environment;
}

ProgramResult runLogged(const std::vector<std::string>& arguments, const TestDirectory& directory,
                        const ProgramEnvironment& environment) {
    ProgramResult result = runProgram(arguments, directory.path(), environment);
    std::printf("%s", result.standardError.c_str());
    return result;
}

}  // namespace wavegraph::test
