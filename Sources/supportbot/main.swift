// Top-level code here runs on the main actor; keep it to one call into the nonisolated tool.
Tool.main()
