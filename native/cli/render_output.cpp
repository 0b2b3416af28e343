#include "cli/render_output.h"

#include <cmath>
#include <cstdio>

namespace wavegraph::cli {

Status finishOutputFile(SoundFileWriter& writer, TemporaryOutputFile& temporary) {  // [control]
    if (auto status = writer.close(); !status) return status;
    return temporary.commit();
}

std::string peakDbfsText(float peakLinear) {  // [any]
    if (peakLinear <= 0.0f) return "-inf dBFS (silence)";
    char text[32];
    std::snprintf(text, sizeof text, "%.2f dBFS", 20.0 * std::log10(static_cast<double>(peakLinear)));
    return text;
}

}  // namespace wavegraph::cli
