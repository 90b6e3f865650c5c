import Crypto
import Foundation

/// Runs a project: every document through the stages, concurrently, then one
/// package per target language, published atomically.
public struct PipelineRunner: Sendable {
    public struct Options: Sendable {
        /// Output folder (default: the project's `output:`).
        public var output: URL?
        /// Only these target languages (default: all).
        public var languages: [String]?
        /// Documents processed at once (default: the core count).
        public var jobs: Int
        public var zip: Bool
        /// `K/N`: process only the documents of shard K (1-based) of N.
        public var shard: Shard?
        /// Stop at the first unreadable document instead of reporting it and going on.
        public var failFast = false
        /// Content-hash cache folder (default: `.chuhai-cache` beside the project file); nil disables it.
        public var cache: URL?
        public var useCache: Bool

        public init(output: URL? = nil, languages: [String]? = nil, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                    zip: Bool = false, shard: Shard? = nil, cache: URL? = nil, useCache: Bool = true) {
            self.output = output
            self.languages = languages
            self.jobs = max(1, jobs)
            self.zip = zip
            self.shard = shard
            self.cache = cache
            self.useCache = useCache
        }
    }

    /// A deterministic subset of documents: document i (in project order) belongs to shard i mod N.
    public struct Shard: Sendable, Hashable, CustomStringConvertible {
        public var index: Int
        public var count: Int
        public init?(_ text: String) {
            let parts = text.split(separator: "/")
            guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else { return nil }
            index = k
            count = n
        }
        public var description: String { "\(index)/\(count)" }
        func contains(_ position: Int) -> Bool { position % count == index - 1 }
    }

    /// What happened, for the summary line and tests.
    public struct Summary: Sendable, Codable {
        public var documents: Int
        public var cached: Int
        public var languages: [String]
        /// Every finding; when `upToDate`, only the errors (the reports in the output have the rest).
        public var diagnostics: [Diagnostic]
        public var output: URL
        public var errors: Int
        public var warnings: Int
        /// Nothing changed since the last run into this output: nothing was rebuilt or rewritten.
        public var upToDate: Bool = false
    }

    /// Progress events; the CLI draws them (a bar on a terminal, lines otherwise).
    public enum Event: Sendable {
        case started(total: Int)
        case documentDone(done: Int, total: Int)
        case publishing(language: String)
    }

    public let config: ProjectConfig
    public let options: Options

    public init(config: ProjectConfig, options: Options = Options()) {
        self.config = config
        self.options = options
    }

    public var targets: [String] {
        guard let only = options.languages else { return config.targets }
        return config.targets.filter(only.contains)
    }

    public var outputURL: URL { options.output ?? config.outputURL }

    /// Runs everything. Findings are returned; only unusable input throws.
    public func run(progress: @escaping @Sendable (Event) -> Void = { _ in }) async throws -> Summary {
        var config = self.config
        config.targets = targets
        let context = try Self.makeContext(config)
        var jobs = try Self.documents(config)
        if let shard = options.shard { jobs = jobs.enumerated().filter { shard.contains($0.offset) }.map(\.element) }
        let stages = StageRegistry.documentStages(skipping: config.skip, adding: config.add)
        let cache = options.useCache ? ResultCache(folder: options.cache ?? config.root.appendingPathComponent(".chuhai-cache"),
                                                   runKey: Self.runKey(config, context: context)) : nil
        // A rerun with the same inputs into an untouched output does nothing at all.
        let keys = cache.map { c in jobs.map { c.key(for: $0, config: config) } }
        let stamp = cache.flatMap { c in keys.map { RunStamp.digest(c, keys: $0, output: outputURL, options: options, targets: config.targets) } }
        if let cache, let stamp, let previous = RunStamp.load(cache, output: outputURL), previous.digest == stamp,
           previous.indexSHA256 == RunStamp.indexHash(outputURL) {
            var summary = previous.summary
            summary.cached = summary.documents
            summary.upToDate = true
            return summary
        }
        progress(.started(total: jobs.count))
        let done = try await Self.process(jobs, keys: keys, stages: stages, context: context, cache: cache, parallelism: options.jobs,
                                          failFast: options.failFast, progress: progress)
        try Publisher(config: config, context: context, output: outputURL, zip: options.zip, shard: options.shard)
            .publish(done.map(\.result), progress: progress)
        // Source findings repeat in every language's list; the summary counts each once.
        var seen = Set<Diagnostic>()
        var diagnostics = context.setupDiagnostics.compactMap(context.adjusted).filter { seen.insert($0).inserted }
        for r in done {
            for language in config.targets {
                for d in r.result.diagnostics[language] ?? [] where seen.insert(d).inserted { diagnostics.append(d) }
            }
        }
        let summary = Summary(documents: done.count, cached: done.count { $0.cached }, languages: config.targets,
                              diagnostics: diagnostics, output: outputURL, errors: diagnostics.count { $0.severity == .error },
                              warnings: diagnostics.count { $0.severity == .warning })
        if let cache, let stamp {
            var kept = summary
            kept.diagnostics = diagnostics.filter { $0.severity == .error }
            RunStamp(digest: stamp, indexSHA256: RunStamp.indexHash(outputURL), summary: kept).store(cache, output: outputURL)
        }
        return summary
    }

