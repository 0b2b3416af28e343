#include "host/backend/backend_error.h"

namespace wavegraph::host {

const char* errorKindName(BackendErrorKind kind) noexcept {  // [any]
    switch (kind) {
        case BackendErrorKind::none: return "Ok";
        case BackendErrorKind::deviceNotFound: return "DeviceNotFound";
        case BackendErrorKind::deviceUnavailable: return "DeviceUnavailable";
        case BackendErrorKind::unsupportedFormat: return "UnsupportedFormat";
        case BackendErrorKind::streamError: return "StreamError";
        case BackendErrorKind::initializationFailed: return "InitializationFailed";
        case BackendErrorKind::backendNotAvailable: return "BackendNotAvailable";
        case BackendErrorKind::configurationError: return "ConfigurationError";
        case BackendErrorKind::underrun: return "Underrun";
        case BackendErrorKind::overrun: return "Overrun";
    }
    return "Unknown";
}

}  // namespace wavegraph::host
