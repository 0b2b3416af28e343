#include "host/error_line.h"

#include <cstdio>
#include <string>

namespace wavegraph::cli {

void printLine(std::string_view message) {  // [control]
    std::string line = "wavegraph: ";
    bool pendingSeparator = false;
    for (char c : message) {
        if (c == '\n' || c == '\r') {
            pendingSeparator = true;
            continue;
        }
        if (pendingSeparator && line.size() > 11) line += "; ";
        pendingSeparator = false;
        line += c;
    }
    line += '\n';
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
}

}  // namespace wavegraph::cli
