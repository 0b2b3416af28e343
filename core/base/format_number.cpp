#include "base/format_number.h"

#include <cstdio>

namespace wavegraph {

std::string formatNumber(double value) {  // [control]
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);  // [control]
    return buffer;
}

}  // namespace wavegraph
