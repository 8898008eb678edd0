#!/usr/bin/env bash
# Puts build-image, pin-image, smoke-machine and roll-machines on PATH. The root action.yml
# runs this; everything it does is here so it can be tested outside Actions.
#
# The tree names its own version (VERSION: MAJOR.MINOR.PATCH). A release is the
# commit that holds release/v<VERSION>.sha256: the SHA-256 sums of its assets and
# the hash of the source they were built from. The prebuilt release asset is
# installed, verified against those sums, when the action's ref names this
# release (@vMAJOR, @vMAJOR.MINOR, the full tag @vX.Y.Z, or a commit SHA) and the
# tree is the released source. Anything else (a branch, another version, a
# commit after the release, another platform) builds from source, cached by the
# source hash, with one line saying why.
#
#   scripts/install.sh                install (prints how and how long)
#   scripts/install.sh --plan         print source=release|build, why=..., cache-key=..., cache-dir=...
#   scripts/install.sh --source-hash  print the source hash (scripts/build-release.sh records it)
#
# Environment (all optional):
#   FLYPIN_ACTION_REF        the action's ref (github.action_ref); empty -> build
#   FLYPIN_RELEASE_REPOSITORY owner/name for the default release URL
#   FLYPIN_RELEASE_BASE_URL  default https://github.com/$FLYPIN_RELEASE_REPOSITORY/releases/download
#   FLYPIN_CHECKSUM_DIR      default <source>/release
#   FLYPIN_SOURCE_DIR        default the repository holding this script
#   FLYPIN_INSTALL_DIR       where the programs go (default $RUNNER_TEMP/flypin/bin)
#   FLYPIN_CACHE_DIR         source-build cache (default $XDG_CACHE_HOME/flypin)
#   FLYPIN_SKIP_DEPS=1       do not run scripts/install-deps.sh before building
#   FLYPIN_FORCE_BUILD=1     ignore release assets
set -euo pipefail
shopt -s inherit_errexit

programs=(build-image pin-image smoke-machine roll-machines)
source_dir="${FLYPIN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
ref="${FLYPIN_ACTION_REF:-}"
repository="${FLYPIN_RELEASE_REPOSITORY:-flypin/flypin}"
base_url="${FLYPIN_RELEASE_BASE_URL:-https://github.com/$repository/releases/download}"
checksum_dir="${FLYPIN_CHECKSUM_DIR:-$source_dir/release}"
install_dir="${FLYPIN_INSTALL_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/flypin/bin}"
cache_dir="${FLYPIN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/flypin}"

