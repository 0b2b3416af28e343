#include "cli/interrupt_signal.h"

#include <atomic>
#include <csignal>

namespace wavegraph::cli {

namespace {
std::atomic<int> receivedSignal{0};
static_assert(std::atomic<int>::is_always_lock_free, "used from a signal handler");

extern "C" void onInterrupt(int signalNumber) {
    receivedSignal.store(signalNumber, std::memory_order_relaxed);
    std::signal(signalNumber, SIG_DFL);  // a second Ctrl-C ends the process at once
}
}  // namespace

void installInterruptHandlers() {  // [control]
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

bool interruptRequested() noexcept { return receivedSignal.load(std::memory_order_relaxed) != 0; }

int interruptSignal() noexcept { return receivedSignal.load(std::memory_order_relaxed); }

}  // namespace wavegraph::cli
