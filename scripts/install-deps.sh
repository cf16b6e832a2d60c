#!/usr/bin/env bash
# Installs every Debian 12 package OptiQual needs to build, test, benchmark and render.
# Idempotent: packages already present are skipped by apt. Safe to run non-interactively.
# libboost1.81-dev conflicts with the image's libboost1.74-dev / libboost-dev; apt removes them.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git ccache
    clang-14 libclang-rt-14-dev clang-format-14 clang-tidy-14
    libboost1.81-dev
    libspdlog-dev libfmt-dev
    libgtest-dev libgmock-dev libbenchmark-dev
    libsqlite3-dev sqlite3 libhowardhinnant-date-dev
    postgresql-15 libpq-dev openssl
    libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
    libmuparser-dev libedit-dev libsodium-dev libutf8proc-dev
    libimgui-dev libglfw3-dev libgl-dev libstb-dev
    xvfb xauth tmux fonts-dejavu-core
    python3 python3-pyvisa python3-pyvisa-py python3-serial
    time bc
    chromium optipng
    locales
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -q
    "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Tests check number parsing under a decimal-comma locale.
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf8$'; then
    echo "install-deps: generating de_DE.UTF-8 locale"
    "${sudo_cmd[@]}" sed -i 's/^# *de_DE.UTF-8 UTF-8/de_DE.UTF-8 UTF-8/' /etc/locale.gen
    grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen || echo 'de_DE.UTF-8 UTF-8' | "${sudo_cmd[@]}" tee -a /etc/locale.gen >/dev/null
    "${sudo_cmd[@]}" locale-gen >/dev/null
fi
echo "install-deps: all dependencies present"
