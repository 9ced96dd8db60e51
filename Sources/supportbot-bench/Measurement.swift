/// Runs a piece of work repeatedly and keeps the median, since one run on a shared machine is noise.
struct Measurement {
    let name: String
    let runs: [Duration]

    /// Warms up once, then times `runs` repetitions of `body`, calling `between` (untimed) after each.
    static func measure(_ name: String, runs: Int, warmUp: Int = 1, between: () -> Void = {}, _ body: () -> Void) -> Measurement {
        for _ in 0..<warmUp {
            body()
            between()
        }
        let clock = ContinuousClock()
        var durations: [Duration] = []
        for _ in 0..<runs {
            durations.append(clock.measure(body))
            between()
        }
        return Measurement(name: name, runs: durations)
    }

    var median: Duration {
        let sorted = runs.sorted()
        return sorted[sorted.count / 2]
    }

    var medianSeconds: Double { median.seconds }
    var minSeconds: Double { runs.min()!.seconds }
    var maxSeconds: Double { runs.max()!.seconds }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}

/// A small fixed-point formatter, so the benchmark needs no Foundation `String(format:)`.
func fixed(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = Int((value * scale).rounded())
    if decimals == 0 { return String(rounded) }
    let whole = rounded / Int(scale), fraction = String(abs(rounded % Int(scale)))
    return "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
}
