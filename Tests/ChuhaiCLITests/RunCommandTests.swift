import Foundation
import Testing
import ChuhaiTestSupport

@Suite struct RunCommandTests {
    @Test func initThenRunWorksAndInitRefusesToOverwrite() throws {
        let dir = try Fixtures.temporaryDirectory()
        let i = try CLI.run(["init", dir.path])
        #expect(i.status == 0)
        #expect(i.stdout.contains("chuhai.yaml"))
        let again = try CLI.run(["init", dir.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("--force"))
        let r = try CLI.run(["run", "--config", dir.appendingPathComponent("chuhai.yaml").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("1 documents"))
        let manifest = dir.appendingPathComponent("dist/en/manifest.json")
        #expect(FileManager.default.fileExists(atPath: manifest.path))
    }

    @Test func demoRunExitsZeroOrOneAndLogsLines() throws {
        let out = try Fixtures.temporaryDirectory().appendingPathComponent("dist")
        let r = try CLI.run(["run", "--config", "fixtures/demo/chuhai.yaml", "--out", out.path, "--no-cache"])
        #expect(r.status == 0 || r.status == 1)
        #expect(r.stdout.contains("9 documents"))
        // Not a terminal: plain progress lines, no carriage returns.
        #expect(r.stderr.contains("chuhai: processing 9 documents"))
        #expect(!r.stderr.contains("\r"))
    }

    @Test func brokenProjectFileExitsTwoWithPositions() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("chuhai.yaml")
        try Data("name: x\nsource: zh-Hans\ntargets: [en]\nworks:\n  - id: a\n    kind: novel\n    title: A\n    source: missing.txt\n".utf8).write(to: file)
        let r = try CLI.run(["run", "--config", file.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("chuhai.yaml:5:5: error[config.missing-file]"))
    }

    @Test func stagesAreListedInOrder() throws {
        let r = try CLI.run(["stages"])
        let ids = r.stdout.split(separator: "\n").map { String($0.split(separator: " ").first ?? "") }
        #expect(ids.first == "ingest")
        #expect(ids.last == "manifest")
        #expect(ids.contains("glossary.enforce"))
    }
}

@Suite struct ShardCommandTests {
    @Test func shardRunsMergeIntoWhatOneRunWrites() throws {
        let base = try Fixtures.temporaryDirectory()
        let config = "fixtures/demo/chuhai.yaml"
        _ = try CLI.run(["run", "--config", config, "--out", base.appendingPathComponent("one").path, "--no-cache", "--quiet"])
        for k in 1...2 {
            let r = try CLI.run(["run", "--config", config, "--shard", "\(k)/2", "--out", base.appendingPathComponent("s\(k)").path, "--no-cache", "--quiet"])
            #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        }
        let m = try CLI.run(["manifest", "merge", "--config", config, base.appendingPathComponent("s1").path,
                             base.appendingPathComponent("s2").path, "-o", base.appendingPathComponent("merged").path])
        #expect(m.status == 0, "\(m.stderr)")
        #expect(m.stdout.contains("9 documents"))
        let one = try FileManager.default.subpathsOfDirectory(atPath: base.appendingPathComponent("one").path).sorted()
        let merged = try FileManager.default.subpathsOfDirectory(atPath: base.appendingPathComponent("merged").path).sorted()
        #expect(one == merged)
        for path in one where !path.hasSuffix("/") {
            let a = FileManager.default.contents(atPath: base.appendingPathComponent("one/" + path).path)
            let b = FileManager.default.contents(atPath: base.appendingPathComponent("merged/" + path).path)
            #expect(a == b, "\(path)")
        }
        let v = try CLI.run(["manifest", "verify", base.appendingPathComponent("merged").path])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        let bad = try CLI.run(["run", "--config", config, "--shard", "3/2", "--out", base.appendingPathComponent("x").path])
        #expect(bad.status == 2)
    }
}

@Suite struct ProjectHandoffCommandTests {
    @Test func exportsEveryWorkOfTheProject() throws {
        let out = try Fixtures.temporaryDirectory()
        let r = try CLI.run(["xliff", "export", "--config", "fixtures/demo/chuhai.yaml", "--lang", "en", "-o", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let novel = try String(contentsOf: out.appendingPathComponent("qingyun.en.xlf"), encoding: .utf8)
        let drama = try String(contentsOf: out.appendingPathComponent("flashmarriage.en.xlf"), encoding: .utf8)
        #expect(novel.contains("srcLang=\"zh-Hans\"") && novel.contains("trgLang=\"en\""))
        #expect(novel.contains("type=\"term\""))  // the project's glossaries mark terms
        #expect(drama.contains("<unit"))
        let bad = try CLI.run(["xliff", "export", "--config", "fixtures/demo/chuhai.yaml", "--lang", "fr", "-o", out.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("not a target"))
    }
}
