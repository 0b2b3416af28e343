#pragma once
/// \file json_parse_error.h
/// Why a text is not JSON, as one line, without exceptions (the wasm core is built with
/// -fno-exceptions): the graph and track readers call it after nlohmann::json::parse(…, false)
/// returned a discarded value.

#include <string>
#include <string_view>

namespace wavegraph {

/// "not valid JSON at byte N (near '…')" (the parser's position and up to 20 characters of the
/// last token read), or "not valid JSON" when the parser gives no position. [control] Allocates.
std::string jsonParseErrorMessage(std::string_view text);

}  // namespace wavegraph
