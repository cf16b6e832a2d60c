# XPO-HB1 module host board ("fixture"): driver and simulator (docs/fixture.md). Paths relative to instruments/.
# The simulator holds a CmisModule, whose sources are in sim/cmis.cmake.
list(APPEND OPTIQUAL_DRIVER_SOURCES
    drivers/OptiQualXpoFixture.cpp
)
list(APPEND OPTIQUAL_SIM_DEVICE_SOURCES
    sim/FixtureErrors.cpp
    sim/FixtureSimulator.cpp
    sim/FixtureSimulatorDiagnostics.cpp
)
