// A graph description's `buffers`: inline and host-given buffers reach the node options that
// name them, shared (one AudioBuffer per name), and every error names the buffer and what exists.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>

#include "graph/graph_json.h"
#include "graph/node_base.h"
#include "session/graph_session.h"

using namespace wavegraph;

namespace {

// Test node: holds the buffer its "buffer" option names; outputs its channel 0, frame by frame.
class BufferProbe final : public NodeWithoutParameters {
public:
    explicit BufferProbe(std::shared_ptr<const AudioBuffer> buffer) : buffer_(std::move(buffer)) {}
    std::string_view typeName() const noexcept override { return "probe"; }
    uint32_t numInputs() const noexcept override { return 0; }
    uint32_t numOutputs() const noexcept override { return 1; }
    void process(NodeIo& io) noexcept override {
        for (uint32_t ch = 0; ch < io.outputs[0].numChannels; ++ch)
            for (uint32_t i = 0; i < io.numFrames; ++i)
                io.outputs[0].channels[ch][i] =
                    buffer_ != nullptr && position_ + i < buffer_->frames() ? buffer_->channel(0)[position_ + i] : 0.0f;
        position_ += io.numFrames;
    }
    std::shared_ptr<const AudioBuffer> buffer_;
    size_t position_ = 0;
};

NodeRegistry probeRegistry() {
    NodeRegistry r;
    r.add(
        "probe", [] { return std::make_shared<BufferProbe>(nullptr); },
        [](const NodeOptions& options, std::shared_ptr<Node>& made) {
            std::shared_ptr<const AudioBuffer> buffer;
            if (auto s = options.readBuffer("buffer", buffer); !s) return s;
            made = std::make_shared<BufferProbe>(std::move(buffer));
            return Status::ok();
        },
        {{"buffer", "name of a buffer"}});
    return r;
}

std::string graphWith(const std::string& buffers, const std::string& option) {
    return R"({ "buffers": )" + buffers + R"(, "nodes": [ { "id": "p", "type": "probe", "options": { "buffer": )" +
           option + R"( } }, { "id": "q", "type": "probe", "options": { "buffer": )" + option +
           R"( } } ], "output": "p" })";
}

Status load(const std::string& text, GraphFromJson& out, const AudioBufferMap* host = nullptr) {
    return graphFromJson(text, probeRegistry(), ProcessSpec{48000, 128, 1}, out, nullptr, host);
}

std::string errorOf(const std::string& text, const AudioBufferMap* host = nullptr) {
    GraphFromJson g;
    return load(text, g, host).message();
}

}  // namespace

TEST(GraphBuffers, InlineBufferReachesEveryNodeThatNamesItOnce) {
    GraphFromJson g;
    const auto s = load(graphWith(R"({ "ramp": { "channels": [[0, 0.25, 0.5], [1, 2, 3]], "sampleRateHz": 22050 },
                                       "other": { "channels": [[9]] } })",
                                  R"("ramp")"),
                        g);
    ASSERT_TRUE(s) << s.message();
    auto* p = dynamic_cast<BufferProbe*>(g.graph.node(g.ids.at("p")));
    auto* q = dynamic_cast<BufferProbe*>(g.graph.node(g.ids.at("q")));
    ASSERT_NE(p->buffer_, nullptr);
    EXPECT_EQ(p->buffer_.get(), q->buffer_.get());  // shared, not copied
    EXPECT_EQ(p->buffer_->numChannels(), 2u);
    EXPECT_EQ(p->buffer_->frames(), 3u);
    EXPECT_EQ(p->buffer_->sampleRateHz(), 22050.0);
    EXPECT_EQ(p->buffer_->channel(0)[1], 0.25f);
    EXPECT_EQ(p->buffer_->channel(1)[2], 3.0f);
    EXPECT_EQ(g.buffers.at("other")->sampleRateHz(), 48000.0);  // default: the engine's rate
    std::printf("ramp: %u channels × %zu frames at %g Hz, shared by %ld owners\n", p->buffer_->numChannels(),
                p->buffer_->frames(), p->buffer_->sampleRateHz(), p->buffer_.use_count());
}

