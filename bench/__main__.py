"""`python -m bench`: the benchmark of bench/main.py."""

from bench.main import main

raise SystemExit(main())
