#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace optiqual::core {

/// @brief The names of an enumeration whose values run 0 … N−1, in value order: one table gives both directions
/// (the part models' defect names in station files, lot summaries and logs).
template <typename Enum, std::size_t N> class EnumNames {
public:
    /// @brief A table with fewer names than N values does not compile where it is constexpr (the throw).
    explicit constexpr EnumNames(std::array<const char*, N> names) : m_names(names) {
        for (const char* n : m_names)
            if (n == nullptr)
                throw std::logic_error("EnumNames: a value has no name");
    }

    /// @brief The name of @p value; "unknown" for a value outside the table.
    constexpr const char* name(Enum value) const {
        const auto index = static_cast<std::size_t>(value);
        return index < N ? m_names[index] : "unknown";
    }
    /// @brief The value named @p text exactly, if any.
    constexpr std::optional<Enum> find(std::string_view text) const {
        for (std::size_t i = 0; i < N; ++i)
            if (text == m_names[i])
                return static_cast<Enum>(i);
        return std::nullopt;
    }

private:
    std::array<const char*, N> m_names;
};

} // namespace optiqual::core
