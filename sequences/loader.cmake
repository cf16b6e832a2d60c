# Sequence files: YAML loading, validation, expressions (muparser), units. Included by sequences/CMakeLists.txt.
list(APPEND OPTIQUAL_SEQUENCE_SOURCES
    Sequence.cpp
    Sha256.cpp
    Spelling.cpp
    VariableScope.cpp
    ExpressionEvaluator.cpp
    StepTypeRegistry.cpp
    StaticInstrumentCatalog.cpp
    YamlReader.cpp
    LimitSetLoader.cpp
    StepLoader.cpp
    SequenceLoader.cpp
    SequenceValidator.cpp
    StepValidator.cpp
    SequenceFile.cpp
)
