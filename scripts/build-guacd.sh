#!/usr/bin/env bash
# Builds Apache guacd (guacamole-server) from its release sources into a cache outside the
# clone, so tests can run the real guacd beside the double. A second run, or another clone on
# the same machine, finds the finished build and does nothing.
#
# Usage: bash scripts/build-guacd.sh VERSION        (1.6.0 or 1.5.5)
# The last (and only) line on stdout is the path of the guacd binary; progress goes to stderr.
# Run it with scripts/guacd.sh, which sets LD_LIBRARY_PATH to the build's lib folder.
#
# Source: ../shared/vendor/guacamole-server-VERSION.tar.gz beside the clone (or
# $OPENPSM_GUACD_VENDOR_DIR), checked against the SHA256SUMS there. Without it (a user's
# machine) Apache's release tarball is downloaded once, checked against the .sha512 Apache
# publishes beside it, and kept in the cache.
# Cache: ${OPENPSM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/openpsm}/guacd/KEY/, where KEY
# is the first 16 hex digits of the sha256 of the source's sha256, the configure flags, the
# CFLAGS and RECIPE below. The Debian packages it needs are in scripts/debian-packages.txt.
set -euo pipefail

# Bump when the recipe changes in a way the flags do not show (steps, prefix-derived options),
# so every cached build is redone.
readonly RECIPE="openpsm-guacd-recipe-1"
# guacamole-server compiles with -Werror: a FreeRDP or OpenSSL update that deprecates a function
# it calls would stop the build. Debian 12's current ones cause no such warning; this keeps it so.
readonly BUILD_CFLAGS="-O2 -Wno-error=deprecated-declarations"
readonly STAMP=".openpsm-build-complete"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor_dir="${OPENPSM_GUACD_VENDOR_DIR:-$repo_root/../shared/vendor}"
cache_root="${OPENPSM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/openpsm}/guacd"

say() { echo "build-guacd: $*" >&2; }
die() {
  say "error: $*"
  exit 1
}

# Configure flags that define the build (they go into the cache key). Protocols a version's
# tests need are forced on and checked; the rest are off so missing libraries cannot change
# what gets built. guacenc and guaclog (recording tools) would need FFmpeg and are not used.
version_flags() {
  local common=(--disable-guacenc --disable-guaclog --disable-kubernetes)
  case "$1" in
    1.6.0) flags=("${common[@]}" --with-rdp --with-ssh --with-telnet --with-vnc) ;;
    1.5.5) flags=("${common[@]}" --with-rdp --with-ssh --without-telnet --with-vnc) ;;
    *) die "unknown version '$1' (expected 1.6.0 or 1.5.5)" ;;
  esac
}

required_protocols() {
  case "$1" in
    1.6.0) echo RDP SSH Telnet VNC ;;
    1.5.5) echo RDP SSH VNC ;;
  esac
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# The vendored git-tag archives, pinned: their build's cache key needs no source at hand, so a
# clone that finds the build cached runs even where ../shared is absent.
pinned_sha256() {
  case "$1" in
    1.6.0) echo f214dde1aefcff8f88c49ab028dd0855d6ef76bfceffdad44000619cfd0ff716 ;;
    1.5.5) echo c24a498389c653a40069dd81a5edd9788537004a2511ea8092b18be9c667d934 ;;
  esac
}

# The project's copy of the git tag archive, checked against the vendor folder's SHA256SUMS.
vendor_source() {
  local name="guacamole-server-$1.tar.gz" line
  line="$(grep -E "^[0-9a-f]{64}  $name\$" "$vendor_dir/SHA256SUMS")" ||
    die "$vendor_dir/SHA256SUMS has no line for $name"
  (cd "$vendor_dir" && sha256sum --check --status <<<"$line") ||
    die "$vendor_dir/$name does not match its SHA256SUMS line"
  [[ "${line%% *}" == "$(pinned_sha256 "$1")" ]] ||
    die "$vendor_dir/$name is not the archive this script pins (update pinned_sha256)"
  source_tarball="$vendor_dir/$name"
  source_sha="${line%% *}"
}

download() {
  if command -v curl >/dev/null; then
    curl -fsSL --retry 3 -o "$2" "$1"
  elif command -v wget >/dev/null; then
    wget -q -O "$2" "$1"
  else
    die "neither curl nor wget is installed to download $1"
  fi
}

