// swift-tools-version:6.1
import PackageDescription
import Foundation

// SwiftPM names a path dependency after its folder, which differs between clones.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// Benchmarks live in their own package so `make test` never builds the
// benchmark harness. Run with `make bench` from the repository root.
nonisolated(unsafe) let benchmark = Target.Dependency.product(name: "Benchmark", package: "package-benchmark")
nonisolated(unsafe) let plugin = Target.PluginUsage.plugin(name: "BenchmarkPlugin", package: "package-benchmark")

func benchmarkTarget(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: [benchmark, .product(name: "ChuhaiKit", package: root)],
        path: "Benchmarks/\(name)",
        plugins: [plugin]
    )
}

let package = Package(
    name: "chuhai-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        benchmarkTarget("TextBenchmarks"),
        benchmarkTarget("SubtitleBenchmarks"),
        benchmarkTarget("GlossaryBenchmarks"),
        benchmarkTarget("InterchangeBenchmarks"),
        // Writes the 2,000-chapter project that `make bench` runs `chuhai run` on (Benchmarks/pipeline.sh).
        .executableTarget(name: "PipelineCorpus", dependencies: [.product(name: "ChuhaiKit", package: root)], path: "Benchmarks/PipelineCorpus"),
    ]
)
