import Foundation
import ZIPFoundation

/// Writes ZIP archives byte for byte reproducibly.
///
/// ZIPFoundation's `Archive` stamps DOS times in the local time zone and chooses
/// attributes itself, so the container is written here (PKWARE APPNOTE 6.3: local
/// headers, central directory, end record; no extra fields, no data descriptors) and
/// only its raw-deflate and CRC-32 are borrowed. Entries keep the order they are added
/// in, which EPUB needs (`mimetype` first, stored); `ZipWriter.archive(folder:)` sorts.
public struct ZipWriter: Sendable {
    public enum Compression: Sendable { case stored, deflated }

    private struct Entry: Sendable {
        var name: [UInt8]
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var offset: Int
    }

    public let time: BuildTime
    private var body = Data()
    private var entries: [Entry] = []
    private var names: Set<String> = []

    public init(time: BuildTime) {
        self.time = time
    }

    /// Number of entries added so far.
    public var count: Int { entries.count }

    /// Appends a file. `.deflated` falls back to stored when deflate does not shrink it.
    ///
    /// - Parameter path: relative, `/`-separated, no `..`; unique in the archive.
    /// - Throws: `ChuhaiError` for an unsafe or duplicate path, or an archive past ZIP's 4 GiB / 65,535-entry limits.
    public mutating func add(_ path: String, _ data: Data, compression: Compression = .deflated) throws {
        try Self.checkPath(path)
        guard names.insert(path).inserted else {
            throw ChuhaiError("duplicate zip entry '\(path)'", hint: "each path may be added once")
        }
        guard entries.count < 0xFFFF, data.count < 0xFFFF_FFFF, body.count + data.count < 0xFFFF_FFFF else {
            throw ChuhaiError("zip entry '\(path)' would pass ZIP's 4 GiB / 65,535-entry limits (no Zip64 support)")
        }
        let crc = data.crc32(checksum: 0)
        var stored = data
        var method: UInt16 = 0
        if compression == .deflated, !data.isEmpty {
            let packed = try Self.deflate(data)
            if packed.count < data.count {
                stored = packed
                method = 8
            }
        }
        let name = Array(path.utf8)
        let entry = Entry(name: name, method: method, crc: crc, compressedSize: stored.count, size: data.count, offset: body.count)
        var header = Data()
        header.le32(0x0403_4B50)
        appendCommon(entry, to: &header)
        header.le16(0)  // extra field length
        header.append(contentsOf: name)
        body.append(header)
        body.append(stored)
        entries.append(entry)
    }

    /// The finished archive.
    public func finish() -> Data {
        var out = body
        let directoryStart = out.count
        for e in entries {
            out.le32(0x0201_4B50)
            out.le16(0x0314)  // made by: UNIX, spec 2.0 (so external attributes read as mode bits)
            appendCommon(e, to: &out)
            out.le16(0)  // extra
            out.le16(0)  // comment
            out.le16(0)  // disk number
            out.le16(0)  // internal attributes
            out.le32(0o100644 << 16)  // regular file, rw-r--r--
            out.le32(UInt32(e.offset))
            out.append(contentsOf: e.name)
        }
        let directorySize = out.count - directoryStart
        out.le32(0x0605_4B50)
        out.le16(0)
        out.le16(0)
        out.le16(UInt16(entries.count))
        out.le16(UInt16(entries.count))
        out.le32(UInt32(directorySize))
        out.le32(UInt32(directoryStart))
        out.le16(0)
        return out
    }

    /// Zips every regular file under `folder`, paths sorted by their UTF-8 bytes so the
    /// archive does not depend on directory listing order.
    ///
    /// - Parameter prefix: prepended to each entry path (`"qingyun-en/"`), or empty.
    /// - Throws: `ChuhaiError` when the folder cannot be read.
    public static func archive(folder: URL, prefix: String = "", time: BuildTime) throws -> Data {
        var writer = ZipWriter(time: time)
        for path in try FolderListing.files(in: folder) {
            let url = folder.appendingPathComponent(path)
            guard let data = try? Data(contentsOf: url) else {
                throw ChuhaiError("cannot read \(url.path)", at: SourceLocation(file: url.path))
            }
            try writer.add(prefix + path, data)
        }
        return writer.finish()
    }

    private func appendCommon(_ e: Entry, to out: inout Data) {
        let dos = time.dos
        let ascii = e.name.allSatisfy { $0 < 0x80 }
        out.le16(e.method == 8 ? 20 : 10)  // version needed
        out.le16(ascii ? 0 : 0x0800)  // bit 11: name is UTF-8
        out.le16(e.method)
        out.le16(dos.time)
        out.le16(dos.date)
        out.le32(e.crc)
        out.le32(UInt32(e.compressedSize))
        out.le32(UInt32(e.size))
        out.le16(UInt16(e.name.count))
    }

    static func checkPath(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let bad = path.isEmpty || path.hasPrefix("/") || path.contains("\\") || path.utf8.count > 0xFFFF
            || parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }
            || path.unicodeScalars.contains { $0.value < 0x20 }
        if bad {
            throw ChuhaiError("unsafe zip entry path '\(path)'",
                              hint: "use a relative path with '/' separators and no empty, '.' or '..' parts")
        }
    }

    /// Raw deflate (no zlib header), as ZIP method 8 stores it.
    private static func deflate(_ data: Data) throws -> Data {
        var out = Data()
        let size = Int64(data.count)
        do {
            _ = try Data.compress(size: size, bufferSize: 64 * 1024, provider: { position, length in
                data.subdata(in: data.startIndex + Int(position)..<data.startIndex + Int(position) + length)
            }, consumer: { out.append($0) })
        } catch {
            throw ChuhaiError("deflate failed: \(error)")
        }
        return out
    }
}

/// Relative paths of the regular files under a folder, sorted by UTF-8 bytes.
enum FolderListing {
    /// Regular files under `folder`, relative, sorted by UTF-8 bytes. Plain readdir/lstat:
    /// FileManager's enumerator looks up owner names (reading /etc/passwd) for every entry.
    static func files(in folder: URL) throws -> [String] {
        var st = stat()
        guard lstat(folder.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw ChuhaiError("cannot read folder \(folder.path)", at: SourceLocation(file: folder.path),
                              hint: "check that it exists and is a readable directory")
        }
        var paths: [String] = []
        func walk(_ dir: String, _ prefix: String) {
            guard let d = opendir(dir) else { return }
            defer { closedir(d) }
            while let entry = readdir(d) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let full = dir + "/" + name
                var s = stat()
                guard lstat(full, &s) == 0 else { continue }
                switch s.st_mode & S_IFMT {
                case S_IFDIR: walk(full, prefix + name + "/")
                case S_IFREG: paths.append(prefix + name)
                default: break  // links and devices are not package content
                }
            }
        }
        walk(folder.path, "")
        return paths.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
}

extension Data {
    mutating func le16(_ v: UInt16) {
        append(UInt8(v & 0xFF))
        append(UInt8(v >> 8))
    }

    mutating func le32(_ v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((v >> UInt32(shift)) & 0xFF)) }
    }
}
