#include "host/quiet_stderr.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace wavegraph::cli {

QuietStderr::QuietStderr() {  // [control]
    std::fflush(stderr);
    savedStderr_ = ::dup(STDERR_FILENO);
    const int devNull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (savedStderr_ < 0 || devNull < 0) {  // cannot silence: leave stderr as it is
        if (devNull >= 0) ::close(devNull);
        return;
    }
    ::dup2(devNull, STDERR_FILENO);
    ::close(devNull);
}

QuietStderr::~QuietStderr() {  // [control]
    if (savedStderr_ < 0) return;
    std::fflush(stderr);
    ::dup2(savedStderr_, STDERR_FILENO);
    ::close(savedStderr_);
}

}  // namespace wavegraph::cli
