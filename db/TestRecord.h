#pragma once
#include "db/RunDetail.h"

#include <string>

namespace optiqual::db {

/// @brief The JSON test record of one run, for other systems to ingest (schema: docs/test-record.md,
/// "optiqual.test-record/1"). @p pretty indents; otherwise one line (JSON Lines exports).
std::string testRecordJson(const RunDetail& run, bool pretty);

/// @brief The schema identifier written in every record.
constexpr const char* kTestRecordSchema = "optiqual.test-record/1";

} // namespace optiqual::db
