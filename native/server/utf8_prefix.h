#pragma once
/// \file utf8_prefix.h
/// Cutting client text for messages without cutting a UTF-8 character in two (a message with
/// half a character is not valid JSON text).

#include <cstddef>
#include <string_view>

namespace wavegraph::server {

/// At most `maxBytes` bytes of `text`, ending before a character that would be cut. [any]
inline std::string_view utf8Prefix(std::string_view text, size_t maxBytes) {
    if (text.size() <= maxBytes) return text;
    size_t end = maxBytes;
    // Step back over continuation bytes (10xxxxxx) to the start of the character that was cut.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0u) == 0x80u) --end;
    return text.substr(0, end);
}

}  // namespace wavegraph::server
