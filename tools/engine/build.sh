#!/usr/bin/env bash
# Builds the Pulumi engine pieces this project runs offline, from Go modules,
# into a cache outside the repository:
#
#   pulumi                   the real CLI, github.com/pulumi/pulumi/pkg/v3 v3.248.0
#   pulumi-language-nodejs   our stand-in language host (cmd/pulumi-language-nodejs)
#   pulumi-resource-azuread  pulumi-azuread v6.9.1 (module azuread/), built only if
#                            the Go module proxy serves its modules; see azuread/go.mod
#   pulumi-resource-pulumi-nodejs  copied from node_modules/@pulumi/pulumi (dynamic providers)
#
# Output: ${ENTRA_ENGINE_CACHE:-$HOME/.cache/entra-graph-apps/engine}/<pulumi>-azuread-<azuread>/bin
# A second run with unchanged inputs reuses it. The last line printed is the bin path.
#
# Options (environment):
#   ENTRA_ENGINE_CACHE            cache root (default above)
#   ENTRA_ENGINE_REBUILD=1        rebuild even when the cache looks current
#   ENTRA_ENGINE_REQUIRE_AZUREAD=1  fail when the azuread provider cannot be built
# Go's own caches (GOMODCACHE, GOCACHE) are used as they are configured.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

PULUMI_VERSION=3.248.0
AZUREAD_VERSION=6.9.1

cache_root=${ENTRA_ENGINE_CACHE:-$HOME/.cache/entra-graph-apps/engine}
out="$cache_root/$PULUMI_VERSION-azuread-$AZUREAD_VERSION"
bin="$out/bin"

log() { printf 'engine: %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

command -v go >/dev/null || { log "go is not on PATH"; exit 1; }
case "$(go env GOVERSION)" in
go1.2[6-9]* | go1.[3-9]*) ;;
*) log "need Go >= 1.26 (found $(go env GOVERSION))"; exit 1 ;;
esac

start=$(now)

# Everything that decides what gets built; a change means a rebuild.
stamp=$(
	cd "$here"
	{
		go env GOVERSION GOOS GOARCH
		cat build.sh go.mod go.sum azuread/go.mod azuread/shim/go.mod
		find cmd azuread -name '*.go' -print0 | sort -z | xargs -0 cat
	} | sha256sum | cut -d' ' -f1
)

if [[ ${ENTRA_ENGINE_REBUILD:-} != 1 && -f "$out/stamp" && "$(cat "$out/stamp")" == "$stamp" &&
	-x "$bin/pulumi" && -x "$bin/pulumi-language-nodejs" ]]; then
	log "warm: reusing $bin ($(secs "$start" "$(now)")s)"
	[[ -x "$bin/pulumi-resource-azuread" ]] || log "note: $bin has no pulumi-resource-azuread (see $out/azuread-unavailable.txt)"
	echo "$bin"
	exit 0
fi

mkdir -p "$bin"
rm -f "$out/stamp"

# The tags and flags of Pulumi's own release build (.goreleaser.yml).
ldflags="-w -s -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
gobuild() { go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" "$@"; }

# 1. Modules. go.sum pins every hash, so the checksum database is not needed.
t=$(now)
(cd "$here" && go mod download)
log "modules: $(secs "$t" "$(now)")s"

# 2. CLI and language host.
t=$(now)
(cd "$here" && gobuild -o "$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
log "pulumi: $(secs "$t" "$(now)")s"
t=$(now)
(cd "$here" && gobuild -o "$bin/pulumi-language-nodejs" ./cmd/pulumi-language-nodejs)
log "pulumi-language-nodejs: $(secs "$t" "$(now)")s"

# 3. The azuread provider, when its modules can be had.
t=$(now)
rm -f "$out/azuread-unavailable.txt"
if (cd "$here/azuread" && GOFLAGS=-mod=mod go mod download -x >"$out/azuread-download.log" 2>&1 &&
	GOFLAGS=-mod=mod go build -trimpath -ldflags "-w -s -X github.com/pulumi/pulumi-azuread/provider/v6/pkg/version.Version=v$AZUREAD_VERSION" \
		-o "$bin/pulumi-resource-azuread" ./cmd/pulumi-resource-azuread >>"$out/azuread-download.log" 2>&1); then
	moddir=$(cd "$here/azuread" && GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' github.com/pulumi/pulumi-azuread/provider/v6)
	cp "$moddir/cmd/pulumi-resource-azuread/schema.json" "$bin/pulumi-resource-azuread.schema.json"
	log "pulumi-resource-azuread: $(secs "$t" "$(now)")s"
else
	rm -f "$bin/pulumi-resource-azuread"
	{
		echo "pulumi-resource-azuread $AZUREAD_VERSION could not be built from Go modules:"
		grep -E '403|not available|error|cannot|missing' "$out/azuread-download.log" | head -5
	} >"$out/azuread-unavailable.txt"
	log "WARNING: no pulumi-resource-azuread: its modules are not served by the Go module proxy"
	sed 's/^/engine:   /' "$out/azuread-unavailable.txt" >&2
	if [[ ${ENTRA_ENGINE_REQUIRE_AZUREAD:-} == 1 ]]; then exit 1; fi
fi

# 4. Runtime helper the real CLI ships next to `pulumi`: the dynamic-provider
#    launcher script from @pulumi/pulumi (resolves @pulumi/pulumi from its cwd).
if [[ -f "$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs" ]]; then
	install -m 0755 "$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs" "$bin/"
fi

echo "$stamp" >"$out/stamp"
log "built in $(secs "$start" "$(now)")s"
echo "$bin"
