# Thermal family tests (suites ThermalWire*, ThermalSim*). Paths relative to tests/.
list(APPEND OPTIQUAL_EXTRA_TESTS
    instruments/drivers/WatlowF4tTest.cpp
    instruments/drivers/EspecP300Test.cpp
    instruments/drivers/JulaboTest.cpp
    instruments/drivers/KeysightDaq970Test.cpp
    instruments/drivers/ThermalPlantTest.cpp
)
