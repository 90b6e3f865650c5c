import Foundation
import Testing
import ChuhaiTestSupport
@testable import ChuhaiKit

/// Every file under `dir`, relative path → bytes.
func tree(_ dir: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let base = dir.standardizedFileURL.path + "/"
    let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = e?.nextObject() as? URL {
        guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
        out[String(url.standardizedFileURL.path.dropFirst(base.count))] = try Data(contentsOf: url)
    }
    return out
}

/// A copy of the demo (and the glossaries it names) in a temporary folder, so tests may edit it.
func demoCopy() throws -> (project: URL, root: URL) {
    let root = try Fixtures.temporaryDirectory("chuhai-demo")
    let fm = FileManager.default
    try fm.createDirectory(at: root.appendingPathComponent("fixtures"), withIntermediateDirectories: true)
    try fm.copyItem(at: Fixtures.url("fixtures/demo"), to: root.appendingPathComponent("fixtures/demo"))
    try fm.copyItem(at: Fixtures.url("glossaries"), to: root.appendingPathComponent("glossaries"))
    return (root.appendingPathComponent("fixtures/demo/chuhai.yaml"), root)
}

@Suite(.serialized) struct RunnerTests {
    func run(_ project: URL, out: URL, cache: URL? = nil, shard: String? = nil, jobs: Int = 2) async throws -> PipelineRunner.Summary {
        let (config, _) = try ProjectConfig.load(path: project.path)
        let options = PipelineRunner.Options(output: out, jobs: jobs, shard: shard.flatMap(PipelineRunner.Shard.init),
                                             cache: cache, useCache: cache != nil)
        return try await PipelineRunner(config: config, options: options).run()
    }

