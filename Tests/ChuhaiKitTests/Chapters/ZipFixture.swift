import Foundation
import ZIPFoundation

/// Builds DOCX and EPUB fixtures from the plain folders under fixtures/, so the binary
/// files are never committed and every build makes the same bytes.
enum ZipFixture {
    /// Zips `folder` (entries sorted, `mimetype` first and stored, fixed timestamps).
    static func zip(folder: URL) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        var files: [String] = []
        let base = folder.standardizedFileURL.path
        let walker = FileManager.default.enumerator(atPath: base)!
        while let rel = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: base + "/" + rel, isDirectory: &isDir)
            if !isDir.boolValue { files.append(rel) }
        }
        files.sort { ($0 == "mimetype" ? 0 : 1, $0) < ($1 == "mimetype" ? 0 : 1, $1) }
        for rel in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: base + "/" + rel))
            try add(archive, path: rel, data: data, compressed: rel != "mimetype")
        }
        return archive.data!
    }

    /// Zips in-memory parts (path → content), in the given order.
    static func zip(_ parts: [(String, String)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts { try add(archive, path: path, data: Data(text.utf8), compressed: path != "mimetype") }
        return archive.data!
    }

    private static func add(_ archive: Archive, path: String, data: Data, compressed: Bool) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                             modificationDate: Date(timeIntervalSince1970: 1_700_000_000),
                             compressionMethod: compressed ? .deflate : .none) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    /// Writes `<name>` zipped from `folder` into a fresh temporary folder and returns its URL.
    static func write(folder: URL, as name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chuhai-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try zip(folder: folder).write(to: url)
        return url
    }
}
