internal import CICU

/// The only Swift file that imports the ICU shim: every other file goes
/// through these small owners, so C types never leak into the public API.
enum ICU {
    static var version: String {
        var buf = [CChar](repeating: 0, count: 32)
        chuhai_icu_version(&buf)
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func errorName(_ status: Int32) -> String { String(cString: chuhai_error_name(status)) }

    static func failed(_ status: Int32) -> Bool { status > 0 }

    struct CharsetMatch: Sendable { var name: String; var language: String; var confidence: Int }

    static func detectCharsets(_ bytes: UnsafeRawBufferPointer) -> [CharsetMatch] {
        var out = [chuhai_charset_match](repeating: chuhai_charset_match(), count: 16)
        var status: Int32 = 0
        let n = bytes.withMemoryRebound(to: CChar.self) { b in
            chuhai_detect_charsets(b.baseAddress, Int32(b.count), &out, 16, &status)
        }
        return out.prefix(Int(n)).map { m in
            var m = m
            let name = withUnsafeBytes(of: &m.name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            let lang = withUnsafeBytes(of: &m.language) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            return CharsetMatch(name: name, language: lang, confidence: Int(m.confidence))
        }
    }

    static func canonicalCharsetName(_ alias: String) -> String? {
        chuhai_charset_canonical_name(alias).map { String(cString: $0) }
    }

    enum DecodeResult { case ok([UInt16]); case invalid(offset: Int, length: Int); case failure(String) }

    static func decode(_ bytes: UnsafeRawBufferPointer, charset: String, lossy: Bool) -> DecodeResult {
        let capacity = bytes.count + 16
        var dest = [UInt16](repeating: 0, count: capacity)
        var status: Int32 = 0
        var errOffset: Int32 = -1
        var errLength: Int32 = 0
        let n = bytes.withMemoryRebound(to: CChar.self) { b in
            chuhai_decode(charset, b.baseAddress, Int32(b.count), &dest, Int32(capacity), lossy ? 1 : 0,
                          &errOffset, &errLength, &status)
        }
        if status == CHUHAI_BUFFER_OVERFLOW {
            dest = [UInt16](repeating: 0, count: Int(n) + 1)
            status = 0
            let n2 = bytes.withMemoryRebound(to: CChar.self) { b in
                chuhai_decode(charset, b.baseAddress, Int32(b.count), &dest, n + 1, lossy ? 1 : 0,
                              &errOffset, &errLength, &status)
            }
            dest.removeSubrange(Int(n2)...)
        } else {
            dest.removeSubrange(Int(max(0, n))...)
        }
        if errOffset >= 0 { return .invalid(offset: Int(errOffset), length: Int(errLength)) }
        if failed(status) { return .failure(errorName(status)) }
        return .ok(dest)
    }

    static func encode(_ utf16: [UInt16], charset: String, lossy: Bool) -> [UInt8]? {
        var status: Int32 = 0
        var capacity = utf16.count * 4 + 16
        var out = [CChar](repeating: 0, count: capacity)
        var n = chuhai_encode(charset, utf16, Int32(utf16.count), &out, Int32(capacity), lossy ? 1 : 0, &status)
        if status == CHUHAI_BUFFER_OVERFLOW {
            capacity = Int(n) + 1
            out = [CChar](repeating: 0, count: capacity)
            status = 0
            n = chuhai_encode(charset, utf16, Int32(utf16.count), &out, Int32(capacity), lossy ? 1 : 0, &status)
        }
        if failed(status) { return nil }
        return out.prefix(Int(n)).map { UInt8(bitPattern: $0) }
    }

    enum Form: Int32 { case nfc = 0, nfd = 1, nfkc = 2, nfkcCasefold = 3 }

    /// ICU's quick check: true when `utf16` is certainly already in `form`.
    static func isNormalized(_ utf16: [UInt16], _ form: Form) -> Bool {
        var status: Int32 = 0
        return chuhai_is_normalized(form.rawValue, utf16, Int32(utf16.count), &status) == 1
    }

    static func normalize(_ utf16: [UInt16], _ form: Form) -> [UInt16] {
        var status: Int32 = 0
        if chuhai_is_normalized(form.rawValue, utf16, Int32(utf16.count), &status) == 1 { return utf16 }
        var capacity = utf16.count * 3 + 16
        var out = [UInt16](repeating: 0, count: capacity)
        status = 0
        var n = chuhai_normalize(form.rawValue, utf16, Int32(utf16.count), &out, Int32(capacity), &status)
        if status == CHUHAI_BUFFER_OVERFLOW {
            capacity = Int(n) + 1
            out = [UInt16](repeating: 0, count: capacity)
            status = 0
            n = chuhai_normalize(form.rawValue, utf16, Int32(utf16.count), &out, Int32(capacity), &status)
        }
        return Array(out.prefix(Int(n)))
    }

    static func foldCase(_ utf16: [UInt16]) -> [UInt16] {
        var status: Int32 = 0
        var out = [UInt16](repeating: 0, count: utf16.count * 3 + 16)
        let n = chuhai_fold_case(utf16, Int32(utf16.count), &out, Int32(out.count), &status)
        return Array(out.prefix(Int(n)))
    }

    static func eastAsianWidth(_ scalar: Unicode.Scalar) -> Int32 { chuhai_east_asian_width(scalar.value) }
    static func script(_ scalar: Unicode.Scalar) -> Int32 { chuhai_script(scalar.value) }
    static func scriptName(_ code: Int32) -> String {
        chuhai_script_short_name(code).map { String(cString: $0) } ?? "Zzzz"
    }
    static func generalCategory(_ scalar: Unicode.Scalar) -> Int32 { chuhai_general_category(scalar.value) }

    /// Owns one ICU break iterator. Not thread-safe: create one per task.
    final class BreakIterator {
        enum Kind: Int32 { case character = 0, word = 1, line = 2, sentence = 3 }
        private let handle: UnsafeMutableRawPointer
        /// Kept alive here because ICU reads it without copying.
        private var text: UnsafeMutableBufferPointer<UInt16>

        init(kind: Kind, locale: String) throws {
            var status: Int32 = 0
            text = .allocate(capacity: 1)
            guard let h = chuhai_brk_open(kind.rawValue, locale, text.baseAddress, 0, &status), !ICU.failed(status) else {
                text.deallocate()
                throw ChuhaiError("ICU could not open a \(kind) break iterator for \(locale): \(ICU.errorName(status))")
            }
            handle = h
        }

        init(rules: String) throws {
            var status: Int32 = 0
            var line: Int32 = 0, offset: Int32 = 0
            text = .allocate(capacity: 1)
            let r = Array(rules.utf16)
            guard let h = chuhai_brk_open_rules(r, Int32(r.count), text.baseAddress, 0, &line, &offset, &status),
                  !ICU.failed(status)
            else {
                text.deallocate()
                throw ChuhaiError("break rules do not compile: \(ICU.errorName(status)) at rule line \(line), offset \(offset)")
            }
            handle = h
        }

        deinit {
            chuhai_brk_close(handle)
            text.deallocate()
        }

        /// Starts iterating `utf16` (which must stay alive and unmoved until iteration ends).
        func start(_ utf16: UnsafeBufferPointer<UInt16>) {
            var status: Int32 = 0
            chuhai_brk_set_text(handle, utf16.baseAddress, Int32(utf16.count), &status)
            _ = chuhai_brk_first(handle)
        }

        /// The next boundary after `start`, or -1 at the end.
        @inline(__always) func next() -> Int { Int(chuhai_brk_next(handle)) }

        /// Boundaries (UTF-16 offsets, excluding 0) of `utf16`, with each boundary's rule status.
        func boundaries(_ utf16: UnsafeBufferPointer<UInt16>, into out: inout [Int32], statuses: UnsafeMutablePointer<[Int32]>? = nil) {
            var status: Int32 = 0
            chuhai_brk_set_text(handle, utf16.baseAddress, Int32(utf16.count), &status)
            _ = chuhai_brk_first(handle)
            while true {
                let b = chuhai_brk_next(handle)
                if b < 0 { break }
                out.append(b)
                if let statuses { statuses.pointee.append(chuhai_brk_rule_status(handle)) }
            }
        }
    }

    /// Owns one ICU transliterator; `apply` is safe to call from several threads
    /// (utrans_transUChars on a const transliterator).
    final class Transliterator: @unchecked Sendable {
        private let handle: UnsafeMutableRawPointer
        let id: String

        init(_ id: String) throws {
            var status: Int32 = 0
            guard let h = chuhai_trans_open(id, &status), !ICU.failed(status) else {
                throw ChuhaiError("ICU has no transliterator '\(id)': \(ICU.errorName(status))")
            }
            handle = h
            self.id = id
        }

        deinit { chuhai_trans_close(handle) }

        func apply(_ s: String) -> String {
            var buf = Array(s.utf16)
            return String(decoding: apply(&buf), as: UTF16.self)
        }

        func apply(_ buf: inout [UInt16]) -> [UInt16] {
            let length = buf.count
            var capacity = length * 4 + 16
            while true {
                var work = buf + [UInt16](repeating: 0, count: capacity - length)
                var status: Int32 = 0
                let n = chuhai_trans_apply(handle, &work, Int32(length), Int32(capacity), &status)
                if status == CHUHAI_BUFFER_OVERFLOW { capacity = Int(n) * 2 + 16; continue }
                return Array(work.prefix(Int(n)))
            }
        }
    }

    /// Owns one ICU collator. ucol_strcoll and sort keys are thread-safe on a shared collator.
    final class Collator: @unchecked Sendable {
        private let handle: UnsafeMutableRawPointer

        init(locale: String) throws {
            var status: Int32 = 0
            guard let h = chuhai_coll_open(locale, &status), !ICU.failed(status) else {
                throw ChuhaiError("ICU has no collator for \(locale): \(ICU.errorName(status))")
            }
            handle = h
        }

        deinit { chuhai_coll_close(handle) }

        func compare(_ a: String, _ b: String) -> Int {
            let ua = Array(a.utf16), ub = Array(b.utf16)
            return Int(chuhai_coll_compare(handle, ua, Int32(ua.count), ub, Int32(ub.count)))
        }

        func sortKey(_ s: String) -> [UInt8] {
            let u = Array(s.utf16)
            var key = [UInt8](repeating: 0, count: u.count * 4 + 32)
            var n = chuhai_coll_sort_key(handle, u, Int32(u.count), &key, Int32(key.count))
            if Int(n) > key.count {
                key = [UInt8](repeating: 0, count: Int(n))
                n = chuhai_coll_sort_key(handle, u, Int32(u.count), &key, Int32(key.count))
            }
            return Array(key.prefix(Int(n)))
        }
    }
}
