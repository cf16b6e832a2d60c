# The simulated XPO module behind the module host board simulator (paths relative to instruments/).
set(OPTIQUAL_SIM_CMIS_SOURCES
    sim/CmisF16.cpp
    sim/CmisMemoryMap.cpp
    sim/CmisModuleParams.cpp
    sim/CmisUnitVariation.cpp
    sim/CmisOptics.cpp
    sim/CmisModule.cpp
    sim/CmisModuleRegisters.cpp
    sim/CmisModulePhysics.cpp
)
