#include "host/backend/fault_injection.h"

#include <cstdlib>
#include <sstream>

#include "host/number_parsing.h"

namespace wavegraph::host {

namespace {
constexpr const char* kForms =
    "allowed: fail-init=NAME, stream-error=S[*N], underruns=N@S, stall=recorder|meter@S+D, throw=S, "
    "fail-open=duplex|output|input";

bool seconds(const std::string& text, double& out) {  // [control]
    const auto value = cli::parseNumber(text);
    if (!value || *value < 0.0) return false;
    out = *value;
    return true;
}

struct Parsed {
    Status status = Status::ok();
};

Parsed& parsedOnce() {  // [control]
    static Parsed parsed;
    return parsed;
}
}  // namespace

Status parseFaultPlan(const std::string& text, FaultPlan& plan) {  // [control]
    std::stringstream list(text);
    for (std::string item; std::getline(list, item, ',');) {
        if (item.empty()) continue;
        const auto equals = item.find('=');
        const std::string key = item.substr(0, equals);
        const std::string value = equals == std::string::npos ? "" : item.substr(equals + 1);
        bool ok = !value.empty();
        if (ok && key == "fail-init") {
            plan.failInit.push_back(value);
        } else if (ok && key == "fail-open") {
            ok = value == "duplex" || value == "output" || value == "input";
            if (ok) plan.failOpen.push_back(value);
        } else if (ok && key == "stream-error") {
            const auto star = value.find('*');
            ok = seconds(value.substr(0, star), plan.streamErrorAtSeconds);
            if (ok && star != std::string::npos) {
                const auto repeats = cli::parseWholeNumber(value.substr(star + 1));
                ok = repeats && *repeats >= 1 && *repeats <= 100;
                if (ok) plan.streamErrorRepeats = static_cast<uint32_t>(*repeats);
            }
        } else if (ok && key == "throw") {
            ok = seconds(value, plan.throwAtSeconds);
        } else if (ok && key == "underruns") {
            const auto at = value.find('@');
            const auto count = cli::parseWholeNumber(value.substr(0, at));
            ok = at != std::string::npos && count && *count > 0 && *count < 1000000 &&
                 seconds(value.substr(at + 1), plan.underrunsAtSeconds);
            if (ok) plan.forcedUnderruns = static_cast<uint32_t>(*count);
        } else if (ok && key == "stall") {
            const auto at = value.find('@'), plus = value.find('+');
            ok = at != std::string::npos && plus != std::string::npos && plus > at;
            if (ok) {
                plan.stallConsumer = value.substr(0, at);
                ok = (plan.stallConsumer == "recorder" || plan.stallConsumer == "meter") &&
                     seconds(value.substr(at + 1, plus - at - 1), plan.stallAtSeconds) &&
                     seconds(value.substr(plus + 1), plan.stallForSeconds);
            }
        } else {
            ok = false;
        }
        if (!ok) return Status::error("WAVEGRAPH_FAULTS item '" + item + "' is not understood (" + kForms + ")");
    }
    return Status::ok();
}

FaultPlan& faultPlan() {  // [control] first call
    static FaultPlan plan;
    static const bool parsed = [] {
        const char* text = std::getenv("WAVEGRAPH_FAULTS");
        if (text != nullptr) parsedOnce().status = parseFaultPlan(text, plan);
        return true;
    }();
    (void)parsed;
    return plan;
}

const Status& faultPlanStatus() {  // [control]
    faultPlan();
    return parsedOnce().status;
}

}  // namespace wavegraph::host
