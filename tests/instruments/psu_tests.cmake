# Power-supply drivers and simulators (instruments/psu.cmake). Paths relative to tests/.
list(APPEND OPTIQUAL_EXTRA_TESTS
    instruments/drivers/PsuOutputTest.cpp
    instruments/drivers/KeysightE36300Test.cpp
    instruments/drivers/RigolDp800Test.cpp
    instruments/drivers/KeysightN5700Test.cpp
)
