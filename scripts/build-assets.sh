#!/usr/bin/env bash
# Rebuild SatuPintu's vendored front-end assets in crates/satupintu/assets/static/.
#
#   scripts/build-assets.sh
#
# Needs: node + npm (npm registry access for the first install), gzip.
# Optional: rsvg-convert (Debian: librsvg2-bin) to re-render the PNG icons,
# brotli (Debian: brotli) to report the brotli size.
#
# Inputs (committed):
#   scripts/assets-build/package.json, package-lock.json   exact pinned versions
#   scripts/assets-build/LICENSE.govuk-frontend.txt         MIT text (the npm
#                                                           package ships none)
#   crates/satupintu/assets/src/app.scss                    stylesheet entry
#   crates/satupintu/assets/src/icon.svg                    our own icon
#   crates/satupintu/assets/src/manifest.webmanifest        PWA manifest
# Outputs (committed, served under /static/):
#   crates/satupintu/assets/static/{app.css, govuk-frontend.min.js,
#     LICENSE.govuk-frontend.txt, icon.svg, icon-192.png, icon-512.png,
#     manifest.webmanifest}
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/scripts/assets-build"
SRC="$ROOT/crates/satupintu/assets/src"
OUT="$ROOT/crates/satupintu/assets/static"
# Budget for app.css after gzip -9 (bytes).
GZIP_BUDGET="${GZIP_BUDGET:-25600}"

log() { printf '==> %s\n' "$*"; }
die() { printf 'build-assets: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null || die "node is required (Debian: apt-get install nodejs npm)"
command -v npm >/dev/null || die "npm is required"
command -v gzip >/dev/null || die "gzip is required"

mkdir -p "$OUT"
cd "$BUILD"

# 1. Install the exact pinned toolchain. With a lockfile, `npm ci` installs
#    precisely what it records (and fails if package.json disagrees); without
#    one, `npm install` creates it. Install scripts are not needed (sass is
#    pure JS), and optional deps are only sass's file watcher.
if [[ -f package-lock.json ]]; then
  log "npm ci (from package-lock.json)"
  npm ci --no-audit --no-fund --ignore-scripts --omit=optional --loglevel=error
else
  log "npm install (creating package-lock.json)"
  npm install --no-audit --no-fund --ignore-scripts --save-exact --loglevel=error
fi

pkg_version() { node -p "require('./node_modules/$1/package.json').version"; }
want_version() { node -p "require('./package.json').devDependencies['$1']"; }
for pkg in govuk-frontend sass; do
  have="$(pkg_version "$pkg")"
  want="$(want_version "$pkg")"
  [[ "$have" == "$want" ]] || die "$pkg: installed $have but package.json pins $want"
done
GOVUK_VERSION="$(pkg_version govuk-frontend)"
SASS_VERSION="$(pkg_version sass)"
GOVUK_DIST="$BUILD/node_modules/govuk-frontend/dist/govuk"
log "govuk-frontend $GOVUK_VERSION, sass (dart-sass) $SASS_VERSION"

# 2 + 3. Compile the stylesheet. --quiet-deps hides deprecation warnings that
#    come from govuk-frontend itself; govuk-frontend 5 is written with
#    @import, so our entry file has to @import it too (silenced below).
log "sass: assets/src/app.scss -> assets/static/app.css"
tmp_css="$(mktemp "$OUT/.app.css.XXXXXX")"
trap 'rm -f "$tmp_css"' EXIT
./node_modules/.bin/sass \
  --style=compressed \
  --no-source-map \
  --load-path="$BUILD/node_modules" \
  --quiet-deps \
  --silence-deprecation=import \
  "$SRC/app.scss" "$tmp_css"
# Guard rails: no GDS Transport font (GOV.UK-only), no font files referenced.
if grep -q -e '@font-face' -e 'GDS Transport' "$tmp_css"; then
  die "app.css references the GDS Transport font; check \$govuk-font-family"
fi
chmod 644 "$tmp_css"
mv -f "$tmp_css" "$OUT/app.css"
trap - EXIT

log "copy govuk-frontend.min.js and its licence"
install -m 644 "$GOVUK_DIST/govuk-frontend.min.js" "$OUT/govuk-frontend.min.js"
# The npm package carries no licence file; use one from the package if a
# future version adds it, else the committed copy of the upstream LICENSE.txt.
licence="$(find "$BUILD/node_modules/govuk-frontend" -maxdepth 1 -iname 'licen[cs]e*' | head -n 1)"
install -m 644 "${licence:-$BUILD/LICENSE.govuk-frontend.txt}" "$OUT/LICENSE.govuk-frontend.txt"

log "icon and web manifest"
install -m 644 "$SRC/icon.svg" "$OUT/icon.svg"
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$SRC/manifest.webmanifest" \
  || die "manifest.webmanifest is not valid JSON"
install -m 644 "$SRC/manifest.webmanifest" "$OUT/manifest.webmanifest"
if command -v rsvg-convert >/dev/null; then
  for size in 192 512; do
    rsvg-convert --width="$size" --height="$size" --keep-aspect-ratio \
      --output="$OUT/icon-$size.png" "$SRC/icon.svg"
  done
elif [[ -f "$OUT/icon-192.png" && -f "$OUT/icon-512.png" ]]; then
  log "rsvg-convert not found (apt-get install librsvg2-bin): keeping existing PNG icons"
else
  die "rsvg-convert is required to render icon-192.png/icon-512.png (apt-get install librsvg2-bin)"
fi

# 4. Report sizes.
raw=$(wc -c <"$OUT/app.css")
gz=$(gzip -9 -c "$OUT/app.css" | wc -c)
if command -v brotli >/dev/null; then
  br="$(brotli -q 11 -c "$OUT/app.css" | wc -c) bytes"
else
  br="n/a (brotli not installed)"
fi
js_gz=$(gzip -9 -c "$OUT/govuk-frontend.min.js" | wc -c)
printf '\napp.css               raw %7d bytes | gzip -9 %6d bytes | brotli %s\n' "$raw" "$gz" "$br"
printf 'govuk-frontend.min.js raw %7d bytes | gzip -9 %6d bytes\n' \
  "$(wc -c <"$OUT/govuk-frontend.min.js")" "$js_gz"
if (( gz > GZIP_BUDGET )); then
  die "app.css is $gz bytes gzipped, over the $GZIP_BUDGET byte budget: drop components from app.scss (tabs, task-list, pagination, character-count first)"
fi
log "done: $OUT"
