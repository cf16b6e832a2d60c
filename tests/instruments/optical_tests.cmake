# Optical instrument drivers and simulators (instruments/optical.cmake). Paths relative to tests/.
list(APPEND OPTIQUAL_EXTRA_TESTS
    instruments/drivers/OpticalWireTest.cpp
    instruments/drivers/OpticalSimDriverTest.cpp
    instruments/drivers/OpticalSimulatorTest.cpp
)
