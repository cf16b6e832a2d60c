#include "db/DbError.h"
#include "db/ResultStore.h"
#include "db/StationUsers.h"
#include "station/cli/Commands.h"
#include "station/cli/DbCommands.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace optiqual::station::cli {

namespace {

/// Standard input's echo off for as long as it lives (a terminal only): the password is typed unseen.
class NoEcho {
public:
    NoEcho() {
        if (::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &m_saved) == 0) {
            termios quiet = m_saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            m_active = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }
    ~NoEcho() {
        if (m_active) {
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
            std::fputc('\n', stderr); // the Enter that was not echoed
        }
    }
    NoEcho(const NoEcho&) = delete;
    NoEcho& operator=(const NoEcho&) = delete;

private:
    termios m_saved{};
    bool m_active = false;
};

std::string stripLineEnd(std::string line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.pop_back();
    return line;
}

/// The password: the first line of @p file, else a line of standard input (asked twice on a terminal).
std::optional<std::string> readPassword(const UserAddOptions& o) {
    std::string line;
    if (!o.passwordFile.empty()) {
        std::ifstream in(o.passwordFile);
        if (!in) {
            std::fprintf(stderr, "optiqual user add: cannot read --password-file %s\n", o.passwordFile.c_str());
            return std::nullopt;
        }
        std::getline(in, line);
        return stripLineEnd(line);
    }
    const bool terminal = ::isatty(STDIN_FILENO) != 0;
    if (terminal)
        std::fprintf(stderr, "Password for %s: ", o.name.c_str());
    {
        NoEcho quiet;
        std::getline(std::cin, line);
    }
    if (!terminal)
        return stripLineEnd(line);
    std::string again;
    std::fprintf(stderr, "Again: ");
    {
        NoEcho quiet;
        std::getline(std::cin, again);
    }
    if (stripLineEnd(again) != stripLineEnd(line)) {
        std::fprintf(stderr, "optiqual user add: the two passwords differ; nothing added\n");
        return std::nullopt;
    }
    return stripLineEnd(line);
}

} // namespace

int runUserAdd(const UserAddOptions& o) {
    const auto role = db::parseRole(o.role);
    if (!role) {
        std::fprintf(stderr, "optiqual user add: --role '%s': not a role (operator, technician or engineer)\n",
                     o.role.c_str());
        return kExitBadInput;
    }
    if (o.name.empty() || o.name.size() > 64) {
        std::fprintf(stderr, "optiqual user add: --name: 1 to 64 characters\n");
        return kExitBadInput;
    }
    const auto password = readPassword(o);
    if (!password)
        return kExitBadInput;
    if (password->empty()) {
        std::fprintf(stderr, "optiqual user add: the password is empty; nothing added\n");
        return kExitBadInput;
    }
    const std::string path = resolveDbPath(o.db);
    try {
        db::StoreOptions so;
        so.access = db::OpenAccess::ReadWriteCreate;
        so.migrate = true;
        auto store = db::ResultStore::open(path, so);
        db::StationUsers(store.connection()).add(o.name, *role, *password);
    } catch (const db::DbError& e) {
        if (e.kind() == db::DbErrorKind::Constraint) {
            std::fprintf(stderr, "optiqual user add: %s: user '%s' exists already; nothing changed\n", path.c_str(),
                         o.name.c_str());
            return kExitBadInput;
        }
        printDbError(path, e);
        return kExitError;
    }
    std::printf("User %s (%s) added to %s\n", o.name.c_str(), o.role.c_str(), path.c_str());
    return kExitOk;
}

} // namespace optiqual::station::cli
