#!/usr/bin/env bash
# Installs the Debian packages parity needs to build, test and benchmark, and only those that are
# missing (checked with dpkg-query), so running it again is a no-op. Installs as root, or through
# sudo; when neither is possible it names the missing packages and exits with status 1.
set -euo pipefail

# One entry per requirement; "a|b" is satisfied by either package and installs a.
readonly REQUIRED=(
  build-essential
  cmake
  g++
  libopenblas-dev
  liblapacke-dev
  libgtest-dev
  libbenchmark-dev
  libcli11-dev
  nlohmann-json3-dev
  zlib1g-dev
  "gnuplot-nox|gnuplot-qt|gnuplot-x11"
)

is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == "installed" ]]
}

if ! command -v dpkg-query >/dev/null; then
  echo "setup.sh: no dpkg-query (not Debian-based); make sure the equivalents of these are installed:" >&2
  echo "  ${REQUIRED[*]}" >&2
  exit 0
fi

missing=()
for requirement in "${REQUIRED[@]}"; do
  IFS='|' read -r -a alternatives <<<"${requirement}"
  satisfied=false
  for package in "${alternatives[@]}"; do
    if is_installed "${package}"; then
      satisfied=true
      break
    fi
  done
  if [[ "${satisfied}" == false ]]; then
    missing+=("${alternatives[0]}")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup.sh: all required packages are installed"
  exit 0
fi

if ((EUID == 0)); then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
else
  echo "setup.sh: missing packages: ${missing[*]}" >&2
  echo "setup.sh: not root and sudo is not available; as root run:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "setup.sh: installing ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