    @Test func demoPackagesCarryTheExpectedFindingsAndFixes() async throws {
        let out = try Fixtures.temporaryDirectory().appendingPathComponent("dist")
        let summary = try await run(Fixtures.url("fixtures/demo/chuhai.yaml"), out: out)
        #expect(summary.documents == 9)
        let files = try tree(out)
        // The deprecated variants in en/003.txt are fixed in the package and reported.
        let ch3 = String(decoding: try #require(files["en/qingyun/ch0003.xhtml"]), as: UTF8.self)
        #expect(!ch3.contains("Foundation Building"))
        #expect(!ch3.contains("elixir field"))
        #expect(ch3.contains("Foundation Establishment Pill"))
        let qa = try JSONSerialization.jsonObject(with: try #require(files["en/qa.json"])) as! [String: Any]
        let diagnostics = qa["diagnostics"] as! [[String: Any]]
        #expect(diagnostics.filter { $0["rule"] as? String == "term-deprecated" }.count == 3)
        // The too-fast cue in en ep02 is reported with its place.
        #expect(diagnostics.contains { $0["rule"] as? String == "reading-speed" && ($0["file"] as? String)?.hasSuffix("drama/en/ep02.srt") == true && $0["line"] as? Int == 27 })
        // Spanish chapters 4–6 are reported untranslated, never silently dropped.
        let manifest = try JSONSerialization.jsonObject(with: try #require(files["es/manifest.json"])) as! [String: Any]
        let untranslated = manifest["untranslated"] as! [[String: Any]]
        #expect(untranslated.filter { $0["work"] as? String == "qingyun" }.compactMap { $0["number"] as? Int } == [4, 5, 6])
        // The EPUB of the translated chapters is in the package and in the manifest.
        #expect(files["es/qingyun.epub"] != nil)
        #expect(files["en/qingyun.epub"].map { $0.prefix(4) == Data("PK\u{3}\u{4}".utf8) } == true)
        // One subtitle file per platform format.
        #expect(files["en/flashmarriage/FlashMarriage_S01E02.en.srt"] != nil)
        #expect(files["en/flashmarriage/FlashMarriage_S01E02.en.vtt"] != nil)
        #expect(files["en/flashmarriage/FlashMarriage_S01E02.en.ttml"] != nil)
        // Every file in the manifest has the right size and hash.
        for entry in manifest["files"] as! [[String: Any]] {
            let data = try #require(files["es/" + (entry["path"] as! String)])
            #expect(entry["bytes"] as? Int == data.count)
            #expect(entry["sha256"] as? String == Checksum.sha256(data))
        }
    }

    @Test func rerunsAreByteIdentical() async throws {
        let base = try Fixtures.temporaryDirectory()
        _ = try await run(Fixtures.url("fixtures/demo/chuhai.yaml"), out: base.appendingPathComponent("a"), jobs: 1)
        _ = try await run(Fixtures.url("fixtures/demo/chuhai.yaml"), out: base.appendingPathComponent("b"), jobs: 4)
        let a = try tree(base.appendingPathComponent("a")), b = try tree(base.appendingPathComponent("b"))
        #expect(a.keys.sorted() == b.keys.sorted())
        for (path, data) in a { #expect(b[path] == data, "\(path) differs between runs") }
    }

    @Test func cacheRedoesOnlyTheChangedChapter() async throws {
        let (project, root) = try demoCopy()
        let out = root.appendingPathComponent("dist"), cache = root.appendingPathComponent("cache")
        let first = try await run(project, out: out, cache: cache)
        #expect(first.cached == 0)
        let noop = try await run(project, out: out, cache: cache)
        #expect(noop.cached == noop.documents)
        #expect(noop.upToDate)
        #expect(noop.errors == first.errors && noop.warnings == first.warnings)
        // A damaged output is rebuilt (from the cache) even when the inputs did not change.
        try Data("{}".utf8).write(to: out.appendingPathComponent("index.json"))
        let repaired = try await run(project, out: out, cache: cache)
        #expect(!repaired.upToDate && repaired.cached == repaired.documents)
        #expect(try Data(contentsOf: out.appendingPathComponent("index.json")) != Data("{}".utf8))
        let chapter = root.appendingPathComponent("fixtures/demo/novel/en/002.txt")
        var text = try String(contentsOf: chapter, encoding: .utf8)
        text = text.replacingOccurrences(of: "Chapter 2", with: "Chapter Two")
        try text.write(to: chapter, atomically: true, encoding: .utf8)
        let changed = try await run(project, out: out, cache: cache)
        #expect(changed.cached == changed.documents - 1)
        let xhtml = String(decoding: try Data(contentsOf: out.appendingPathComponent("en/qingyun/ch0002.xhtml")), as: UTF8.self)
        #expect(xhtml.contains("Chapter Two"))
        // Cached and fresh runs publish the same bytes.
        let fresh = root.appendingPathComponent("fresh")
        _ = try await run(project, out: fresh)
        #expect(try tree(fresh) == tree(out))
    }

    @Test func threeShardsMergedEqualOneRun() async throws {
        let base = try Fixtures.temporaryDirectory()
        let project = Fixtures.url("fixtures/demo/chuhai.yaml")
        _ = try await run(project, out: base.appendingPathComponent("single"))
        var shardDirs: [URL] = []
        for k in 1...3 {
            let dir = base.appendingPathComponent("shard\(k)")
            let s = try await run(project, out: dir, shard: "\(k)/3")
            #expect(s.documents == 3)
            shardDirs.append(dir)
        }
        let (config, _) = try ProjectConfig.load(path: project.path)
        let merged = base.appendingPathComponent("merged")
        let result = try ShardMerge.merge(config: config, shards: shardDirs, output: merged)
        #expect(result.documents == 9)
        let single = try tree(base.appendingPathComponent("single")), joined = try tree(merged)
        #expect(single.keys.sorted() == joined.keys.sorted())
        for (path, data) in single { #expect(joined[path] == data, "\(path) differs") }
        // A missing shard is refused.
        #expect(throws: ChuhaiError.self) { try ShardMerge.merge(config: config, shards: Array(shardDirs.prefix(2)), output: merged) }
    }

    @Test func aFailedRunLeavesThePreviousOutput() async throws {
        let (project, root) = try demoCopy()
        let out = root.appendingPathComponent("dist")
        _ = try await run(project, out: out)
        let before = try tree(out)
        // A cover that is not an image makes packaging fail after every document was processed.
        let config = root.appendingPathComponent("fixtures/demo/chuhai.yaml")
        var yaml = try String(contentsOf: config, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "    author: 出海工作室\n", with: "    author: 出海工作室\n    cover: chuhai.yaml\n")
        try yaml.write(to: config, atomically: true, encoding: .utf8)
        await #expect(throws: ChuhaiError.self) { _ = try await run(project, out: out) }
        #expect(try tree(out) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".dist") }.isEmpty)
    }

    @Test func anUnreadableChapterIsAFindingAndTheRunGoesOn() async throws {
        let (project, root) = try demoCopy()
        try Data([0xFF, 0xFE, 0x00, 0xD8, 0x41]).write(to: root.appendingPathComponent("fixtures/demo/novel/zh-Hans/002.txt"))
        let summary = try await run(project, out: root.appendingPathComponent("dist"))
        #expect(summary.documents == 9)
        #expect(summary.diagnostics.contains { $0.rule == "unreadable" && $0.location.file.hasSuffix("zh-Hans/002.txt") })
    }
}

@Suite(.serialized) struct RunnerOptionTests {
    @Test func pseudoStageFillsMissingLanguagesWhenAdded() async throws {
        let (project, root) = try demoCopy()
        var yaml = try String(contentsOf: project, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "targets: [en, es]", with: "targets: [en, es]\nstages: {add: [translations.pseudo]}")
        try yaml.write(to: project, atomically: true, encoding: .utf8)
        let (config, _) = try ProjectConfig.load(path: project.path)
        #expect(config.add == ["translations.pseudo"])
        let out = root.appendingPathComponent("dist")
        _ = try await PipelineRunner(config: config, options: .init(output: out, useCache: false)).run()
        // Spanish chapter 4 had no translation: now a pseudo-localized one, and nothing is untranslated.
        let ch4 = String(decoding: try Data(contentsOf: out.appendingPathComponent("es/qingyun/ch0004.xhtml")), as: UTF8.self)
        #expect(ch4.contains("[") && ch4.contains("~"))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("es/manifest.json"))) as! [String: Any]
        #expect((manifest["untranslated"] as? [Any])?.isEmpty ?? true)
        // Real translations are left alone.
        let ch1 = String(decoding: try Data(contentsOf: out.appendingPathComponent("es/qingyun/ch0001.xhtml")), as: UTF8.self)
        #expect(!ch1.contains("~"))
    }

    @Test func addingARequiredStageIsAConfigError() throws {
        let sink = DiagnosticSink()
        _ = try ProjectConfig.parse("name: x\nsource: zh-Hans\ntargets: [en]\nworks: []\nstages: {add: [segment], skip: [ingest]}\n",
                                    file: "p.yaml", sink: sink)
        #expect(sink.diagnostics.contains { $0.message.contains("'segment' always runs") })
        #expect(sink.diagnostics.contains { $0.message.contains("'ingest' cannot be skipped") })
    }

    @Test func failFastStopsAtTheFirstUnreadableDocument() async throws {
        let (project, root) = try demoCopy()
        try Data([0xFF, 0xFE, 0x00, 0xD8, 0x41]).write(to: root.appendingPathComponent("fixtures/demo/novel/zh-Hans/002.txt"))
        let (config, _) = try ProjectConfig.load(path: project.path)
        var options = PipelineRunner.Options(output: root.appendingPathComponent("dist"), useCache: false)
        options.failFast = true
        await #expect(throws: ChuhaiError.self) { _ = try await PipelineRunner(config: config, options: options).run() }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("dist").path))
    }
}
