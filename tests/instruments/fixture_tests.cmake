# XPO-HB1 module host board driver and simulator (instruments/fixture.cmake). Paths relative to tests/.
list(APPEND OPTIQUAL_EXTRA_TESTS
    instruments/drivers/FixtureTest.cpp
    instruments/drivers/FixtureSimulatorTest.cpp
)
