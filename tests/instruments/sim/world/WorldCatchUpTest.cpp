// A world asked for more simulated time than the machine can integrate within its catch-up budget stops short and
// carries on at the next request, instead of integrating for as long as it takes (a live station's simulators
// would stop answering for good).
#include "instruments/sim/world/World.h"

#include <gtest/gtest.h>

using namespace optiqual::instruments::sim;
using namespace std::chrono_literals;

TEST(WorldCatchUp, ABudgetStopsACatchUpShortAndTheNextRequestCarriesOn) {
    World world(WorldConfig{}, 1, 0.0);
    world.setCatchUpBudget(1ms);
    // Ten million simulated seconds are twenty million steps: far more than a millisecond's work.
    world.advanceTo(1e7);
    const double first = world.now();
    EXPECT_GT(first, 0.0);
    EXPECT_LT(first, 1e7);
    EXPECT_DOUBLE_EQ(world.lagSeconds(), 1e7 - first);
    world.advanceTo(1e7);
    EXPECT_GT(world.now(), first) << "the next request carries on from where the last stopped";
}

TEST(WorldCatchUp, WithoutABudgetTheWorldReachesTheTimeAsked) {
    World world(WorldConfig{}, 1, 0.0);
    world.advanceTo(3600.0);
    EXPECT_EQ(world.now(), 3600.0);
    EXPECT_EQ(world.lagSeconds(), 0.0);
}
