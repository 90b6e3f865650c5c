import Foundation
import Testing
import ChuhaiTestSupport
@testable import ChuhaiKit

@Suite struct ProjectConfigTests {
    @Test func readsTheDemoProject() throws {
        let (config, diagnostics) = try ProjectConfig.load(path: Fixtures.url("fixtures/demo/chuhai.yaml").path)
        #expect(diagnostics.isEmpty)
        #expect(config.source == "zh-Hans")
        #expect(config.targets == ["en", "es"])
        #expect(config.works.map(\.id) == ["qingyun", "flashmarriage"])
        #expect(config.works[1].platforms == ["youtube", "web", "netflix"])
        #expect(config.works[0].source.files(in: config.root).map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(config.works[0].translations?.path(number: 3, language: "es") == "novel/es/003.txt")
    }

    /// Writes `yaml` as a project file in a temporary folder with one source chapter.
    func parse(_ yaml: String) throws -> [Diagnostic] {
        let dir = try Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("src"), withIntermediateDirectories: true)
        try Data("第一章\n他笑了。\n".utf8).write(to: dir.appendingPathComponent("src/001.txt"))
        let file = dir.appendingPathComponent("chuhai.yaml").path
        let sink = DiagnosticSink()
        _ = try ProjectConfig.parse(yaml, file: file, sink: sink)
        return sink.diagnostics
    }

    @Test func everyErrorNamesLineAndColumn() throws {
        let ds = try parse("""
            name: demo
            source: zh_Hans
            targets: [en]
            works:
              - id: novel one
                kind: poem
                title: 书
                source: src/{n:03}.txt
                platforms: [tiktok]
            """)
        let byRule = Dictionary(grouping: ds, by: \.rule)
        let tag = try #require(byRule["config.invalid-value"]?.first { $0.message.contains("zh_Hans") })
        #expect(tag.location.line == 2 && tag.location.column == 9)
        #expect(ds.contains { $0.message.contains("work id 'novel one'") && $0.location.line == 5 && $0.location.column == 9 })
        #expect(ds.contains { $0.message.contains("kind must be novel or drama") && $0.location.line == 6 })
        #expect(ds.contains { $0.message.contains("unknown platform 'tiktok'") && $0.location.line == 9 })
    }

    @Test func missingFilesAndKeysAreErrors() throws {
        let ds = try parse("""
            name: demo
            source: zh-Hans
            works:
              - id: a
                kind: novel
                title: A
                source: nowhere/{n}.txt
                translations: t/{n}.txt
            """)
        #expect(ds.contains { $0.rule == "config.missing-key" && $0.message.contains("targets") })
        #expect(ds.contains { $0.rule == "config.missing-file" && $0.message.contains("nowhere/{n}.txt") && $0.location.line == 4 })
        #expect(ds.contains { $0.message.contains("must contain {lang}") })
    }

    @Test func duplicateKeysThrow() throws {
        #expect {
            _ = try parse("name: demo\nname: again\n")
        } throws: { error in
            let e = error as! ChuhaiError
            return e.message.contains("duplicate key 'name'") && e.location?.line != nil
        }
    }

    @Test func unknownKeysWarnAndDuplicateWorksFail() throws {
        let ds = try parse("""
            name: demo
            source: zh-Hans
            targets: [en]
            colour: blue
            works:
              - {id: a, kind: novel, title: A, source: "src/{n:03}.txt"}
              - {id: a, kind: novel, title: B, source: "src/{n:03}.txt"}
            """)
        #expect(ds.contains { $0.rule == "config.unknown-key" && $0.severity == .warning && $0.location.line == 4 })
        #expect(ds.contains { $0.rule == "config.duplicate-work" })
    }

    @Test func malformedYAMLThrowsWithPosition() throws {
        #expect {
            _ = try parse("name: [unclosed\nsource: zh-Hans\n")
        } throws: { error in
            let e = error as! ChuhaiError
            return e.message.contains("malformed YAML") && e.location?.line != nil
        }
    }

    @Test func loadThrowsAListOfErrors() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("chuhai.yaml")
        try Data("name: x\nsource: zh-Hans\ntargets: [en]\nworks: []\nstages: {skip: [no-such-stage]}\n".utf8).write(to: file)
        #expect {
            _ = try ProjectConfig.load(path: file.path)
        } throws: { error in
            (error as! ChuhaiError).message.contains("chuhai.yaml:5:17: error[config.unknown-stage]")
        }
    }

    @Test func pathPatterns() {
        let p = PathPattern("drama/{lang}/ep{n:02}.srt")
        #expect(p.path(number: 3, language: "pt-BR") == "drama/pt-BR/ep03.srt")
        #expect(p.path(number: 123, language: "en") == "drama/en/ep123.srt")
        #expect(PathPattern("novel.txt").isNumbered == false)
    }
}
