"""The soak benchmark runs end to end (a real server, paced clients, memory read from /proc) and writes its
keys. Its figures are not asserted here: timings live in bench/, never in tests."""

import json
import os
import subprocess
import sys
from pathlib import Path


def test_bench_soak_runs_and_reports_memory_and_latency(tmp_path):
    env = {**os.environ, "TOWNSQUARE_DATA_DIR": str(tmp_path),
           "TOWNSQUARE_BENCH_SOAK_WARMUP_S": "2", "TOWNSQUARE_BENCH_SOAK_SAMPLE_S": "3"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    out = tmp_path / "soak.json"
    subprocess.run([str(Path(sys.executable).parent / "townsquare"), "bench", "soak", "--people", "30",
                    "--seconds", "12", "--json", str(out)],
                   env=env, check=True, timeout=600, capture_output=True)
    result = json.loads(out.read_text())
    for key in ("soak_rss_growth_mb", "soak_p95_first_ms", "soak_p95_last_ms", "soak_rps", "soak_errors"):
        assert key in result, key
    assert result["soak_errors"] == 0, result["soak_error_examples"]
    assert len(result["soak_windows"]) == 4
    assert all(w["requests"] > 0 and all(mb > 0 for mb in w["rss_mb"]) for w in result["soak_windows"])
