#pragma once
#include "instruments/sim/world/CmisRegisters.h"

#include <array>
#include <cstdint>
#include <map>
#include <string_view>
#include <utility>

namespace optiqual::instruments::sim {

/// @brief The bytes of a CMIS module's management memory: a lower page and upper pages keyed by (bank, page),
/// with an access kind per byte.
///
/// It stores bytes and knows the addressing rules, nothing else: offsets 0–127 always name the lower page, 128–255
/// the upper page (bank, page). Pages below 10h are not banked, so any bank reaches the same bytes; banked pages exist
/// for banks 0 to kBanks − 1. Behaviour (what a write does, which bytes are live) belongs to CmisModule.
/// Accessing a page that was never added throws std::out_of_range: callers check hasPage() first.
class CmisMemoryMap {
public:
    static constexpr int kPageSize = 128;
    static constexpr int kUpperBase = 128;
    static constexpr int kAddressSpace = 256;
    static constexpr int kBanks = 8;
    static constexpr int kFirstBankedPage = 0x10;

    /// @brief Adds an all-zero, read-only upper page (one per bank when banked). Adding it again does nothing.
    void addPage(int page);
    /// @brief True if the upper page (@p bank, @p page) exists: the page was added and, for a banked page,
    /// 0 ≤ bank < kBanks.
    bool hasPage(int bank, int page) const;
    static bool isBanked(int page) { return page >= kFirstBankedPage; }
    /// @brief True if a transaction of @p length bytes at @p offset may address (@p bank, @p page): 1 ≤ length,
    /// offset + length ≤ 256, and, when it reaches byte 128, bank and page fit bytes 126–127 and the page exists.
    /// A lower-page-only range ignores bank and page. The one address check of every access path.
    bool validRange(int bank, int page, int offset, int length) const;

    std::uint8_t get(int bank, int page, int offset) const;
    void set(int bank, int page, int offset, std::uint8_t value);
    /// @brief Big-endian 16-bit access.
    std::uint16_t getU16(int bank, int page, int offset) const;
    void setU16(int bank, int page, int offset, std::uint16_t value);
    /// @brief Writes @p text into @p length bytes, truncated or padded with spaces (CMIS ASCII fields).
    void setText(int bank, int page, int offset, int length, std::string_view text);
    /// @brief Sets bytes @p first … @p last to @p value.
    void fill(int bank, int page, int first, int last, std::uint8_t value);
    /// @brief Low 8 bits of the sum of bytes @p first … @p last (the CMIS page checksum).
    std::uint8_t checksum(int bank, int page, int first, int last) const;

    /// @brief Lower-page shorthands.
    std::uint8_t lower(int offset) const { return get(0, 0, offset); }
    void setLower(int offset, std::uint8_t value) { set(0, 0, offset, value); }

    cmis::Access access(int bank, int page, int offset) const;
    /// @brief Sets the access of bytes @p first … @p last on @p page (cmis::kLowerPage for the lower page; all banks
    /// of a banked page).
    void setAccess(int page, int first, int last, cmis::Access access);
    /// @brief Zeroes every byte of every page; access kinds stay.
    void clear();

    /// @brief The bank and page bytes 126 and 127 select.
    int selectedBank() const { return lower(cmis::kBankSelect); }
    int selectedPage() const { return lower(cmis::kPageSelect); }

private:
    struct Page {
        std::array<std::uint8_t, kPageSize> bytes{};
        std::array<cmis::Access, kPageSize> access{};
    };
    using Key = std::pair<int, int>; // (bank, page); bank 0 for unbanked pages

    const Page& pageFor(int bank, int page, int offset) const;
    Page& pageFor(int bank, int page, int offset);
    static int index(int offset);
    /// @brief The upper page that (bank, page) addresses; null when it does not exist.
    const Page* upperPage(int bank, int page) const;

    Page m_lower;
    std::map<Key, Page> m_upper;
};

} // namespace optiqual::instruments::sim
