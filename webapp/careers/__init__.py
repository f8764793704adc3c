"""Careers: role families and "my next step"; "people like me" anonymous benchmarks."""