TEST(GraphBuffers, HostBuffersAnswerFileEntriesAndUnlistedNames) {
    std::shared_ptr<const AudioBuffer> kick;
    const float samples[4] = {0.5f, -0.5f, 0.25f, -0.25f};
    ASSERT_TRUE(AudioBuffer::makePlanar(samples, 2, 2, 44100, kick));
    const AudioBufferMap host{{"kick", kick}};
    GraphFromJson g;
    ASSERT_TRUE(load(graphWith(R"({ "kick": { "file": "kick.wav" } })", R"("kick")"), g, &host));
    EXPECT_EQ(dynamic_cast<BufferProbe*>(g.graph.node(g.ids.at("p")))->buffer_.get(), kick.get());
    GraphFromJson unlisted;
    ASSERT_TRUE(load(graphWith("{}", R"("kick")"), unlisted, &host));
    EXPECT_EQ(dynamic_cast<BufferProbe*>(unlisted.graph.node(unlisted.ids.at("q")))->buffer_->channel(1)[1], -0.25f);
}

TEST(GraphBuffers, ErrorsNameTheBufferAndWhatExists) {
    const std::string two = R"({ "kick": { "channels": [[1]] }, "snare": { "channels": [[1]] } })";
    const std::pair<std::string, std::string> cases[] = {
        {errorOf(graphWith(two, R"("kik")")), "nodes[0].options.buffer: no buffer named 'kik' (defined: kick, snare)"},
        {errorOf(graphWith("{}", "3")), "nodes[0].options.buffer: must be the name of a buffer (defined: none), not 3"},
        {errorOf(graphWith(R"({ "kick": { "file": "kick.wav" } })", R"("kick")")),
         "buffers.kick: the file 'kick.wav' was not loaded by the host (the host decodes files and gives the buffer "
         "by name)"},
        {errorOf(graphWith(R"({ "kick": { "channels": [[1, 2], [1]] } })", R"("kick")")),
         "buffers.kick: channels[1]: 1 frames, not 2 as channel 0"},
        {errorOf(graphWith(R"({ "kick": { "channels": [[1]], "sampleRateHz": 100 } })", R"("kick")")),
         "buffers.kick: sampleRateHz: 100 is out of range (3000…768000 Hz)"},
        {errorOf(graphWith(R"({ "kick": { "channels": [[1, "x"]] } })", R"("kick")")),
         "buffers.kick.channels[0][1]: must be a number, not \"x\""},
        {errorOf(graphWith(R"({ "kick": { "channels": [[1e39]] } })", R"("kick")")),
         "buffers.kick: channels[0][0]: inf is not a finite number"},
        {errorOf(graphWith(R"({ "kick": { "channels": [] } })", R"("kick")")),
         "buffers.kick.channels: must be an array of 1…32 channels (arrays of numbers)"},
        {errorOf(graphWith(R"({ "kick": { "chanels": [[1]] } })", R"("kick")")),
         "buffers.kick: must be { \"channels\": [[…], …], \"sampleRateHz\": n } or { \"file\": \"path\" }"},
        {errorOf(graphWith(R"([1])", R"("kick")")), "buffers: must be an object of named buffers, not array"},
    };
    for (const auto& [got, want] : cases) {
        std::printf("%s\n", got.c_str());
        EXPECT_EQ(got, want);
    }
}

TEST(GraphBuffers, SessionKeepsHostBuffersForLaterDescriptions) {
    GraphSession session(probeRegistry());
    ASSERT_TRUE(session.prepare(ProcessSpec{48000, 64, 1}));
    std::shared_ptr<const AudioBuffer> ramp;
    ASSERT_TRUE(AudioBuffer::make({{0.0f, 0.125f, 0.25f, 0.375f}}, 48000, ramp));
    session.setBuffer("ramp", ramp);
    const auto text = graphWith(R"({ "ramp": { "file": "ramp.wav" } })", R"("ramp")");
    ASSERT_TRUE(session.checkGraph(text));
    ASSERT_TRUE(session.loadGraph(text));
    auto* p = dynamic_cast<BufferProbe*>(session.node(static_cast<uint32_t>(session.nodeId("p"))));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->buffer_.get(), ramp.get());
    session.clearBuffers();
    EXPECT_EQ(session.checkGraph(text).message(),
              "buffers.ramp: the file 'ramp.wav' was not loaded by the host (the host decodes files and gives the "
              "buffer by name)");
    // The running description keeps its buffer after clearBuffers.
    std::printf("owners of the ramp after clearBuffers: %ld\n", ramp.use_count());
    EXPECT_GT(ramp.use_count(), 1);
}