    struct Processed: Sendable {
        var result: DocumentResult
        var cached: Bool
    }

    /// Documents in project order: works in file order, chapters/episodes by number.
    static func documents(_ config: ProjectConfig) throws -> [DocumentJob] {
        var jobs: [DocumentJob] = []
        for work in config.works {
            if work.source.isNumbered {
                for (number, path) in work.source.files(in: config.root) {
                    jobs.append(DocumentJob(work: work, number: number, sourcePath: path))
                }
            } else if work.kind == .novel {
                jobs += try singleFileNovel(work, config)
            } else {
                jobs.append(DocumentJob(work: work, number: 1, sourcePath: config.url(work.source.text).path))
            }
        }
        return jobs
    }

    /// A novel in one file: split at headings up front, so each chapter is its own document;
    /// a translation in one file (`translations:` without `{n}`) is split the same way and paired by position.
    static func singleFileNovel(_ work: ProjectConfig.WorkConfig, _ config: ProjectConfig) throws -> [DocumentJob] {
        let path = config.url(work.source.text).path
        let (chapters, diagnostics) = try NovelFiles.chapters(path: path, work: work)
        var jobs = chapters.map { c -> DocumentJob in
            var job = DocumentJob(work: work, number: c.number, sourcePath: path)
            job.chapter = c
            return job
        }
        if !jobs.isEmpty { jobs[0].diagnostics += diagnostics }
        guard let pattern = work.translations, !pattern.isNumbered else { return jobs }
        for language in config.targets {
            let tpath = config.url(pattern.path(language: language)).path
            guard FileManager.default.fileExists(atPath: tpath) else { continue }
            let (translated, tdiagnostics) = try NovelFiles.chapters(path: tpath, work: work)
            if !jobs.isEmpty { jobs[0].languageDiagnostics[language, default: []] += tdiagnostics }
            if translated.count != chapters.count {
                if !jobs.isEmpty {
                    jobs[0].languageDiagnostics[language, default: []].append(Diagnostic(
                        .warning, rule: "alignment",
                        "\(language) translation has \(translated.count) chapters, the source \(chapters.count); chapters are paired in order",
                        at: SourceLocation(file: tpath)))
                }
            }
            for (i, c) in translated.enumerated() where i < jobs.count {
                jobs[i].translations[language] = Translation(language: language, sourcePath: tpath, chapter: c)
            }
        }
        return jobs
    }

    static func process(_ jobs: [DocumentJob], keys: [String]?, stages: [any Stage], context: StageContext, cache: ResultCache?,
                        parallelism: Int, failFast: Bool = false, progress: @escaping @Sendable (Event) -> Void) async throws -> [Processed] {
        var results = [Processed?](repeating: nil, count: jobs.count)
        try await withThrowingTaskGroup(of: (Int, Processed).self) { group in
            var next = 0
            var finished = 0
            func add() {
                let i = next
                let job = jobs[i]
                let key = keys?[i]
                group.addTask { (i, try Self.processOne(job, key: key, stages: stages, context: context, cache: cache, failFast: failFast)) }
                next += 1
            }
            while next < min(parallelism, jobs.count) { add() }
            while let (i, r) = try await group.next() {
                results[i] = r
                finished += 1
                progress(.documentDone(done: finished, total: jobs.count))
                if next < jobs.count { add() }
            }
        }
        return results.compactMap { $0 }
    }

    static func processOne(_ job: DocumentJob, key: String?, stages: [any Stage], context: StageContext, cache: ResultCache?,
                           failFast: Bool = false) throws -> Processed {
        if let cache, let key, let hit = cache.load(key) { return Processed(result: hit, cached: true) }
        var job = job
        for stage in stages {
            do {
                try stage.process(&job, context: context)
            } catch let e as ChuhaiError {
                if failFast { throw e }
                // An unreadable document is a finding about that document; the rest of the run goes on.
                var message = e.message
                if let hint = e.hint { message += " (\(hint))" }
                job.diagnostics.append(Diagnostic(.error, rule: "unreadable", message, at: e.location ?? SourceLocation(file: job.sourcePath)))
                break
            }
        }
        job.summarize(root: context.config.root)
        let result = Publisher.result(of: job, context: context)!
        if let cache, let key { cache.store(key, result) }
        return Processed(result: result, cached: false)
    }

