#pragma once
#include "db/RunDetail.h"

#include <optional>
#include <string>

namespace optiqual::db::central {

class PgConnection;

/// @brief The run with this UUID as the central store holds it, in the station's RunDetail shape (firstFailure
/// left empty): its test record and payload hash equal the station's when the upload was complete.
std::optional<RunDetail> queryCentralRunDetail(PgConnection& connection, const std::string& uuid);

} // namespace optiqual::db::central
