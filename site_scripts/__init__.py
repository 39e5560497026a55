"""Build-time scripts of the MPKj fee site (MkDocs hooks, runtime assets, offline zip, benchmarks)."""
