import Benchmark
import ChuhaiKit
import Foundation

/// Parse + validate of a seeded 100k-cue track as SRT, WebVTT and TTML (netflix zh-Hans rules),
/// and SRT → TTML conversion. Each benchmark records MB/s and cues/s as custom metrics.
/// The generated files are also written to $CHUHAI_BENCH_DIR (default /tmp/chuhai-bench/subtitles)
/// so `Benchmarks/compare/subtitles.py` times Python libraries on the same bytes.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(20), maxIterations: 5)
    let mbps = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    let cuesps = BenchmarkMetric.custom("kcues/s", polarity: .prefersLarger, useScalingFactor: false)
    // Thread CPU time: on a shared 2-core machine wall-clock MB/s mostly measures the neighbours.
    let cpumbps = BenchmarkMetric.custom("MB/s (thread CPU time)", polarity: .prefersLarger, useScalingFactor: false)

    func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    func run(_ name: String, format: SubtitleFormat, _ body: @escaping @Sendable (Data, ValidationSettings) throws -> Int) {
        Benchmark(name, configuration: .init(metrics: [.wallClock, mbps, cpumbps, cuesps])) { benchmark in
            let data = SubtitleCorpus.shared.files[format]!
            let settings = SubtitleCorpus.shared.settings
            for _ in benchmark.scaledIterations {
                let start = ContinuousClock.now
                let cpu = threadCPUSeconds()
                let cues = try body(data, settings)
                let cpuSeconds = threadCPUSeconds() - cpu
                let seconds = (ContinuousClock.now - start) / .seconds(1)
                benchmark.measurement(mbps, Int(Double(data.count) / 1_000_000 / seconds))
                benchmark.measurement(cpumbps, Int(Double(data.count) / 1_000_000 / cpuSeconds))
                benchmark.measurement(cuesps, Int(Double(cues) / 1000 / seconds))
            }
        }
    }

    @Sendable func parseAndValidate(_ data: Data, _ file: String, _ settings: ValidationSettings) throws -> Int {
        let sink = DiagnosticSink()
        let track = try Subtitles.read(data, file: file, sink: sink)
        SubtitleRules.check(track, settings: settings, frameRate: FrameRate(24), sink: sink)
        blackHole(sink.diagnostics.count)
        return track.cues.count
    }

    run("SRT parse+validate 100k cues", format: .srt) { try parseAndValidate($0, "bench.srt", $1) }
    run("WebVTT parse+validate 100k cues", format: .vtt) { try parseAndValidate($0, "bench.vtt", $1) }
    run("TTML parse+validate 100k cues", format: .ttml) { try parseAndValidate($0, "bench.ttml", $1) }
    run("SRT to TTML 100k cues", format: .srt) { data, _ in
        let sink = DiagnosticSink()
        let track = try SRT.read(data, file: "bench.srt", sink: sink)
        blackHole(TTML.write(track).utf8.count)
        return track.cues.count
    }
}

/// The seeded corpus, built once per process.
final class SubtitleCorpus: Sendable {
    static let shared = SubtitleCorpus()
    let files: [SubtitleFormat: Data]
    let settings: ValidationSettings

    init() {
        let track = SubtitleSampler.track(cues: 100_000, language: "zh-Hans")
        var files: [SubtitleFormat: Data] = [:]
        for format in [SubtitleFormat.srt, .vtt, .ttml] { files[format] = Data(try! Subtitles.write(track, as: format).utf8) }
        self.files = files
        settings = try! DeliveryProfile.load("netflix").resolve(language: "zh-Hans")
        let dir = ProcessInfo.processInfo.environment["CHUHAI_BENCH_DIR"] ?? "/tmp/chuhai-bench/subtitles"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (format, data) in files {
            try? data.write(to: URL(fileURLWithPath: dir).appendingPathComponent("bench.\(format.fileExtension)"))
        }
    }
}
