import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing

@Suite struct AtomicFolderTests {
    private struct Boom: Error {}

    private func contents(_ dir: URL) throws -> [String: String] {
        var out: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[name] = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        }
        return out
    }

    @Test func successReplacesTheWholeFolder() throws {
        let parent = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("dist")
        try AtomicFolder.replace(target) { try Data("one".utf8).write(to: $0.appendingPathComponent("old.txt")) }
        #expect(try contents(target) == ["old.txt": "one"])
        let value = try AtomicFolder.replace(target) { dir -> Int in
            // The old folder is still in place while the new one is built.
            #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent("old.txt").path))
            try Data("two".utf8).write(to: dir.appendingPathComponent("new.txt"))
            return 42
        }
        #expect(value == 42)
        #expect(try contents(target) == ["new.txt": "two"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["dist"])
    }

    @Test func failedBuildLeavesThePreviousFolderIntact() throws {
        let parent = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("dist")
        try AtomicFolder.replace(target) { try Data("good".utf8).write(to: $0.appendingPathComponent("a.txt")) }
        #expect(throws: Boom.self) {
            try AtomicFolder.replace(target) { dir in
                try Data("half".utf8).write(to: dir.appendingPathComponent("a.txt"))
                throw Boom()
            }
        }
        #expect(try contents(target) == ["a.txt": "good"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["dist"])
    }

    @Test func asyncFormAndAFileInTheWay() async throws {
        let parent = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("dist")
        try await AtomicFolder.replace(target) { dir async throws in
            try Data("x".utf8).write(to: dir.appendingPathComponent("x.txt"))
        }
        #expect(try contents(target) == ["x.txt": "x"])
        let file = parent.appendingPathComponent("plain")
        try Data("file".utf8).write(to: file)
        #expect(throws: ChuhaiError.self) { try AtomicFolder.replace(file) { _ in } }
        #expect(try String(contentsOf: file, encoding: .utf8) == "file")
    }

    @Test func leftoversOfDeadBuildsAreRemoved() throws {
        let parent = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("dist")
        // PID 2147483 exceeds Linux's pid_max, so no process owns it; our own PID is alive.
        let dead = parent.appendingPathComponent(".dist.building-2147483-deadbeef")
        let live = parent.appendingPathComponent(".dist.building-\(ProcessInfo.processInfo.processIdentifier)-cafebabe")
        for dir in [dead, live] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        try AtomicFolder.replace(target) { _ in }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted() == [live.lastPathComponent, "dist"])
    }
}
