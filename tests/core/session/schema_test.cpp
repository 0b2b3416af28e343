// schemaJson: what it claims about ranges holds in a running session. For every node type and
// parameter: the listed minimum and maximum are accepted by GraphSession::validateCommand at
// 48 kHz; for a parameter marked belowNyquist the smaller of its maximum and Nyquist is refused
// while the largest double below it is accepted; a value past either end is refused. Event kinds and stats fields are
// listed with the numbers the C++ enums give them.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "graph/engine_event.h"
#include "session/engine_stats.h"
#include "session/graph_session.h"
#include "session/schema.h"

using namespace wavegraph;

TEST(Schema, ListedRangesAreWhatTheSessionAccepts) {
    const auto schema = nlohmann::json::parse(schemaJson());
    ASSERT_EQ(schema["sampleRateHz"].get<double>(), 48000.0);
    int checked = 0, belowNyquist = 0, webAudio = 0;
    for (const auto& type : schema["nodeTypes"]) {
        const auto name = type["type"].get<std::string>();
        GraphSession session;
        ASSERT_TRUE(session.prepare({48000.0, 128, 2}).isOk());
        const nlohmann::json graph = {{"nodes", {{{"id", "n"}, {"type", name}}}}, {"output", "n"}};
        ASSERT_TRUE(session.loadGraph(graph.dump()).isOk()) << name;
        const auto node = static_cast<uint32_t>(session.nodeId("n"));
        for (const auto& p : type["params"]) {
            const auto id = p["id"].get<uint32_t>();
            const double min = p["min"].get<double>(), max = p["max"].get<double>();
            const std::string what = name + "." + p["name"].get<std::string>();
            EXPECT_TRUE(session.validateCommand(node, id, min).isOk()) << what << " min " << min;
            if (p["belowNyquist"].get<bool>()) {
                ++belowNyquist;
                const double nyquist = 0.5 * schema["sampleRateHz"].get<double>();
                const double limit = std::min(max, nyquist);
                EXPECT_FALSE(session.validateCommand(node, id, limit).isOk()) << what << " at " << limit;
                EXPECT_TRUE(session.validateCommand(node, id, std::nextafter(limit, 0.0)).isOk()) << what;
                if (max > nyquist) EXPECT_FALSE(session.validateCommand(node, id, max).isOk()) << what;
            } else {
                EXPECT_TRUE(session.validateCommand(node, id, max).isOk()) << what << " max " << max;
            }
            const double above = max + std::max(1.0, std::abs(max)), below = min - std::max(1.0, std::abs(min));
            if (p["webAudioNominalRange"].get<bool>()) {
                // A W3C nominal range: beyond it is accepted and clamped to the listed limit.
                ++webAudio;
                EXPECT_TRUE(session.validateCommand(node, id, above).isOk()) << what;
                EXPECT_TRUE(session.validateCommand(node, id, below).isOk()) << what;
                EXPECT_FALSE(session.validateCommand(node, id, std::nan("")).isOk()) << what;
                Node* instance = session.node(node);
                (void)instance->setParameterImmediate(id, above);
                EXPECT_EQ(instance->parameter(id), max) << what;
                (void)instance->setParameterImmediate(id, below);
                EXPECT_EQ(instance->parameter(id), min) << what;
            } else {
                if (std::isfinite(std::nextafter(max, std::numeric_limits<double>::infinity())) && max < 1e300)
                    EXPECT_FALSE(session.validateCommand(node, id, above).isOk()) << what;
                EXPECT_FALSE(session.validateCommand(node, id, below).isOk()) << what;
            }
            ++checked;
        }
    }
    std::printf(
        "schema: %d parameters of %zu node types checked against validateCommand at 48 kHz (%d below Nyquist, %d "
        "with a Web Audio nominal range, clamped)\n",
        checked, schema["nodeTypes"].size(), belowNyquist, webAudio);
    EXPECT_GT(checked, 50);
    EXPECT_GT(belowNyquist, 0);
    EXPECT_EQ(webAudio, 9);  // the biquad's frequencyHz, q, gainDb, detuneCents; the dynamicsCompressor's 5
}

TEST(Schema, EventKindsAndStatsCarryTheNumbersOfTheEnums) {
    const auto schema = nlohmann::json::parse(schemaJson());
    ASSERT_EQ(schema["eventKinds"].size(), std::size(kEngineEvents));
    for (const auto& e : schema["eventKinds"])
        EXPECT_STREQ(engineEventName(static_cast<EngineEvent>(e["kind"].get<uint32_t>())),
                     e["name"].get<std::string>().c_str());
    ASSERT_EQ(schema["stats"].size(), kEngineStatsCount);
    for (uint32_t i = 0; i < kEngineStatsCount; ++i) EXPECT_EQ(schema["stats"][i]["index"].get<uint32_t>(), i);
    std::printf("schema: %zu event kinds, %u stats fields\n", schema["eventKinds"].size(), kEngineStatsCount);
}
