import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing

@Suite struct ManifestCommandTests {
    /// A two-file package with a manifest written through the library.
    private func package() throws -> URL {
        let dir = try Fixtures.temporaryDirectory()
        try Data("<p>第一章</p>\n".utf8).write(to: dir.appendingPathComponent("ch0001.xhtml"))
        try Data("{}\n".utf8).write(to: dir.appendingPathComponent("qa.json"))
        let m = PackageManifest(packageId: "demo-en", created: .fixedEpoch, language: "en", sourceLanguage: "zh-Hans", works: [],
                                files: try PackageManifest.describeFiles(in: dir), qa: .init([]))
        try m.encoded().write(to: dir.appendingPathComponent("manifest.json"))
        return dir
    }

    @Test func cleanPackageExitsZero() throws {
        let dir = try package()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["manifest", "verify", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "\(dir.path): 1 package, 2 files checked, 0 errors\n")
    }

    @Test func mismatchExitsOneNamingFileAndBothHashes() throws {
        let dir = try package()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ch0001.xhtml")
        let before = Checksum.sha256(try Data(contentsOf: file))
        let changed = Data("<p>第二章</p>\n".utf8)
        try changed.write(to: file)
        let r = try CLI.run(["manifest", "verify", dir.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(dir.path)/manifest.json:"))
        #expect(r.stderr.contains("error[manifest.checksum]: ch0001.xhtml: expected SHA-256 \(before), found \(Checksum.sha256(changed))"))
        let json = try CLI.run(["manifest", "verify", dir.path, "--format", "json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"rule\" : \"manifest.checksum\""))
    }

    @Test func unreadableFolderExitsTwo() throws {
        let r = try CLI.run(["manifest", "verify", "/nonexistent/chuhai-dist"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent/chuhai-dist holds neither manifest.json nor index.json"))
    }

    @Test func schemaCommandPrintsTheCommittedSchema() throws {
        let r = try CLI.run(["manifest", "schema"])
        #expect(r.status == 0)
        #expect(r.stdout == (try String(contentsOf: Fixtures.url("schemas/manifest.schema.json"), encoding: .utf8)))
    }
}
