#!/usr/bin/env bash
# The package inside real docs sites: builds and packs it, installs the tarball into each fixture under
# e2e/docs-sites (each with its own pinned lockfile), builds each with its generator's own CLI (server-side
# rendering included) and drives the built pages in Chromium (e2e/docs). Prints how long each part took.
# `npm run test:docs`; .ci/run calls it after `npm test`. It also writes screenshots of each site at
# 390 px and 1280 px, light and dark, to test-results/docs-shots/, for a person to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
sites=e2e/docs-sites
fixtures=(vitepress docusaurus starlight)
start=$SECONDS
lap() {
  echo "docs-sites: $1 took $((SECONDS - start)) s"
  start=$SECONDS
}

# prepack builds too; building first, and packing without scripts, leaves the tarball's name as the only
# line `npm pack` prints.
npm run build:package
rm -f "$sites"/*.tgz
tarball="$PWD/$sites/$(npm pack --ignore-scripts --pack-destination "$sites" | tail -n 1)"
lap "building and packing the package"

# Each fixture's own dependencies at its lockfile's versions, and the tarball as a docs author adds it (a
# real directory in node_modules, so the site's bundler does not re-transpile it); --no-save keeps the
# committed package.json and lockfile as they are. Not `npm ci`: it wants every platform's optional
# binaries (@swc/html-darwin-arm64…) in the lockfile, and a registry mirror may hold only this platform's.
# In parallel: it is mostly waiting on the registry.
pids=()
for f in "${fixtures[@]}"; do
  (
    cd "$sites/$f"
    npm install --no-save --no-audit --no-fund --loglevel=error "$tarball"
  ) >"$sites/$f.install.log" 2>&1 &
  pids+=($!)
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || {
    cat "$sites/${fixtures[$i]}.install.log"
    exit 1
  }
done
lap "installing the fixtures"

# One after the other: each build alone already keeps two cores busy.
for f in "${fixtures[@]}"; do (cd "$sites/$f" && npm run build); done
lap "building the sites"

npx playwright test -c e2e/docs/playwright.config.ts
lap "driving them in Chromium"
