import ArgumentParser
import ChuhaiKit
import Foundation

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the pipeline: one checked package per target language.",
        discussion: """
            Reads the project file, processes every chapter and episode (concurrently, skipping documents whose
            inputs have not changed since the last run), and writes dist/<lang>/ for each target language plus
            dist/index.json. Output is built in a temporary folder and renamed into place: a failed run leaves
            the previous output intact. Two runs on the same input write byte-identical files
            (set SOURCE_DATE_EPOCH for the manifests' creation time).

            Exit status: 0 when the QA found no errors, 1 when it did (the packages are still written), 2 when
            the project cannot be read.

            Examples:
              chuhai run
              chuhai run --config fixtures/demo/chuhai.yaml --out dist
              chuhai run --lang en --jobs 4 --zip
              chuhai run --shard 2/3 --out dist-shard2     # one of three CI matrix jobs
            """
    )

    @Option(help: "Project file.") var config = "chuhai.yaml"
    @Option(help: "Output folder (default: the project's `output:`).") var out: String?
    @Option(help: "Only these target languages (comma-separated).") var lang: String?
    @Option(help: "Documents processed at once (default: the number of cores).") var jobs: Int?
    @Flag(help: "Also write a deterministic <project>-<lang>.zip beside each language folder.") var zip = false
    @Option(help: "Process only shard K of N (K/N); join shard outputs with `chuhai manifest merge`.") var shard: String?
    @Flag(help: "Ignore and do not write the cache.") var noCache = false
    @Flag(help: "Stop at the first unreadable chapter or episode (default: report it and go on).") var failFast = false
    @Flag(help: "No progress output.") var quiet = false

    func run() async throws {
        let (project, configDiagnostics) = try ProjectConfig.load(path: config)
        for d in configDiagnostics { Output.note(d.description) }
        var options = PipelineRunner.Options(output: out.map { URL(fileURLWithPath: $0) },
                                             languages: lang?.split(separator: ",").map(String.init), zip: zip, useCache: !noCache)
        if let jobs { options.jobs = max(1, jobs) }
        options.failFast = failFast
        if let shard {
            guard let s = PipelineRunner.Shard(shard) else { throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N, e.g. 2/3") }
            options.shard = s
        }
        let progress = Progress(quiet: quiet)
        let summary = try await PipelineRunner(config: project, options: options).run { progress.handle($0) }
        progress.finish()
        let errors = summary.diagnostics.filter { $0.severity == .error }
        for d in errors.prefix(20) { Output.error(d.description) }
        if errors.count > 20 { Output.error("… and \(errors.count - 20) more errors (see qa.json)") }
        let state = summary.upToDate ? "all unchanged, output up to date" : "\(summary.cached) unchanged"
        print("""
            chuhai: \(summary.documents) documents (\(state)), \(summary.languages.count) languages \
            (\(summary.languages.joined(separator: ", "))): \(summary.errors) errors, \(summary.warnings) warnings
            packages: \(summary.output.path)/<lang>/ — manifest.json, qa.json, qa.html per language; index.json
            """)
        if summary.errors > 0 { throw ExitCode(1) }
    }
}

/// Progress on standard error: a redrawn bar on a terminal, a line every few seconds otherwise.
final class Progress: @unchecked Sendable {
    private let quiet: Bool
    private let terminal = isatty(2) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
    private let lock = NSLock()
    private var start = Date()
    private var lastLine = Date.distantPast
    private var drew = false

    init(quiet: Bool) { self.quiet = quiet }

    func handle(_ event: PipelineRunner.Event) {
        guard !quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .started(let total):
            start = Date()
            if !terminal { Output.note("chuhai: processing \(total) documents") }
        case .documentDone(let done, let total):
            let elapsed = Date().timeIntervalSince(start)
            let rate = elapsed > 0 ? Double(done) / elapsed : 0
            let eta = rate > 0 ? Double(total - done) / rate : 0
            if terminal {
                let width = 30
                let filled = total > 0 ? width * done / total : width
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                FileHandle.standardError.write(Data(String(format: "\r%@ %d/%d  %.0f docs/s  ETA %.0fs ", bar, done, total, rate, eta).utf8))
                drew = true
            } else if done == total || Date().timeIntervalSince(lastLine) >= 5 {
                lastLine = Date()
                Output.note(String(format: "chuhai: %d/%d documents (%.0f/s)", done, total, rate))
            }
        case .publishing(let language):
            if drew { FileHandle.standardError.write(Data("\n".utf8)); drew = false }
            if !terminal { Output.note("chuhai: packaging \(language)") }
        }
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drew { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
