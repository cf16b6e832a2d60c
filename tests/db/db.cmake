# Results-database tests (issue 4). Included by tests/CMakeLists.txt's glob; builds only when the db library is
# part of the build (top-level `add_subdirectory(db)`).
if(TARGET optiqual_db)
    add_executable(optiqual_db_tests
        ${CMAKE_CURRENT_LIST_DIR}/DbTestSupport.cpp
        ${CMAKE_CURRENT_LIST_DIR}/SchemaTest.cpp
        ${CMAKE_CURRENT_LIST_DIR}/WriterTest.cpp
        ${CMAKE_CURRENT_LIST_DIR}/WriterBatchTest.cpp
        ${CMAKE_CURRENT_LIST_DIR}/FaultTest.cpp
        ${CMAKE_CURRENT_LIST_DIR}/CrashTest.cpp
        ${CMAKE_CURRENT_LIST_DIR}/StatisticsTest.cpp
        ${CMAKE_CURRENT_LIST_DIR}/YieldTest.cpp
        ${CMAKE_CURRENT_LIST_DIR}/CapabilityTest.cpp
        ${CMAKE_CURRENT_LIST_DIR}/ReportFormatTest.cpp
        ${CMAKE_CURRENT_LIST_DIR}/TestRecordTest.cpp
    )
    target_include_directories(optiqual_db_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
    target_link_libraries(optiqual_db_tests PRIVATE optiqual_db nlohmann_json::nlohmann_json GTest::gtest_main
        optiqual_warnings)
    include(GoogleTest)
    gtest_discover_tests(optiqual_db_tests DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300)
endif()

# The `report` and `db` command lines, built from their station/cli sources.
if(TARGET optiqual_db AND TARGET CLI11::CLI11)
    add_executable(optiqual_db_cli_tests
        ${CMAKE_CURRENT_LIST_DIR}/DbCliTest.cpp
        ${CMAKE_CURRENT_LIST_DIR}/DbTestSupport.cpp
        ${CMAKE_CURRENT_LIST_DIR}/../../station/cli/ReportCommand.cpp
        ${CMAKE_CURRENT_LIST_DIR}/../../station/cli/DbCommand.cpp
    )
    target_include_directories(optiqual_db_cli_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
    target_link_libraries(optiqual_db_cli_tests PRIVATE optiqual_db CLI11::CLI11 nlohmann_json::nlohmann_json
        GTest::gtest_main optiqual_warnings)
    gtest_discover_tests(optiqual_db_cli_tests DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 120)
endif()
