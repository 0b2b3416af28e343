// parseIcecastUrl: the parts of good addresses, and one line naming the problem for bad ones,
// never showing the password.

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "host/icecast_url.h"

namespace wavegraph::cli {
namespace {

TEST(IcecastUrl, ParsesEveryPart) {
    IcecastUrl url;
    ASSERT_TRUE(parseIcecastUrl("icecast://source:hackme@127.0.0.1:8123/live.ogg", url));
    EXPECT_EQ(url.user, "source");
    EXPECT_EQ(url.password, "hackme");
    EXPECT_EQ(url.host, "127.0.0.1");
    EXPECT_EQ(url.port, 8123);
    EXPECT_EQ(url.mount, "/live.ogg");
    EXPECT_EQ(url.masked(), "icecast://source:***@127.0.0.1:8123/live.ogg");
}

TEST(IcecastUrl, DefaultsPortAndDecodesPercentEscapes) {
    IcecastUrl url;
    ASSERT_TRUE(parseIcecastUrl("ICECAST://me:p%40ss%3Aword@radio.example:65535/a/b.ogg", url));
    EXPECT_EQ(url.user, "me");
    EXPECT_EQ(url.password, "p@ss:word");
    EXPECT_EQ(url.port, 65535);
    EXPECT_EQ(url.mount, "/a/b.ogg");
    ASSERT_TRUE(parseIcecastUrl("icecast://source:x@host/m", url));
    EXPECT_EQ(url.port, 8000);
    ASSERT_TRUE(parseIcecastUrl("icecast://source:a@b@[::1]:9000/m", url));  // the last '@' ends the password
    EXPECT_EQ(url.password, "a@b");
    EXPECT_EQ(url.host, "::1");
    EXPECT_EQ(url.masked(), "icecast://source:***@[::1]:9000/m");
}

struct BadUrl {
    const char* text;
    const char* mustContain;
};

TEST(IcecastUrl, BadAddressesAreOneLineWithoutThePassword) {
    const BadUrl cases[] = {
        {"http://source:secret1@host:8000/live", "bad scheme 'http'"},
        {"source:secret1@host:8000/live", "not an icecast:// URL"},
        {"icecast://host:8000/live", "missing USER:PASSWORD@"},
        {"icecast://secret1@host:8000/live", "icecast://***@host:8000/live: missing password"},
        {"icecast://source:@host:8000/live", "missing password"},
        {"icecast://source:secret1@host:0/live", "port 0 is out of range (allowed 1…65535)"},
        {"icecast://source:secret1@host:65536/live", "port 65536 is out of range (allowed 1…65535)"},
        {"icecast://source:secret1@host:99999999999999999999/live", "is out of range (allowed 1…65535)"},
        {"icecast://source:secret1@host:80a/live", "port '80a' is not a whole number"},
        {"icecast://source:secret1@host:/live", "missing port"},
        {"icecast://source:secret1@host:8000", "missing mount"},
        {"icecast://source:secret1@host:8000/", "missing mount"},
        {"icecast://source:secret1@:8000/live", "missing host"},
        {"icecast://source:secret1@host:8000/li ve", "mount '/li ve' has a space"},
        {"icecast://source:secret1%4@host:8000/live", "bad percent-encoding"},
        {"icecast://source:secret1@[::1/live", "missing ']'"},
    };
    for (const BadUrl& c : cases) {
        IcecastUrl url;
        const Status status = parseIcecastUrl(c.text, url);
        ASSERT_FALSE(status) << c.text;
        std::printf("%-58s -> %s\n", c.text, status.message().c_str());
        EXPECT_NE(status.message().find(c.mustContain), std::string::npos) << status.message();
        EXPECT_EQ(status.message().find("secret1"), std::string::npos) << status.message();
        EXPECT_EQ(status.message().find('\n'), std::string::npos);
    }
}

TEST(IcecastUrl, MutatedAddressesNeverShowThePassword) {
    // 20,000 seeded mutations of a good address (bytes replaced, inserted, deleted; '@', ':', '/',
    // '%', '[', ']' favoured): every result is ok or one line, and no message holds the password.
    const std::string good = "icecast://source:Zq7pass@127.0.0.1:8000/live.ogg";
    const std::string special = "@:/%[]0123456789 \n";
    std::mt19937 random(20261206);
    int refused = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string text = good;
        const int edits = 1 + static_cast<int>(random() % 4);
        for (int e = 0; e < edits && !text.empty(); ++e) {
            const size_t at = random() % text.size();
            const char c = random() % 2 ? special[random() % special.size()] : static_cast<char>(random() % 256);
            switch (random() % 3) {
                case 0: text[at] = c; break;
                case 1: text.insert(text.begin() + static_cast<long>(at), c); break;
                default: text.erase(at, 1); break;
            }
        }
        IcecastUrl url;
        const Status status = parseIcecastUrl(text, url);
        if (status) {
            EXPECT_FALSE(url.host.empty());
            EXPECT_GE(url.port, 1);
            EXPECT_GE(url.mount.size(), 2u);
            if (url.password.find("Zq7pass") != std::string::npos)  // a mutation may move the ':' into it
                EXPECT_EQ(url.masked().find("Zq7pass"), std::string::npos) << url.masked();
            continue;
        }
        ++refused;
        EXPECT_EQ(status.message().find('\n'), std::string::npos) << status.message();
        if (text.find("Zq7pass@") != std::string::npos)  // the password as typed: never shown
            EXPECT_EQ(status.message().find("Zq7pass"), std::string::npos) << status.message();
    }
    std::printf("20000 mutated addresses: %d refused with one line, %d accepted\n", refused, 20000 - refused);
}

}  // namespace
}  // namespace wavegraph::cli
