#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations supportbot needs (is it a folder, list a folder, read a file, replace
/// one whole), on the system calls themselves: FoundationEssentials' `FileManager` would cost
/// every supportbot process ~4.6 MiB of memory to load (BENCHMARKS.md, server memory).
public enum LocalFiles {
    public enum Kind: Sendable, Equatable {
        case file, folder, other
    }

    /// What `path` names, following links; nil when nothing is there.
    public static func kind(of path: String) -> Kind? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        default: return .other
        }
    }

    /// The whole of a file; nil when it cannot be opened or read (`errno` says why).
    public static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// The last `maximumBytes` of the file at `path` (all of it when it is shorter), and whether
    /// that is all of it; nil when it cannot be read.
    public static func tail(of path: String, maximumBytes: Int) -> (bytes: [UInt8], isWhole: Bool)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let size = lseek(descriptor, 0, SEEK_END)
        guard size >= 0 else { return nil }
        let start = max(0, Int(size) - maximumBytes)
        var bytes = [UInt8](repeating: 0, count: Int(size) - start)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, $0.count - filled, off_t(start + filled)) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            filled += count
        }
        return (Array(bytes[..<filled]), start == 0)
    }

    /// The regular files under `folder` at any depth, as paths relative to it ("articles/a.md"),
    /// in no particular order; names starting with "." (an editor's backups, .git) are skipped
    /// with everything under them, and linked folders are not entered. Nil when `folder` cannot
    /// be listed.
    public static func files(under folder: String) -> [String]? {
        var found: [String] = []
        func walk(_ relative: String) -> Bool {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            guard let directory = opendir(path) else { return false }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafePointer(to: &entry.pointee.d_name) {
                    String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
                }
                guard !name.hasPrefix(".") else { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                switch kind(of: folder + "/" + child) {
                case .file: found.append(child)
                // An unreadable subfolder is skipped; a linked one too, which could lead back up.
                case .folder where !isLink(folder + "/" + child): _ = walk(child)
                default: continue
                }
            }
            return true
        }
        return walk("") ? found : nil
    }

    private static func isLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }

    /// Writes all of `bytes` to an open file, going on after a partial write or an interrupt.
    public static func write(_ bytes: [UInt8], to descriptor: Int32) throws(WriteError) {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Self.systemWrite(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw WriteError(errno: errno)
            }
            written += count
        }
    }

    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(descriptor, bytes, count)
        #else
        return Darwin.write(descriptor, bytes, count)
        #endif
    }

    /// Writes `text` to `path` through a temporary file beside it, renamed over it once complete,
    /// so nobody reads half a file. `durably` also syncs the file before the rename and the folder
    /// after it, so a machine that loses power has the old file or the new one, never an empty
    /// one. The error is the system's reason ("No such file or directory").
    public static func replace(_ path: String, with text: String, durably: Bool = false) throws(WriteError) {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(errno: errno) }
        do throws(WriteError) { try write(Array(text.utf8), to: descriptor) } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard !durably || fsync(descriptor) == 0, close(descriptor) == 0, rename(temporary, path) == 0 else {
            let failure = WriteError(errno: errno)
            unlink(temporary)
            throw failure
        }
        if durably {
            let slash = path.lastIndex(of: "/")
            let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
            let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard directory >= 0 else { throw WriteError(errno: errno) }
            defer { close(directory) }
            guard fsync(directory) == 0 else { throw WriteError(errno: errno) }
        }
    }

    /// A failed write, with the system's words for it.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public let code: Int32
        init(errno code: Int32) { self.code = code }
        public var description: String { String(cString: strerror(code)) }
    }
}
