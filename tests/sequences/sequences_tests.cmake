# Sequence-file tests (units, expressions, loader, validator, invalid corpus, shipped sequences). Paths are relative
# to tests/; they belong in the optiqual_sequences_tests executable (see tests/CMakeLists.txt).
list(APPEND OPTIQUAL_SEQUENCE_TESTS
    core/QuantityTest.cpp
    sequences/TestCatalog.cpp
    sequences/Sha256Test.cpp
    sequences/ExpressionEvaluatorTest.cpp
    sequences/SequenceLoaderTest.cpp
    sequences/SequenceValidatorTest.cpp
    sequences/InvalidCorpusTest.cpp
    sequences/ShippedSequencesTest.cpp
)
