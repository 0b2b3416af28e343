#pragma once
/// \file process_memory.h
/// Resident memory of this process (VmRSS in /proc/self/status), for the soaks.

#include <cstdint>
#include <fstream>
#include <string>

namespace wavegraph::soak {

/// VmRSS in KiB, or 0 when /proc/self/status cannot be read. [control]
inline uint64_t residentKib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6));
    return 0;
}

}  // namespace wavegraph::soak
