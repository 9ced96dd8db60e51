#if canImport(Glibc)
import Glibc
#endif
import SupportCore
import Synchronization

/// The handoff queue on disk: a file of `TicketRecord` lines, only ever appended to. Each record
/// is written whole with one `write` before the desk acts on it, so once the customer is told,
/// the record is the kernel's: killing the process loses nothing. A thread of the journal's own
/// then syncs it to the disk (`fdatasync`) within `syncDelay`, many records at once, so the
/// loop that wrote it never waits for the disk (syncing each record on the loop cut the server
/// bench from 89k to 11k turns a second: BENCHMARKS.md). Starting again replays the file.
///
/// A write that fails part way (a full disk, a file-size limit) has its part cut off again, so
/// the file holds whole records only and those written once there is room follow on a line of
/// their own: a stray half line in the middle would keep the queue from being compacted until an
/// operator removed it.
///
/// Safe from any thread: records are written one at a time (the cut above must not take another
/// thread's record with it); which of two records written at once comes first is the desk's
/// business.
final class HandoffJournal: Sendable {
    /// How long a written record may wait for its sync: what a machine losing power may lose.
    static let syncDelay: Duration = .milliseconds(20)
    private let syncer: JournalSyncer
    /// Held while a record is written, and cut off if the write fails.
    private let writing = Mutex(())

    let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
        syncer = JournalSyncer(descriptor: descriptor, delay: Self.syncDelay)
    }

    deinit {
        syncer.stop()
        close(descriptor)
    }

    /// Opens `path` (creating it) and reads its records. A last line cut short, by a process killed
    /// while writing it, is cut off the file and reported; other bad lines are reported and kept.
    static func open(_ path: String) throws(JournalError) -> (journal: HandoffJournal, records: [(line: Int, record: TicketRecord)], problems: [JournalProblem]) {
        let descriptor = Glibc.open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw JournalError(path: path, action: "open", code: errno) }
        let journal = HandoffJournal(path: path, descriptor: descriptor)
        guard let bytes = LocalFiles.contents(of: path) else { throw JournalError(path: path, action: "read", code: errno) }
        var records: [(line: Int, record: TicketRecord)] = []
        var problems: [JournalProblem] = []
        var lineStart = 0, lineNumber = 0
        while lineStart < bytes.count {
            lineNumber += 1
            let newline = bytes[lineStart...].firstIndex(of: 0x0A)
            let lineEnd = newline ?? bytes.count
            let text = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
            let blank = text.allSatisfy { $0 == " " || $0 == "\r" }
            var failure: TicketRecordError?
            do throws(TicketRecordError) {
                if !blank { records.append((lineNumber, try TicketRecord(json: text))) }
            } catch {
                failure = error
            }
            switch (failure, newline) {
            case (nil, nil):
                try journal.write([0x0A])  // a whole last record without its line end: the next starts a line
            case (let error?, nil):
                // Half a record: the process stopped in the middle of writing it.
                guard ftruncate(descriptor, off_t(lineStart)) == 0 else { throw JournalError(path: path, action: "truncate", code: errno) }
                problems.append(JournalProblem(path: path, line: lineNumber, message: "an incomplete last record (\(lineEnd - lineStart) bytes: \(error)) was removed"))
            case (let error?, _):
                problems.append(JournalProblem(path: path, line: lineNumber, message: "\(error); the line is skipped"))
            case (nil, _):
                break
            }
            lineStart = lineEnd + 1
        }
        return (journal, records, problems)
    }

    /// Moves the records of `closed` tickets to the archive beside the journal (`PATH.closed`,
    /// appended and synced first) and rewrites the journal with the rest, in their order, through
    /// a synced temporary file renamed over it. A crash between the two leaves the journal whole
    /// and the archive with those records twice; never a record in neither. The journal must be
    /// opened again afterwards. Returns how many records moved.
    /// `mark` (the highest ticket id given out) opens the rewritten journal, as the archive's ids
    /// are no longer in it.
    static func compact(_ path: String, records: [TicketRecord], closed: Set<String>, mark: TicketRecord) throws(JournalError) -> Int {
        let moving = records.filter { closed.contains($0.ticket) }
        guard !moving.isEmpty else { return 0 }
        let archivePath = path + ".closed"
        let archive = Glibc.open(archivePath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard archive >= 0 else { throw JournalError(path: archivePath, action: "open", code: errno) }
        defer { close(archive) }
        do throws(LocalFiles.WriteError) { try LocalFiles.write(moving.flatMap(\.line), to: archive) } catch {
            throw JournalError(path: archivePath, action: "write", code: error.code)
        }
        guard fdatasync(archive) == 0 else { throw JournalError(path: archivePath, action: "sync", code: errno) }
        let kept = ([mark] + records.filter { !closed.contains($0.ticket) && $0.kind != .mark }).map { $0.json + "\n" }.joined()
        do throws(LocalFiles.WriteError) { try LocalFiles.replace(path, with: kept, durably: true) } catch {
            throw JournalError(path: path, action: "rewrite", code: error.code)
        }
        return moving.count
    }

    /// How much of the archive's end a start reads back: enough for `TicketBoard.closingsKept`
    /// tickets of a few kilobytes each, so the time it takes does not grow with the archive.
    static let archiveTailBytes = 4 << 20

    /// The records at the end of the archive beside the journal at `path` (`PATH.closed`), for
    /// the closings of tickets it holds; none when there is none. A line cut by where the reading
    /// starts, or one that cannot be read, is passed over: the archive is history, and nothing
    /// there is acted on again.
    static func archivedRecords(_ path: String, maximumBytes: Int = archiveTailBytes) -> [TicketRecord] {
        // One byte more than is kept: when it is a line end, the window starts on a whole line.
        guard let (bytes, isWhole) = LocalFiles.tail(of: path + ".closed", maximumBytes: maximumBytes + 1) else { return [] }
        var records: [TicketRecord] = []
        var lineStart = isWhole ? 0 : (bytes.firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count)
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            if let record = try? TicketRecord(json: String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)) {
                records.append(record)
            }
            lineStart = lineEnd + 1
        }
        return records
    }

    /// Writes `record` as one line; it reaches the disk within `syncDelay`.
    func append(_ record: TicketRecord) throws(JournalError) {
        try write(record.line)
        syncer.needed()
    }

    /// Puts everything written on the disk now (a server stopping calls it).
    func sync() throws(JournalError) {
        guard fdatasync(descriptor) == 0 else { throw JournalError(path: path, action: "sync", code: errno) }
    }

    private func write(_ bytes: [UInt8]) throws(JournalError) {
        let descriptor = self.descriptor, path = self.path
        try writing.withLock { _ throws(JournalError) in
            let end = lseek(descriptor, 0, SEEK_END)
            do throws(LocalFiles.WriteError) { try LocalFiles.write(bytes, to: descriptor) } catch {
                // Whatever part reached the file is cut off; if even that fails, the next start
                // removes a cut-short last record, and reports one in the middle.
                if end >= 0 { _ = ftruncate(descriptor, end) }
                throw JournalError(path: path, action: "write", code: error.code)
            }
        }
    }
}

/// A journal line that could not be used, and why; the lines around it still count.
public struct JournalProblem: Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let message: String
    public var description: String { "\(path):\(line):1: \(message)" }
}

/// A system call on the journal failed; the message names the file and the system's reason.
public struct JournalError: Error, CustomStringConvertible {
    public let path: String
    public let action: String
    public let code: Int32

    public var description: String { "cannot \(action) the handoff queue \(path): \(String(cString: strerror(code)))" }
}
