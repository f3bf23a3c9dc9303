#if canImport(Glibc)
import Glibc
#endif

/// The real time of day, for log timestamps and for comparing with file mtimes. Only the
/// edges read it; everything that schedules work uses the injected clock.
public enum WallClock {
    /// Nanoseconds since the epoch (`CLOCK_REALTIME`).
    public static func nanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
