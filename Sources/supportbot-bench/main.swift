// Top-level code runs on the main actor; keep it to one call into the nonisolated runner.
BenchCommand.main()