# Apache publishes the .sha512 either as `HEX  NAME` or as gpg's `NAME: HEX HEX …` over several
# lines: drop the file NAME and keep the hex digits, which must make one sha512.
check_sha512() {
  local tarball="$1" sumfile="$2" name="$3" expected actual
  expected="$(sed "s/${name//./\\.}//g" "$sumfile" | tr -cd '0-9a-fA-F' | tr 'A-F' 'a-f')"
  ((${#expected} == 128)) || die "cannot read a sha512 from $sumfile"
  actual="$(sha512sum "$tarball" | cut -d' ' -f1)"
  [[ "$actual" == "$expected" ]] || die "$tarball does not match the sha512 in $sumfile (delete both to download again)"
}

# Apache's release tarball, downloaded once into the cache (both files, so later runs need no
# network) and checked against the sha512 Apache publishes beside it.
apache_source() {
  local name="guacamole-server-$1.tar.gz" dir="$cache_root/src"
  local url="https://archive.apache.org/dist/guacamole/$1/source/$name"
  mkdir -p "$dir"
  if [[ ! -f "$dir/$name" || ! -f "$dir/$name.sha512" ]]; then
    say "downloading $url"
    download "$url.sha512" "$dir/$name.sha512.tmp"
    download "$url" "$dir/$name.tmp"
    check_sha512 "$dir/$name.tmp" "$dir/$name.sha512.tmp" "$name"
    mv "$dir/$name.sha512.tmp" "$dir/$name.sha512"
    mv "$dir/$name.tmp" "$dir/$name"
  fi
  check_sha512 "$dir/$name" "$dir/$name.sha512" "$name"
  source_tarball="$dir/$name"
  source_sha="$(sha256_of "$source_tarball")"
}

find_source() {
  if [[ -f "$vendor_dir/guacamole-server-$1.tar.gz" ]]; then
    vendor_source "$1"
  else
    apache_source "$1"
  fi
}

cache_key() {
  printf '%s\n' "$source_sha" "${flags[*]}" "$BUILD_CFLAGS" "$RECIPE" |
    sha256sum | cut -c1-16
}

is_built() { [[ -x "$1/sbin/guacd" && -f "$1/$STAMP" ]]; }

# Fails unless configure's summary ("RDP ........... yes") shows every required protocol on:
# configure only warns and builds without a protocol whose library is missing.
check_protocols() {
  local log="$1" version="$2" proto line ok=1
  for proto in $(required_protocols "$version"); do
    line="$(grep -E "^[[:space:]]*$proto \.+ " "$log" | tail -n1 || true)"
    [[ "$line" =~ \.\ yes$ ]] && continue
    line="${line#"${line%%[![:space:]]*}"}"
    say "guacd $version needs $proto, but configure says: ${line:-(no summary line)}"
    ok=0
  done
  ((ok)) || die "install the Debian packages in scripts/debian-packages.txt (log: $log)"
}

# Runs a build step with its output in the log; on failure shows the end of the log.
logged() {
  local log="$1"
  shift
  "$@" >>"$log" 2>&1 && return 0
  say "'$*' failed; last lines of $log:"
  tail -n 40 "$log" >&2
  exit 1
}

# Unpacks, configures, compiles and installs into the staging folder $build/stage.
compile() {
  local version="$1" prefix="$2" build="$3" log="$4" src="$3/src"
  mkdir -p "$src"
  tar -xzf "$source_tarball" -C "$src" --strip-components=1
  cd "$src"
  # Git tag archives have no configure; Apache's release tarballs do.
  if [[ ! -x configure ]]; then
    say "autoreconf -fi"
    logged "$log" autoreconf -fi
  fi
  say "configure"
  # The config file and FreeRDP plugins go inside the prefix: the defaults are system paths
  # (/etc/guacamole/guacd.conf, FreeRDP's own plugin folder) that a cached build must not read
  # or write. FreeRDP loads plugins only from its own folder, so RDP sound, audio input and
  # drive redirection/printing are unavailable (guacd logs a warning); the RDP session works.
  logged "$log" ./configure --prefix="$prefix" "${flags[@]}" \
    --with-guacd-conf="$prefix/etc/guacd.conf" \
    --with-freerdp-plugin-dir="$prefix/lib/freerdp2" CFLAGS="$BUILD_CFLAGS"
  check_protocols "$log" "$version"
  say "make -j2"
  logged "$log" make -j2
  # DESTDIR keeps the final prefix in the binaries' library paths while installing elsewhere.
  logged "$log" make install DESTDIR="$build/stage"
}

# Builds into a temporary folder beside the cache entry, then renames it into place in one
# step, stamp included, so an interrupted build is never taken for a finished one.
build() {
  local version="$1" dir="$2" build log
  # Under the lock: what a killed build of this key left behind is garbage.
  rm -rf "$dir.partial" "$dir".build.*
  build="$(mktemp -d "$dir.build.XXXXXX")"
  build_dir="$build"
  trap 'rm -rf "$build_dir"' EXIT
  # Beside the build folder, so that it outlives a failed build.
  log="$dir.log"
  : >"$log"
  say "building guacd $version into $dir (log: $log)"
  local start=$SECONDS
  compile "$version" "$dir" "$build" "$log"
  mv "$build/stage$dir" "$dir.partial"
  mv "$log" "$dir.partial/build.log"
  printf 'guacd %s\nrecipe %s\nflags %s\nCFLAGS %s\nbuilt %s in %ss\n' "$version" "$RECIPE" \
    "${flags[*]}" "$BUILD_CFLAGS" "$(date -u +%FT%TZ)" $((SECONDS - start)) >"$dir.partial/$STAMP"
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
  say "built guacd $version in $((SECONDS - start)) s"
}

main() {
  (($# == 1)) || die "usage: $0 VERSION   (1.6.0 or 1.5.5)"
  local version="$1" dir
  version_flags "$version"
  mkdir -p "$cache_root"
  cache_root="$(cd "$cache_root" && pwd)" # the build changes folder
  # The vendored archive's build, when cached, needs no source; otherwise find one (which may be
  # Apache's release tarball, a build of its own key).
  source_sha="$(pinned_sha256 "$version")"
  dir="$cache_root/$(cache_key)"
  if ! is_built "$dir"; then
    find_source "$version"
    dir="$cache_root/$(cache_key)"
  fi
  # One build per key at a time: a second clone building the same key waits, then finds it done.
  exec 9>"$dir.lock"
  flock 9
  if is_built "$dir"; then
    say "guacd $version already built in $dir"
  else
    build "$version" "$dir"
  fi
  echo "$dir/sbin/guacd"
}

main "$@"
