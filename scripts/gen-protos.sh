#!/usr/bin/env bash
# Regenerates Sources/Telemetry/Generated/*.pb.swift from protos/prompb/*.proto (Prometheus remote write).
# Needs protoc (Debian: apt-get install protobuf-compiler) and protoc-gen-swift of the swift-protobuf version
# Package.swift resolves: built here from the package's checkout unless PROTOC_GEN_SWIFT names one. Building the
# plugin takes minutes, which is why the generated code is committed and the build never runs this.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v protoc >/dev/null || { echo "gen-protos: protoc not found (apt-get install protobuf-compiler)" >&2; exit 69; }
plugin="${PROTOC_GEN_SWIFT:-}"
if [[ -z "$plugin" ]]; then
    checkout="$root/.build/checkouts/swift-protobuf"
    [[ -d "$checkout" ]] || swift package resolve
    (cd "$checkout" && swift build --product protoc-gen-swift --scratch-path "$root/.build-protoc-gen-swift")
    plugin="$root/.build-protoc-gen-swift/debug/protoc-gen-swift"
fi
out="$root/Sources/Telemetry/Generated"
mkdir -p "$out"
protoc --plugin=protoc-gen-swift="$plugin" --proto_path=protos/prompb \
    --swift_out="$out" --swift_opt=Visibility=Internal --swift_opt=FileNaming=DropPath \
    protos/prompb/types.proto protos/prompb/remote.proto
echo "gen-protos: wrote $(ls "$out"/*.pb.swift | tr '\n' ' ')"
