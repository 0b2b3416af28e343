#include "host/ogg_vorbis_encoder.h"

#include <ogg/ogg.h>
#include <vorbis/codec.h>
#include <vorbis/vorbisenc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace wavegraph::cli {

struct OggVorbisEncoder::State {
    vorbis_info info{};
    vorbis_comment comment{};
    vorbis_dsp_state dsp{};
    vorbis_block block{};
    ogg_stream_state stream{};
};

namespace {
std::string vorbisErrorText(int code) {  // [control]
    switch (code) {
        case OV_EIMPL: return "not supported by libvorbisenc";
        case OV_EINVAL: return "invalid setting";
        case OV_EFAULT: return "internal error";
        default: return "error " + std::to_string(code);
    }
}

std::string formatNumber(double value) {  // [control] shortest form, e.g. 0.4, 48000
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string describe(const VorbisRate& rate) {  // [control] "quality 0.4", "96 kbit/s"
    return rate.bitrateKbps > 0.0 ? formatNumber(rate.bitrateKbps) + " kbit/s"
                                  : "quality " + formatNumber(rate.quality);
}

Status checkRanges(uint32_t channels, double sampleRateHz, const VorbisRate& rate) {  // [control]
    if (channels < 1 || channels > 255)
        return Status::error("Vorbis encodes 1…255 channels, not " + std::to_string(channels));
    if (rate.bitrateKbps != 0.0) {
        if (!std::isfinite(rate.bitrateKbps) || rate.bitrateKbps < kVorbisBitrateMinKbps ||
            rate.bitrateKbps > kVorbisBitrateMaxKbps)
            return Status::error("Vorbis bitrate " + formatNumber(rate.bitrateKbps) + " kbit/s is out of range (" +
                                 formatNumber(kVorbisBitrateMinKbps) + "…" + formatNumber(kVorbisBitrateMaxKbps) +
                                 " kbit/s)");
    } else if (!std::isfinite(rate.quality) || rate.quality < kVorbisQualityMin || rate.quality > kVorbisQualityMax) {
        return Status::error("Vorbis quality " + formatNumber(rate.quality) + " is out of range (" +
                             formatNumber(kVorbisQualityMin) + "…" + formatNumber(kVorbisQualityMax) + ")");
    }
    if (!(sampleRateHz >= 1.0 && sampleRateHz <= 1e6))
        return Status::error("Vorbis cannot encode at " + formatNumber(sampleRateHz) + " Hz");
    return Status::ok();
}

int initEncoder(vorbis_info* info, uint32_t channels, double sampleRateHz, const VorbisRate& rate) {  // [control]
    if (rate.bitrateKbps > 0.0)  // ABR: the nominal rate on average, no hard limits
        return vorbis_encode_init(info, static_cast<long>(channels), std::lround(sampleRateHz), -1,
                                  std::lround(rate.bitrateKbps * 1000.0), -1);
    return vorbis_encode_init_vbr(info, static_cast<long>(channels), std::lround(sampleRateHz),
                                  static_cast<float>(rate.quality));
}
}  // namespace

OggVorbisEncoder::OggVorbisEncoder() = default;
OggVorbisEncoder::~OggVorbisEncoder() { release(); }

Status OggVorbisEncoder::check(uint32_t channels, double sampleRateHz, const VorbisRate& rate) {  // [control]
    if (auto status = checkRanges(channels, sampleRateHz, rate); !status) return status;
    vorbis_info info;
    vorbis_info_init(&info);
    const int result = initEncoder(&info, channels, sampleRateHz, rate);
    vorbis_info_clear(&info);
    if (result != 0)
        return Status::error("Vorbis cannot encode " + std::to_string(channels) + " channels at " +
                             formatNumber(sampleRateHz) + " Hz, " + describe(rate) + " (" + vorbisErrorText(result) +
                             ")");
    return Status::ok();
}

void OggVorbisEncoder::release() noexcept {  // [control]
    if (!state_) return;
    if (active_) {
        ogg_stream_clear(&state_->stream);
        vorbis_block_clear(&state_->block);
        vorbis_dsp_clear(&state_->dsp);
        vorbis_comment_clear(&state_->comment);
        vorbis_info_clear(&state_->info);
    }
    active_ = false;
    state_.reset();
}

Status OggVorbisEncoder::begin(uint32_t channels, double sampleRateHz, const VorbisRate& rate, int serial,
                               std::vector<uint8_t>& pages) {  // [control]
    release();
    if (auto status = check(channels, sampleRateHz, rate); !status) return status;
    state_ = std::make_unique<State>();
    State& s = *state_;
    vorbis_info_init(&s.info);
    if (initEncoder(&s.info, channels, sampleRateHz, rate) != 0) {
        vorbis_info_clear(&s.info);
        state_.reset();
        return Status::error("Vorbis encoder setup failed");
    }
    vorbis_comment_init(&s.comment);
    vorbis_comment_add_tag(&s.comment, "ENCODER", "wavegraph");
    vorbis_analysis_init(&s.dsp, &s.info);
    vorbis_block_init(&s.dsp, &s.block);
    ogg_stream_init(&s.stream, serial);
    active_ = true;
    channels_ = channels;
    framesEncoded_ = 0;
    pageGranule_ = 0;
    maxPageFrames_ = std::max<int64_t>(1, std::llround(kMaxPageSeconds * sampleRateHz));
    ogg_packet identification, comment, codebooks;
    vorbis_analysis_headerout(&s.dsp, &s.comment, &identification, &comment, &codebooks);
    ogg_stream_packetin(&s.stream, &identification);
    ogg_stream_packetin(&s.stream, &comment);
    ogg_stream_packetin(&s.stream, &codebooks);
    // The headers end on a page of their own: audio starts on a fresh page (the Vorbis spec).
    ogg_page page;
    while (ogg_stream_flush(&s.stream, &page) != 0) {
        pages.insert(pages.end(), page.header, page.header + page.header_len);
        pages.insert(pages.end(), page.body, page.body + page.body_len);
    }
    return Status::ok();
}

void OggVorbisEncoder::drain(std::vector<uint8_t>& pages) {  // [control]
    State& s = *state_;
    while (vorbis_analysis_blockout(&s.dsp, &s.block) == 1) {
        vorbis_analysis(&s.block, nullptr);
        vorbis_bitrate_addblock(&s.block);
        ogg_packet packet;
        while (vorbis_bitrate_flushpacket(&s.dsp, &packet) == 1) {
            ogg_stream_packetin(&s.stream, &packet);
            // libogg closes a page at about 4 KiB, which a quiet or tonal signal takes seconds
            // to fill: a page is also closed once it holds kMaxPageSeconds of audio (latency).
            const bool due = packet.granulepos >= 0 && packet.granulepos - pageGranule_ >= maxPageFrames_;
            ogg_page page;
            while ((due ? ogg_stream_flush(&s.stream, &page) : ogg_stream_pageout(&s.stream, &page)) != 0) {
                pages.insert(pages.end(), page.header, page.header + page.header_len);
                pages.insert(pages.end(), page.body, page.body + page.body_len);
                if (ogg_page_granulepos(&page) >= 0) pageGranule_ = ogg_page_granulepos(&page);
            }
        }
    }
}

void OggVorbisEncoder::encode(const float* const* planar, uint32_t frames, std::vector<uint8_t>& pages) {  // [control]
    if (!active_ || frames == 0) return;
    float** buffer = vorbis_analysis_buffer(&state_->dsp, static_cast<int>(frames));
    for (uint32_t c = 0; c < channels_; ++c) std::copy(planar[c], planar[c] + frames, buffer[c]);
    vorbis_analysis_wrote(&state_->dsp, static_cast<int>(frames));
    framesEncoded_ += frames;
    drain(pages);
}

void OggVorbisEncoder::end(std::vector<uint8_t>& pages) {  // [control]
    if (!active_) return;
    vorbis_analysis_wrote(&state_->dsp, 0);
    drain(pages);
    ogg_page page;
    while (ogg_stream_flush(&state_->stream, &page) != 0) {
        pages.insert(pages.end(), page.header, page.header + page.header_len);
        pages.insert(pages.end(), page.body, page.body + page.body_len);
    }
    release();
}

}  // namespace wavegraph::cli
