# Tests of the simulated XPO module (paths relative to tests/).
set(OPTIQUAL_SIM_CMIS_TESTS
    instruments/sim/CmisF16Test.cpp
    instruments/sim/CmisOpticsTest.cpp
    instruments/sim/CmisUnitVariationTest.cpp
    instruments/sim/CmisModuleTest.cpp
)
