"""Demo data for `make run` and the tests: one regency (Kabupaten Solok) with its problems, teams and an MK case."""