    /// Glossaries, appliers and profiles, built once.
    static func makeContext(_ config: ProjectConfig) throws -> StageContext {
        var glossaries: [Glossary] = []
        var files: [(String, String, String)] = []
        var setup: [Diagnostic] = []
        for path in config.glossaries {
            let url = config.url(path)
            let data = try TextDecoder.readFile(url.path)
            let loaded = try GlossaryIO.decode(data, file: path)
            setup += loaded.diagnostics.filter { $0.severity == .error }
            glossaries.append(loaded.glossary)
            files.append((loaded.glossary.id ?? url.deletingPathExtension().lastPathComponent, path, Checksum.sha256(data)))
        }
        let (merged, conflicts) = GlossaryMerger.merge(glossaries)
        setup += conflicts.map { d in
            var d = d
            d.severity = .warning
            return d
        }
        var appliers: [String: GlossaryApplier] = [:]
        if !merged.concepts.isEmpty {
            for language in config.targets { appliers[language] = GlossaryApplier(glossary: merged, targetLanguage: language) }
        }
        var profiles: [String: DeliveryProfile] = [:]
        for platform in Set(config.works.flatMap(\.platforms)) {
            profiles[platform] = try DeliveryProfile.load(platformProfiles[platform] ?? "generic")
        }
        var context = StageContext(config: config, glossary: merged, glossaryFiles: files, appliers: appliers, profiles: profiles)
        context.setupDiagnostics = setup
        return context
    }

    /// The delivery profile each platform is checked against.
    public static let platformProfiles = ["youtube": "youtube", "web": "generic", "netflix": "netflix"]

    /// Hash of the running executable: a rebuilt chuhai never reuses results cached by
    /// another build, even when the version number did not change.
    static let buildIdentity: String = {
        guard let data = FileManager.default.contents(atPath: "/proc/self/exe") ?? Bundle.main.executablePath.flatMap(FileManager.default.contents(atPath:))
        else { return "unknown" }
        return Checksum.sha256(data)
    }()

    /// Everything outside the documents that changes results: tool version, project settings, glossaries.
    static func runKey(_ config: ProjectConfig, context: StageContext) -> String {
        var parts = ["chuhai \(ChuhaiKit.version)", "build \(buildIdentity)", "icu \(ICU.version)", config.source, config.targets.joined(separator: ","),
                     config.skip.sorted().joined(separator: ","), "\(config.mergeNarratorTags)"]
        parts += config.rules.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value?.rawValue ?? "off")" }
        parts += ["add=" + config.add.sorted().joined(separator: ",")]
        parts += context.glossaryFiles.map { "\($0.id):\($0.sha256)" }
        return Checksum.sha256(Data(parts.joined(separator: "\n").utf8))
    }
}


/// What the last run wrote into an output folder, so an unchanged rerun can stop early.
struct RunStamp: Codable {
    var digest: String
    /// SHA-256 of the output's index.json when the run finished (which pins every manifest and file).
    var indexSHA256: String?
    var summary: PipelineRunner.Summary

    static func digest(_ cache: ResultCache, keys: [String], output: URL, options: PipelineRunner.Options, targets: [String]) -> String {
        let parts = [cache.runKey, output.standardizedFileURL.path, "\(options.zip)", options.shard?.description ?? "-",
                     targets.joined(separator: ",")] + keys
        return Checksum.sha256(Data(parts.joined(separator: "\n").utf8))
    }

    static func indexHash(_ output: URL) -> String? {
        FileManager.default.contents(atPath: output.appendingPathComponent(PackageIndex.fileName).path).map(Checksum.sha256)
    }

    private static func url(_ cache: ResultCache, output: URL) -> URL {
        cache.folder.appendingPathComponent("runs").appendingPathComponent(Checksum.sha256(Data(output.standardizedFileURL.path.utf8)) + ".json")
    }

    static func load(_ cache: ResultCache, output: URL) -> RunStamp? {
        FileManager.default.contents(atPath: url(cache, output: output).path).flatMap { try? JSONDecoder().decode(RunStamp.self, from: $0) }
    }

    func store(_ cache: ResultCache, output: URL) {
        guard let data = try? JSONEncoder().encode(self) else { return }
        try? AtomicFile.write(data, to: Self.url(cache, output: output))
    }
}
