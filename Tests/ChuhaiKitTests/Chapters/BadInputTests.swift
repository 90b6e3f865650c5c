import Foundation
import Testing
@testable import ChuhaiKit
import ChuhaiTestSupport

/// Every broken input in fixtures/bad/chapters gives the error listed in its EXPECTED.tsv.
@Suite struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        var location: String
        var message: String
        var testDescription: String { input }
    }

    static let folder = Fixtures.url("fixtures/bad/chapters")

    static let cases: [Case] = {
        let text = try! String(contentsOf: folder.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Case(input: f[0], location: f[1], message: f[2])
        }
    }()

    /// The input as a file: zipped from `<name>.d` when that folder exists.
    static func file(_ name: String) throws -> URL {
        let source = folder.appendingPathComponent(name + ".d")
        if FileManager.default.fileExists(atPath: source.path) { return try ZipFixture.write(folder: source, as: name) }
        return folder.appendingPathComponent(name)
    }

    @Test func everyBadFixtureIsListed() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0 != "EXPECTED.tsv" }
            .map { $0.hasSuffix(".d") ? String($0.dropLast(2)) : $0 }
        #expect(Set(names) == Set(Self.cases.map(\.input)))
    }

    @Test(arguments: cases)
    func givesTheExpectedError(_ c: Case) throws {
        let url = try Self.file(c.input)
        do {
            let doc = try ChapterReader.read(url: url)
            Issue.record("\(c.input) was read: \(doc.chapters.count) chapters")
        } catch let e as ChuhaiError {
            let location = e.location?.description ?? ""
            #expect(location.hasSuffix("/" + c.location), "location \(location)")
            #expect(e.message.contains(c.message), "message \(e.message)")
            #expect(e.hint?.isEmpty == false, "says what to do")
        }
    }

    @Test func batchContinuesPastEveryBadFileAndReportsEach() throws {
        let good = Fixtures.url("fixtures/chapters/gb18030.txt")
        let bad = try Self.cases.map { try Self.file($0.input) }
        let ingest = try ChapterReader.readWork(files: ([good] + bad + [good]).map(\.path), workID: "qingyun", language: "zh-Hans")
        #expect(ingest.failed == bad.map(\.path))
        #expect(ingest.work.chapters.map(\.id) == ["ch0001", "ch0002", "ch0003", "ch0004"])
        let errors = ingest.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == bad.count)
        #expect(errors.allSatisfy { $0.rule == "ingest" })
    }

    @Test func failFastStopsAtTheFirstBadFile() throws {
        let good = Fixtures.url("fixtures/chapters/gb18030.txt")
        let bad = Self.folder.appendingPathComponent("scan.pdf")
        #expect(throws: ChuhaiError.self) {
            try ChapterReader.readWork(files: [good.path, bad.path, good.path], workID: "w", language: "zh-Hans", failFast: true)
        }
    }
}
