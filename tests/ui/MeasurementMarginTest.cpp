#include "ui/MeasurementTable.h"

#include <gtest/gtest.h>

using namespace optiqual::ui;
using namespace optiqual::sequences;

namespace {

Measurement judged(double value, Comparator c, std::optional<double> low, std::optional<double> high) {
    Measurement m;
    m.value = value;
    m.limit.comparator = c;
    m.limit.low = low;
    m.limit.high = high;
    return m;
}

} // namespace

TEST(MeasurementMargin, IsTheDistanceToTheNearerLimitPositiveInside) {
    EXPECT_DOUBLE_EQ(*limitMargin(judged(2.5, Comparator::GELE, 1.0, 3.0)), 0.5);
    EXPECT_DOUBLE_EQ(*limitMargin(judged(0.5, Comparator::GELE, 1.0, 3.0)), -0.5) << "outside: negative";
    EXPECT_DOUBLE_EQ(*limitMargin(judged(7.0, Comparator::GE, 4.0, std::nullopt)), 3.0);
    EXPECT_DOUBLE_EQ(*limitMargin(judged(7.0, Comparator::LE, std::nullopt, 9.0)), 2.0);
}

TEST(MeasurementMargin, LogOnlyAndTextMeasurementsHaveNone) {
    EXPECT_FALSE(limitMargin(judged(7.0, Comparator::LOG, std::nullopt, std::nullopt)));
    Measurement text = judged(0, Comparator::EQ, std::nullopt, std::nullopt);
    text.text = "1.2.3";
    EXPECT_FALSE(limitMargin(text));
}