log() { printf 'flypin install: %s\n' "$*" >&2; }
fail() { printf 'flypin install: error: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }

# The release this tree would be: its version (read once, by main) and tag.
tree_version=
read_version() {
  tree_version=$(head -n 1 "$source_dir/VERSION" 2>/dev/null) || fail "$source_dir/VERSION is missing"
  [[ $tree_version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
    fail "$source_dir/VERSION holds '$tree_version', not MAJOR.MINOR.PATCH"
}
release_tag() { printf 'v%s' "$tree_version"; }
asset_name() { printf 'flypin-%s-linux-x64.tar.gz' "$(release_tag)"; }
checksum_file() { printf '%s/%s.sha256' "$checksum_dir" "$(release_tag)"; }
# The source hash the release was built from ("# source <hash>" in its checksum file).
released_source() { awk '$1 == "#" && $2 == "source" {print $3; exit}' "$(checksum_file)"; }

# Whether the action's ref names this tree's release: @v1 and @v1.2 name the
# newest 1.x.y and 1.2.x (the release workflow moves them), @v1.2.0 names
# itself, and a commit SHA names whatever that commit holds.
ref_names_version() {  # ref version
  local ref=$1 v=$2
  [[ $ref =~ ^[0-9a-f]{40}$ ]] && return 0
  [[ $ref =~ ^v([0-9]+)(\.([0-9]+))?(\.([0-9]+))?$ ]] || return 1
  local want="${BASH_REMATCH[1]}${BASH_REMATCH[2]}${BASH_REMATCH[4]}"
  [[ $v == "$want" || $v == "$want".* ]]
}

# Prints why no prebuilt release is installed; prints nothing (and succeeds)
# when one is.
why_build() {
  local v=$tree_version tag
  tag=$(release_tag)
  if [[ -n ${FLYPIN_FORCE_BUILD:-} ]]; then echo "force-build is set"; return; fi
  if [[ -z $ref ]]; then echo "the action has no ref (a local action, uses: ./)"; return; fi
  if ! ref_names_version "$ref" "$v"; then
    local shown=${ref//[^A-Za-z0-9._\/-]/?}  # one line, no workflow command
    if [[ $ref =~ ^v[0-9] ]]; then
      echo "ref '$shown' does not name this tree's version $v"
    else
      echo "ref '$shown' is not a release (@vMAJOR, @vMAJOR.MINOR, @vX.Y.Z or a release commit's SHA)"
    fi
    return
  fi
  if [[ $(uname -s) != Linux || $(uname -m) != x86_64 ]]; then
    echo "releases are built for Linux x86-64, not $(uname -s) $(uname -m)"
    return
  fi
  if [[ ! -f $(checksum_file) ]]; then
    echo "version $v has not been released: no release/$tag.sha256 in this tree"
    return
  fi
  if [[ -z $(released_source) ]]; then
    echo "release/$tag.sha256 records no source hash"
  elif [[ $(released_source) != "$(source_hash)" ]]; then
    echo "this tree's source differs from release $tag's (a commit after the release)"
  fi
}

# Everything the programs are built from (not release/, docs or tests).
source_hash() {
  (cd "$source_dir" &&
    { find src cmake -type f -print0; printf '%s\0' CMakeLists.txt VERSION scripts/build-curl.sh; } | LC_ALL=C sort -z |
    xargs -0 sha256sum) | sha256sum | cut -c1-32
}

cache_key() { printf 'flypin-%s-%s-%s' "$(uname -s)" "$(uname -m)" "$(source_hash)"; }

expected_sum() {
  local name line
  name=$(asset_name)
  line=$(awk -v n="$name" '$2 == n || $2 == "*" n {print $1; exit}' "$(checksum_file)")
  [[ $line =~ ^[0-9a-f]{64}$ ]] || fail "$(checksum_file) has no SHA-256 for $name"
  printf '%s' "$line"
}

check_programs() {  # dir
  local p
  for p in "${programs[@]}"; do
    [[ -x $1/$p ]] || return 1
  done
}

place() {  # from-dir
  mkdir -p "$install_dir"
  local p
  for p in "${programs[@]}"; do
    rm -f "$install_dir/$p"
    install -m 0755 "$1/$p" "$install_dir/$p"
  done
  for p in "${programs[@]}"; do
    "$install_dir/$p" --version >/dev/null || fail "$install_dir/$p does not run"
  done
}

# Returns 0 installed, 3 no asset published (fall back to a build); exits 1 on a bad asset.
install_release() {
  local name url tmp status want got
  name=$(asset_name)
  url="$base_url/$(release_tag)/$name"
  want=$(expected_sum)
  tmp="$work/release"
  mkdir -p "$tmp"
  status=$(curl -sS -L --proto '=https,http' --retry 3 --connect-timeout 10 --max-time 300 \
    -o "$tmp/$name" -w '%{http_code}' "$url") || {
    log "could not download $url; building from source instead"
    return 3
  }
  if [[ $status == 404 ]]; then
    log "no release asset $name for $(release_tag) (HTTP 404); building from source"
    return 3
  fi
  [[ $status == 200 ]] || fail "downloading $url answered HTTP $status"
  got=$(sha256sum "$tmp/$name" | cut -d' ' -f1)
  if [[ $got != "$want" ]]; then
    fail "checksum mismatch for $name: expected $want (from $(checksum_file)), got $got; refusing to install it"
  fi
  mkdir -p "$tmp/unpacked"
  tar -xzf "$tmp/$name" -C "$tmp/unpacked" --no-same-owner
  check_programs "$tmp/unpacked" || fail "$name does not contain ${programs[*]}"
  place "$tmp/unpacked"
  local p said
  for p in "${programs[@]}"; do
    said=$("$install_dir/$p" --version)
    [[ $said == "$p $tree_version"* ]] || fail "$name's $p says '$said', not version $tree_version"
  done
}

build_from_source() {  # out-dir
  local out=$1
  [[ -n ${FLYPIN_SKIP_DEPS:-} ]] || "$source_dir/scripts/install-deps.sh" --build-only
  local build="$work/build" curl_root
  # The release's libcurl (HTTP(S) only, mbedTLS, c-ares): a distribution's
  # shared libcurl loads some thirty libraries at every start. It lives in the
  # machine's cache (build-curl.sh's default), shared with every flypin build
  # there; the actions cache's key is the source hash, so keeping it beside the
  # programs saved nothing a later source build could restore.
  if ! curl_root=$(env -u FLYPIN_CACHE_DIR "$source_dir/scripts/build-curl.sh" --tls mbedtls); then
    log "warning: could not build the minimal libcurl; linking the system's shared libcurl (slower start-up)"
    curl_root=
  fi
  # ccache, when the machine has it (scripts/build-release.sh does the same):
  # a runner or laptop that built this source before compiles nothing again.
  # Paths below the source are hashed relative to it, so another checkout of the
  # same source hits too.
  local launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$source_dir}"
  fi
  # A unity build, as the release's: RapidJSON, spdlog and the standard library
  # are parsed once per batch of files instead of once per file.
  cmake -S "$source_dir" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFLYPIN_BUILD_TESTS=OFF -DCMAKE_UNITY_BUILD=ON \
    -DFLYPIN_CURL_ROOT="$curl_root" "${launcher[@]}" >/dev/null
  cmake --build "$build" -j"$(nproc)" --target "${programs[@]}"
  mkdir -p "$out"
  local p
  for p in "${programs[@]}"; do cp "$build/bin/$p" "$out/$p"; done
}

install_from_source() {  # prints how
  local entry
  entry="$cache_dir/$(cache_key)"
  if check_programs "$entry/bin"; then
    place "$entry/bin"
    echo "cached source build ($(basename "$entry"))" >&3
    return
  fi
  local staging="$entry.tmp.$$"
  rm -rf "$staging"
  build_from_source "$staging/bin"
  check_programs "$staging/bin" || fail "the build did not produce ${programs[*]}"
  rm -rf "$entry"
  mv "$staging" "$entry"
  place "$entry/bin"
  echo "source build (cached as $(basename "$entry"))" >&3
}

plan() {
  local why
  why=$(why_build)
  if [[ -z $why ]]; then echo "source=release"; else echo "source=build"; fi
  echo "why=$why"
  echo "cache-key=$(cache_key)"
  echo "cache-dir=$cache_dir"
}

# One line, a notice annotation under Actions.
notice() {
  if [[ -n ${GITHUB_ACTIONS:-} ]]; then
    printf '::notice title=flypin install::%s\n' "$*"
  else
    log "$*"
  fi
}

main() {
  case ${1:-} in
    --plan) read_version; plan; return ;;
    --source-hash) source_hash; return ;;
    "") ;;
    *) echo "usage: $0 [--plan | --source-hash]" >&2; exit 2 ;;
  esac
  read_version
  local start how why rc=3
  start=$(now_ms)
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  why=$(why_build)
  if [[ -z $why ]]; then
    install_release && rc=0 || rc=$?
    [[ $rc -eq 0 || $rc -eq 3 ]] || exit "$rc"
    [[ $rc -ne 0 ]] || how="release asset $(asset_name) (SHA-256 verified)"
  else
    notice "building from source: $why"
  fi
  if [[ $rc -ne 0 ]]; then
    how=$(install_from_source 3>&1 1>&2)
  fi
  local elapsed=$(($(now_ms) - start))
  if [[ -n ${GITHUB_PATH:-} ]]; then echo "$install_dir" >>"$GITHUB_PATH"; fi
  if [[ -n ${GITHUB_OUTPUT:-} ]]; then
    { echo "bin-dir=$install_dir"; echo "method=${how%% *}"; } >>"$GITHUB_OUTPUT"
  fi
  printf 'flypin: installed %s into %s from %s in %d.%03d s\n' "${programs[*]}" "$install_dir" \
    "$how" $((elapsed / 1000)) $((elapsed % 1000))
}

main "$@"
