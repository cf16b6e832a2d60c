#include "sequences/Sha256.h"

#include <gtest/gtest.h>
#include <string>

using optiqual::sequences::Sha256;

// FIPS 180-2 appendix B test vectors.
TEST(Sha256, EmptyInput) {
    EXPECT_EQ(Sha256::of(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, Abc) {
    EXPECT_EQ(Sha256::of("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, TwoBlockMessage) {
    EXPECT_EQ(Sha256::of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, MillionAsInPieces) {
    Sha256 h;
    const std::string chunk(1000, 'a');
    for (int i = 0; i < 1000; ++i)
        h.update(chunk);
    EXPECT_EQ(h.hex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PaddingBoundaries) {
    // 55, 56 and 64 bytes straddle the length field; compare incremental and one-shot hashing.
    for (std::size_t n : {55u, 56u, 63u, 64u, 65u}) {
        const std::string text(n, 'x');
        Sha256 h;
        h.update(text.substr(0, n / 2));
        h.update(text.substr(n / 2));
        EXPECT_EQ(h.hex(), Sha256::of(text)) << n;
    }
    EXPECT_EQ(Sha256::of(std::string(56, 'a')), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}
