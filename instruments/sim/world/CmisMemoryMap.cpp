#include "instruments/sim/world/CmisMemoryMap.h"

#include <stdexcept>
#include <string>

namespace optiqual::instruments::sim {

void CmisMemoryMap::addPage(int page) {
    if (page < 0 || page > 0xFF)
        throw std::out_of_range("CMIS page out of range: " + std::to_string(page));
    const int banks = isBanked(page) ? kBanks : 1;
    for (int bank = 0; bank < banks; ++bank)
        m_upper.try_emplace(Key{bank, page});
}

// The one address rule for upper pages: bank and page fit bytes 126–127; an unbanked page lives at bank 0
// whatever bank is selected, a banked one needs a bank below kBanks; and the page must have been added.
const CmisMemoryMap::Page* CmisMemoryMap::upperPage(int bank, int page) const {
    if (bank < 0 || bank > 0xFF || page < 0 || page > 0xFF || (isBanked(page) && bank >= kBanks))
        return nullptr;
    const auto it = m_upper.find(Key{isBanked(page) ? bank : 0, page});
    return it == m_upper.end() ? nullptr : &it->second;
}

bool CmisMemoryMap::hasPage(int bank, int page) const {
    return upperPage(bank, page) != nullptr;
}

bool CmisMemoryMap::validRange(int bank, int page, int offset, int length) const {
    if (offset < 0 || length < 1 || offset + length > kAddressSpace)
        return false;
    return offset + length <= kUpperBase || hasPage(bank, page);
}

int CmisMemoryMap::index(int offset) {
    if (offset < 0 || offset >= kAddressSpace)
        throw std::out_of_range("CMIS offset out of range: " + std::to_string(offset));
    return offset % kPageSize;
}

const CmisMemoryMap::Page& CmisMemoryMap::pageFor(int bank, int page, int offset) const {
    if (offset < kUpperBase)
        return m_lower;
    const Page* upper = upperPage(bank, page);
    if (!upper)
        throw std::out_of_range("CMIS page not implemented: bank " + std::to_string(bank) + " page " +
                                std::to_string(page));
    return *upper;
}

CmisMemoryMap::Page& CmisMemoryMap::pageFor(int bank, int page, int offset) {
    return const_cast<Page&>(std::as_const(*this).pageFor(bank, page, offset));
}

std::uint8_t CmisMemoryMap::get(int bank, int page, int offset) const {
    return pageFor(bank, page, offset).bytes[static_cast<std::size_t>(index(offset))];
}

void CmisMemoryMap::set(int bank, int page, int offset, std::uint8_t value) {
    pageFor(bank, page, offset).bytes[static_cast<std::size_t>(index(offset))] = value;
}

std::uint16_t CmisMemoryMap::getU16(int bank, int page, int offset) const {
    return static_cast<std::uint16_t>((get(bank, page, offset) << 8U) | get(bank, page, offset + 1));
}

void CmisMemoryMap::setU16(int bank, int page, int offset, std::uint16_t value) {
    set(bank, page, offset, static_cast<std::uint8_t>(value >> 8U));
    set(bank, page, offset + 1, static_cast<std::uint8_t>(value & 0xFFU));
}

void CmisMemoryMap::setText(int bank, int page, int offset, int length, std::string_view text) {
    for (int i = 0; i < length; ++i) {
        const auto c = static_cast<std::size_t>(i) < text.size() ? static_cast<std::uint8_t>(text[i]) : ' ';
        set(bank, page, offset + i, static_cast<std::uint8_t>(c));
    }
}

void CmisMemoryMap::fill(int bank, int page, int first, int last, std::uint8_t value) {
    for (int offset = first; offset <= last; ++offset)
        set(bank, page, offset, value);
}

std::uint8_t CmisMemoryMap::checksum(int bank, int page, int first, int last) const {
    unsigned sum = 0;
    for (int offset = first; offset <= last; ++offset)
        sum += get(bank, page, offset);
    return static_cast<std::uint8_t>(sum & 0xFFU);
}

cmis::Access CmisMemoryMap::access(int bank, int page, int offset) const {
    return pageFor(bank, page, offset).access[static_cast<std::size_t>(index(offset))];
}

void CmisMemoryMap::setAccess(int page, int first, int last, cmis::Access access) {
    if (page == cmis::kLowerPage) {
        for (int offset = first; offset <= last; ++offset)
            m_lower.access[static_cast<std::size_t>(index(offset))] = access;
        return;
    }
    const int banks = isBanked(page) ? kBanks : 1;
    for (int bank = 0; bank < banks; ++bank) {
        auto& target = pageFor(bank, page, kUpperBase);
        for (int offset = first; offset <= last; ++offset)
            target.access[static_cast<std::size_t>(index(offset))] = access;
    }
}

void CmisMemoryMap::clear() {
    m_lower.bytes.fill(0);
    for (auto& [key, page] : m_upper)
        page.bytes.fill(0);
}

} // namespace optiqual::instruments::sim
