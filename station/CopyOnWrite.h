#pragma once
#include <atomic>
#include <memory>

namespace optiqual::station {

/// @brief A writable @p shared for the snapshot reducer: the object itself while no published snapshot shares it,
/// else a copy that replaces it (once per publisher batch). @p shared may be null: a default object is made.
///
/// ThreadSanitizer does not model the fence that makes the in-place write safe, so a TSan build always copies (and
/// TSan checks that path).
template <typename T> T& mutableShared(std::shared_ptr<const T>& shared) {
#if defined(__SANITIZE_THREAD__)
    constexpr bool kThreadSanitizer = true;
#else
    constexpr bool kThreadSanitizer = false;
#endif
    if (shared && shared.use_count() == 1 && !kThreadSanitizer) {
        // The last reader let go (its release pairs with this acquire): nobody else can see the object.
        std::atomic_thread_fence(std::memory_order_acquire);
        return const_cast<T&>(*shared);
    }
    auto copy = shared ? std::make_shared<T>(*shared) : std::make_shared<T>();
    T& writable = *copy;
    shared = std::move(copy);
    return writable;
}

} // namespace optiqual::station
