#include "station/EventBus.h"

#include <future>
#include <gtest/gtest.h>

using namespace optiqual::station;

namespace {

class RecordingSink : public EventSink {
public:
    void onEvent(const Event& e) override {
        if (gate)
            gate->wait();
        if (auto* line = std::get_if<LogLine>(&e))
            texts.push_back(line->text);
    }
    std::shared_future<void>* gate = nullptr;
    std::vector<std::string> texts;
};

class ThrowingSink : public EventSink {
public:
    void onEvent(const Event&) override { throw std::runtime_error("disk on fire"); }
};

} // namespace

TEST(EventBus, DeliversInOrderToEverySink) {
    EventBus bus;
    auto a = std::make_shared<RecordingSink>();
    auto b = std::make_shared<RecordingSink>();
    bus.subscribe(a, "a");
    bus.subscribe(b, "b");
    for (int i = 0; i < 100; ++i)
        bus.publish(LogLine{2, std::to_string(i), {}});
    bus.flush();
    ASSERT_EQ(a->texts.size(), 100u);
    EXPECT_EQ(a->texts, b->texts);
    EXPECT_EQ(a->texts.front(), "0");
    EXPECT_EQ(a->texts.back(), "99");
}

TEST(EventBus, SlowSinkNeverBlocksPublisher) {
    EventBus bus;
    std::promise<void> release;
    std::shared_future<void> gate = release.get_future().share();
    auto slow = std::make_shared<RecordingSink>();
    slow->gate = &gate;
    auto fast = std::make_shared<RecordingSink>();
    bus.subscribe(slow, "slow");
    bus.subscribe(fast, "fast");
    // If publish waited for the slow sink, this loop would never finish: the gate opens only after it.
    for (int i = 0; i < 10000; ++i)
        bus.publish(LogLine{2, "x", {}});
    release.set_value();
    bus.flush();
    EXPECT_EQ(slow->texts.size(), 10000u) << "nothing dropped";
    EXPECT_EQ(fast->texts.size(), 10000u);
}

TEST(EventBus, FailingSinkDoesNotStopOthers) {
    EventBus bus;
    auto good = std::make_shared<RecordingSink>();
    bus.subscribe(std::make_shared<ThrowingSink>(), "bad");
    bus.subscribe(good, "good");
    bus.publish(LogLine{2, "still here", {}});
    bus.flush();
    EXPECT_EQ(good->texts, std::vector<std::string>{"still here"});
}
