import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Everything a pipe (or file) gives until its end, read with POSIX `read`.
///
/// Why not `FileHandle.readDataToEndOfFile()`: on Linux it ends in a `try!` on any read error,
/// and a signal arriving during the read (EINTR) is such an error, so one interrupted read
/// killed the whole test process (seen once in a full suite on 2 busy cores). Here an
/// interrupted read is simply repeated.
/// - Parameter handle: the reading end (a `Pipe`'s `fileHandleForReading`, say).
/// - Returns: the bytes read until end of file, or until a read error other than EINTR.
public func readToEnd(_ handle: FileHandle) -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    let fd = handle.fileDescriptor
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
            data.append(contentsOf: buffer[0..<n])
        } else if n == 0 || errno != EINTR {
            return data
        }
    }
}
