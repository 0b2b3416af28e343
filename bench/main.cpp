// wavegraph_bench's main: Google Benchmark as usual, and with the console output (the default)
// a closing table of speed-ups over the scalar biquad baseline of the same run, so the ratios
// the documentation quotes are measured side by side: for every benchmark B/…/N that reports
// time_per_frame, BM_ScalarBiquadBaseline/N's time_per_frame ÷ B's (the medians when
// --benchmark_repetitions is given).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

class RatioReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& run : runs) {
            if (run.error_occurred || (run.run_type == Run::RT_Aggregate && run.aggregate_name != "median")) continue;
            const auto counter = run.counters.find("time_per_frame");
            if (counter == run.counters.end()) continue;
            const std::string name = run.run_name.str();
            if (!secondsPerFrame_.count(name)) order_.push_back(name);
            // An iteration run first, the median (if any) after it: the median is kept.
            secondsPerFrame_[name] = counter->second.value;
        }
        ConsoleReporter::ReportRuns(runs);
    }

    void Finalize() override {
        ConsoleReporter::Finalize();
        bool header = false;
        for (const std::string& name : order_) {
            const auto slash = name.rfind('/');
            if (slash == std::string::npos || name.rfind("BM_ScalarBiquadBaseline/", 0) == 0) continue;
            const auto baseline = secondsPerFrame_.find("BM_ScalarBiquadBaseline" + name.substr(slash));
            if (baseline == secondsPerFrame_.end()) continue;
            if (!header) {
                std::printf(
                    "\nSpeed-up over the scalar baseline of this run (BM_ScalarBiquadBaseline/N ns/frame "
                    "over the benchmark's; medians when repeated):\n");
                std::printf("%-40s %12s %12s %9s %9s\n", "benchmark", "ns/frame", "scalar", "speed-up", "ratio");
                header = true;
            }
            const double self = secondsPerFrame_[name] * 1e9, scalar = baseline->second * 1e9;
            std::printf("%-40s %12.2f %12.2f %8.2fx %9.3f\n", name.c_str(), self, scalar, scalar / self, self / scalar);
        }
        std::fflush(stdout);
    }

private:
    std::map<std::string, double> secondsPerFrame_;
    std::vector<std::string> order_;
};

}  // namespace

int main(int argc, char** argv) {
    bool console = true;
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--benchmark_format=", 19) == 0 && std::strcmp(argv[i] + 19, "console") != 0)
            console = false;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    if (console) {
        RatioReporter reporter;
        benchmark::RunSpecifiedBenchmarks(&reporter);
    } else {
        benchmark::RunSpecifiedBenchmarks();
    }
    benchmark::Shutdown();
    return 0;
}
